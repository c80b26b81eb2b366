"""Generated corpora that use every construct of the argument model (for property tests).

:func:`corpora` is a hypothesis strategy for one or two annotated documents
(their text, ready to parse) with claims, premises and rebuttals, supports
(some linked with ``with=``), attacks, undercuts of supports and of attacks,
preferences on attacked pairs, qualifications and explanations, within and
across documents. Every generated corpus checks without errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

HEAD = "---\nid: {id}\ntitle: {id} title\nauthors: [Author {id}]\ndate: 2024-01-31\n---\n\n"


@dataclass
class _Span:
    doc: str
    local: str
    kind: str
    attrs: dict[str, list[str]] = field(default_factory=dict)

    def ref_from(self, doc: str) -> str:
        return self.local if doc == self.doc else f"{self.doc}#{self.local}"


@st.composite
def corpora(draw: st.DrawFn, max_spans: int = 9) -> dict[str, str]:
    """``{doc_id: text}``: one or two documents using every construct at random."""
    doc_ids = ["a", "b"][: draw(st.integers(1, 2))]
    count = draw(st.integers(2, max_spans))
    spans = []
    for index in range(count):
        kind = draw(st.sampled_from(["claim", "premise", "rebuttal"]))
        spans.append(_Span(draw(st.sampled_from(doc_ids)), f"s{index}", kind))
    supports: list[tuple[_Span, _Span]] = []
    attacks: list[tuple[_Span, _Span]] = []

    def add(span: _Span, key: str, value: str) -> None:
        values = span.attrs.setdefault(key, [])
        if value not in values:
            values.append(value)

    for source in spans:
        for target in spans:
            if source is target or not draw(st.booleans()) or draw(st.integers(0, 2)):
                continue
            value = target.ref_from(source.doc)
            if source.kind in ("claim", "premise") and draw(st.booleans()):
                if "with" in source.attrs or any(
                    t is target and s is source for s, t in supports
                ):  # with= applies to every support of the block: keep one target
                    continue
                add(source, "supports", value)
                supports.append((source, target))
                partners = [p for p in spans if p is not source and p is not target and p.kind != "rebuttal"]
                if partners and draw(st.integers(0, 3)) == 0 and len(source.attrs["supports"]) == 1:
                    partner = draw(st.sampled_from(partners))
                    add(source, "with", partner.ref_from(source.doc))
                    supports.append((partner, target))
            elif source.kind in ("claim", "rebuttal"):
                add(source, "attacks", value)
                attacks.append((source, target))
            elif source.kind == "premise" and draw(st.booleans()):
                add(source, draw(st.sampled_from(["qualifies", "explains"])), value)
    for attacker, target in attacks:
        if draw(st.integers(0, 3)) == 0 and not any(a is target and t is attacker for a, t in attacks):
            add(target, "outweighs", attacker.ref_from(target.doc))
    relations = [(s, t, "supports") for s, t in supports] + [(s, t, "attacks") for s, t in attacks]
    if relations:
        for undercutter in spans:
            if draw(st.integers(0, 3)):
                continue
            via, target, rel_type = draw(st.sampled_from(relations))
            if undercutter in (via,) or _both_ways(via, target, supports, attacks):
                continue
            if undercutter.kind == ("premise" if rel_type == "supports" else "rebuttal"):
                continue  # the wrong side (AM310) is tested elsewhere
            add(undercutter, "undercuts", f"{via.ref_from(undercutter.doc)}>{target.ref_from(undercutter.doc)}")
    texts = {doc: HEAD.format(id=doc) for doc in doc_ids}
    for span in spans:
        attrs = "".join(f' {key}="{" ".join(values)}"' for key, values in span.attrs.items())
        texts[span.doc] += f"[Words of {span.local}.]{{#{span.local} .{span.kind}{attrs}}}\n"
    return texts


def _both_ways(via: _Span, target: _Span, supports: list, attacks: list) -> bool:
    return any(s is via and t is target for s, t in supports) and any(s is via and t is target for s, t in attacks)
