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
    "in": "it stands: nothing attacks it, or every attacker is itself defeated",
    "out": "it falls: an attacker that stands defeats it",
    "undecided": "the analysis cannot settle it: it is attacked from a cycle of attacks (a dispute) "
    "that nothing breaks",
}
#: How the labels were computed, in two sentences.
METHOD = (
    "Every claim, premise and rebuttal is an argument; an attack counts as declared, and supports carry attacks "
    "along (a supporter of an attacker attacks too; an attack on a reason hits what it supports). Each argument "
    "is labelled by grounded semantics (Dung 1995): the most cautious labelling, which takes no side in a dispute."
)
#: What the labels do not say.
LIMITS = (
    "The labels follow only the relations the annotators marked: nothing is weighed and every attack counts, "
    "so they show the structure of the debate, not who is right. A claim marked out may be true; one marked in "
    "may just be unanswered."
)


@dataclass(frozen=True, slots=True)
class Status(View):
    """A node's status: ``label`` is ``in``, ``out`` or ``undecided``; ``reason`` says why in one line."""

    label: str
    reason: str


def statuses(G: nx.MultiDiGraph[str]) -> dict[str, Status]:
    """Every node of ``G`` with its status and one-line reason, in key order.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("d#r", "d#c", key="attacks", type="attacks")
    'attacks'
    >>> statuses(G)["d#c"]
    Status(label='out', reason='attacked by d#r, which stands (nothing attacks it)')
    """
    from argmap.semantics import Framework, Label, grounded

    labelling = grounded(Framework.from_graph(G))
    found: dict[str, Status] = {}
    for node in labelling.framework.arguments:
        status = labelling.status(node)
        if status.label is Label.IN:
            if not status.defenders:
                reason = "nothing attacks it"
            else:
                names = ", ".join(attacker for attacker, _ in status.defenders)
                reason = f"every attacker is defeated: {names}"
        elif status.label is Label.OUT:
            defeater = status.defeated_by or ""
            free = not labelling.status(defeater).attackers if defeater else False
            why = "nothing attacks it" if free else "each of its attackers is defeated"
            reason = f"attacked by {defeater}, which stands ({why})"
        else:
            names = ", ".join(status.undecided_attackers)
            reason = f"attacked by {names}, in a dispute nothing settles"
        found[node] = Status(str(status.label), reason)
    return found
