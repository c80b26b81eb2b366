"""Files -> parsed documents (cached, in parallel) -> one resolved corpus -> the graph."""
