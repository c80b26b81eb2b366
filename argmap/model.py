"""The vocabulary of argmap and the schema of its graph, documented once, here.

The graph
=========
A corpus becomes one ``networkx.MultiDiGraph`` (see :func:`argmap.corpus.resolve.build_graph`).

Node key: ``"doc-id#local-id"`` (the qualified id of a marked span).

Node attributes (every node has every key; absent values are ``None``):

========== ============ ==========================================================
key        type         meaning
========== ============ ==========================================================
kind       str          ``"claim"``, ``"premise"`` or ``"rebuttal"`` (:class:`NodeKind`)
text       str          the exact words of the span, markup removed, whitespace runs
                        collapsed to one space
label      str | None   the annotator's short paraphrase (``label=``)
doc        str          the id of the document the span is in
local_id   str          the span's id within its document
by         str | None   who holds the claim: ``by=``, else the document's authors
                        joined with ", "
path       str          the source file, as the corpus was given
line       int          1-based line of the span's opening ``[``
col        int          1-based column (Unicode code points) of that ``[``
end_line   int          line just after the span's closing ``}``
end_col    int          column just after it (exclusive)
cite       str | None   the external source the span cites (``cite=``)
tags       list[str]    ``tags=``, split on whitespace, in the order written
========== ============ ==========================================================

Edges run from the span that declares the relation to its target
(``premise -> claim`` for a support, ``rebuttal -> claim`` for an attack).
The edge key is the relation type, so a relation declared twice is one edge;
for an undercut it is ``undercuts:`` and the name of the relation undercut
(its inference's name for a support), so one span may undercut several
relations into one claim. docs/argument-model.md explains each type.

Edge attributes:

============= ======= ==========================================================
key           type    meaning
============= ======= ==========================================================
type          str     :class:`RelationType`: ``supports``, ``attacks``,
                      ``undercuts``, ``outweighs``, ``qualifies``, ``explains``
path          str     file where the relation was declared
line          int     1-based line of the target token in the declaration
col           int     1-based column of that token
inference     str     supports: the name of the inference the support belongs
                      to (linked premises share it); undercuts of a support:
                      the inference undercut
relation      str     undercuts only: the relation undercut, ``source>target``
                      (qualified ids); the edge runs to its target
relation_type str     undercuts only: ``supports`` or ``attacks``
============= ======= ==========================================================

Node attributes ``end_line`` and ``end_col`` give the position just after the
span's closing ``}`` (an exclusive end, as editors count).

Graph attributes:

``G.graph["inferences"]``: ``{name: {"conclusion": key, "premises": [key, ...]}}``,
every inference: a support's premise alone (convergent), or the premises that
``with=`` joins (linked). Its name is the premises' keys sorted and joined by
``+``, then ``>``, then the conclusion's key.

``G.graph["documents"]``: ``{doc_id: metadata}``, documents in corpus order, where
metadata is the front matter (``id``, ``title``, ``authors`` as a list of str,
``date`` as str, ``publisher``, ``url``, ``licence``, ``notes``, ...) plus ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from argmap.errors import Diagnostic, Location


class NodeKind(StrEnum):
    """What a marked span is: the span's class in the annotation."""

    CLAIM = "claim"
    PREMISE = "premise"
    REBUTTAL = "rebuttal"


class RelationType(StrEnum):
    """How one span bears on another (docs/argument-model.md)."""

    SUPPORTS = "supports"  #: a reason for the target (an inference; linked premises share one)
    ATTACKS = "attacks"  #: a reason against the target
    UNDERCUTS = "undercuts"  #: attacks a relation (an inference or an attack), not its ends
    OUTWEIGHS = "outweighs"  #: a preference: the target's attack on the source does not defeat it
    QUALIFIES = "qualifies"  #: limits the scope or force of the target; never an attack
    EXPLAINS = "explains"  #: an explanation or cause of the target, not a reason for it


#: The attribute of ``with=``: the spans that support the same targets together with this one.
LINKED_KEY = "with"

#: Separator of the two ends in a relation's name (``source>target``), the target of ``undercuts=``.
RELATION_SEPARATOR = ">"
#: Separator of the premises in an inference's name (``p1+p2>c``).
PREMISE_SEPARATOR = "+"

#: Which relation types each kind may declare.
ALLOWED_RELATIONS: dict[NodeKind, frozenset[RelationType]] = {
    NodeKind.CLAIM: frozenset(RelationType),
    NodeKind.PREMISE: frozenset(RelationType) - {RelationType.ATTACKS},
    NodeKind.REBUTTAL: frozenset({RelationType.ATTACKS, RelationType.UNDERCUTS, RelationType.OUTWEIGHS}),
}

#: Separator between document id and local id in a qualified id.
ID_SEPARATOR = "#"


def qualify(doc_id: str, local_id: str) -> str:
    """Return the node key ``doc-id#local-id``."""
    return f"{doc_id}{ID_SEPARATOR}{local_id}"


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation as declared in a document, before resolution.

    ``source`` and ``target`` are written references: a bare local id, or
    ``doc-id#local-id`` for a span in another document. For ``undercuts`` the
    target is a relation's name, ``a>c``, each end a written reference.
    """

    source: str
    target: str
    type: RelationType
    loc: Location
    source_loc: Location
    #: For a support declared by ``with=``: the written reference of the span
    #: whose ``with=`` declared it (the two support ``target`` together).
    partner: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A marked span (``[words]{#id .kind ...}``) as the parser found it."""

    local_id: str
    kind: NodeKind
    text: str
    loc: Location
    label: str | None = None
    by: str | None = None
    cite: str | None = None
    cite_loc: Location | None = None
    tags: tuple[str, ...] = ()


@dataclass(slots=True, eq=False)
class Document:
    """One parsed corpus document."""

    path: str
    meta: dict[str, object]
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: Location of each front-matter key (for findings about a field).
    meta_locs: dict[str, Location] = field(default_factory=dict)
    #: The body with the annotation markup removed (its *plain text*), in pieces that
    #: are each contiguous in the file, with the location of each piece's first
    #: character; joined, they are the plain text. Filled only for a document that
    #: names a ``source`` (for the words-kept check, AM206).
    lines: list[tuple[str, Location]] = field(default_factory=list)
    #: Local ids that were declared but could not become nodes (the span had
    #: another error); relations to them are not reported again as unknown.
    broken_ids: set[str] = field(default_factory=set)
    #: Problems found while parsing this document.
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def id(self) -> str:
        value = self.meta.get("id")
        return value if isinstance(value, str) else ""

    @property
    def authors(self) -> list[str]:
        value = self.meta.get("authors")
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [str(a) for a in value]
        return []
