"""What ``argmap eval`` shows: each node's status and why, in plain words, as data.

The terminal, ``--json``, ``show --status``, ``render --status``, the HTML
report and the language server all read the same :class:`Verdict`\\ s: the
label (:class:`~argmap.analysis.abstract.Label`), the structured reason from
:mod:`argmap.analysis`, and one sentence that explains it. The sentences are
written for a reader who may take a mark for a verdict on the article, so
they say what happens *in this map*: "stands: nothing here objects to it",
"falls to an objection left unanswered here", "contested: an open dispute".

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from(["d#c", "d#r"], doc="d", kind="claim")
>>> _ = G.add_edge("d#r", "d#c", key="attacks", type="attacks")
>>> verdicts = grounded_verdicts(G)
>>> verdicts["d#c"].sentence
'falls to an objection left unanswered here: d#r'
>>> G.nodes["d#r"]["label"] = "A short label"
>>> grounded_verdicts(G)["d#c"].sentence
'falls to an objection left unanswered here: d#r (“A short label”)'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.analysis import Failure, Fall, Framework, Reason, ReasonKind, grounded
from argmap.analysis.abstract import Acceptance, Label
from argmap.analysis.framework import Reach
from argmap.check.findings import quoted

if TYPE_CHECKING:
    import networkx as nx

    from argmap.analysis import Labelling, Scores

ARROW = " \u2192 "

#: What each label is called where a reader meets it, with its mark (it reads without colour).
STATUS_WORD = {Label.IN: "stands", Label.OUT: "falls", Label.UNDEC: "contested"}

#: The legend every status display carries: what the marks mean and what they are not.
LEGEND = (
    "IN \u2713 stands: no objection annotated here defeats it; OUT \u2717 falls: an objection left unanswered "
    "here defeats it, or every reason it rests on fell; UNDEC ? contested: an open dispute. These are labels "
    "of this map, not verdicts on the articles."
)


def semantics_line(semantics: str = "grounded", reach: str = Reach.DOCUMENT) -> str:
    """One line naming what produced the marks (for every status display and map)."""
    reading = "support read as necessary, by inference"
    where = (
        "a claim rests only on reasons in its own document"
        if reach == Reach.DOCUMENT
        else "a claim rests on reasons from any document"
    )
    if semantics == "gradual":
        return "Graded scores: quadratic energy model with top aggregation, every base 0.5 (docs/semantics.md)"
    return f"{semantics} semantics; {reading}; reach {reach}: {where} (docs/semantics.md)"


@dataclass(frozen=True, slots=True)
class Verdict:
    """A node's status under grounded semantics, the fact that decides it, and that fact in words."""

    id: str
    label: Label
    reason: Reason
    #: One line of plain words: the label's word, then why (ids of the nodes involved).
    sentence: str
    #: The node that decides an OUT (the unanswered objection, or a fallen premise), if any.
    decider: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": str(self.label),
            "rank": self.reason.rank,
            "reason": reason_json(self.reason),
            "explanation": self.sentence,
        }


def grounded_verdicts(
    G: nx.MultiDiGraph[str],
    nodes: Iterable[str] | None = None,
    *,
    reach: Reach | str = Reach.DOCUMENT,
    labelling: Labelling | None = None,
    name: Callable[[str], str] | None = None,
) -> dict[str, Verdict]:
    """The verdict of each of ``nodes`` (default: every node), in the order given.

    ``name`` says how a node is named inside a sentence (default: its id).
    """
    if labelling is None:
        labelling = grounded(Framework.from_graph(G, reach))
    wanted = list(G) if nodes is None else list(nodes)
    reasons = labelling.reasons(wanted)
    name = name or namer(G)
    return {node: _verdict(reasons[node], name) for node in wanted}


#: Longest label quoted inside a sentence.
NAME_LABEL_MAX = 60


def namer(G: nx.MultiDiGraph[str]) -> Callable[[str], str]:
    """How a sentence names a node: its id, then its label (or text) quoted and shortened."""

    def name(node: str) -> str:
        data = G.nodes[node] if node in G else {}
        title = " ".join(str(data.get("label") or data.get("text") or "").split())
        if not title:
            return node
        if len(title) > NAME_LABEL_MAX:
            title = title[: NAME_LABEL_MAX - 1].rstrip() + "\u2026"
        return f"{node} ({quoted(title)})"

    return name


def _verdict(reason: Reason, name: Callable[[str], str]) -> Verdict:
    sentence, decider = explain(reason, name)
    return Verdict(reason.node, reason.label, reason, sentence, decider)


def explain(reason: Reason, name: Callable[[str], str] = str) -> tuple[str, str | None]:
    """``reason`` in one sentence of plain words, and the node that decides an OUT (else ``None``)."""
    kind = reason.kind
    if kind is ReasonKind.UNATTACKED:
        return "stands: nothing here objects to it", None
    if kind is ReasonKind.SUPPORTED:
        holds = _inference(reason.inference, name)
        return f"stands: nothing here objects to it, and a reason it rests on holds: {holds}", None
    if kind is ReasonKind.ATTACKS_BLOCKED:
        return "stands: every objection to it is answered: " + "; ".join(_answer(f, name) for f in reason.answers), None
    if kind is ReasonKind.DEFENDED:
        return "stands: every objection to it fails: " + "; ".join(_answer(f, name) for f in reason.answers), None
    if kind is ReasonKind.DEFEATED:
        attacker = reason.attacker or "?"
        return f"falls to an objection left unanswered here: {name(attacker)}", attacker
    if kind is ReasonKind.UNSUPPORTED:
        falls = "; ".join(_fall(f, name) for f in reason.falls)
        decider = next((f.node for f in reason.falls if f.node), None)
        return f"falls: every reason it rests on fell ({falls})", decider
    return _undecided(reason, name), None


def _inference(inference: str | None, name: Callable[[str], str]) -> str:
    if not inference:
        return "?"
    premises = inference.rsplit(">", 1)[0].split("+")
    return " + ".join(name(p) for p in premises)


def _answer(fall: Fall, name: Callable[[str], str]) -> str:
    attacker = fall.relation.split(">", 1)[0]
    who = name(attacker)
    if fall.failure is Failure.BLOCKED:
        return f"{who} is outweighed (a preference of the author)"
    if fall.failure is Failure.UNDERCUT:
        return f"{who}'s objection is undercut by {name(fall.node or '?')}"
    if fall.failure is Failure.DEFEATED:
        return f"{who} falls to {name(fall.by or '?')}"
    return f"{who} falls: the reasons it rests on fell"


def _fall(fall: Fall, name: Callable[[str], str]) -> str:
    if fall.failure is Failure.UNDERCUT:
        return f"the step from {_inference(fall.relation, name)} is undercut by {name(fall.node or '?')}"
    premise = name(fall.node or "?")
    if fall.failure is Failure.DEFEATED:
        return f"{premise} falls to {name(fall.by or '?')}"
    return f"{premise} falls: the reasons it rests on fell"


def _undecided(reason: Reason, name: Callable[[str], str]) -> str:
    cycle = list(reason.cycle)
    if not cycle:
        return "contested: it depends on an open dispute"
    if reason.cycle_length is not None:  # a long circle or path: its ends, and how many in all
        return _undecided_long(reason)
    ring = ARROW.join([*cycle, cycle[0]])  # ids only: titles repeated around a circle are noise
    if not reason.path:
        if len(cycle) == 1:
            return "contested: it undermines itself"
        if len(cycle) == 2:
            return f"contested: it and {name(cycle[1])} oppose each other, and neither is answered"
        return f"contested: it is on an unresolved circle ({ring})"
    through = ARROW.join(reason.path)
    if len(cycle) == 1:
        return f"contested: it depends on {name(cycle[0])}, which undermines itself (through {through})"
    return f"contested: it depends on an unresolved circle ({ring}; through {through})"


def _undecided_long(reason: Reason) -> str:
    ring = circle_text(reason.cycle, reason.cycle_length, "nodes")
    if not reason.path:
        return f"contested: it is on an unresolved circle ({ring})"
    through = path_text(reason.path, reason.path_length, "nodes")
    return f"contested: it depends on an unresolved circle ({ring}; through {through})"


def circle_text(cycle: Iterable[str], length: int | None, unit: str) -> str:
    """``a → b → a``; a cut circle (``length`` more than its members) ``a → b → … → a; 3,000 {unit}``."""
    members = list(cycle)
    if length is None or length <= len(members):
        return ARROW.join([*members, members[0]])
    return ARROW.join([*members, "…", members[0]]) + f"; {length:,} {unit}"


def path_text(path: Iterable[str], length: int | None, unit: str) -> str:
    """``a → b → c``; a cut path (its first member and its last ones) ``a → … → y → z, 400 {unit}``."""
    members = list(path)
    if length is None or length <= len(members):
        return ARROW.join(members)
    return ARROW.join([members[0], "…", *members[1:]]) + f", {length:,} {unit}"


def reason_json(reason: Reason) -> dict[str, Any]:
    """The structured reason, JSON-ready (docs/semantics.md explains each kind)."""
    data: dict[str, Any] = {"kind": str(reason.kind)}
    if reason.attacker is not None:
        data["attacker"] = reason.attacker
    if reason.inference is not None:
        data["inference"] = reason.inference
    if reason.answers:
        data["answers"] = [_fall_json(f) for f in reason.answers]
    if reason.falls:
        data["falls"] = [_fall_json(f) for f in reason.falls]
    if reason.undecided:
        data["undecided"] = list(reason.undecided)
    if reason.cycle:
        data["cycle"] = list(reason.cycle)
    if reason.path:
        data["path"] = list(reason.path)
    if reason.cycle_length is not None:  # cut (long): the whole numbers of nodes
        data["cycle_length"] = reason.cycle_length
        data["path_length"] = reason.path_length or 0
    return data


def _fall_json(fall: Fall) -> dict[str, Any]:
    data: dict[str, Any] = {"relation": fall.relation, "failure": str(fall.failure)}
    if fall.node is not None:
        data["node"] = fall.node
    if fall.by is not None:
        data["by"] = fall.by
    return data


def map_mark(verdict: Verdict, short: Callable[[str], str]) -> str:
    """A box's status line on a map: the mark, the word, and what decides an OUT or an answered objection."""
    mark = f"{verdict.label.mark} {STATUS_WORD[verdict.label]}"
    if verdict.decider is not None:
        return f"{mark}: {short(verdict.decider)}"
    if verdict.reason.kind in (ReasonKind.ATTACKS_BLOCKED, ReasonKind.DEFENDED):
        return f"{mark}: objections answered"
    return mark


def statuses(G: nx.MultiDiGraph[str], reach: Reach | str = Reach.DOCUMENT) -> Mapping[str, Verdict]:
    """Every node's verdict (the one entry point for consumers that only need statuses)."""
    return grounded_verdicts(G, reach=reach)


def acceptance_sentence(acceptance: Acceptance) -> str:
    """A node's standing over the extensions of a preferred or stable semantics, in words."""
    if acceptance.label is Label.IN:
        return "in every extension"
    if acceptance.label is Label.OUT:
        return "defeated in every extension"
    of = f"{acceptance.of:,} extension{'' if acceptance.of == 1 else 's'}"
    return f"in {acceptance.in_count} of {of}, defeated in {acceptance.out_count}"


def acceptance_counts(acceptance: Mapping[str, Acceptance]) -> dict[Label, int]:
    """How many nodes are IN, OUT and UNDEC over the extensions."""
    counts = dict.fromkeys(Label, 0)
    for found in acceptance.values():
        counts[found.label] += 1
    return counts


def score_json(scores: Scores, node: str) -> dict[str, Any]:
    """A node's graded score and what decided it, JSON-ready."""
    c = scores.contribution(node)
    return {
        "score": round(c.score, 6),
        "base": c.base,
        "energy": round(c.energy, 6),
        "strongest_reason": c.support,
        "reason_strength": round(c.support_strength, 6),
        "strongest_objection": c.attacker,
        "objection_strength": round(c.attack_strength, 6),
    }


def score_sentence(scores: Scores, node: str, name: Callable[[str], str] = str) -> str:
    """A node's score in words: the base, the strongest reason and the strongest objection."""
    c = scores.contribution(node)
    parts = [f"{c.score:.2f} from base {c.base:.2f}"]
    if c.support is not None:
        parts.append(f"lifted by {_inference(c.support, name)} ({c.support_strength:.2f})")
    if c.attacker is not None:
        parts.append(f"lowered by {name(c.attacker)} ({c.attack_strength:.2f})")
    if c.support is None and c.attacker is None:
        parts.append("nothing here bears on it")
    return "; ".join(parts)
