"""The complete app: importing a command module registers its commands."""

from __future__ import annotations

from argmap.cli import check, eval, export, import_, lsp, new, render, show  # noqa: F401  (imported for their commands)
from argmap.cli.app import app

__all__ = ["app"]
