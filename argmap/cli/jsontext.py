"""The ``--json`` output of the commands: ``json.dumps(data, indent=2, ensure_ascii=False)``, at C speed.

With ``indent``, the standard library encodes in Python, value by value: for
``eval --all --json`` of 100,000 claims that was 1.5 s, a third of the command.
orjson writes the same text for the values a command's JSON is made of
(strings, integers, booleans, ``None``, lists and tuples, dicts with string
keys: property-tested in ``tests/test_cli_lines.py``), a hundred times faster;
anything else (a float, whose digits the two write differently, a key that is
not a string, a date, a value ``default`` would turn into text) is left to the
standard library, so the output is the same either way.
"""

from __future__ import annotations

import json
from typing import Any

#: Types written the same by both encoders (and their subclasses: ``StrEnum`` members are strings).
_PLAIN = (str, int, type(None))


def dumps(data: Any, *, default: Any = None) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False, default=default) + "\\n"``."""
    if _plain(data):
        try:
            import orjson
        except ImportError:  # pragma: no cover - orjson is a dependency
            pass
        else:
            try:
                return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
            except TypeError:  # an integer beyond 64 bits, a string that is not UTF-8 (a lone surrogate)
                pass
    return json.dumps(data, indent=2, ensure_ascii=False, default=default) + "\n"


def _plain(data: Any) -> bool:
    """Whether ``data`` holds only strings, integers, booleans, ``None``, lists, tuples and string-keyed dicts
    (and no container twice: the standard library reports a circular reference)."""
    stack = [data]
    seen: set[int] = set()
    plain = _PLAIN
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if id(value) in seen:
                return False
            seen.add(id(value))
            for key in value:
                if not isinstance(key, str):
                    return False
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            if id(value) in seen:
                return False
            seen.add(id(value))
            stack.extend(value)
        elif not isinstance(value, plain):
            return False
    return True
