"""A claim's status and its one-line reason: the one place the language server asks the semantics.

Today the labels are grounded semantics' (:func:`argmap.semantics.grounded_labels`),
with a reason read from the attacks behind them. When the semantics give their
own reasons, :func:`claim_status` is the function to change; nothing else in
:mod:`argmap.lsp` knows how a status is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    import networkx as nx

    from argmap.semantics import Framework, Label


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    #: ``in``, ``out`` or ``undecided``.
    label: str
    #: The label as text that reads without colour: ``IN ✓``, ``OUT ✗``, ``UNDEC ?``.
    mark: str
    #: Why, in one line.
    reason: str


_LABELLED: WeakKeyDictionary[object, tuple[dict[str, Label], Framework]] = WeakKeyDictionary()


def claim_status(G: nx.MultiDiGraph[str], node: str) -> ClaimStatus | None:
    """``node``'s status in ``G`` with its reason; ``None`` for a node ``G`` does not have.

    The labelling is computed once per graph (the server builds a new graph when the corpus changes).
    """
    from argmap.semantics import Framework, Label, grounded_labels

    if node not in G:
        return None
    cached = _LABELLED.get(G)
    if cached is None:
        cached = _LABELLED[G] = (grounded_labels(G), Framework.from_graph(G))
    labels, framework = cached
    label = labels[node]
    attackers = framework.attackers_of(node)
    if label is Label.IN:
        if not attackers:
            reason = "nothing attacks it"
        else:
            reason = "every argument that attacks it is out: " + _names(attackers)
    elif label is Label.OUT:
        winners = [a for a in attackers if labels[a] is Label.IN]
        declared = [a for a in winners if G.has_edge(a, node, "attacks")]
        reason = f"attacked by {(declared or winners or list(attackers))[0]}, which is in"
    else:
        undecided = [a for a in attackers if labels[a] is Label.UNDEC]
        reason = "attacked by undecided " + _names(undecided) + " (a cycle of attacks that nothing settles)"
    return ClaimStatus(str(label), label.mark, reason)


def _names(nodes: tuple[str, ...] | list[str], limit: int = 3) -> str:
    shown = ", ".join(nodes[:limit])
    return shown + (f" and {len(nodes) - limit} more" if len(nodes) > limit else "")
