"""The complete app: importing a command module registers its commands."""

from __future__ import annotations

from argmap.cli import (  # noqa: F401  (imported for their commands)
    check,
    eval,
    export,
    import_,
    lsp,
    new,
    render,
    report,
    show,
)
from argmap.cli.app import app

__all__ = ["app"]
