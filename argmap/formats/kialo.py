"""Kialo's discussion export (the plain-text outline) -> an :class:`ImportedMap`.

Kialo exports a discussion as numbered lines::

    Discussion Title: Should hate speech be illegal?

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to ban them.
    1.1.1. Pro: ...
    1.6.4. Pro: -> See 1.2.2.

``1.`` is a thesis; ``1.1. Pro: text`` supports its parent ``1.``, ``Con:`` attacks it.
``-> See 1.2.2.`` is a link: the claim ``1.2.2`` bears on this line's parent too (a
relation, not a new claim). A line without a number continues the claim above it.
The export writes a claim's text as Markdown, escaping what Markdown would read: a literal
``(``, ``[``, ``*`` or backslash is written with a backslash before it. Those escapes (a backslash
before ASCII punctuation) are resolved, so the claim's text is the claim's own; Markdown links are
kept as written.
Findings point at the line and column of the part at fault.
"""

from __future__ import annotations

import re

from argmap.errors import Location
from argmap.formats.imported import ImportedClaim, ImportedMap, ImportedRelation, kind_from_relations
from argmap.model import RelationType
from argmap.source.parse import normalize_space

_TITLE = re.compile(r"Discussion Title:\s*(.*)")
_LINE = re.compile(r"((?:\d+\.)+)[ \t]*(?:(Pro|Con):[ \t]*)?(.*)")
_LINK = re.compile(r"->[ \t]*See[ \t]+((?:\d+\.)*\d+)\.?[ \t]*\Z")
STANCES = {"Pro": RelationType.SUPPORTS, "Con": RelationType.ATTACKS}
#: A Markdown backslash escape: a backslash before an ASCII punctuation character stands for that character.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _unescape(text: str) -> str:
    """Kialo's text with its Markdown escapes resolved (``\\[a\\]`` -> ``[a]``, ``\\\\`` -> ``\\``)."""
    return _ESCAPE.sub(r"\1", text)


def read_kialo(text: str, path: str) -> ImportedMap:
    """Read a Kialo export. Problems become findings; nothing raises."""
    result = ImportedMap(path=path)
    texts: dict[str, list[str]] = {}
    locs: dict[str, Location] = {}
    stances: dict[str, tuple[str, Location]] = {}
    links: list[tuple[str, str, str, Location]] = []  # (number, parent, target, loc)
    order: list[str] = []
    current: str | None = None
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            current = None if current is None else current
            continue
        title = _TITLE.match(line)
        if title and number <= 2 and not order:
            if title.group(1).strip():
                result.meta["title"] = normalize_space(_unescape(title.group(1)))
            continue
        m = _LINE.match(line)
        if m is None:
            if current is None:
                result.report(Location(path, number, 1), "AM502", "expected a numbered line such as '1.2. Pro: text'")
                result.skip("lines that are not part of the outline")
            else:
                texts[current].append(line)
            continue
        key = m.group(1).rstrip(".")
        loc = Location(path, number, 1)
        parent = key.rpartition(".")[0]
        body = m.group(3)
        stance = m.group(2)
        link = _LINK.match(body)
        if link:
            result.read["links"] += 1
            if stance is None or not parent:
                result.report(loc, "AM502", f"link {key} needs a parent and 'Pro:' or 'Con:'")
                result.skip("malformed links")
            else:
                links.append((key, parent, link.group(1), loc))
                stances[key] = (stance, loc)
            current = None
            continue
        result.read["claims"] += 1
        if key in texts:
            result.report(loc, "AM505", f"claim {key} is numbered twice: the later one is skipped")
            result.skip("claims numbered twice")
            current = None
            continue
        texts[key] = [body]
        locs[key] = loc
        order.append(key)
        current = key
        if parent and stance is None:
            col = len(m.group(1)) + 1
            result.report(
                Location(path, number, col), "AM503", f"claim {key} has no 'Pro:' or 'Con:': carried, unrelated"
            )
            result.skip("claims with no stance")
        elif stance is not None:
            stances[key] = (stance, loc)
            if not parent:
                result.report(loc, "AM503", f"thesis {key} has a stance ({stance}) but nothing to relate to: ignored")
    for key in order:
        if key not in stances:
            continue
        parent = key.rpartition(".")[0]
        stance, loc = stances[key]
        if parent not in texts:
            result.report(loc, "AM504", f"claim {key} answers {parent}, which is not in the export")
            result.skip("relations to a claim that is not in the export")
            continue
        result.relations.append(ImportedRelation(key, parent, STANCES[stance], loc))
    seen = {(r.source, r.target, r.type) for r in result.relations}
    for key, parent, target, loc in links:
        stance, _ = stances[key]
        if target not in texts or parent not in texts:
            missing = target if target not in texts else parent
            result.report(loc, "AM504", f"link {key} names {missing}, which is not in the export")
            result.skip("links to a claim that is not in the export")
            continue
        relation = (target, parent, STANCES[stance])
        if relation in seen or target == parent:
            result.report(loc, "AM513", f"link {key}: {target} already bears on {parent} this way: counted once")
            result.skip("links that repeat a relation")
            continue
        seen.add(relation)
        result.relations.append(ImportedRelation(target, parent, STANCES[stance], loc, via="link"))
    declares: dict[str, set[RelationType]] = {}
    for rel in result.relations:
        declares.setdefault(rel.source, set()).add(rel.type)
    for key in order:
        claim_text = normalize_space(_unescape(" ".join(texts[key])))
        if not claim_text:
            result.report(locs[key], "AM506", f"claim {key} has no text: skipped")
            result.skip("claims with no text")
            continue
        types = declares.get(key, set())
        kind = kind_from_relations(RelationType.SUPPORTS in types, RelationType.ATTACKS in types)
        result.claims.append(
            ImportedClaim(key=key, text=claim_text, kind=kind, loc=locs[key], id_hint="k" + key.replace(".", "-"))
        )
    return result
