"""Argdown (https://argdown.org), both ways.

Export: a heading per document, then per span a statement definition
``[doc#id]: text {"kind": ..., "label": ...}`` (title = the node key, text =
the span's words, the other attributes as Argdown data) followed by its
outgoing relations, indented: ``+> [target]`` (supports) and ``-> [target]``
(attacks). Text is escaped for Argdown's lexer (1.7): a backslash before every
character that could start a token (``[ ] < { } * _ # \\``, ``//``, ``/*``,
runs of ``===``, and ``.x.``/``:x:`` where Argdown would read a shortcode).

Import reads the document as ``@argdown/cli`` 1.7 does
(:mod:`argmap.formats.argdown_syntax` ports its lexer, grammar and model step)
and carries what maps onto argmap: every statement (an equivalence class: its
title, the last definition's text, merged data and ``#tags``); every argument
without a premise-conclusion structure (a sketched one) as a span keyed
``<title>`` (its last description, else its title, as text; its title as label;
tagged ``argument`` and with its ``#tags`` and data as a statement's); the
relations between two of these (support and attack; ``entails`` and
``contrary`` between statements in ``strict`` mode), including those Argdown
moves from a reconstructed argument to its main conclusion; each inference of a
premise-conclusion structure as supports (linked when it has several premises,
kept in :attr:`ImportedMap.inferences` for the writer) and undercuts of it. A
reconstructed argument's own title and description, relations to or from it
that Argdown leaves there, undercuts of anything but an inference, and
contradictions are reported (AM509) or counted and left out.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from argmap.errors import Location
from argmap.formats.argdown_syntax import SHORTCODES as _SHORTCODE_SYMBOLS
from argmap.formats.imported import (
    ImportedClaim,
    ImportedInference,
    ImportedMap,
    ImportedRelation,
    Positions,
    has_surrogates,
    kind_for,
    relation_kinds,
    replace_surrogates,
    scheme_names,
    scheme_of,
    sorted_edges,
    sorted_nodes,
    surrogate_message,
)
from argmap.model import NodeKind, RelationType
from argmap.source.parse import normalize_space

if TYPE_CHECKING:
    import networkx as nx

#: Argdown 1.7's default shortcodes (``.A.``, ``:smile:``, ...): text that would become a symbol.
SHORTCODES = frozenset(_SHORTCODE_SYMBOLS)
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


def _data(data: dict[str, Any], relations: dict[str, Any] | None = None) -> str:
    values = {k: data.get(k) for k in _DATA_KEYS if data.get(k) not in (None, [], "")}
    values.update(relations or {})
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


#: Relations Argdown has no syntax for, written as data of the source's statement (argmap reads them back).
DATA_RELATIONS = (RelationType.OUTWEIGHS, RelationType.QUALIFIES, RelationType.EXPLAINS)
#: The data key of an undercut of an attack (Argdown undercuts only an argument's inference): ``[[a, c], ...]``.
UNDERCUTS_KEY = "undercuts"


@dataclass(slots=True)
class _Pcs:
    """An inference written as a reconstructed argument: premise-conclusion structure ``(1) ... ---- (n)``."""

    title: str
    premises: list[str]
    conclusion: str
    rule: str | None


def to_argdown(graph: nx.MultiDiGraph[str]) -> str:
    """The graph as an Argdown document.

    A support is ``+> [target]`` under its premise; an inference of several premises (linked),
    one that is undercut, or one with a scheme name is a reconstructed argument ``<Inference N>``
    whose premise-conclusion structure lists its premises, the rule (the scheme name) and its
    conclusion, and an undercut of it is ``_> <Inference N>`` under the undercutter. An attack
    is ``-> [target]``. Argdown has no syntax for an undercut of an attack, a preference, a
    qualification or an explanation: they are data of the source's statement
    (``{"undercuts": [[a, c]], "outweighs": [...], "qualifies": [...], "explains": [...]}``),
    which Argdown keeps and argmap's import reads.
    """
    documents = graph.graph.get("documents", {})
    inferences = graph.graph.get("inferences", {})
    schemes = scheme_names(graph)
    ordered = sorted_edges(graph)
    undercut = {
        str(d["inference"]) for _, _, d in graph.edges(data=True) if d.get("type") == "undercuts" and d.get("inference")
    }
    arguments: dict[str, _Pcs] = {}
    for source, target, _, data in ordered:
        name = str(data.get("inference") or "")
        if data.get("type") != "supports" or not name or name in arguments:
            continue
        info = inferences.get(name)
        premises = [str(p) for p in info["premises"]] if isinstance(info, dict) else [source]
        rule = scheme_of(schemes, premises, target)
        if len(premises) > 1 or name in undercut or rule:
            arguments[name] = _Pcs(f"Inference {len(arguments) + 1}", premises, target, rule)
    lines_of: dict[str, list[str]] = {}
    relations_of: dict[str, dict[str, Any]] = {}
    for source, target, _, data in ordered:
        rel_type = data.get("type")
        lines = lines_of.setdefault(source, [])
        if rel_type == "supports":
            if str(data.get("inference")) not in arguments:
                lines.append(f"+> [{target}]")
        elif rel_type == "attacks":
            lines.append(f"-> [{target}]")
        elif rel_type == "undercuts" and str(data.get("inference")) in arguments:
            lines.append(f"_> <{arguments[str(data['inference'])].title}>")
        elif rel_type == "undercuts":
            via = str(data.get("relation") or "").partition(">")[0]
            relations_of.setdefault(source, {}).setdefault(UNDERCUTS_KEY, []).append([via, target])
        elif rel_type in DATA_RELATIONS:
            relations_of.setdefault(source, {}).setdefault(str(rel_type), []).append(target)
    pcs_of: dict[str, list[_Pcs]] = {}
    for pcs in arguments.values():
        pcs_of.setdefault(str(graph.nodes[pcs.conclusion].get("doc") or ""), []).append(pcs)
    out: list[str] = []
    current: str | None = None

    def close(doc: str | None) -> None:
        for pcs in pcs_of.pop(doc or "", []) if doc is not None else []:
            out.append(f"<{pcs.title}>")
            out.append("")
            out.extend(f"({n}) [{premise}]" for n, premise in enumerate(pcs.premises, 1))
            out.append(f"-- {escape_text(pcs.rule)} --" if pcs.rule else "----")
            out.append(f"({len(pcs.premises) + 1}) [{pcs.conclusion}]")
            out.append("")

    for node, data in sorted_nodes(graph):
        doc = str(data.get("doc") or "")
        if doc != current:
            close(current)
            current = doc
            title = str(documents.get(doc, {}).get("title") or doc)
            out.append(f"# {escape_text(title)} ({escape_text(doc)})")
            out.append("")
        extra = relations_of.get(node)
        out.append(f"[{node}]: {escape_text(str(data.get('text') or node))}{_data(data, extra)}")
        out.extend(f"    {line}" for line in lines_of.get(node, []))
        out.append("")
    close(current)
    return "\n".join(out).rstrip("\n") + "\n"


# -- import ---------------------------------------------------------------

#: Argdown relation types -> argmap relations (``entails``/``contrary`` are ``strict`` mode's names).
_RELATION_OF = {
    "support": RelationType.SUPPORTS,
    "entails": RelationType.SUPPORTS,
    "attack": RelationType.ATTACKS,
    "contrary": RelationType.ATTACKS,
}


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


def plain_text(raw: str) -> str:
    """The text Argdown reads from ``raw`` written after a statement title (whitespace collapsed)."""
    from argmap.formats.argdown_syntax import parse

    model, _ = parse(f"[t]: {raw}", _load_yaml)
    statement = model.statements.get("t")
    member = statement.canonical() if statement is not None else None
    return normalize_space(member.text or "") if member is not None else ""


def read_argdown(text: str, path: str) -> ImportedMap:
    """Read an Argdown document as ``@argdown/cli`` 1.7 does; carry its statements and their relations."""
    from argmap.formats.argdown_syntax import Argument, Inference, Statement, parse

    text = text.removeprefix("\ufeff")
    result = ImportedMap(path=path)
    pos = Positions(text, path)
    model, lexed = parse(text, _load_yaml)
    for offset in lexed.errors:
        result.report(
            pos.loc(offset), "AM502", "a backslash at the end of a line escapes nothing: Argdown cannot read it"
        )
        result.skip("characters Argdown cannot read")
    for problem in model.problems:
        if problem.skipped:
            message = f"Argdown cannot read this: {problem.message}; skipped up to the next empty line"
            result.skip("blocks with a syntax error")
        else:
            message = f"Argdown cannot read this: {problem.message} (read on)"
        result.report(pos.loc(problem.offset), "AM502", message)
    _front_matter(result, model.front_matter, pos.loc(model.front_matter_offset))
    if model.headings:
        result.skip("headings (sections)", model.headings)
    statements = [s for s in model.statements.values() if s.members]  # none: its block had a syntax error
    result.read["statements"] = len(statements)
    result.read["arguments"] = len(model.arguments)
    result.read["relations"] = len(model.relations)
    inference_of: dict[int, tuple[str, str]] = {}  # id(an inference line) -> (a premise, the conclusion)
    sketched: list[Argument] = []
    for argument in model.arguments.values():
        if argument.pcs:
            loc = pos.loc(argument.members[0].offset if argument.members else argument.offset)
            message = (
                f"argument <{argument.title}>: its premise-conclusion structure is carried (each inference a "
                "support, linked when it has several premises), the argument itself (title, description) is not"
            )
            _inferences(result, argument, pos, inference_of)
            result.report(loc, "AM509", message)
            result.skip(_RECONSTRUCTED)
        elif argument.members:
            sketched.append(argument)
        else:  # made by a relation in a block with a syntax error, never defined
            result.skip("arguments in a block with a syntax error")
    key_of = argument_keys(statements, sketched)
    _shared_premises(result)
    linked = {(p, i.conclusion) for i in result.inferences for p in i.premises}
    for relation in model.relations:
        source, target = relation.source, relation.target
        loc = pos.loc(relation.offset)
        if relation.type == "undercut" and isinstance(source, Statement) and id(target) in inference_of:
            premise, conclusion = inference_of[id(target)]
            result.relations.append(
                ImportedRelation(
                    source.title, conclusion, RelationType.UNDERCUTS, loc, of=premise, of_type=RelationType.SUPPORTS
                )
            )
        elif relation.type in ("undercut", "contradictory"):
            if relation.type == "undercut":
                message = (
                    "an undercut attacks an argument's inference: this one's target is no reconstructed argument "
                    "(or its source is no statement), so argmap has nothing to attach it to; not carried"
                )
                what = "undercuts (_> and <_) not of a reconstructed argument's inference"
            else:
                message, what = "contradictions have no argmap counterpart: not carried", "contradictions (><)"
            result.report(loc, "AM509", message)
            result.skip(what)
        elif any(isinstance(n, (Statement, Argument)) and not n.members for n in (source, target)):
            result.skip("relations in a block with a syntax error")
        elif id(source) in key_of and id(target) in key_of:
            rel_type = _RELATION_OF[relation.type]
            ends = key_of[id(source)], key_of[id(target)]
            if rel_type is RelationType.SUPPORTS and ends in linked:  # two statements: linked holds no argument
                result.report(
                    loc,
                    "AM510",
                    f"[{ends[0]}] supports [{ends[1]}] on its own here and together with others in an "
                    "argument: argmap has one inference per premise and conclusion, so it is the argument's",
                )
            result.relations.append(ImportedRelation(*ends, rel_type, loc))
        else:
            kinds = {type(n) for n in (source, target)}
            what = "an inference" if Inference in kinds else "an argument with a premise-conclusion structure"
            result.skip(f"relations to or from {what} ({relation.type})")
    _data_relations(result, statements, model.statements, pos)
    declares = relation_kinds(result.relations)
    ignored_keys: set[str] = set()
    ignored_argument_keys: set[str] = set()
    for statement in statements:
        claim = _claim(result, statement, pos, declares.get(statement.title, (set(), set())))
        ignored_keys |= {k for k in statement.data if k not in _READ_KEYS}
        result.claims.append(claim)
    for argument in sketched:
        key = key_of[id(argument)]
        result.claims.append(_claim(result, argument, pos, declares.get(key, (set(), set())), key=key))
        ignored_argument_keys |= {k for k in argument.data if k not in _DATA_KEYS}
    for key in sorted(ignored_keys):
        result.skip(f"data key {key!r} (argmap reads {', '.join(_READ_KEYS)})")
    for key in sorted(ignored_argument_keys):
        result.skip(f"data key {key!r} of an argument (argmap reads {', '.join(_DATA_KEYS)})")
    return result


#: Data keys the import reads: the span's fields, and the relations Argdown has no syntax for.
_READ_KEYS = (*_DATA_KEYS, UNDERCUTS_KEY, *(str(t) for t in DATA_RELATIONS))
#: What is not carried of an argument with a premise-conclusion structure (its inferences are).
_RECONSTRUCTED = "arguments with a premise-conclusion structure (their title and description)"
#: The tag of every span made from an argument.
ARGUMENT_TAG = "argument"


def argument_keys(statements: list[Any], arguments: list[Any]) -> dict[int, str]:
    """id(statement or argument) -> its claim key: a statement's title; ``<title>`` for an argument.

    A statement may be titled ``<A>`` too (``[<A>]: ...``): then the argument's key gets `` 2``,
    `` 3``, ... until it is no statement's title, so the keys of the two never meet.
    """
    keys = {id(s): s.title for s in statements}
    used = {s.title for s in statements}
    for argument in arguments:
        key = base = f"<{argument.title}>"
        n = 2
        while key in used:
            key = f"{base} {n}"
            n += 1
        used.add(key)
        keys[id(argument)] = key
    return keys


def _data_relations(result: ImportedMap, statements: list[Any], titles: dict[str, Any], pos: Positions) -> None:
    """Undercuts of attacks, preferences, qualifications and explanations from statements' data (argmap's export)."""
    for statement in statements:
        data = statement.data
        member = next((m for m in statement.members if m.data_offset is not None), statement.members[0])
        loc = pos.loc(member.data_offset if member.data_offset is not None else member.offset)
        entries: list[tuple[RelationType, Any]] = [(t, v) for t in DATA_RELATIONS for v in _as_list(data.get(str(t)))]
        entries += [(RelationType.UNDERCUTS, v) for v in _as_list(data.get(UNDERCUTS_KEY))]
        for rel_type, value in entries:
            if rel_type is RelationType.UNDERCUTS:
                pair = value if isinstance(value, list) and len(value) == 2 else None
                ends = [str(x) for x in pair] if pair and all(isinstance(x, (str, int)) for x in pair) else None
            else:
                ends = [str(value)] if isinstance(value, (str, int)) else None
            if ends is None:
                result.report(
                    loc, "AM502", f"data {rel_type!s}: {value!r} is not a statement title (or, for undercuts, a pair)"
                )
                result.skip(f"data {rel_type} values that name no statement")
                continue
            unknown = [t for t in ends if t not in titles]
            if unknown:
                result.report(loc, "AM504", f"data {rel_type!s} names [{unknown[0]}], which is no statement")
                result.skip(f"data {rel_type} values that name no statement")
                continue
            if rel_type is RelationType.UNDERCUTS:
                of, target = ends
                of_type = next(
                    (r.type for r in result.relations if (r.source, r.target) == (of, target) and r.type in _PLAIN),
                    None,
                )
                result.relations.append(
                    ImportedRelation(statement.title, target, rel_type, loc, of=of, of_type=of_type)
                )
            else:
                result.relations.append(ImportedRelation(statement.title, ends[0], rel_type, loc))


_PLAIN = (RelationType.SUPPORTS, RelationType.ATTACKS)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _shared_premises(result: ImportedMap) -> None:
    """Two inferences of one conclusion that share a premise are one inference to argmap (AM510)."""
    seen: dict[tuple[str, str], ImportedInference] = {}
    for inference in result.inferences:
        for premise in inference.premises:
            first = seen.setdefault((premise, inference.conclusion), inference)
            if first is not inference:
                result.report(
                    inference.loc,
                    "AM510",
                    f"this inference and the one at line {first.loc.line} both have [{premise}] as a premise of "
                    f"[{inference.conclusion}]: argmap has one inference per premise and conclusion, so they are one",
                )
                break


def _front_matter(result: ImportedMap, data: Any, loc: Location) -> None:
    """title, author(s) and date from Argdown's front matter (``===`` ... ``===``)."""
    if isinstance(data, _BadData):
        result.report(loc, "AM502", f"the front matter {data.reason}: ignored")
        return
    if not isinstance(data, dict):
        return
    data, changed = _without_surrogates(data)
    if changed:
        result.report(loc, "AM510", surrogate_message("the front matter holds one"))
    title = data.get("title")
    if isinstance(title, (str, int, float)) and str(title).strip():
        result.meta["title"] = normalize_space(str(title))
    authors = data.get("authors", data.get("author"))
    if isinstance(authors, str):
        authors = [authors]
    if isinstance(authors, list):
        names = [normalize_space(str(a)) for a in authors if isinstance(a, (str, int, float)) and str(a).strip()]
        if names:
            result.meta["authors"] = names
    date = data.get("date")
    if isinstance(date, (str, _dt.date)) and str(date).strip():
        result.meta["date"] = str(date).strip()


def _inferences(result: ImportedMap, argument: Any, pos: Positions, inference_of: dict[int, tuple[str, str]]) -> None:
    """Each inference of a premise-conclusion structure: its premises support its conclusion (together, if several).

    The premises of an inference are the statements since the previous one, and the previous
    conclusion; the rule names (``-- Modus ponens --``) are its scheme name.
    """
    premises: list[str] = []
    for step in argument.pcs:
        if step.inference is None:
            premises.append(step.title)
            continue
        rules = ", ".join(step.inference.rules) or None
        loc = pos.loc(step.inference.offset)
        unique = list(dict.fromkeys(p for p in premises if p != step.title))
        if unique:
            inference_of[id(step.inference)] = (unique[0], step.title)
            result.relations.extend(
                ImportedRelation(p, step.title, RelationType.SUPPORTS, loc, scheme=rules) for p in unique
            )
            if len(unique) > 1:
                key = f"{argument.title}/{len(result.inferences) + 1}"
                result.inferences.append(ImportedInference(key, tuple(unique), step.title, rules, loc))
        premises = [step.title]


def _claim(
    result: ImportedMap,
    node: Any,
    pos: Positions,
    declared: tuple[set[RelationType], set[RelationType]],
    key: str | None = None,
) -> ImportedClaim:
    """The span of a statement, or (``key`` given) of an argument with no premise-conclusion structure."""
    is_argument = key is not None
    what, name = ("an argument", f"<{node.title}>") if is_argument else ("a statement", f"[{node.title}]")
    members = node.members
    defined = [m for m in members if not m.is_reference]
    first = defined[0] if defined else members[0]
    loc = pos.loc(first.offset)
    for member in members:
        if isinstance(member.data, _BadData):
            at = pos.loc(member.data_offset if member.data_offset is not None else member.offset)
            result.report(at, "AM502", f"data after {what} {member.data.reason}: ignored")
    data, changed = _without_surrogates(node.data)
    if changed:  # YAML escapes such as "\ud800"
        at = next((m for m in members if m.data_offset is not None), first)
        result.report(pos.loc(at.data_offset or at.offset), "AM510", surrogate_message(f"data after {what} holds one"))
    canonical = node.canonical()
    text = normalize_space(canonical.text or "") if canonical is not None else ""
    texts = {normalize_space(m.text or "") for m in defined if normalize_space(m.text or "")}
    if len(texts) > 1 and canonical is not None:
        result.report(
            pos.loc(canonical.offset),
            "AM510",
            f"{name} is defined with {len(texts)} different {'descriptions' if is_argument else 'texts'}: "
            "the last definition's is used, as Argdown does",
        )
    if not text:
        text = node.title
        if is_argument:
            result.report(loc, "AM510", f"argument {name} has no description: its title is used as its text")
        else:
            result.report(loc, "AM510", f"statement {name} has no text: its title is used")
    given_kind = data.get("kind")
    try:
        given: NodeKind | None = NodeKind(given_kind if isinstance(given_kind, str) else "")
    except ValueError:
        given = None
    kind = kind_for(given, *declared)
    data_tags = data.get("tags")
    tags = [ARGUMENT_TAG] if is_argument else []
    tags += [str(t) for t in data_tags if isinstance(t, _SCALARS)] if isinstance(data_tags, list) else []
    tags += [t.replace(" ", "-") for t in node.tags]
    cite = _text(data.get("cite"))
    if cite is None and canonical is not None:
        cite = next((u for u in canonical.links if u.startswith(("http://", "https://"))), None)
    label = _text(data.get("label"))
    return ImportedClaim(
        key=key if key is not None else node.title,
        text=text,
        kind=kind,
        loc=loc,
        id_hint=node.title,
        label=label if label is not None or not is_argument else normalize_space(node.title) or None,
        by=_text(data.get("by")),
        cite=cite,
        tags=tuple(dict.fromkeys(t for t in tags if t and not any(c.isspace() for c in t))),
    )


def _text(value: Any) -> str | None:
    """A data value as text; lists and mappings are no text."""
    return normalize_space(str(value)) or None if isinstance(value, _SCALARS) else None
