"""The one way a view becomes JSON-ready data."""

from __future__ import annotations

import dataclasses
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: dataclasses as dicts (fields in order), tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


class View:
    """Mixin: ``to_json()`` for a frozen dataclass."""

    __slots__ = ()

    def to_json(self) -> Any:
        return jsonable(self)
