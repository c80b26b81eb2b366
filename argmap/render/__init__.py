"""Drawings: the graph as DOT (pure, deterministic), Graphviz runs, and map definitions."""
