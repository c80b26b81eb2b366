"""``argmap check --online`` for a set of parsed documents: citations, settings, cache, changed files.

:func:`check_online` is what the command calls; everything it needs to know
comes in as arguments, and it prints nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from argmap.errors import Location
from argmap.links.cache import LinkCache
from argmap.links.config import LinkConfig, find_pyproject, load_config
from argmap.links.findings import LinkReport, check_links
from argmap.links.outcome import ProgressFn
from argmap.model import Document
from argmap.source.urls import url_problem


def citations(documents: Iterable[Document]) -> list[tuple[str, Location]]:
    """Every well-formed http(s) URL the documents cite, with where it is written.

    The ``cite`` of each span and the ``url`` of each document's front matter.
    URLs the offline check rejects (AM205) are left out: that finding is enough.
    """
    found: list[tuple[str, Location]] = []
    for doc in documents:
        url = doc.meta.get("url")
        if isinstance(url, str) and url_problem(url) is None:
            found.append((url, doc.meta_locs.get("url", Location(doc.path, 1, 1))))
        for span in doc.spans:
            if span.cite is not None and url_problem(span.cite) is None:
                found.append((span.cite, span.cite_loc or span.loc))
    return found


@dataclass(frozen=True, slots=True)
class OnlineRun:
    """A finished online check: the findings and counts, plus notes for the user."""

    report: LinkReport
    config: LinkConfig
    #: Documents whose citations were checked (fewer than given with ``changed_since``).
    documents: int
    #: Things worth a line on stderr (a cache that could not be used).
    notes: tuple[str, ...] = ()


def settings(start: Path, overrides: Mapping[str, object] | None = None) -> LinkConfig:
    """The settings for a corpus at ``start``: its nearest pyproject.toml, then ``overrides``."""
    return load_config(find_pyproject(start), overrides)


def check_online(
    documents: Iterable[Document],
    config: LinkConfig,
    *,
    use_cache: bool = True,
    changed_since: str | None = None,
    repo: Path | None = None,
    progress: ProgressFn | None = None,
) -> OnlineRun:
    """Check the citations of ``documents`` over HTTP.

    ``use_cache=False`` (``--no-cache``) neither reads nor writes the cache;
    neither does ``cache = false`` in the settings. ``changed_since`` limits the
    check to documents git says changed since that revision, in the repository
    that holds ``repo`` (default: the current folder).
    """
    docs = list(documents)
    if changed_since is not None:
        from argmap.links.changed import changed_files

        changed = changed_files(changed_since, repo or Path.cwd())
        docs = [doc for doc in docs if Path(doc.path).resolve() in changed]
    notes: list[str] = []
    cache = None
    if use_cache and config.cache:
        cache = LinkCache.load(config.cache_path, config.max_cache_age)
        if cache.problem:
            notes.append(cache.problem)
            cache.problem = None
    report = check_links(citations(docs), config, cache=cache, progress=progress)
    if cache is not None and cache.problem:
        notes.append(cache.problem)
    return OnlineRun(report, config, len(docs), tuple(notes))
