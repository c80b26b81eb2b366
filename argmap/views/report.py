"""Everything the HTML report shows, as one view: :class:`ReportView`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.views.base import View
from argmap.views.claim import ClaimView, claim_views
from argmap.views.overview import (
    DocumentOutline,
    DocumentRow,
    QuestionView,
    WhoSaysWhat,
    document_rows,
    outlines,
    who_says_what,
)
from argmap.views.reading import DocumentReading, document_reading
from argmap.views.status import LABEL_MEANINGS, LIMITS, METHOD, statuses

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx


@dataclass(frozen=True, slots=True)
class MapView(View):
    """A drawn map: Graphviz's SVG and which box is which node.

    ``boxes`` maps the SVG's node names (``n0``, ``n1``, ... the ``<title>`` of
    each ``g.node``) to node keys. ``question`` names the :class:`QuestionView`
    the map answers, if any.
    """

    name: str
    title: str
    question: str | None
    svg: str
    boxes: dict[str, str]


@dataclass(frozen=True, slots=True)
class About(View):
    """Where the report comes from and how to read its labels."""

    version: str
    #: The corpus's git revision (a commit id, ``+`` when files changed since), or ``None`` outside git.
    revision: str | None
    #: When the report was made, ``YYYY-MM-DD`` (``SOURCE_DATE_EPOCH`` when set).
    date: str
    corpus: str
    method: str
    limits: str
    labels: dict[str, str]
    #: Why some maps are not drawn (too big), one sentence each.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Counts(View):
    """How many documents, spans of each kind and relations of each type the corpus has."""

    documents: int
    kinds: dict[str, int]
    relations: dict[str, int]
    statuses: dict[str, int]


@dataclass(frozen=True, slots=True)
class ReportView(View):
    """The data of one HTML report (the page embeds ``to_json()`` of this)."""

    title: str
    about: About
    counts: Counts
    documents: tuple[DocumentRow, ...]
    questions: tuple[QuestionView, ...]
    claims: tuple[ClaimView, ...]
    readings: tuple[DocumentReading, ...]
    outlines: tuple[DocumentOutline, ...]
    who: WhoSaysWhat
    maps: tuple[MapView, ...]


def report_view(
    G: nx.MultiDiGraph[str],
    *,
    title: str,
    about: About,
    questions: Iterable[QuestionView] = (),
    maps: Iterable[MapView] = (),
) -> ReportView:
    """The report of ``G``: every claim with its status, every document's reading, the overviews."""
    found = statuses(G)
    documents = document_rows(G)
    known = set(G)
    meta = G.graph.get("documents", {})
    readings = tuple(document_reading(d.id, str(meta[d.id].get("path") or d.path), known) for d in documents)
    theses = [t for d in documents for t in d.theses]
    kinds = Counter(str(k) for _, k in G.nodes(data="kind"))
    relations = Counter(str(d.get("type") or k.partition(":")[0]) for _, _, k, d in G.edges(keys=True, data=True))
    counts = Counts(
        documents=len(documents),
        kinds={k: kinds[k] for k in ("claim", "premise", "rebuttal")},
        relations=dict(sorted(relations.items())),
        statuses={label: sum(s.label == label for s in found.values()) for label in LABEL_MEANINGS},
    )
    return ReportView(
        title=title,
        about=about,
        counts=counts,
        documents=documents,
        questions=tuple(questions),
        claims=claim_views(G, found),
        readings=readings,
        outlines=outlines(G),
        who=who_says_what(G, theses),
        maps=tuple(maps),
    )


def make_about(version: str, revision: str | None, date: str, corpus: str, notes: Iterable[str] = ()) -> About:
    """:class:`About` with the method, the limits and the labels' meanings filled in."""
    return About(version, revision, date, corpus, METHOD, LIMITS, dict(LABEL_MEANINGS), tuple(notes))
