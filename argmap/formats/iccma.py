"""Abstract argumentation frameworks in the solvers' formats: ICCMA'23 ``.af``, ASPARTIX ``.apx``, TGF.

The framework written is the attack graph ``argmap eval`` decides on, as
:func:`attack_framework` builds it (one function, so the framework can change
without touching the writers): the Dung translation of the argument model, whose
arguments are the spans (``node:doc#id``) and the attacks, undercuts, inferences
and necessities between them. Each format keeps an id map:

* ``.af`` (ICCMA 2023): ``p af N``, then one attack ``i j`` per line, arguments
  numbered ``1..N`` in key order; ``# i doc#id`` comment lines name them. No
  blank lines (some solvers' readers stop at one).
* ``.apx`` (ASPARTIX): ``arg(a1).`` and ``att(a1,a2).``; ``% a1 doc#id`` comments name them.
* TGF: ``1 doc#id`` per argument (TGF's label is the id map), a line ``#``, then ``i j`` attacks.

:func:`read_iccma` reads an ``.af`` file back (the names from its ``#`` lines when
they name every argument, each differently), :func:`read_apx` an ``.apx`` file (the names from ``%`` lines of the
same shape) and :func:`read_tgf` a TGF file (its labels as names when they are all
there and distinct); malformed lines are findings (AM5xx) with their line and column.
:func:`read_framework_text` picks the reader by the file's suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from argmap.errors import Diagnostic, ImportFailed, Location
from argmap.formats.imported import import_diag

if TYPE_CHECKING:
    import networkx as nx

    from argmap.analysis.abstract import Framework


def attack_framework(G: nx.MultiDiGraph[str], reach: str = "document") -> Framework:
    """The Dung framework ``argmap eval`` decides on (its preferred and stable extensions are this one's).

    :func:`argmap.analysis.dung.translate` of the argument model's framework under ``reach``:
    its arguments are named ``node:doc#id``, ``attack:a>b``, ``undercut:...``, ``inference:...``
    and ``necessity:...`` (docs/semantics.md); the ``node:`` ones are the spans.
    """
    from argmap.analysis import Framework as ModelFramework
    from argmap.analysis.dung import translate

    return translate(ModelFramework.from_graph(G, reach))


def _pairs(af: Framework) -> list[tuple[int, int]]:
    return sorted({(af.index[a.attacker] + 1, af.index[a.target] + 1) for a in af.attacks})


def _one_line(name: str) -> str:
    return re.sub(r"[\r\n\u2028\u2029]+", " ", name)


def to_iccma(af: Framework) -> str:
    """ICCMA'23 ``.af`` text with the id map in ``#`` comments."""
    lines = [f"p af {len(af.arguments)}"]
    lines += [f"# {i} {_one_line(name)}" for i, name in enumerate(af.arguments, 1)]
    lines += [f"{i} {j}" for i, j in _pairs(af)]
    return "\n".join(lines) + "\n"


def to_apx(af: Framework) -> str:
    """ASPARTIX ``.apx``: ``a1``, ``a2``, ... with the id map in ``%`` comments."""
    lines = [f"% a{i} {_one_line(name)}" for i, name in enumerate(af.arguments, 1)]
    lines += [f"arg(a{i})." for i in range(1, len(af.arguments) + 1)]
    lines += [f"att(a{i},a{j})." for i, j in _pairs(af)]
    return "\n".join(lines) + "\n"


def to_tgf(af: Framework) -> str:
    """Trivial Graph Format: numbered arguments labelled with their ids, ``#``, then the attacks."""
    lines = [f"{i} {_one_line(name)}" for i, name in enumerate(af.arguments, 1)]
    lines.append("#")
    lines += [f"{i} {j}" for i, j in _pairs(af)]
    return "\n".join(lines) + "\n"


@dataclass(slots=True)
class ReadFramework:
    """An ``.af`` file as read: argument names (``1``..``N``, or the names its comments give) and attacks."""

    arguments: list[str]
    attacks: list[tuple[str, str]]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def framework(self) -> Framework:
        from argmap.analysis.abstract import Framework

        return Framework.from_pairs(self.arguments, self.attacks)


_HEADER = re.compile(r"p[ \t]+af[ \t]+(\d+)[ \t]*\Z")
_ATTACK = re.compile(r"(\d+)[ \t]+(\d+)[ \t]*\Z")
_NAME = re.compile(r"#[ \t]*(\d+)[ \t]+(\S.*?)[ \t]*\Z")


def read_iccma(text: str, path: str) -> ReadFramework:
    """Read an ICCMA'23 ``.af`` file. Raises :class:`ImportFailed` when it has no ``p af N`` line."""
    size: int | None = None
    names: dict[int, str] = {}
    pairs: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    findings: list[Diagnostic] = []
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.rstrip("\r").strip()
        if not line:
            continue
        if line.startswith("#"):
            m = _NAME.match(line)
            if m and int(m.group(1)) not in names:
                names[int(m.group(1))] = m.group(2)
            continue
        header = _HEADER.match(line)
        if header:
            if size is not None:
                findings.append(import_diag(Location(path, number, 1), "AM505", "a second 'p af N' line: skipped"))
            else:
                size = int(header.group(1))
            continue
        m = _ATTACK.match(line)
        if m is None:
            findings.append(
                import_diag(
                    Location(path, number, 1),
                    "AM502",
                    f"expected 'p af N', an attack 'i j' or a '#' comment, got {line[:40]!r}",
                )
            )
            continue
        if size is None:
            findings.append(
                import_diag(Location(path, number, 1), "AM502", "an attack before the 'p af N' line: skipped")
            )
            continue
        pair = (int(m.group(1)), int(m.group(2)))
        bad = [x for x in pair if not 1 <= x <= size]
        if bad:
            col = 1 if bad[0] == pair[0] else m.start(2) + 1
            findings.append(
                import_diag(Location(path, number, col), "AM504", f"argument {bad[0]} is not in 1..{size}: skipped")
            )
            continue
        if pair in seen:
            findings.append(
                import_diag(Location(path, number, 1), "AM513", f"the attack {pair[0]} {pair[1]} again: counted once")
            )
            continue
        seen.add(pair)
        pairs.append(pair)
    if size is None:
        raise ImportFailed(
            "no 'p af N' line",
            [import_diag(Location(path, 1, 1), "AM501", "an ICCMA'23 .af file starts with 'p af N'")],
        )
    numbers = [str(i) for i in range(1, size + 1)]
    return _named(numbers, {str(i): name for i, name in names.items()}, [(str(a), str(b)) for a, b in pairs], findings)


#: The formats :func:`read_framework_text` reads, by file suffix.
FRAMEWORK_SUFFIXES = (".af", ".apx", ".tgf")


def read_framework_text(text: str, path: str) -> ReadFramework:
    """The framework in ``text``, read as its suffix says (``.af``, ``.apx``, ``.tgf``)."""
    lower = path.lower()
    if lower.endswith(".apx"):
        return read_apx(text, path)
    if lower.endswith(".tgf"):
        return read_tgf(text, path)
    return read_iccma(text, path)


# ASPARTIX: ``arg(a).`` and ``att(a,b).``, an argument any run of characters but ``(),.`` and space.
_APX_ARG = re.compile(r"arg[ \t]*\([ \t]*([^(),.\s]+)[ \t]*\)[ \t]*\.[ \t]*\Z")
_APX_ATT = re.compile(r"att[ \t]*\([ \t]*([^(),.\s]+)[ \t]*,[ \t]*([^(),.\s]+)[ \t]*\)[ \t]*\.[ \t]*\Z")
_APX_NAME = re.compile(r"%[ \t]*([^(),.\s]+)[ \t]+(\S.*?)[ \t]*\Z")


def read_apx(text: str, path: str) -> ReadFramework:
    """Read an ASPARTIX ``.apx`` file: ``arg(a).`` and ``att(a,b).`` lines, ``%`` comments (a comment
    ``% a name`` names ``a``, as :func:`to_apx` writes them). Several facts on one line are read one by
    one. Raises :class:`ImportFailed` when the file declares no argument and no attack."""
    order: dict[str, None] = {}
    names: dict[str, str] = {}
    raw_pairs: list[tuple[str, str, int, int]] = []
    findings: list[Diagnostic] = []
    facts = 0
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("%"):
            m = _APX_NAME.match(stripped)
            if m and m.group(1) not in names:
                names[m.group(1)] = m.group(2)
            continue
        col = len(line) - len(line.lstrip()) + 1
        for offset, fact in _facts(stripped):
            text_ = fact.strip()
            at = col + offset + (len(fact) - len(fact.lstrip()))
            m = _APX_ARG.match(text_) or _APX_ATT.match(text_)
            facts += m is not None
            if m and m.re is _APX_ARG:
                if m.group(1) in order:
                    findings.append(
                        import_diag(Location(path, number, at), "AM505", f"arg({m.group(1)}) again: counted once")
                    )
                order.setdefault(m.group(1), None)
            elif m:
                raw_pairs.append((m.group(1), m.group(2), number, at))
            else:
                findings.append(
                    import_diag(
                        Location(path, number, at),
                        "AM502",
                        f"expected 'arg(a).', 'att(a,b).' or a '%' comment, got {text_[:40]!r}",
                    )
                )
    if not facts:
        raise ImportFailed(
            "no 'arg(a).' or 'att(a,b).' fact",
            [
                import_diag(Location(path, 1, 1), "AM501", "an ASPARTIX .apx file declares 'arg(a).' and 'att(a,b).'"),
                *findings,
            ],
        )
    pairs = _known_pairs(raw_pairs, order, path, findings)
    return _named(list(order), names, pairs, findings)


def _facts(line: str) -> list[tuple[int, str]]:
    """The facts of an ``.apx`` line, each with its offset and its closing ``.`` (a line may hold several)."""
    found: list[tuple[int, str]] = []
    at = 0
    for part in line.split("."):
        fact = part + "." if at + len(part) < len(line) else part  # the last part has no "."
        if fact.strip():
            found.append((at, fact))
        at += len(part) + 1
    return found


def read_tgf(text: str, path: str) -> ReadFramework:
    """Read a Trivial Graph Format file: ``id [label]`` lines, a ``#`` line, then ``i j [label]`` attacks.

    The labels name the arguments when every argument has one and they differ (as :func:`to_tgf`
    writes them); else the ids do. Raises :class:`ImportFailed` when the file declares no argument."""
    order: dict[str, None] = {}
    labels: dict[str, str] = {}
    raw_pairs: list[tuple[str, str, int, int]] = []
    findings: list[Diagnostic] = []
    edges = False
    for number, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped:
            continue
        col = len(line) - len(line.lstrip()) + 1
        if stripped == "#":
            if edges:
                findings.append(import_diag(Location(path, number, col), "AM505", "a second '#' line: skipped"))
            edges = True
            continue
        fields = stripped.split(None, 2)
        if not edges:
            node = fields[0]
            if node in order:
                findings.append(import_diag(Location(path, number, col), "AM505", f"node {node} again: skipped"))
                continue
            order[node] = None
            if len(fields) > 1:
                labels[node] = stripped[len(node) :].strip()
        elif len(fields) < 2:
            findings.append(
                import_diag(Location(path, number, col), "AM502", f"expected an attack 'i j', got {stripped[:40]!r}")
            )
        else:
            raw_pairs.append((fields[0], fields[1], number, col))
    if not order:
        raise ImportFailed(
            "no node line",
            [import_diag(Location(path, 1, 1), "AM501", "a TGF file lists its nodes, then '#', then its edges")],
        )
    pairs = _known_pairs(raw_pairs, order, path, findings)
    return _named(list(order), labels, pairs, findings)


def _known_pairs(
    raw: list[tuple[str, str, int, int]], known: dict[str, None], path: str, findings: list[Diagnostic]
) -> list[tuple[str, str]]:
    """The attacks between declared arguments, each once (the others reported)."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for a, b, number, col in raw:
        missing = [x for x in (a, b) if x not in known]
        if missing:
            findings.append(
                import_diag(Location(path, number, col), "AM504", f"argument {missing[0]} is not declared: skipped")
            )
        elif (a, b) in seen:
            again = f"the attack {a} {b} again: counted once"
            findings.append(import_diag(Location(path, number, col), "AM513", again))
        else:
            seen.add((a, b))
            pairs.append((a, b))
    return pairs


def _named(
    arguments: list[str], names: dict[str, str], pairs: list[tuple[str, str]], findings: list[Diagnostic]
) -> ReadFramework:
    """The framework with each argument called by ``names`` when they name them all, distinctly (an id map,
    as the writers write it); else by its id: a few names, or names that clash, are ordinary comments
    (``# 3 arguments follow``)."""
    label = {a: names.get(a, a) for a in arguments}
    if len(names.keys() & label.keys()) != len(arguments) or len(set(label.values())) != len(arguments):
        label = {a: a for a in arguments}
    return ReadFramework([label[a] for a in arguments], [(label[a], label[b]) for a, b in pairs], findings)
