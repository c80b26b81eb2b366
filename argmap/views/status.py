"""Every node's status and the one-line reason for it: the one adapter to the evaluation engine.

Views, the report and (later) the terminal ask :func:`statuses` and nothing
else, so replacing the engine means rewiring this one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.views.base import View

if TYPE_CHECKING:
    import networkx as nx

#: What each label means, for the report's "methods and limits".
LABEL_MEANINGS = {
    "in": "it stands: no objection annotated in the map defeats it (none is made, or each is answered: "
    "outweighed by the author's preference, undercut, or itself defeated), and a reason it rests on holds",
    "out": "it falls: an objection left unanswered in the map defeats it, or every reason it rests on fell",
    "undecided": "it is contested: it sits in, or depends on, an open dispute (claims that oppose each other with "
    "neither answered) that nothing in the map settles",
}
#: How the labels were computed, in a few sentences.
METHOD = (
    "Grounded semantics (Dung 1995), the most cautious labelling, over the argument model of docs/semantics.md: "
    "an attack defeats its target unless the target outweighs it (a preference; Amgoud and Cayrol 2002) or it is "
    "undercut (Baroni et al. 2011); an inference holds while all its premises stand; a claim with reasons in its "
    "own document needs one of them to hold (support read as necessary, by inference; Nouioua 2013). "
    "Qualifications and explanations change no label."
)
#: What the labels do not say.
LIMITS = (
    "The labels follow only the relations the annotators marked, so they describe the structure of the debate as "
    "annotated here, not who is right: a claim marked out may be true; one marked in may just be unanswered. "
    "A new document can change them."
)


@dataclass(frozen=True, slots=True)
class Status(View):
    """A node's status: ``label`` is ``in``, ``out`` or ``undecided``; ``reason`` says why in one line."""

    label: str
    reason: str


def statuses(G: nx.MultiDiGraph[str]) -> dict[str, Status]:
    """Every node of ``G`` with its status and one-line reason (naming nodes by id), in key order.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["d#c", "d#r"], doc="d")
    >>> G.add_edge("d#r", "d#c", key="attacks", type="attacks")
    'attacks'
    >>> statuses(G)["d#c"]
    Status(label='out', reason='falls to an objection left unanswered here: d#r')
    """
    from argmap.views.evaluation import grounded_verdicts

    verdicts = grounded_verdicts(G, sorted(G), name=str)
    return {node: Status(str(v.label), v.sentence) for node, v in verdicts.items()}
