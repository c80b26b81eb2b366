"""YAML front matter: split it off, parse it, check its fields, locate each key."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from argmap.source.urls import url_problem

#: Fields a document must have.
REQUIRED_FIELDS = ("id", "title", "authors", "date")
#: Fields whose value must be a string when present.
TEXT_FIELDS = ("title", "publisher", "licence", "source", "omitted")

#: An id (of a document or a span): a letter, then letters, digits, "-" or "_".
ID_REGEX = r"[A-Za-z][A-Za-z0-9_-]*"
ID_PATTERN = re.compile(ID_REGEX + r"\Z")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_DELIMITER = re.compile(r"---[ \t]*\r?(?:\n|\Z)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(slots=True)
class FrontMatter:
    """The parsed front matter. Offsets are into the whole file text."""

    meta: dict[str, Any] = field(default_factory=dict)
    #: ``key -> (offset of the key, offset of its value)``
    locs: dict[str, tuple[int, int]] = field(default_factory=dict)
    body_start: int = 0
    #: ``(offset, code, message)`` problems.
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def read_front_matter(text: str) -> FrontMatter:
    """Split and check the front matter at the top of ``text``."""
    fm = FrontMatter()
    opening = _DELIMITER.match(text)
    if opening is None:
        fm.problems.append((0, "AM102", "no front matter: a document starts with a '---' line, YAML fields, '---'"))
        return fm
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        fm.problems.append((0, "AM104", "front matter is not closed: add a '---' line after the last field"))
        fm.body_start = len(text)
        return fm
    yaml_start = opening.end()
    yaml_text = text[yaml_start : closing.start()]
    fm.body_start = min(len(text), closing.end() + 1)
    line_offsets = _line_offsets(yaml_text)
    data, locs, problem = _load_yaml(yaml_text, line_offsets)
    if problem is not None:
        offset, message = problem
        fm.problems.append((yaml_start + offset, "AM101", message))
        return fm
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fm.problems.append((yaml_start, "AM101", "front matter must be a mapping of 'field: value' lines"))
        return fm
    fm.meta = {str(k): v for k, v in data.items()}
    fm.locs = {k: (yaml_start + a, yaml_start + b) for k, (a, b) in locs.items()}
    _check_fields(fm, yaml_start)
    return fm


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    pos = text.find("\n")
    while pos >= 0:
        offsets.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return offsets


def _load_yaml(text: str, line_offsets: list[int]) -> tuple[Any, dict[str, tuple[int, int]], tuple[int, str] | None]:
    import yaml

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def offset_of(mark: Any) -> int:
        line = min(int(mark.line), len(line_offsets) - 1)
        return min(line_offsets[line] + int(mark.column), len(text))

    locs: dict[str, tuple[int, int]] = {}
    loader = loader_cls(text)
    try:
        # yaml.compose and then yaml.load, reading the text once: the key locations
        # are taken before constructing, which rewrites merge keys ("<<") in place
        node = loader.get_single_node()
        if node is not None and (why := _expansion_problem(node)) is not None:
            return None, {}, (0, why)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value)
                locs.setdefault(key, (offset_of(key_node.start_mark), offset_of(value_node.start_mark)))
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        from argmap.source.hints import explain_yaml_error

        line, column, message = explain_yaml_error(exc, text)  # where the mistake is, and its fix
        return None, {}, (min(line_offsets[min(line, len(line_offsets) - 1)] + column, len(text)), message)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (a control character): no mark, a position
        # libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters
        position = int(exc.position)
        if loader_cls is not yaml.SafeLoader:
            position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return (
            None,
            {},
            (
                min(position, len(text)),
                f"invalid YAML: the character U+{character:04X} is not allowed in YAML (a control character)",
            ),
        )
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        return None, {}, (0, f"invalid YAML: {exc}")
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a date like 2019-02-30
        return None, {}, (0, f"invalid YAML value: {exc}")
    finally:
        loader.dispose()
    return data, locs, None


#: Front matter is refused when, with its aliases expanded, it has more values than this ...
MAX_EXPANDED_VALUES = 10_000
#: ... or nests deeper than this.
MAX_NESTING = 50


def _expansion_problem(root: Any) -> str | None:
    """Why the composed YAML ``root`` is unsafe to use, or ``None``.

    YAML aliases let a few hundred bytes stand for billions of values (the
    "billion laughs"), or for a value that contains itself; every later step
    (JSON export, the cache, the terminal) would expand them. This counts each
    node's expanded size and depth once (memoised, iteratively: no recursion
    limit), so the check is linear in the size of the text.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > MAX_EXPANDED_VALUES:
                return f"front matter expands to more than {MAX_EXPANDED_VALUES:,} values (YAML aliases); write it out"
            if depth[key] > MAX_NESTING:
                return f"front matter nests more than {MAX_NESTING} levels deep"
            continue
        if key in size:
            continue
        if key in on_path:
            return "front matter contains a value that contains itself (a recursive YAML alias)"
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in size)
    return None


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _near_miss(key: str, meta: dict[str, Any]) -> str | None:
    """A field of ``meta`` that looks like a misspelt ``key`` (``author`` for ``authors``), if there is one."""
    import difflib

    present = [str(k) for k in meta if str(k) not in REQUIRED_FIELDS]
    close = difflib.get_close_matches(key, present, n=1, cutoff=0.75)
    if close:
        return close[0]
    lowered = {k.lower(): k for k in present}
    return lowered.get(key)


def _check_fields(fm: FrontMatter, default_offset: int) -> None:
    meta = fm.meta

    def at(key: str) -> int:
        return fm.locs.get(key, (default_offset, default_offset))[1]

    for key in REQUIRED_FIELDS:
        if meta.get(key) not in (None, "", []):
            continue
        if key in fm.locs:
            fm.problems.append((fm.locs[key][0], "AM102", f"front matter field '{key}' is empty"))
            continue
        near = _near_miss(key, meta)
        if near is not None:
            fm.problems.append(
                (
                    fm.locs.get(near, (default_offset,))[0],
                    "AM102",
                    f"front matter has no '{key}' field; rename '{near}'?",
                )
            )
        else:
            fm.problems.append((default_offset, "AM102", f"front matter has no '{key}' field"))
    doc_id = meta.get("id")
    if doc_id not in (None, "") and (not isinstance(doc_id, str) or not ID_PATTERN.match(doc_id)):
        fm.problems.append(
            (
                at("id"),
                "AM103",
                f"invalid document id {str(doc_id)!r}: use a letter, then letters, digits, '-' or '_'",
            )
        )
        meta["id"] = None
    for key in TEXT_FIELDS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            fm.problems.append((at(key), "AM103", f"'{key}' must be text, got {_type_name(value)}"))
            meta[key] = str(value)
    authors = meta.get("authors")
    if isinstance(authors, str):
        meta["authors"] = [authors]
    elif isinstance(authors, list):
        if not all(isinstance(a, str) and a.strip() for a in authors):
            fm.problems.append((at("authors"), "AM103", "'authors' must be a list of names"))
        meta["authors"] = [str(a) for a in authors if a is not None]
    elif authors is not None:
        fm.problems.append((at("authors"), "AM103", "'authors' must be a name or a list of names"))
        meta["authors"] = [str(authors)]
    if "date" in meta and meta["date"] is not None:
        meta["date"] = _check_date(meta["date"], at("date"), fm)
    url = meta.get("url")
    if url is not None:
        problem = url_problem(url) if isinstance(url, str) else "it is not text"
        if problem:
            fm.problems.append((at("url"), "AM205", f"'url' {str(url)!r} is not a well-formed http(s) URL: {problem}"))
    notes = meta.get("notes")
    if notes is not None and not (isinstance(notes, dict) and all(isinstance(v, str) for v in notes.values())):
        fm.problems.append(
            (at("notes"), "AM103", "'notes' must map field names to notes, e.g. 'date: inferred from ...'")
        )
    elif isinstance(notes, dict):
        meta["notes"] = {str(k): v for k, v in notes.items()}


def is_date(text: str) -> bool:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real calendar date (what AM103 accepts)."""
    m = _DATE.match(text)
    if m is None:
        return False
    try:
        _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return False
    return True


def _check_date(value: Any, offset: int, fm: FrontMatter) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    if not is_date(text):
        fm.problems.append((offset, "AM103", f"'date' {text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"))
    return text


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
