"""Argdown (https://argdown.org), both ways.

Export: a heading per document, then per span a statement definition
``[doc#id]: text {"kind": ..., "label": ...}`` (title = the node key, text =
the span's words, the other attributes as Argdown data) followed by its
outgoing relations, indented: ``+> [target]`` (supports) and ``-> [target]``
(attacks). Text is escaped for Argdown's lexer (1.7): a backslash before every
character that could start a token (``[ ] < { } * _ # \\``, ``//``, ``/*``,
runs of ``===``, and ``.x.``/``:x:`` where Argdown would read a shortcode).

Import reads the subset that maps onto argmap: statements (defined, referenced
or untitled; their text, data and ``#tags``) and support/attack relations in
relation trees at any depth. Arguments, undercuts, contradictions and
premise-conclusion inferences are reported (AM509) and left out; statements
inside a premise-conclusion structure are kept.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from argmap.errors import Location
from argmap.formats.interchange import (
    ImportedClaim,
    ImportedMap,
    ImportedRelation,
    Positions,
    fit_kind,
    has_surrogates,
    kind_from_relations,
    replace_surrogates,
    sorted_edges,
    sorted_nodes,
    surrogate_message,
)
from argmap.model import NodeKind, RelationType
from argmap.parse import normalize_space

if TYPE_CHECKING:
    import networkx as nx

#: Argdown 1.7's default shortcodes (``.A.``, ``:smile:``, ...): text that would become a symbol.
SHORTCODES = frozenset(
    ".A. :A: .E. :E: .O. :O: .P. :P: .->. :->: .<->. :<->: .~. :~: .^. :^: .v. :v: .v_. :v_: .<>. :<>: "
    ".[]. :[]: :happy: .happy. :smile: .smile. :smiley: .smiley. :laugh: .laugh. :lol: .lol. :rofl: .rofl. "
    ":joy: .joy. :heart: .heart. .?. :?: .question. :question: :love: .love. :wink: .wink. :shush: .shush. "
    ":meh: .meh. :eye-roll: .eye-roll. :sad: .sad. :disappointed: .disappointed. :scream: .scream. :+1: .+1. "
    ":up: .up. :-1: .-1. :down: .down. :think: .think. .star. :star: .y. :y: .agree. :agree: .n. :n: "
    ".disagree. :disagree:".split()
)
_ALWAYS = frozenset("\\[]<{}*_#")
_DATA_KEYS = ("kind", "label", "by", "cite", "tags")


# -- export ---------------------------------------------------------------


def escape_text(text: str) -> str:
    """``text`` as Argdown statement text that Argdown reads back as ``text`` (on one line)."""
    text = re.sub(r"[\r\n\u2028\u2029]+", " ", text)
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if (
            ch in _ALWAYS
            or (ch == "/" and i + 1 < n and text[i + 1] in "/*")
            or (ch == "=" and _in_run(text, i, "=", 3))
        ):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return _escape_special_chars("".join(out))


def _in_run(text: str, i: int, ch: str, length: int) -> bool:
    start = i
    while start > 0 and text[start - 1] == ch:
        start -= 1
    end = i
    while end < len(text) and text[end] == ch:
        end += 1
    return end - start >= length


_SPECIAL = re.compile(r"\.[^\s]+?\.[ \t]?|:[^\s]+?:[ \t]?")


def _escape_special_chars(text: str) -> str:
    """Walk the text as Argdown's lexer does; escape a ``.``/``:`` that would open a shortcode or swallow an escape."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i : i + 2])
            i += 2
            continue
        if ch in ".:":
            m = _SPECIAL.match(text, i)
            if m:
                image = m.group()
                if image.strip() in SHORTCODES or "\\" in image:
                    out.append("\\" + ch)
                    i += 1
                    continue
                out.append(image)
                i = m.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _data(data: dict[str, Any]) -> str:
    values = {k: data.get(k) for k in _DATA_KEYS if data.get(k) not in (None, [], "")}
    if not values:
        return ""
    text = json.dumps(values, ensure_ascii=False)
    inner = text[1:-1]
    for ch, code in (
        ("{", "\\u007b"),
        ("}", "\\u007d"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("=", "\\u003d"),
    ):
        inner = inner.replace(ch, code)
    return " {" + inner + "}"


def to_argdown(graph: nx.MultiDiGraph) -> str:
    """The graph as an Argdown document."""
    documents = graph.graph.get("documents", {})
    targets: dict[str, list[tuple[str, str]]] = {}
    for source, target, key, _ in sorted_edges(graph):
        targets.setdefault(source, []).append((key, target))
    lines: list[str] = []
    current: str | None = None
    for node, data in sorted_nodes(graph):
        doc = str(data.get("doc") or "")
        if doc != current:
            current = doc
            title = str(documents.get(doc, {}).get("title") or doc)
            lines.append(f"# {escape_text(title)} ({escape_text(doc)})")
            lines.append("")
        lines.append(f"[{node}]: {escape_text(str(data.get('text') or node))}{_data(data)}")
        for key, target in targets.get(node, []):
            lines.append(f"    {'+>' if key == 'supports' else '->'} [{target}]")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


# -- import ---------------------------------------------------------------

_REL_OPS = (  # (pattern, relation, child is the source) in the order Argdown's lexer tries them
    (re.compile(r"([ \t]*)(\+>)"), "supports", False),
    (re.compile(r"([ \t]*)(->)"), "attacks", False),
    (re.compile(r"([ \t]*)(<?\+)"), "supports", True),
    (re.compile(r"([ \t]*)(<?-)"), "attacks", True),
    (re.compile(r"([ \t]*)(><)"), "contradiction", True),
    (re.compile(r"([ \t]*)(_>)"), "undercut", False),
    (re.compile(r"([ \t]*)(<_|_(?=\s))"), "undercut", True),
)
_INFERENCE = re.compile(r"[ \t]*-{2}")
_HEADING = re.compile(r"#+ ")
_PCS_NUMBER = re.compile(r"[ \t]*\(\d+\)")
_LIST_ITEM = re.compile(r"[ \t]*(?:\d+\.|\*)(?=\s)")
_STATEMENT_DEF = re.compile(r"\[(.+?)\]:")
_STATEMENT_REF = re.compile(r"\[([^-].*?)\]")
_ARGUMENT_DEF = re.compile(r"<(.+?)>:")
_ARGUMENT_REF = re.compile(r"<([^-].*?)>")
_TAG = re.compile(r"#(?:\(([^)]+)\)|([A-Za-z0-9\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef]+))[ \t]?")
_LINK = re.compile(r"\[([^\]]+?)\]\([^)]+?\)[ \t]?")
# Unescaped ``*`` and ``_`` are marked with private-use characters while text is read, so that
# escaped ones stay literal; emphasis is then removed where Argdown reads a start and an end.
_STAR, _UNDERSCORE = "\ue000", "\ue001"
_EMPHASIS = re.compile(
    f"({_STAR}{_STAR}|{_UNDERSCORE}{_UNDERSCORE}|{_STAR}|{_UNDERSCORE})(?=\\S)(.+?)(?<=\\S)\\1"
    f"(?=[\\s)}}.,!?;:{_STAR}{_UNDERSCORE}-]|$)"
)


@dataclass(slots=True)
class _Statement:
    key: str
    title: str | None
    loc: Location
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    is_argument: bool = False


@dataclass(slots=True)
class _Open:
    """An element whose text may go on on the next line, or that relations hang from."""

    indent: int
    element: _Statement


def _blank_comments(text: str) -> str:
    """Comments (``//``, ``/* */``, ``<!-- -->``) and front matter become spaces; newlines stay."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] not in "\r\n":
                out[k] = " "

    stripped = text.lstrip()
    if stripped.startswith("==="):
        m = re.compile(r"===+[\s\S]*?===+").search(text)
        if m:
            blank(m.start(), m.end())
            i = m.end()
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            close = text.find("]", i + 1)
            i = close + 1 if close > i and "\n" not in text[i:close] else i + 1
        elif ch == "{" and (end := _data_end(text, i)) > 0:
            i = end  # a data block is one token: '//' in it is no comment
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif text.startswith("/*", i) or text.startswith("<!--", i):
            closer = "*/" if ch == "/" else "-->"
            end = text.find(closer, i + 2)
            end = n if end < 0 else end + len(closer)
            blank(i, end)
            i = end
        else:
            i += 1
    return "".join(out)


def _front_matter_title(text: str) -> str | None:
    m = re.match(r"\s*===+\s*\n([\s\S]*?)\n===+", text)
    if not m:
        return None
    data = _load_yaml(m.group(1))
    title = data.get("title") if isinstance(data, dict) else None
    return str(title) if isinstance(title, (str, int, float)) and str(title) else None


@dataclass(frozen=True, slots=True)
class _BadData:
    """A data block YAML cannot read, and why."""

    reason: str


#: Scalars a data value may be (lists and mappings are not text; ``str()`` of a YAML alias bomb would never end).
_SCALARS = (str, int, float, _dt.date)


def _load_yaml(text: str) -> Any:
    """YAML as PyYAML reads it, or :class:`_BadData` (bad syntax, nesting too deep, a value Python cannot hold)."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return _BadData("is not a mapping")
    except RecursionError:
        return _BadData("is nested too deeply")
    except (ValueError, OverflowError) as exc:  # a date like 2019-02-30, an integer of more than 4300 digits
        return _BadData(f"holds a value that cannot be read ({str(exc).split(':')[0]})")


def _without_surrogates(data: Any) -> tuple[Any, bool]:
    """``data`` (a YAML mapping) with lone surrogates in its strings replaced by U+FFFD; and whether any was."""
    if isinstance(data, str):
        return (replace_surrogates(data), True) if has_surrogates(data) else (data, False)
    if isinstance(data, dict):
        changed = False
        out: dict[Any, Any] = {}
        for k, v in data.items():
            k2, c1 = _without_surrogates(k) if isinstance(k, str) else (k, False)
            v2, c2 = _without_surrogates(v) if isinstance(v, (str, list)) else (v, False)
            out[k2] = v2
            changed = changed or c1 or c2
        return out, changed
    if isinstance(data, list):  # one level: tags; deeper values are not read
        items = [replace_surrogates(x) if isinstance(x, str) else x for x in data]
        return items, any(isinstance(x, str) and has_surrogates(x) for x in data)
    return data, False


class _Reader:
    def __init__(self, text: str, path: str) -> None:
        self.result = ImportedMap(path=path)
        self.pos = Positions(text, path)
        self.statements: dict[str, _Statement] = {}
        self.order: list[str] = []
        self.untitled = 0
        self.relations: list[tuple[_Statement, _Statement, str, Location]] = []
        self.reported_arguments: set[str] = set()

    def element(self, rest: str, line: int, col: int) -> tuple[_Statement, str]:
        """The statement or argument that ``rest`` starts with, and its text after the title."""
        loc = Location(self.pos.path, line, col)
        for pattern, is_argument in (
            (_STATEMENT_DEF, False),
            (_ARGUMENT_DEF, True),
            (_STATEMENT_REF, False),
            (_ARGUMENT_REF, True),
        ):
            m = pattern.match(rest)
            if m:
                title = m.group(1).strip()
                key = ("<arg>" if is_argument else "") + title
                found = self.statements.get(key)
                if found is None:
                    found = self.statements[key] = _Statement(key, title, loc, is_argument=is_argument)
                    self.order.append(key)
                if is_argument and key not in self.reported_arguments:
                    self.reported_arguments.add(key)
                    self.result.report(loc, "AM509", f"argument <{title}> has no argmap counterpart: not carried")
                    self.result.skip("arguments (<...>)")
                return found, rest[m.end() :]
        self.untitled += 1
        key = f"untitled-{self.untitled}"
        found = self.statements[key] = _Statement(key, None, loc)
        self.order.append(key)
        return found, rest

    def add_text(self, statement: _Statement, raw: str, line: int) -> None:
        text, data, tags = _inline(raw)
        if data is not None:
            if isinstance(data, dict):
                data, changed = _without_surrogates(data)
                if changed:  # YAML escapes such as "\ud800"
                    self.result.report(
                        Location(self.pos.path, line, 1), "AM510", surrogate_message("data after a statement holds one")
                    )
                for k, v in data.items():
                    statement.data.setdefault(str(k), v)
            else:
                why = data.reason if isinstance(data, _BadData) else "is not a mapping"
                self.result.report(Location(self.pos.path, line, 1), "AM502", f"data after a statement {why}: ignored")
        statement.tags.extend(t for t in tags if t not in statement.tags)
        if not text:
            return
        if statement.text and not statement.text.endswith(" "):
            statement.text += " "
        statement.text += text

    def finish_definition(self, statement: _Statement, before: str, line: int, col: int) -> None:
        """A second definition with other text keeps the first."""
        if before and statement.text != before:
            self.result.report(
                Location(self.pos.path, line, col),
                "AM510",
                f"[{statement.title}] is defined again with other text: the first text (line {statement.loc.line}) is kept",
            )
            statement.text = before


def _inline(raw: str) -> tuple[str, Any, list[str]]:
    """Statement text -> (plain text, data or None, tags), following Argdown's inline syntax."""
    data: Any = None
    tags: list[str] = []
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\" and i + 1 < n:
            out.append(raw[i + 1])
            i += 2
            continue
        if ch == "{":
            close = _data_end(raw, i)
            if close > 0:
                data = _load_yaml(raw[i:close])
                i = close
                continue
        if ch == "#":
            m = _TAG.match(raw, i)
            if m:
                tags.append((m.group(1) or m.group(2)).strip().replace(" ", "-"))
                i = m.end()
                continue
        if ch in "*_":
            out.append(_STAR if ch == "*" else _UNDERSCORE)
            i += 1
            continue
        if ch == "[":
            m = _LINK.match(raw, i)
            if m:
                out.append(m.group(1))
                i = m.end()
                continue
        out.append(ch)
        i += 1
    text = "".join(out)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    text = text.replace(_STAR, "*").replace(_UNDERSCORE, "_")
    return normalize_space(text), data, tags


def _data_end(raw: str, start: int) -> int:
    """End of an Argdown data block ``{...}`` starting at ``start`` (nested braces allowed), or -1."""
    depth = 0
    quote: str | None = None
    i = start
    while i < len(raw):
        ch = raw[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def read_argdown(text: str, path: str) -> ImportedMap:
    """Read the statement/relation subset of an Argdown document (see the module docstring)."""
    text = text.removeprefix("\ufeff")
    reader = _Reader(text, path)
    result = reader.result
    title = _front_matter_title(text)
    if title and has_surrogates(title):
        key = re.search(r"^[ \t]*title[ \t]*:", text, re.MULTILINE)
        loc = reader.pos.loc(key.start()) if key else Location(path, 1, 1)
        result.report(loc, "AM510", surrogate_message("the front matter's title holds one"))
        title = replace_surrogates(title)
    if title:
        result.meta["title"] = title
    cleaned = _blank_comments(text)
    stack: list[_Open] = []
    current: _Statement | None = None  # the element whose text the next line continues
    in_pcs = False
    for number, line in enumerate(cleaned.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            stack, current, in_pcs = [], None, False
            continue
        if _INFERENCE.match(line):
            if not in_pcs:
                result.report(
                    Location(path, number, 1), "AM502", "an inference line ('--') outside an argument reconstruction"
                )
            else:
                result.report(
                    Location(path, number, 1), "AM509", "the inference of a premise-conclusion structure is not carried"
                )
                result.skip("inferences of premise-conclusion structures")
            current = None
            continue
        if _HEADING.match(line):
            result.skip("headings (sections)")
            stack, current = [], None
            continue
        pcs = _PCS_NUMBER.match(line)
        if pcs:
            in_pcs = True
            rest = line[pcs.end() :].lstrip()
            col = len(line) - len(rest) + 1
            element, after = reader.element(rest, number, col)
            before = element.text
            reader.add_text(element, after, number)
            reader.finish_definition(element, before, number, col)
            stack, current = [], element
            continue
        relation = next(((m, rel, child_src) for p, rel, child_src in _REL_OPS if (m := p.match(line))), None)
        if relation is not None:
            m, rel, child_is_source = relation
            indent = len(m.group(1).expandtabs(4))
            rest = line[m.end() :].lstrip()
            col = len(line) - len(rest) + 1
            while stack and stack[-1].indent >= indent:
                stack.pop()
            if not stack or indent == 0:
                result.report(
                    Location(path, number, 1), "AM502", "a relation with no statement above it to hang from (indent it)"
                )
                result.skip("relations with no parent")
                current = None
                continue
            parent = stack[-1].element
            child, after = reader.element(rest, number, col)
            before = child.text
            reader.add_text(child, after, number)
            reader.finish_definition(child, before, number, col)
            source, target = (child, parent) if child_is_source else (parent, child)
            reader.relations.append((source, target, rel, Location(path, number, len(m.group(1)) + 1)))
            stack.append(_Open(indent, child))
            current = child
            continue
        if current is not None:
            reader.add_text(current, line, number)
            continue
        item = _LIST_ITEM.match(line)
        rest = line[item.end() :].lstrip() if item else line.lstrip()
        col = len(line) - len(rest) + 1
        element, after = reader.element(rest, number, col)
        before = element.text
        reader.add_text(element, after, number)
        reader.finish_definition(element, before, number, col)
        stack, current = [_Open(-1, element)], element
    _collect(reader)
    return result


def _collect(reader: _Reader) -> None:
    result = reader.result
    statements = [reader.statements[k] for k in reader.order if not reader.statements[k].is_argument]
    result.read["statements"] = len(statements)
    result.read["arguments"] = len(reader.statements) - len(statements)
    result.read["relations"] = len(reader.relations)
    empty = {st.key for st in statements if not st.text and not st.title}
    for st in statements:
        if st.key in empty:  # e.g. a bare '(1)' or a line of only data: nothing to mark
            result.report(st.loc, "AM506", "a statement with neither text nor title: skipped")
            result.skip("statements with neither text nor title")
    statements = [st for st in statements if st.key not in empty]
    seen: set[tuple[str, str, RelationType]] = set()
    for source, target, rel, loc in reader.relations:
        if rel in ("undercut", "contradiction"):
            result.report(loc, "AM509", f"{rel} relations have no argmap counterpart: not carried")
            result.skip(f"{rel} relations")
            continue
        if source.is_argument or target.is_argument:
            result.skip("relations to or from an argument")
            continue
        if source.key in empty or target.key in empty:
            result.skip("relations to or from a skipped statement")
            continue
        rel_type = RelationType(rel)
        if (source.key, target.key, rel_type) in seen:
            result.skip("relations declared twice")
            continue
        seen.add((source.key, target.key, rel_type))
        result.relations.append(ImportedRelation(source.key, target.key, rel_type, loc))
    declares: dict[str, set[RelationType]] = {}
    for r in result.relations:
        declares.setdefault(r.source, set()).add(r.type)
    ignored_keys: set[str] = set()
    for st in statements:
        text = st.text
        if not text:
            text = st.title or ""
            result.report(st.loc, "AM510", f"statement [{st.title}] has no text: its title is used")
        types = declares.get(st.key, set())
        supports, attacks = RelationType.SUPPORTS in types, RelationType.ATTACKS in types
        given_kind = st.data.get("kind")
        try:
            kind = fit_kind(NodeKind(given_kind if isinstance(given_kind, str) else ""), supports, attacks)
        except ValueError:
            kind = kind_from_relations(supports, attacks)
        ignored_keys |= {k for k in st.data if k not in _DATA_KEYS}
        data_tags = st.data.get("tags")
        tags = [str(t) for t in data_tags if isinstance(t, _SCALARS)] if isinstance(data_tags, list) else []
        tags += [t for t in st.tags if t not in tags]
        result.claims.append(
            ImportedClaim(
                key=st.key,
                text=text,
                kind=kind,
                loc=st.loc,
                id_hint=st.title or st.key,
                label=_text(st.data.get("label")),
                by=_text(st.data.get("by")),
                cite=_text(st.data.get("cite")),
                tags=tuple(t for t in tags if t and not any(c.isspace() for c in t)),
            )
        )
    for key in sorted(ignored_keys):
        result.skip(f"data key {key!r} (argmap reads kind, label, by, cite, tags)")


def _text(value: Any) -> str | None:
    """A data value as text; lists and mappings are no text."""
    return normalize_space(str(value)) or None if isinstance(value, _SCALARS) else None
