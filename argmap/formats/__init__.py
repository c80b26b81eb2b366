"""Interchange formats, one module each."""
