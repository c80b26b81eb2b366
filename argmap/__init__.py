"""argmap: argument maps from annotated documents.

The library API::

    from argmap import load_corpus, build_graph, check_corpus
    corpus = load_corpus(Path("corpus"))
    graph = build_graph(corpus)          # a networkx.MultiDiGraph (schema: argmap.model)
    findings = check_corpus(corpus)      # sorted Diagnostic values

Names are imported lazily so that ``import argmap`` (and ``argmap --version``) stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_corpus": "argmap.corpus.resolve",
    "build_graph": "argmap.corpus.resolve",
    "check_corpus": "argmap.check.rules",
    "parse_document": "argmap.source.parse",
    "Diagnostic": "argmap.errors",
    "ArgmapError": "argmap.errors",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
