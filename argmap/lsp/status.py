"""A claim's status and its one-line reason: the one place the language server asks the semantics.

The status is what ``argmap eval`` says by default: grounded semantics of the
argument model, support read as necessary, reach ``document``
(:mod:`argmap.analysis`), in the words of :mod:`argmap.views.evaluation`
(``stands``, ``falls``, ``contested`` and the fact that decides it). When the
semantics or their defaults change, :func:`claim_status` is the function to
change; nothing else in :mod:`argmap.lsp` knows how a status is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    import networkx as nx

    from argmap.analysis import Labelling


@dataclass(frozen=True, slots=True)
class ClaimStatus:
    #: ``in``, ``out`` or ``undecided``.
    label: str
    #: The label as text that reads without colour: ``IN ✓``, ``OUT ✗``, ``UNDEC ?``.
    mark: str
    #: Why, in one line (``stands: nothing here objects to it``).
    reason: str


#: The labelling of each graph, made once (the server builds a new graph when the corpus changes).
_LABELLED: WeakKeyDictionary[object, Labelling] = WeakKeyDictionary()


def claim_status(G: nx.MultiDiGraph[str], node: str) -> ClaimStatus | None:
    """``node``'s status in ``G`` with its reason; ``None`` for a node ``G`` does not have."""
    from argmap.analysis import Framework, grounded
    from argmap.views.evaluation import grounded_verdicts

    if node not in G:
        return None
    labelling = _LABELLED.get(G)
    if labelling is None:
        labelling = _LABELLED[G] = grounded(Framework.from_graph(G))
    verdict = grounded_verdicts(G, [node], labelling=labelling, name=str)[node]
    return ClaimStatus(str(verdict.label), verdict.label.mark, verdict.sentence)
