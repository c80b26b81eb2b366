"""Which claims stand, and how strongly: the semantics of the argument model (docs/semantics.md)."""
