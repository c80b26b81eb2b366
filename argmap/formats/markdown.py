"""An :class:`~argmap.formats.imported.ImportedMap` -> an annotated corpus document.

Two layouts:

* **paragraphs** (AIF, Argdown: the input has no running text): one paragraph
  per claim, in input order, ``[text]{#id .kind supports="..." ...}``.
* **stand-off** (brat): the original text, kept exactly, with span markup
  inserted at the claims' offsets; a span's plain-text offset in the produced
  body is its offset in the original text.

Text is escaped for the annotation syntax so that the produced document parses
back to the same text: ``[``, ``]`` and ``{`` get a backslash where the scanner
would read them (not inside code spans, HTML comments or autolinks, which it
leaves alone); attribute values are quoted with ``\\"`` and ``\\\\``.
Some places cannot hold markup (inside a code span, right after ``!``, between
a backslash and the character it escapes): a span there is skipped with AM511.
A backslash directly before a bracket cannot be written at all (the scanner
always reads ``\\[`` as an escaped bracket); it is doubled and reported (AM510), and the
spans are checked against the text as argmap reads it, the doubling included.
Every produced document is parsed back before it is returned; a span that does
not come back with its text is dropped and reported, so what is written is
what argmap will read.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from argmap.errors import Diagnostic, Location
from argmap.formats.imported import (
    ImportedClaim,
    ImportedMap,
    ImportedRelation,
    Positions,
    has_surrogates,
    import_diag,
    kind_for,
    replace_surrogates,
    slug,
    surrogate_message,
)
from argmap.model import ID_SEPARATOR, LINKED_KEY, RELATION_SEPARATOR, NodeKind, RelationType
from argmap.source.frontmatter import ID_PATTERN, is_date
from argmap.source.parse import normalize_space
from argmap.source.scanner import (
    AUTOLINK_SPAN,
    BACKTICKS,
    CODE,
    COMMENT,
    ESCAPE,
    INLINE_SPECIAL,
    backtick_runs,
    blocks,
    scan,
    skip_inline,
)
from argmap.source.urls import url_problem

_UNESCAPED_BY_SCANNER = frozenset("[]{}")
#: What the writer must not cut: code spans, unmatched backtick runs, HTML comments, autolinks.
_PROTECTED = frozenset((CODE, BACKTICKS, COMMENT, AUTOLINK_SPAN))
_MAX_ROUNDS = 4


@dataclass(slots=True)
class WriteResult:
    """The produced document and what happened on the way."""

    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    claims: int = 0
    relations: int = 0
    #: Claim key -> the local id it was written under.
    ids: dict[str, str] = field(default_factory=dict)
    #: Reason -> count of what the writer could not carry.
    skipped: dict[str, int] = field(default_factory=dict)
    #: Relations carried, by type; ``linked inferences``: those of two or more premises (``with=``).
    by_type: dict[str, int] = field(default_factory=dict)
    #: Required front-matter fields that neither the input nor the options gave (AM512).
    missing: list[str] = field(default_factory=list)


# -- ids and attributes ---------------------------------------------------


def assign_ids(claims: list[ImportedClaim]) -> dict[str, str]:
    """Claim key -> a unique valid local id, from each claim's hint where it can be.

    A hint ``doc#local`` keeps ``local`` when that is unique among the claims,
    else becomes ``doc-local``; other hints are made valid (:func:`slug`).
    Clashes left over get ``-2``, ``-3``, ... in input order.
    """
    wanted: list[tuple[str, str, str | None]] = []  # key, preferred, fallback when preferred clashes
    for claim in claims:
        hint = claim.id_hint or claim.key
        doc, sep, local = hint.rpartition(ID_SEPARATOR)
        if sep and ID_PATTERN.match(local):
            wanted.append((claim.key, local, slug(f"{doc}-{local}")))
        else:
            wanted.append((claim.key, hint if ID_PATTERN.match(hint) else slug(hint), None))
    counts: dict[str, int] = {}
    for _, preferred, _ in wanted:
        counts[preferred] = counts.get(preferred, 0) + 1
    used: set[str] = set()
    ids: dict[str, str] = {}
    for key, preferred, fallback in wanted:
        base = fallback if counts[preferred] > 1 and fallback else preferred
        candidate = base
        n = 2
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        used.add(candidate)
        ids[key] = candidate
    return ids


def quote_value(value: str) -> str:
    """``value`` as a double-quoted attribute value (``\\"`` and ``\\\\`` escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attr_block(
    local_id: str,
    claim: ImportedClaim,
    kind: NodeKind,
    block: dict[str, list[str]],
    default_by: str | None,
    sanitize: bool,
) -> str:
    parts = [f"#{local_id}", f".{kind}"]
    parts += [f"{name}={quote_value(' '.join(values))}" for name, values in block.items() if values]

    def text_attr(name: str, value: str | None) -> None:
        if value is None:
            return
        value = normalize_space(value)
        if sanitize:
            value = value.replace("`", "'").replace("-->", "- ->")
        if value:
            parts.append(f"{name}={quote_value(value)}")

    text_attr("label", claim.label)
    if claim.by is not None and normalize_space(claim.by) != default_by:
        text_attr("by", claim.by)
    text_attr("cite", claim.cite)
    if claim.tags:
        text_attr("tags", " ".join(claim.tags))
    return "{" + " ".join(parts) + "}"


def _reference_span(local_id: str, block: dict[str, list[str]]) -> str:
    """``[]{ref="id" supports="..." with="..."}``: more relations of a span already marked."""
    parts = [f"ref={quote_value(local_id)}"]
    parts += [f"{name}={quote_value(' '.join(values))}" for name, values in block.items() if values]
    return "[]{" + " ".join(parts) + "}"


# -- what each span declares ----------------------------------------------


@dataclass(slots=True)
class _Plan:
    """What each claim declares: its own attribute block, then reference spans (``[]{ref=...}``) if needed.

    ``with=`` applies to every ``supports=`` target of its block, so a premise that supports one
    conclusion alone and another together with others (or with two different groups) needs a
    reference span for each further group.
    """

    #: Claim key -> the attributes of its own block (attribute -> values), in :class:`RelationType` order.
    blocks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: Claim key -> the blocks of its reference spans.
    more: dict[str, list[dict[str, list[str]]]] = field(default_factory=dict)
    #: Claim key -> (relation types it declares, types of the relations it undercuts): what its kind must allow.
    types: dict[str, tuple[set[RelationType], set[RelationType]]] = field(default_factory=dict)
    #: Relation name as written (``source>target``) -> the input's scheme name (front matter ``schemes:``).
    schemes: dict[str, str] = field(default_factory=dict)
    #: Relations carried (a linked inference counts one per premise).
    relations: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    #: Relations the writer cannot carry, and why (reported once, from the last round).
    findings: list[Diagnostic] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def count(self, rel_type: RelationType) -> None:
        self.relations += 1
        self.by_type[str(rel_type)] = self.by_type.get(str(rel_type), 0) + 1

    def skip(self, rel: ImportedRelation, reason: str, message: str) -> None:
        self.findings.append(import_diag(rel.loc, "AM509", message))
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


_SUPPORTS, _ATTACKS, _UNDERCUTS = RelationType.SUPPORTS, RelationType.ATTACKS, RelationType.UNDERCUTS
_OUTWEIGHS = RelationType.OUTWEIGHS
#: The order of attributes in a block (``with`` right after ``supports``).
_ATTR_ORDER = ["supports", LINKED_KEY, *(str(t) for t in RelationType if t is not RelationType.SUPPORTS)]


def _plan(imported: ImportedMap, ids: dict[str, str]) -> _Plan:
    """Every relation of ``imported`` as attribute values, with ``with=`` for linked inferences.

    Relations to a claim that is not written (nor named in :attr:`ImportedMap.external`) are left out
    (the caller counts them). An undercut must name a support or an attack that exists, and one only
    (AM210, AM214); a preference needs an attack between its two spans (AM211) and may not go both
    ways (AM213): what would break these rules is reported (AM509) and not written.
    """
    plan = _Plan()

    def ref(key: str) -> str | None:
        return ids.get(key) or imported.external.get(key)

    relations: list[ImportedRelation] = []
    seen: set[tuple[str, str, RelationType, str | None]] = set()
    for rel in imported.relations:
        key = (rel.source, rel.target, rel.type, rel.of)
        if key in seen or rel.source not in ids or ref(rel.target) is None:
            continue
        if rel.of is not None and ref(rel.of) is None:
            continue
        seen.add(key)
        relations.append(rel)
    between: dict[tuple[str, str], set[RelationType]] = {}
    for rel in relations:
        if rel.type is _SUPPORTS or rel.type is _ATTACKS:
            between.setdefault((rel.source, rel.target), set()).add(rel.type)

    # linked inferences: the first premise declares with= the others; their own supports are covered by it
    linked: dict[tuple[str, str], list[str]] = {}
    covered: set[tuple[str, str]] = set()
    inference_scheme: dict[tuple[str, str], str] = {}
    for inference in imported.inferences:
        premises = [p for p in dict.fromkeys(inference.premises) if ref(p) is not None]
        conclusion = inference.conclusion
        if len(premises) < 2 or ref(conclusion) is None:
            continue
        first, partners = premises[0], premises[1:]
        covered.update((p, conclusion) for p in partners if p in ids)
        if first in ids:
            group = linked.setdefault((first, conclusion), [])
            group.extend(r for p in partners if (r := ref(p)) is not None and r not in group)
            if inference.scheme:
                inference_scheme[(first, conclusion)] = inference.scheme
            if (first, conclusion) not in between or _SUPPORTS not in between[(first, conclusion)]:
                relations.append(ImportedRelation(first, conclusion, _SUPPORTS, inference.loc))
                between.setdefault((first, conclusion), set()).add(_SUPPORTS)

    preferred: set[tuple[str, str]] = set()
    groups: dict[str, dict[tuple[str, ...], list[str]]] = {}
    for rel in relations:
        source, target = rel.source, rel.target
        target_ref = ref(target)
        assert target_ref is not None
        types, sides = plan.types.setdefault(source, (set(), set()))
        block = plan.blocks.setdefault(source, {})
        name = f"{ids[source]}{RELATION_SEPARATOR}{target_ref}"
        if rel.type is _SUPPORTS:
            plan.count(_SUPPORTS)
            types.add(_SUPPORTS)
            if (source, target) in covered and (source, target) not in linked:
                continue  # written by the first premise's with=
            together = tuple(linked.get((source, target), ()))
            groups.setdefault(source, {}).setdefault(together, []).append(target_ref)
            scheme = inference_scheme.get((source, target)) or rel.scheme
            if scheme:
                plan.schemes.setdefault(name, scheme)
            continue
        if rel.type is _UNDERCUTS:
            of_ref = ref(rel.of) if rel.of is not None else None
            if of_ref is None:
                continue
            if rel.of in ids:  # the relation undercut is declared in this document: it must be there, once
                found = between.get((rel.of, target), set())
                what = f"{of_ref}{RELATION_SEPARATOR}{target_ref}"
                if len(found) != 1:
                    reason = (
                        "undercuts of a relation that is not carried"
                        if not found
                        else "undercuts of a relation argmap cannot name (its source both supports and attacks)"
                    )
                    why = "no support or attack" if not found else "both a support and an attack"
                    plan.skip(rel, reason, f"undercut of '{what}': there is {why} from its source to its target")
                    continue
                sides.add(next(iter(found)))
            elif rel.of_type is not None:
                sides.add(rel.of_type)
            value = f"{of_ref}{RELATION_SEPARATOR}{target_ref}"
        else:
            value = target_ref
            if rel.type is _OUTWEIGHS:
                if (target, source) in preferred:
                    plan.skip(
                        rel,
                        "preferences both ways (the second)",
                        f"'{ids[source]}' and '{target_ref}' are each preferred to the other: the second is left out",
                    )
                    continue
                conflict = _ATTACKS in between.get((source, target), set()) | between.get((target, source), set())
                if target in ids and not conflict:
                    plan.skip(
                        rel,
                        "preferences between spans that do not conflict",
                        f"'{ids[source]}' is preferred to '{target_ref}', but neither attacks the other: argmap keeps "
                        "a preference only between a span and its attacker (AM211)",
                    )
                    continue
                preferred.add((source, target))
            elif rel.type is _ATTACKS and rel.scheme:
                plan.schemes.setdefault(name, rel.scheme)
        values = block.setdefault(str(rel.type), [])
        if value not in values:
            values.append(value)
        types.add(rel.type)
        plan.count(rel.type)
    for partner, _ in covered:
        plan.types.setdefault(partner, (set(), set()))[0].add(_SUPPORTS)
    for source, by_partners in groups.items():
        block = plan.blocks[source]
        inline, *rest = sorted(by_partners, key=lambda group: group != ())  # the group without partners inline
        block["supports"] = by_partners[inline]
        if inline:
            block[LINKED_KEY] = list(inline)
        plan.more[source] = [{"supports": by_partners[group], LINKED_KEY: list(group)} for group in rest]
    for source, block in plan.blocks.items():
        plan.blocks[source] = {name: block[name] for name in _ATTR_ORDER if block.get(name)}
    return plan


# -- where markup may go --------------------------------------------------


@dataclass(slots=True)
class _Inline:
    """How the scanner reads one paragraph of original text (markup not yet added)."""

    #: Ranges the scanner skips (code spans, HTML comments, autolinks, unmatched backtick runs).
    protected: list[tuple[int, int]]
    #: Offsets of backslashes that escape the next character.
    escapes: set[int]
    #: Offsets of ``[``, ``]``, ``{`` the scanner would read as syntax.
    brackets: list[int]


def _inline(text: str, start: int, end: int) -> _Inline:
    """How the scanner's inline lexer (:func:`argmap.source.scanner.skip_inline`) reads text with no spans in it."""
    runs = backtick_runs(text, start, end)
    info = _Inline([], set(), [])
    pos = start
    while (special := INLINE_SPECIAL.search(text, pos, end)) is not None:
        i = special.start()
        if text[i] in "[]{":
            info.brackets.append(i)
            pos = i + 1
            continue
        what, pos = skip_inline(text, i, end, runs, end)
        if what is ESCAPE:
            info.escapes.add(i)
        elif what in _PROTECTED:
            info.protected.append((i, pos))
    return info


def _boundary_problem(text: str, info: _Inline, pos: int, opening: bool) -> str | None:
    """Why markup cannot be inserted at ``pos`` (None when it can)."""
    for a, b in info.protected:
        if a < pos < b:
            what = (
                "a code span"
                if text[a] == "`"
                else ("an HTML comment" if text.startswith("<!--", a) else "an autolink")
            )
            return f"it would start or end inside {what}"
    if pos - 1 in info.escapes:
        return f"it would split the escape '\\{text[pos]}'"
    if pos > 0 and text[pos - 1] == "\\" and pos - 2 not in info.escapes:
        return "it would follow a backslash, which would then escape the markup"
    if opening and pos > 0 and text[pos - 1] == "!" and pos - 2 not in info.escapes:
        return "it would follow '!', which makes '[...]' an image"
    return None


# -- the two layouts ------------------------------------------------------


@dataclass(slots=True)
class _Mark:
    claim: ImportedClaim
    start: int
    end: int
    order: int


@dataclass(slots=True)
class _Round:
    """One attempt at writing the body; findings about the text are redone each round."""

    ids: dict[str, str]
    plan: _Plan
    default_by: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    dropped: dict[str, Diagnostic] = field(default_factory=dict)

    def drop(self, claim: ImportedClaim, message: str) -> None:
        self.dropped.setdefault(claim.key, import_diag(claim.loc, "AM511", message))

    def kind(self, claim: ImportedClaim) -> NodeKind:
        """The claim's kind, or the nearest one that may declare what the plan gives it."""
        types, sides = self.plan.types.get(claim.key, (set(), set()))
        return kind_for(claim.kind, types, sides)

    def attrs(self, claim: ImportedClaim, sanitize: bool = False) -> str:
        block = self.plan.blocks.get(claim.key, {})
        return _attr_block(self.ids[claim.key], claim, self.kind(claim), block, self.default_by, sanitize)

    def references(self, claim: ImportedClaim) -> str:
        """The reference spans that follow the claim's span (none for most claims)."""
        return "".join(_reference_span(self.ids[claim.key], b) for b in self.plan.more.get(claim.key, []))


def write_document(
    imported: ImportedMap,
    doc_id: str,
    *,
    title: str | None = None,
    authors: list[str] | None = None,
    date: str | None = None,
    meta: dict[str, Any] | None = None,
) -> WriteResult:
    """The annotated document for ``imported``, with front matter; nothing is written to disk.

    Front matter comes from ``title``/``authors``/``date`` (the options), else ``meta`` (a sidecar
    file's fields), else the input; a required field found nowhere is reported (AM512) and named in
    :attr:`WriteResult.missing`, and the document is then not one ``argmap check`` accepts.
    Claims that cannot be marked are left out with AM511 (and relations to
    them with them); the rest is written again until everything parses back.
    """
    persistent: list[Diagnostic] = []
    imported = _without_surrogates(imported, persistent)
    front, default_by, front_findings, missing = _front_matter(imported, doc_id, title, authors, date, meta)
    persistent.extend(front_findings)
    claims = [_checked_cite(c, persistent) for c in imported.claims]
    dropped: dict[str, Diagnostic] = {}
    for _ in range(_MAX_ROUNDS):
        live = [c for c in claims if c.key not in dropped]
        ids = assign_ids(live)
        attempt = _Round(ids, _plan(imported, ids), default_by)
        body = _paragraphs(live, attempt) if imported.text is None else _standoff(imported, live, attempt)
        if not attempt.dropped:
            break
        dropped.update(attempt.dropped)
    else:  # pragma: no cover - every round drops at least one claim, so this ends
        live = [c for c in claims if c.key not in dropped]
    plan = attempt.plan
    if plan.schemes:
        front["schemes"] = plan.schemes
    header = _dump_front_matter(front)
    if imported.text is None:
        header += "\n"  # a blank line after the front matter; stand-off text starts right after it
    result = WriteResult(text=header + body, missing=missing)
    result.diagnostics = persistent + list(dropped.values()) + plan.findings + attempt.diagnostics
    result.ids = attempt.ids
    result.claims = len(attempt.ids)
    result.relations = plan.relations
    result.by_type = {t: plan.by_type[t] for t in map(str, RelationType) if t in plan.by_type}
    linked = sum(1 for block in plan.blocks.values() if LINKED_KEY in block)
    linked += sum(1 for blocks in plan.more.values() for block in blocks if block.get(LINKED_KEY))
    if linked:
        result.by_type["linked inferences"] = linked
    result.skipped.update(plan.skipped)

    def known(key: str | None) -> bool:
        return key is None or key in attempt.ids or key in imported.external

    lost = sum(1 for r in imported.relations if r.source not in attempt.ids or not (known(r.target) and known(r.of)))
    if dropped:
        result.skipped["claims that could not be marked (AM511)"] = len(dropped)
    if lost:
        result.skipped["relations to or from a claim that could not be marked"] = lost
    return result


def _without_surrogates(imported: ImportedMap, findings: list[Diagnostic]) -> ImportedMap:
    """The map with lone surrogates replaced by U+FFFD, each claim or field reported (AM510).

    The readers already replace (and report) the ones their input can hold; this is the last line:
    nothing with a lone surrogate can be written as UTF-8 (see :data:`interchange.REPLACEMENT`).
    """
    claims: list[ImportedClaim] = []
    changed = False
    for claim in imported.claims:
        fields = ("text", "id_hint", "label", "by", "cite")
        bad = [f for f in fields if has_surrogates(getattr(claim, f) or "")]
        bad += ["tags"] if any(has_surrogates(t) for t in claim.tags) else []
        if bad:
            changed = True
            what = f"claim {claim.key!r} ({', '.join(bad)})"
            findings.append(import_diag(claim.loc, "AM510", surrogate_message(what)))
            cleaned: dict[str, Any] = {
                f: replace_surrogates(getattr(claim, f)) for f in fields if getattr(claim, f) is not None
            }
            claim = replace(claim, **cleaned, tags=tuple(replace_surrogates(t) for t in claim.tags))
        claims.append(claim)
    text = imported.text
    if text is not None and has_surrogates(text):
        first = next(i for i, ch in enumerate(text) if has_surrogates(ch))
        where = Positions(text, imported.text_path or imported.path).loc(first)
        findings.append(import_diag(where, "AM510", surrogate_message("the text")))
        text = replace_surrogates(text)  # one character for one: the claims' offsets still hold
        changed = True
    meta = _meta_without_surrogates(imported.meta)
    if meta is not imported.meta:
        changed = True
        where = Location(imported.path, 1, 1)
        findings.append(import_diag(where, "AM510", surrogate_message("the input's front matter")))
    if not changed:
        return imported
    return replace(imported, claims=claims, text=text, meta=meta)


def _meta_without_surrogates(meta: dict[str, Any]) -> dict[str, Any]:
    """Front-matter values (text, lists of text, a mapping of notes) with lone surrogates replaced."""

    found = False

    def clean(value: Any, depth: int = 0) -> Any:
        nonlocal found
        if isinstance(value, str):
            found = found or has_surrogates(value)
            return replace_surrogates(value)
        if isinstance(value, list) and depth < 2:
            return [clean(v, depth + 1) for v in value]
        if isinstance(value, dict) and depth < 2:
            return {clean(k, depth + 1): clean(v, depth + 1) for k, v in value.items()}
        return value  # deeper values are not read

    cleaned = {clean(k): clean(v) for k, v in meta.items()}
    return cleaned if found else meta


def _checked_cite(claim: ImportedClaim, findings: list[Diagnostic]) -> ImportedClaim:
    if claim.cite is not None and url_problem(claim.cite):
        findings.append(
            import_diag(claim.loc, "AM510", f"cite {claim.cite!r} is not a well-formed http(s) URL: left out")
        )
        return replace(claim, cite=None)
    return claim


def _escape(
    text: str, start: int, end: int, info: _Inline, where: Callable[[int], Location], findings: list[Diagnostic]
) -> str:
    """``text[start:end]`` with the scanner's brackets escaped; reports text that cannot be kept."""
    return _escape_both(text, start, end, info, where, findings)[0]


def _escape_both(
    text: str, start: int, end: int, info: _Inline, where: Callable[[int], Location], findings: list[Diagnostic]
) -> tuple[str, str]:
    """The escaped text, and the text argmap will read from it (they differ only where AM510 is reported)."""
    out: list[str] = []
    read: list[str] = []
    pos = start
    cuts = [i for i in info.brackets if start <= i < end]
    cuts += [i for i in info.escapes if start <= i < end and text[i + 1] in _UNESCAPED_BY_SCANNER]
    for i in sorted(cuts):
        out.append(text[pos:i])
        read.append(text[pos:i])
        if text[i] == "\\":  # an escaped bracket in the original: the scanner would drop the backslash
            out.append("\\\\\\" + text[i + 1])
            read.append("\\\\" + text[i + 1])
            pos = i + 2
            findings.append(
                import_diag(
                    where(i),
                    "AM510",
                    f"a backslash directly before {text[i + 1]!r} cannot be written alone: written as two backslashes"
                    " (the text gains one character)",
                )
            )
        else:
            out.append("\\" + text[i])
            read.append(text[i])
            pos = i + 1
    out.append(text[pos:end])
    read.append(text[pos:end])
    return "".join(out), "".join(read)


def _paragraphs(claims: list[ImportedClaim], attempt: _Round) -> str:
    """One paragraph per claim; a claim whose paragraph does not parse back is retried, then dropped."""
    paragraphs: list[str] = []
    for claim in claims:
        text = normalize_space(claim.text)
        if not text:  # the readers skip these (AM506); a span with no words is an error to argmap
            attempt.drop(claim, f"claim {claim.key!r} has no text; skipped")
            continue
        local_id = attempt.ids[claim.key]
        info = _inline(text, 0, len(text))
        written = None
        for sanitize in (False, True):
            findings: list[Diagnostic] = []
            escaped, expected = _escape_both(text, 0, len(text), info, _constant(claim.loc), findings)
            para = "[" + escaped + "]" + attempt.attrs(claim, sanitize)
            if _reads_back(para, local_id, expected):
                written = para + attempt.references(claim)
                attempt.diagnostics.extend(findings)
                if sanitize:
                    attempt.diagnostics.append(
                        import_diag(
                            claim.loc, "AM510", "'`' or '-->' in an attribute value was changed so the span parses"
                        )
                    )
                break
        if written is None:
            attempt.drop(claim, f"claim {claim.key!r} cannot be written so that it parses back with its text; skipped")
            continue
        paragraphs.append(written)
    return "".join(p + "\n\n" for p in paragraphs)


def _reads_back(paragraph: str, local_id: str, text: str) -> bool:
    scanned = scan(paragraph)
    if scanned.problems or len(scanned.spans) != 1:
        return False
    span = scanned.spans[0]
    ids = [a.name for a in span.attrs if a.type == "id"]
    plain = "".join(line for line, _ in scanned.lines)
    return ids == [local_id] and normalize_space(span.text) == text and plain == span.text


def _standoff(imported: ImportedMap, claims: list[ImportedClaim], attempt: _Round) -> str:
    """The original text with markup at the claims' offsets, parsed back to check every span."""
    text = imported.text or ""
    lines = Positions(text, imported.text_path or imported.path)
    body_blocks = sorted(blocks(text, 0), key=lambda b: b[1])
    block_starts = [b[1] for b in body_blocks]
    per_block: dict[int, list[_Mark]] = {}
    infos: dict[int, _Inline] = {}

    for order, claim in enumerate(claims):
        assert claim.start is not None
        assert claim.end is not None
        where = f"span {claim.key!r} (offsets {claim.start}-{claim.end}) cannot be marked"
        k = bisect_right(block_starts, claim.start) - 1
        if k < 0 or not (body_blocks[k][1] <= claim.start and claim.end <= body_blocks[k][2]):
            attempt.drop(claim, f"{where}: it crosses a paragraph break (blank line); skipped")
            continue
        kind, b_start, b_end = body_blocks[k]
        if kind != "para":
            attempt.drop(claim, f"{where}: it is in what Markdown reads as a code block or HTML comment; skipped")
            continue
        info = infos.get(k)
        if info is None:
            info = infos[k] = _inline(text, b_start, b_end)
        why = _boundary_problem(text, info, claim.start, True) or _boundary_problem(text, info, claim.end, False)
        if not why and text[claim.end - 1] in "\r\n" and text[claim.end : claim.end + 1] in ("", "\n", "\r"):
            why = "it ends with a line break before an empty line, so its closing markup would join the two paragraphs"
        if why:
            attempt.drop(claim, f"{where}: {why}; skipped")
            continue
        per_block.setdefault(k, []).append(_Mark(claim, claim.start, claim.end, order))

    out: list[str] = []
    pos = 0
    for k, (kind, b_start, b_end) in enumerate(body_blocks):
        if kind != "para" or b_start < pos:
            continue
        out.append(text[pos:b_start])
        info = infos.get(k) or _inline(text, b_start, b_end)
        out.append(_mark_block(text, b_start, b_end, info, per_block.get(k, []), attempt, lines))
        pos = b_end
    out.append(text[pos:])
    body = "".join(out)
    if not attempt.dropped:
        doubled: list[int] = []  # the backslashes written twice (AM510): argmap reads them so
        for k, (kind, b_start, b_end) in enumerate(body_blocks):
            if kind == "para":
                info = infos.get(k) or _inline(text, b_start, b_end)
                doubled += (i for i in info.escapes if text[i + 1] in _UNESCAPED_BY_SCANNER)
        _verify_standoff(body, text, claims, attempt, lines, _Reading(text, sorted(doubled)))
    return body


@dataclass(frozen=True, slots=True)
class _Reading:
    """The original text as argmap will read the written body: the same, but for each backslash before a
    bracket written twice (:func:`_escape_both`, AM510), which argmap reads as two."""

    text: str
    #: Offsets (in ``text``) of the backslashes written twice, in order.
    doubled: list[int]

    def of(self, start: int, end: int) -> str:
        """What argmap reads for ``text[start:end]``."""
        out: list[str] = []
        pos = start
        for i in self.doubled[bisect_left(self.doubled, start) : bisect_left(self.doubled, end)]:
            out += (self.text[pos:i], "\\\\")
            pos = i + 1
        out.append(self.text[pos:end])
        return "".join(out)


def _mark_block(
    text: str, b_start: int, b_end: int, info: _Inline, marks: list[_Mark], attempt: _Round, lines: Positions
) -> str:
    opens = sorted(marks, key=lambda m: (m.start, -m.end, m.order))
    events = sorted({m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    stack: list[_Mark] = []
    pos = b_start
    oi = 0
    for at in events:
        out.append(_escape(text, pos, at, info, lines.loc, attempt.diagnostics))
        pos = at
        while stack and stack[-1].end == at:
            closed = stack.pop().claim
            out.append("]" + attempt.attrs(closed) + attempt.references(closed))
        while oi < len(opens) and opens[oi].start == at:
            stack.append(opens[oi])
            out.append("[")
            oi += 1
    out.append(_escape(text, pos, b_end, info, lines.loc, attempt.diagnostics))
    return "".join(out)


def _verify_standoff(
    body: str, text: str, claims: list[ImportedClaim], attempt: _Round, lines: Positions, reading: _Reading
) -> None:
    """Parse the body back: every span must come back with its exact text, every line unchanged (but for the
    backslashes written twice, reported already: ``reading``)."""
    scanned = scan(body)
    found: dict[str, str] = {}
    for span in scanned.spans:
        for attr in span.attrs:
            if attr.type == "id":
                found[attr.name] = span.text
    body_lines = Positions(body, "")
    got = {body_lines.line_of(offset): line for line, offset in scanned.lines}
    original = reading.of(0, len(text)).split("\n")
    changed = {n for n, line in enumerate(original, 1) if line.strip() and got.get(n) != line}
    changed |= {n for n, line in got.items() if n > len(original) or not original[n - 1].strip()}
    changed |= {body_lines.line_of(p.offset) for p in scanned.problems}
    for claim in claims:
        assert claim.start is not None
        assert claim.end is not None
        first, last = lines.line_of(claim.start), lines.line_of(claim.end)
        if found.get(attempt.ids[claim.key]) != reading.of(claim.start, claim.end) or any(
            first <= n <= last for n in changed
        ):
            attempt.drop(
                claim,
                f"span {claim.key!r} (offsets {claim.start}-{claim.end}) does not parse back with its text "
                "(the markup around it is read differently); skipped",
            )
    if not attempt.dropped:
        reported = {d.loc.line for d in attempt.diagnostics if d.code == "AM510"}
        for n in sorted(changed - reported):
            attempt.diagnostics.append(
                import_diag(Location(lines.path, n, 1), "AM510", "this line of the text could not be kept exactly")
            )


# -- front matter ---------------------------------------------------------


#: How to give each required field that the input lacks.
HOW_TO_GIVE = {"title": "--title TEXT", "authors": "--author NAME", "date": "--date YYYY[-MM[-DD]]"}


def _front_matter(
    imported: ImportedMap,
    doc_id: str,
    title: str | None,
    authors: list[str] | None,
    date: str | None,
    given_meta: dict[str, Any] | None,
) -> tuple[dict[str, Any], str | None, list[Diagnostic], list[str]]:
    """Front matter from the options, else a sidecar (``given_meta``), else what the input says, else what it implies.

    Nothing is invented: a required field found nowhere is left out and reported (AM512); the caller
    decides whether to write. What is inferred (an AIF map's earliest timestamp, a brat essay's first
    line) is used only when nothing better is given, and ``notes:`` says so.
    Returns the fields, the default holder, the findings and the names of the missing fields.
    """
    source_name = replace_surrogates(Path(imported.path).name)  # a file name that is not UTF-8
    given = {**imported.meta, **(given_meta or {})}
    notes: dict[str, str] = {}
    for layer in (imported.meta, given_meta or {}):
        layer_notes = layer.get("notes")
        if isinstance(layer_notes, dict):
            notes.update({str(k): normalize_space(str(v)) for k, v in layer_notes.items()})

    def text(value: Any) -> str:
        return replace_surrogates(normalize_space(str(value))) if isinstance(value, (str, int, float, _dt.date)) else ""

    meta: dict[str, Any] = {"id": doc_id}
    findings: list[Diagnostic] = []
    meta["title"] = text(title) or text(given.get("title"))
    if not meta["title"] and imported.title_hint:
        meta["title"] = text(imported.title_hint)
        notes.setdefault("title", imported.title_note or f"Inferred from {source_name!r}.")
    given_authors = given.get("authors", given.get("author"))
    if isinstance(given_authors, str):
        given_authors = [given_authors]
    if not isinstance(given_authors, list):  # a number or a mapping is no list of names
        given_authors = []
    names = [text(a) for a in (authors or given_authors) if text(a)]
    if names:
        meta["authors"] = names
    chosen = text(date) or text(given.get("date"))
    if chosen and not is_date(chosen):
        whose = "The date given (--date)" if text(date) else "The input's date"
        notes["date"] = f"{whose} {chosen!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)."
        chosen = ""
    if chosen:
        meta["date"] = chosen
    elif imported.date_hint and is_date(imported.date_hint):
        meta["date"] = imported.date_hint
        notes.setdefault("date", f"Not given in {source_name!r}: the earliest timestamp in it.")
    for key in ("publisher", "url", "licence", "omitted"):
        value = text(given.get(key))
        if value and not (key == "url" and url_problem(value)):
            meta[key] = value
    missing = [key for key in ("title", "authors", "date") if not meta.get(key)]
    if missing:
        if not meta.get("title"):
            del meta["title"]
        how = " and ".join(HOW_TO_GIVE[k] for k in missing)
        findings.append(
            import_diag(
                Location(imported.path, 1, 1),
                "AM512",
                f"{source_name!r} gives no {', '.join(missing)} for the front matter and none was given: "
                f"give {how}, or write {'them' if len(missing) > 1 else 'it'} in a sidecar file (see --meta)",
            )
        )
    notes["imported"] = f"Imported by argmap from {source_name!r}."
    meta["notes"] = notes
    ordered: dict[str, Any] = {k: meta[k] for k in ("id", "title", "authors", "date") if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    return ordered, ", ".join(names) or None, findings, missing


def _dump_front_matter(meta: dict[str, Any]) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return "---\n" + text + "---\n"


def _constant(loc: Location) -> Callable[[int], Location]:
    """The same location for every offset (a claim written whole reports at its own place)."""
    return lambda _offset: loc
