"""Graphs in the schema of docs/argument-model.md ("In the graph"), from compact descriptions.

    argument_graph("p+q supports c; r attacks p; u undercuts r>p; p outweighs r; x")

Statements, separated by ``;`` or newlines:

* ``p supports c``, ``p+q supports c``: an inference (linked when several premises);
* ``r attacks c``; ``c outweighs r``; ``q qualifies c``; ``e explains c``;
* ``u undercuts a>c``: the undercut of the support (inference) or attack from
  ``a`` to ``c``, whichever is declared (``u undercuts-attack a>c`` or
  ``u undercuts-support a>c`` to choose when both are);
* a bare id: a node with no relation.

A node's document is the part of its id before ``#`` (``d2#x`` is in ``d2``),
else ``"d"``.
"""

from __future__ import annotations

import networkx as nx

KINDS = ("supports", "attacks", "outweighs", "qualifies", "explains")


def inference_name(premises: list[str], conclusion: str) -> str:
    return "+".join(sorted(premises)) + ">" + conclusion


class GraphBuilder:
    """Adds nodes and relations to a graph in the schema, as the graph builder does."""

    def __init__(self) -> None:
        self.G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self.G.graph["documents"] = {}
        self.G.graph["inferences"] = {}
        self.inference_of: dict[tuple[str, str], str] = {}

    def node(self, node: str, doc: str | None = None) -> str:
        if node not in self.G:
            doc = doc if doc is not None else node.partition("#")[0] if "#" in node else "d"
            self.G.add_node(
                node, kind="claim", text=node, label=None, doc=doc, local_id=node.rpartition("#")[2], by=None,
                path=f"{doc}.md", line=1, col=1, cite=None, tags=[],
            )  # fmt: skip
            self.G.graph["documents"].setdefault(doc, {"id": doc, "path": f"{doc}.md"})
        return node

    def edge(self, u: str, v: str, kind: str, key: str | None = None, **attrs: object) -> None:
        self.node(u)
        self.node(v)
        self.G.add_edge(u, v, key=key or kind, type=kind, path="d.md", line=1, col=1, **attrs)

    def supports(self, premises: list[str], conclusion: str) -> str:
        name = inference_name(premises, conclusion)
        for p in premises:
            if (p, conclusion) in self.inference_of:
                raise ValueError(f"{p} already supports {conclusion}")
            self.inference_of[(p, conclusion)] = name
            self.edge(p, conclusion, "supports", inference=name)
        self.G.graph["inferences"][name] = {"conclusion": conclusion, "premises": list(premises)}
        return name

    def undercuts(self, u: str, source: str, target: str, relation_type: str | None = None) -> None:
        if relation_type is None:
            relation_type = "supports" if (source, target) in self.inference_of else "attacks"
        relation = f"{source}>{target}"
        if relation_type == "supports":
            name = self.inference_of[(source, target)]
            self.edge(u, target, "undercuts", f"undercuts:{name}", relation=relation, relation_type="supports",
                      inference=name)  # fmt: skip
        else:
            assert self.G.has_edge(source, target, "attacks"), relation
            self.edge(u, target, "undercuts", f"undercuts:{relation}", relation=relation, relation_type="attacks")


def argument_graph(description: str) -> nx.MultiDiGraph[str]:
    """The graph that ``description`` (see the module documentation) describes."""
    b = GraphBuilder()
    later: list[list[str]] = []
    for statement in description.replace("\n", ";").split(";"):
        words = statement.split()
        if not words:
            continue
        if len(words) == 1:
            b.node(words[0])
        elif words[1] == "supports":
            b.supports(words[0].split("+"), words[2])
        elif words[1] in KINDS:
            b.edge(words[0], words[2], words[1])
        elif words[1].startswith("undercuts"):
            later.append(words)
        else:
            raise ValueError(f"cannot read {statement!r}")
    for u, verb, relation in later:
        source, target = relation.split(">")
        b.undercuts(u, source, target, {"undercuts-attack": "attacks", "undercuts-support": "supports"}.get(verb))
    return b.G
