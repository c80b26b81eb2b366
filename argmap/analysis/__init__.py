"""Which claims stand, and how strongly: the semantics of the argument model (docs/semantics.md).

A pure core, no terminal::

    from argmap.analysis import Framework, grounded, gradual, extensions
    af = Framework.from_graph(G, reach="document")   # nodes, inferences, attacks, undercuts, preferences
    labelling = grounded(af)                          # IN / OUT / UNDEC, linear time
    labelling.reasons()                               # {node: Reason}, the fact that decides each label
    scores = gradual(af)                              # quadratic energy model, top aggregation
    extensions(af, "preferred")                       # on the Dung translation, projected onto nodes

:mod:`~argmap.analysis.framework` reads the graph, :mod:`~argmap.analysis.labelling`
labels it, :mod:`~argmap.analysis.dung` translates it into a Dung framework,
:mod:`~argmap.analysis.scoring` scores it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from argmap.analysis.abstract import Acceptance, Semantics
    from argmap.analysis.dung import NodeExtensions, extensions, translate
    from argmap.analysis.framework import Attack, Framework, Inference, Reach
    from argmap.analysis.labelling import Failure, Fall, Labelling, Reason, ReasonKind, RelationStatus, grounded
    from argmap.analysis.labels import Label
    from argmap.analysis.scoring import Component, Contribution, Scores, gradual
    from argmap.errors import EnumerationLimitError

#: Where each name is defined: the modules are imported when a name is first asked for, so that a
#: command importing one of them (``argmap.analysis.labels`` for ``Label``) does not import them all.
_HOMES = {
    **dict.fromkeys(("Acceptance", "Semantics"), "abstract"),
    "Label": "labels",
    "EnumerationLimitError": "argmap.errors",
    **dict.fromkeys(("NodeExtensions", "extensions", "translate"), "dung"),
    **dict.fromkeys(("Attack", "Framework", "Inference", "Reach"), "framework"),
    **dict.fromkeys(
        ("Failure", "Fall", "Labelling", "Reason", "ReasonKind", "RelationStatus", "grounded"), "labelling"
    ),
    **dict.fromkeys(("Component", "Contribution", "Scores", "gradual"), "scoring"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'argmap.analysis' has no attribute {name!r}")
    module = home if home.startswith("argmap.") else f"argmap.analysis.{home}"
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Acceptance",
    "Attack",
    "Component",
    "Contribution",
    "EnumerationLimitError",
    "Failure",
    "Fall",
    "Framework",
    "Inference",
    "Label",
    "Labelling",
    "NodeExtensions",
    "Reach",
    "Reason",
    "ReasonKind",
    "RelationStatus",
    "Scores",
    "Semantics",
    "extensions",
    "gradual",
    "grounded",
    "translate",
]
