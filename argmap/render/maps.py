"""What a map shows: map definitions (``maps/*.toml``) and the nodes they select.

A definition (every key optional)::

    title = "Should the U.S. mediate between Seoul and Tokyo?"
    question = "One line for maps/README.md: what the map answers."
    claims = ["kim2019#csis-mediation"]   # root claims (doc#id, or an id unique in the corpus)
    documents = ["kim2019"]               # whole documents
    depth = 2                             # relations followed out from the roots
    relations = ["supports", "attacks"]   # relation types drawn and followed
    direction = "BT"                      # BT (claims on top), TB, LR or RL
    group = true                          # documents as labelled clusters (default: when several)
    legend = true

With neither ``claims`` nor ``documents`` the map is the whole corpus. ``depth``
defaults to 2 from claims and 0 from documents (the document alone); given, it
applies to both.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.analysis.queries import neighbourhood, resolve_id
from argmap.corpus.files import read_regular_file
from argmap.errors import Location, MapError, UnknownIdError, UsageError
from argmap.model import ID_SEPARATOR, qualify
from argmap.render.dot import DIRECTIONS, RELATIONS, View

if TYPE_CHECKING:
    import networkx as nx

    from argmap.corpus.resolve import Corpus

#: Relations followed from root claims when a map does not say.
DEFAULT_CLAIM_DEPTH = 2
MAX_DEPTH = 1000

_KEYS = ("title", "question", "claims", "documents", "depth", "relations", "direction", "group", "legend")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


@dataclass(frozen=True)
class MapSpec:
    """One map: what it shows (roots, depth, relation types) and how (direction, grouping, legend)."""

    name: str = "map"
    title: str | None = None
    question: str | None = None
    claims: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    depth: int | None = None
    relations: tuple[str, ...] = RELATIONS
    direction: str = "BT"
    group: bool | None = None
    legend: bool = True
    path: str | None = None
    #: A line under the title saying what was selected (ad-hoc maps); ``None``: counts only.
    scope: str | None = None
    #: Show each box's ``doc#id`` (``render --no-ids`` turns it off; not a definition key).
    ids: bool = True
    #: Fit the drawing into ``(width, height)`` inches (``render --size``/``--fit``; not a definition key).
    size: tuple[float, float] | None = None

    @property
    def svg_path(self) -> Path:
        """Where ``render --all`` writes this map: beside its definition."""
        folder = Path(self.path).parent if self.path else Path("maps")
        return folder / f"{self.name}.svg"

    def where(self) -> str:
        return f"{self.path}: " if self.path else ""


def select_nodes(G: nx.MultiDiGraph[str], spec: MapSpec) -> set[str]:
    """The node keys ``spec`` shows; unknown claims and documents raise :class:`MapError`."""
    if not spec.claims and not spec.documents:
        return set(G)
    roots, doc_roots = _roots(
        spec,
        lambda text: resolve_id(G, text),
        G.graph.get("documents", {}),
        lambda doc_id: (n for n in G if G.nodes[n].get("doc") == doc_id),
    )
    claim_depth, doc_depth = _depths(spec)
    chosen = neighbourhood(G, roots, claim_depth, spec.relations) if roots else set()
    if doc_roots:
        chosen |= neighbourhood(G, doc_roots, doc_depth, spec.relations)
    return chosen


def _roots(
    spec: MapSpec,
    find: Callable[[str], str],
    documents: Collection[str],
    nodes_of: Callable[[str], Iterable[str]],
) -> tuple[set[str], set[str]]:
    """The nodes ``spec`` names as claims (``find`` gives a claim's key), and the nodes of the
    ``documents`` it names (``nodes_of``); an unknown claim or document raises :class:`MapError`."""
    roots: set[str] = set()
    for text in spec.claims:
        try:
            roots.add(find(text))
        except UnknownIdError as exc:
            raise MapError(f"{spec.where()}{exc}") from None
    doc_roots: set[str] = set()
    for doc_id in spec.documents:
        if doc_id not in documents:
            raise MapError(f"{spec.where()}no document '{doc_id}' in the corpus{_closest(doc_id, documents)}")
        doc_roots.update(nodes_of(doc_id))
    return roots, doc_roots


def _depths(spec: MapSpec) -> tuple[int, int]:
    """How far a map goes from the claims it names, and from the documents."""
    if spec.depth is not None:
        return spec.depth, spec.depth
    return DEFAULT_CLAIM_DEPTH, 0


def view_of(spec: MapSpec, focus: Iterable[str] = (), status_note: str | None = None) -> View:
    return View(
        status_note=status_note,
        focus=frozenset(focus),
        title=spec.title,
        direction=spec.direction,
        group=spec.group,
        relations=frozenset(spec.relations),
        legend=spec.legend,
        scope=spec.scope or spec.question,
        ids=spec.ids,
        size=spec.size,
    )


def map_dot(
    G: nx.MultiDiGraph[str],
    spec: MapSpec,
    node_marks: dict[str, str] | None = None,
    max_bytes: int | None = None,
    status_note: str | None = None,
) -> tuple[str, int]:
    """The DOT source of ``spec`` and its number of nodes.

    With ``max_bytes``, a map whose DOT would surely be larger raises
    :class:`~argmap.render.graphviz.RenderError` before the DOT is built.
    """
    from argmap.render.dot import to_dot

    nodes = select_nodes(G, spec)
    if max_bytes is not None:
        from argmap.render.graphviz import dot_size_floor, too_big

        kept = set(nodes)
        edges = sum(
            1 for u, v, k in G.edges(keys=True) if u in kept and v in kept and k.partition(":")[0] in spec.relations
        )
        floor = dot_size_floor([str(G.nodes[n].get("text") or "") for n in nodes], edges)
        if floor > max_bytes:
            raise too_big(floor, at_least=True)
    if spec.title is None:
        spec = replace(spec, title=default_title(G, spec))
    focus = {resolve_id(G, claim) for claim in spec.claims}  # select_nodes has checked them
    return to_dot(G, nodes, view_of(spec, focus, status_note), node_marks), len(nodes)


def default_title(G: nx.MultiDiGraph[str], spec: MapSpec) -> str:
    """A title for a map whose definition gives none: what its roots are."""
    documents = G.graph.get("documents", {})
    if not spec.claims and not spec.documents:
        return "The whole corpus"
    names = [str(G.nodes[c].get("label") or c) if c in G else c for c in spec.claims]
    names += [str(documents.get(d, {}).get("title") or d) for d in spec.documents]
    return names[0] if len(names) == 1 else f"{names[0]} (and {len(names) - 1} more)"


def spec_for_target(G: nx.MultiDiGraph[str], target: str | None, maps_dir: Path) -> MapSpec:
    """The map that ``argmap render TARGET`` draws.

    ``TARGET`` ending in ``.toml`` is a map definition; one with ``#`` a claim;
    a name with ``maps_dir/NAME.toml`` that map (so ``render NAME`` draws the
    shipped ``maps/NAME.svg``, even where a document is also called NAME); a
    document id that document; anything else a claim id unique in the corpus.
    Nothing: the whole corpus.
    """

    def claim(text: str) -> tuple[str, dict[str, Any]]:
        key = resolve_id(G, text)
        return key, G.nodes[key]

    return _spec_for_target(G.graph.get("documents", {}), target, maps_dir, claim)


def spec_in_corpus(corpus: Corpus, target: str | None, maps_dir: Path) -> MapSpec:
    """:func:`spec_for_target` from the corpus, without its graph (the same spec, the same errors)."""
    from argmap.corpus.focus import find_node
    from argmap.corpus.resolve import graph_attributes

    def claim(text: str) -> tuple[str, dict[str, Any]]:
        key = find_node(corpus, text)
        doc_id, _, local_id = key.partition(ID_SEPARATOR)
        doc = corpus.document(doc_id)
        span = next(s for s in doc.spans if s.local_id == local_id) if doc is not None else None
        return key, {"label": span.label, "text": span.text} if span is not None else {}

    return _spec_for_target(graph_attributes(corpus, inferences=False)["documents"], target, maps_dir, claim)


def _spec_for_target(
    documents: dict[str, Any],
    target: str | None,
    maps_dir: Path,
    claim: Callable[[str], tuple[str, dict[str, Any]]],
) -> MapSpec:
    if target is None:
        n = len(documents)
        return MapSpec(name="corpus", title="The whole corpus", scope=f"{n} document{'s' if n != 1 else ''}")
    if target.endswith(".toml"):
        return load_definition(Path(target))
    if ID_SEPARATOR not in target and _NAME.match(target) and (maps_dir / f"{target}.toml").is_file():
        return load_definition(maps_dir / f"{target}.toml")
    if ID_SEPARATOR not in target and target in documents:
        meta = documents[target]
        title = str(meta.get("title") or target)
        return MapSpec(name=target, title=title, documents=(target,), scope=f"document {target}")
    key, data = claim(target)
    title = data.get("label") or data.get("text") or key
    return MapSpec(name=key.replace(ID_SEPARATOR, "-"), title=str(title), claims=(key,), scope=f"around {key}")


def nodes_in_corpus(corpus: Corpus, spec: MapSpec) -> set[str] | None:
    """The nodes a graph needs for ``map_dot(G, spec)`` to draw what it draws from the whole
    graph; ``None`` for a map of the whole corpus.

    :func:`select_nodes` keeps the nodes within the map's depth of its roots along the
    map's relation types; drawing them reads those nodes, the relations between them
    and the inferences that conclude in them (a linked step's premises by name). So
    every node within the depth of a root along any relation, either way, is enough;
    one step more is kept as a margin, should drawing come to read a neighbour
    (``tests/test_focus.py`` compares every map with the whole graph's). Unknown
    claims and documents raise :class:`MapError` as :func:`select_nodes` does.
    """
    from argmap.corpus.focus import find_node, neighbours

    if not spec.claims and not spec.documents:
        return None
    known = {doc.id: doc for doc in corpus.documents}
    roots, doc_roots = _roots(
        spec,
        lambda text: find_node(corpus, text),
        known,
        lambda doc_id: (qualify(doc_id, span.local_id) for span in known[doc_id].spans),
    )
    around = neighbours(corpus)
    claim_depth, doc_depth = _depths(spec)
    return _within(roots, claim_depth + 1, around) | _within(doc_roots, doc_depth + 1, around)


def _within(roots: set[str], depth: int, around: dict[str, set[str]]) -> set[str]:
    """``roots`` and the nodes within ``depth`` steps of them in ``around``."""
    seen = set(roots)
    frontier = list(roots)
    for _ in range(depth):
        frontier = [other for node in frontier for other in around.get(node, ()) if other not in seen]
        if not frontier:
            break
        seen.update(frontier)
        frontier = list(dict.fromkeys(frontier))
    return seen


def with_options(
    spec: MapSpec,
    *,
    depth: int | None = None,
    relations: Iterable[str] | None = None,
    direction: str | None = None,
    group: bool | None = None,
    title: str | None = None,
    legend: bool | None = None,
    ids: bool | None = None,
    size: tuple[float, float] | None = None,
) -> MapSpec:
    """``spec`` with the options given on the command line in place of its own."""
    changes: dict[str, Any] = {}
    if legend is not None:
        changes["legend"] = legend
    if ids is not None:
        changes["ids"] = ids
    if size is not None:
        changes["size"] = size
    if depth is not None:
        changes["depth"] = depth
        if spec.scope and spec.claims:
            changes["scope"] = f"{spec.scope}, depth {depth}"
    if relations:
        chosen = set(relations)
        changes["relations"] = tuple(r for r in RELATIONS if r in chosen)
    if direction is not None:
        changes["direction"] = direction
    if group is not None:
        changes["group"] = group
    if title is not None:
        changes["title"] = title
    return replace(spec, **changes)


def _closest(word: str, choices: Iterable[str]) -> str:
    import difflib

    found = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)
    return "; did you mean " + " or ".join(f"'{m}'" for m in found) + "?" if found else ""


# ---------------------------------------------------------------- definitions


def find_definitions(folder: Path) -> list[Path]:
    """``folder/*.toml`` in name order."""
    if not folder.is_dir():
        raise UsageError(f"no maps folder {str(folder)!r}: name the folder of map definitions", options=("maps",))
    return sorted(folder.glob("*.toml"), key=lambda p: p.name)


def load_definition(path: Path) -> MapSpec:
    """Read and validate one definition; the first problem raises :class:`MapError` as ``path:line:col: ...``."""
    shown = path.as_posix()
    try:
        text = read_regular_file(path).decode("utf-8")
    except OSError as exc:
        raise MapError(f"{shown}: cannot read the map definition: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise MapError(f"{shown}: the map definition is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MapError(_toml_error(shown, exc)) from None
    except RecursionError:  # arrays or tables nested about a thousand deep
        raise MapError(f"{shown}: invalid TOML: values nested too deeply") from None
    name = path.stem
    if not _NAME.match(name):
        raise MapError(f"{shown}: a map's file name must be letters, digits, '-', '_' or '.', not {name!r}")
    return parse_definition(data, name=name, path=shown, text=text)


def parse_definition(data: dict[str, Any], *, name: str = "map", path: str = "<map>", text: str = "") -> MapSpec:
    """Validate the parsed TOML of a definition (``text`` gives the positions of bad keys)."""

    def fail(key: str, message: str) -> MapError:
        return MapError(f"{_locate(path, text, key)}: {message}")

    for key in data:
        if key not in _KEYS:
            hint = _closest(key, _KEYS)
            raise fail(key, f"unknown key '{key}'{hint}; a map definition has {', '.join(_KEYS)}")

    def string(key: str) -> str | None:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise fail(key, f"'{key}' must be a non-empty string")
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(key, f"'{key}' must be a list of strings, e.g. {key} = [\"...\"]")
        return tuple(dict.fromkeys(v.strip() for v in value))

    def boolean(key: str) -> bool | None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            raise fail(key, f"'{key}' must be true or false")
        return value

    depth = data.get("depth")
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH):
        raise fail("depth", f"'depth' must be a whole number from 0 to {MAX_DEPTH}, not {depth!r}")
    relations = strings("relations") if "relations" in data else RELATIONS
    for rel in relations:
        if rel not in RELATIONS:
            raise fail("relations", f"unknown relation type '{rel}'; expected one of {', '.join(RELATIONS)}")
    if not relations:
        raise fail("relations", "'relations' is empty: name supports, attacks or both")
    direction = data.get("direction", "BT")
    if direction not in DIRECTIONS:
        raise fail("direction", f"'direction' must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    legend = boolean("legend")
    return MapSpec(
        name=name,
        title=string("title"),
        question=string("question"),
        claims=strings("claims"),
        documents=strings("documents"),
        depth=depth,
        relations=tuple(r for r in RELATIONS if r in relations),
        direction=direction,
        group=boolean("group"),
        legend=True if legend is None else legend,
        path=path,
    )


def _locate(path: str, text: str, key: str) -> str:
    """``path:line:col`` of the line assigning ``key`` (or just ``path``)."""
    pattern = re.compile(rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')[ \t]*=", re.M)
    match = pattern.search(text)
    if match is None:
        return path
    line = text.count("\n", 0, match.start()) + 1
    indent = len(match.group()) - len(match.group().lstrip())
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1 + indent
    return str(Location(path, line, col))


def _toml_error(path: str, exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if found:
        message = message[: found.start()].strip()
        return f"{Location(path, int(found.group(1)), int(found.group(2)))}: invalid TOML: {message}"
    return f"{path}: invalid TOML: {message}"


# ---------------------------------------------------------------- render --all


@dataclass(frozen=True)
class PlannedMap:
    """A definition with its current DOT source."""

    spec: MapSpec
    dot: str
    nodes: int


def plan_all(G: nx.MultiDiGraph[str], folder: Path) -> list[PlannedMap]:
    """Every definition in ``folder`` with its DOT, in name order (a bad definition raises)."""
    planned = []
    for path in find_definitions(folder):
        spec = load_definition(path)
        dot, count = map_dot(G, spec)
        planned.append(PlannedMap(spec, dot, count))
    return planned


def stale_maps(planned: Iterable[PlannedMap]) -> list[tuple[Path, str]]:
    """``(svg path, why)`` for each map whose committed SVG is not the drawing of its current DOT."""
    from argmap.render.graphviz import svg_staleness

    found = []
    for item in planned:
        path = item.spec.svg_path
        try:
            data = read_regular_file(path)
        except FileNotFoundError:
            found.append((path, "it does not exist"))
            continue
        except OSError as exc:
            found.append((path, f"it cannot be read: {exc.strerror or exc}"))
            continue
        reason = svg_staleness(data, item.dot)
        if reason:
            found.append((path, reason))
    return found
