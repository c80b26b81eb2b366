"""The framework as a Dung argumentation framework: preferred and stable extensions, projected onto nodes.

The translation (docs/semantics.md proves that its complete labellings are the
labellings that satisfy the rules of :mod:`argmap.analysis.labelling`, so the
two grounded labellings agree). Arguments, each named with a prefix:

* ``node:n`` for every node;
* ``attack:a>b`` for every attack that is not blocked;
* ``undercut:u>R`` for every undercut, ``R`` the name of the argument it targets;
* ``inference:NAME`` for every inference;
* ``necessity:c`` (N_c, "c is unsupported") for every node with an in-reach inference.

Defeats. The defeaters of a node are the attacks on it and its necessity;
an attack defeats its target; an attack is defeated by every defeater of its
source node and by every undercut on it (AFRA's indirect defeat, Baroni,
Cerutti, Giacomin and Guida 2011); an undercut defeats its target and is
defeated by every defeater of its undercutter; an inference is defeated by
every defeater of each premise and by every undercut on it; N_c is defeated by
each in-reach inference of c, and defeats c.

Preferred and stable extensions are enumerated on that framework with the
bounded search of :func:`argmap.analysis.abstract.extensions` and projected onto the
nodes.

>>> import networkx as nx
>>> from argmap.analysis.framework import Framework
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from("ab", doc="d")
>>> G.add_edges_from([("a", "b", "attacks"), ("b", "a", "attacks")], type="attacks")
['attacks', 'attacks']
>>> extensions(Framework.from_graph(G)).extensions
(('a',), ('b',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from argmap.analysis.abstract import MAX_EXTENSIONS, MAX_UNDECIDED, Acceptance, Semantics
from argmap.analysis.abstract import Framework as DungFramework
from argmap.analysis.abstract import extensions as dung_extensions
from argmap.analysis.framework import Framework

NODE = "node:"
ATTACK = "attack:"
UNDERCUT = "undercut:"
INFERENCE = "inference:"
NECESSITY = "necessity:"


def translate(af: Framework) -> DungFramework:
    """The Dung framework of ``af`` (see the module documentation), in linear time plus sorting.

    The number of defeats is the sum, over the attacks, inferences and
    undercuts, of the defeaters of their source nodes: at most quadratic.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from("pcr", doc="d")
    >>> _ = G.add_edge("p", "c", key="supports", type="supports", inference="p>c")
    >>> _ = G.add_edge("r", "p", key="attacks", type="attacks")
    >>> for x in translate(Framework.from_graph(G)).attacks:
    ...     print(x.attacker, "->", x.target)
    attack:r>p -> inference:p>c
    attack:r>p -> node:p
    inference:p>c -> necessity:c
    necessity:c -> node:c
    """
    arguments = [NODE + node for node in af.nodes]
    defeaters: dict[str, list[str]] = {node: [] for node in af.nodes}
    pairs: list[tuple[str, str]] = []
    for attack in af.attacks:
        if not attack.blocked:
            defeaters[attack.target].append(ATTACK + attack.name)
    for inference in af.inferences:
        if inference.in_reach:
            defeaters[inference.conclusion].append(NECESSITY + inference.conclusion)
    for node, found in defeaters.items():
        for d in dict.fromkeys(found):
            pairs.append((d, NODE + node))
            if d.startswith(NECESSITY):
                arguments.append(d)

    def undercuts(target: str, undercutters: tuple[str, ...]) -> None:
        for u in undercutters:
            name = f"{UNDERCUT}{u}>{target}"
            arguments.append(name)
            pairs.append((name, target))
            pairs.extend((d, name) for d in dict.fromkeys(defeaters[u]))

    for attack in af.attacks:
        name = ATTACK + attack.name
        if attack.blocked:
            undercuts(name, attack.undercutters)  # they defeat nothing: the attack is no argument
            continue
        arguments.append(name)
        pairs.extend((d, name) for d in dict.fromkeys(defeaters[attack.attacker]))
        undercuts(name, attack.undercutters)
    for inference in af.inferences:
        name = INFERENCE + inference.name
        arguments.append(name)
        pairs.extend((d, name) for p in inference.premises for d in defeaters[p])
        undercuts(name, inference.undercutters)
        if inference.in_reach:
            pairs.append((name, NECESSITY + inference.conclusion))
    names = set(arguments)
    return DungFramework.from_pairs(arguments, [(a, b) for a, b in pairs if b in names])


@dataclass(frozen=True, slots=True)
class NodeExtensions:
    """Extensions of a semantics projected onto the nodes, and each node's acceptance.

    ``extensions``: the nodes IN in each extension of the Dung translation
    (each sorted; distinct; sorted). Two extensions can give the same nodes
    (they then differ on which attacks hold). ``acceptance``, by node, counts
    over the extensions of the translation (``of`` of them): IN in all, OUT
    (defeated) in all, else UNDEC.
    """

    semantics: Semantics
    extensions: tuple[tuple[str, ...], ...]
    acceptance: Mapping[str, Acceptance]


def extensions(
    af: Framework,
    semantics: Semantics | str = Semantics.PREFERRED,
    *,
    max_undecided: int = MAX_UNDECIDED,
    max_extensions: int = MAX_EXTENSIONS,
) -> NodeExtensions:
    """The grounded, preferred or stable extensions of ``af``, projected onto its nodes.

    Parameters
    ----------
    af : Framework
    semantics : Semantics or str
        ``"grounded"``, ``"preferred"`` or ``"stable"``.
    max_undecided, max_extensions : int
        The bounds of :func:`argmap.analysis.abstract.extensions`, counted on the
        translation, whose undecided part is larger than the nodes': attacks,
        undercuts, inferences and necessities are arguments too.

    Returns
    -------
    NodeExtensions

    Raises
    ------
    argmap.analysis.abstract.EnumerationLimitError
        When a bound is exceeded.
    """
    found = dung_extensions(
        translate(af), Semantics(semantics), max_undecided=max_undecided, max_extensions=max_extensions
    )
    cut = len(NODE)
    projected = sorted({tuple(a[cut:] for a in ext if a.startswith(NODE)) for ext in found.extensions})
    acceptance = {}
    for node in af.nodes:
        acc = found.acceptance[NODE + node]
        acceptance[node] = Acceptance(node, acc.label, acc.in_count, acc.out_count, acc.of)
    return NodeExtensions(found.semantics, tuple(projected), acceptance)
