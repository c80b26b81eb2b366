"""Questions asked of the graph, networkx style: plain functions with the graph first."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from argmap.errors import UnknownIdError
from argmap.model import ID_SEPARATOR

if TYPE_CHECKING:
    import networkx as nx


def resolve_id(G: nx.MultiDiGraph, text: str) -> str:
    """The node key that ``text`` names: ``doc#id``, or a bare ``id`` unique in the corpus.

    Raises :class:`UnknownIdError` (listing the closest matches) when ``text``
    names no node or, as a bare id, several.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a#x", local_id="x"); G.add_node("b#y", local_id="y")
    >>> resolve_id(G, "y")
    'b#y'
    """
    if text in G:
        return text
    if ID_SEPARATOR not in text:
        matches = sorted(n for n, local in G.nodes(data="local_id") if local == text)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UnknownIdError(
                f"'{text}' is ambiguous: it names {', '.join(matches[:10])}{' ...' if len(matches) > 10 else ''}; "
                "write doc-id#id",
                matches,
            )
    folded = text.casefold()
    same_but_case = sorted(n for n in G if n.casefold() == folded or n.split(ID_SEPARATOR, 1)[-1].casefold() == folded)
    candidates = same_but_case or closest_ids(G, text)
    hint = f"; did you mean {', '.join(candidates)}?" if candidates else ""
    raise UnknownIdError(f"no claim '{text}' in the corpus{hint}", candidates)


def closest_ids(G: nx.MultiDiGraph, text: str, n: int = 5) -> list[str]:
    """Up to ``n`` node keys that look like ``text`` (compared whole and by local id)."""
    keys = list(G)
    if len(keys) > 20000:  # keep the error path fast on huge corpora
        probe = text.split(ID_SEPARATOR)[-1][:3].casefold()
        keys = [k for k in keys if probe in k.casefold()][:20000]
    by_local: dict[str, list[str]] = {}
    for key in keys:
        by_local.setdefault(key.split(ID_SEPARATOR, 1)[-1], []).append(key)
    found = difflib.get_close_matches(text, keys, n=n, cutoff=0.6)
    for local in difflib.get_close_matches(text.split(ID_SEPARATOR)[-1], list(by_local), n=n, cutoff=0.6):
        found.extend(sorted(by_local[local]))
    return list(dict.fromkeys(found))[:n]


def neighbourhood(
    G: nx.MultiDiGraph, roots: Iterable[str], depth: int | None, types: Iterable[str] | None = None
) -> set[str]:
    """Nodes within ``depth`` relations of ``roots``, following relations both ways.

    ``depth=None`` means no limit; ``types`` restricts which relation types are followed.
    """
    allowed = set(types) if types is not None else None
    seen = set(roots)
    frontier = deque((r, 0) for r in sorted(seen))
    while frontier:
        node, dist = frontier.popleft()
        if depth is not None and dist >= depth:
            continue
        for _, other, key in G.out_edges(node, keys=True):
            if (allowed is None or key in allowed) and other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
        for other, _, key in G.in_edges(node, keys=True):
            if (allowed is None or key in allowed) and other not in seen:
                seen.add(other)
                frontier.append((other, dist + 1))
    return seen
