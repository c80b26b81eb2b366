"""``argmap eval FILE.af``: label the arguments of an abstract framework (ICCMA'23 ``.af``).

The file is read by :func:`argmap.formats.iccma.read_iccma` (its ``# i name`` comment lines, as
``argmap export --format af`` writes them, name the arguments) and decided by the Dung core in
:mod:`argmap.analysis.abstract`: grounded semantics with a reason per argument, or preferred and stable
extensions. Output follows ``argmap eval``'s: one entry per argument with its mark (``IN ✓``,
``OUT ✗``, ``UNDEC ?``) and why, or ``--json`` with the same keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from argmap.analysis.labels import Label
from argmap.cli.app import emit
from argmap.cli.console import make_lines, plain
from argmap.cli.present import count, dumps, labels_line, say, status_row

if TYPE_CHECKING:
    from argmap.analysis.abstract import Status, UndecidedWitness
    from argmap.cli.lines import Lines
    from argmap.formats.iccma import ReadFramework

#: The most arguments of a circle, or of a path from one, an explanation names: the rest are counted
#: (a circle of 10,000 arguments named in full for each of them would be 100,000,000 names).
WITNESS_SHOWN = 12
#: The legend of the text output: what the marks mean for an abstract framework.
LEGEND = (
    "IN \u2713 accepted: every attacker is defeated; OUT \u2717 rejected: an accepted argument attacks it; "
    "UNDEC ? undecided: it depends on a circle of attacks that nothing settles."
)


def is_framework_file(argument: str | None) -> bool:
    """Whether ``eval``'s argument names an existing ``.af``, ``.apx`` or ``.tgf`` file (else it is a claim id)."""
    from argmap.formats.iccma import FRAMEWORK_SUFFIXES

    if argument is None or not argument.lower().endswith(FRAMEWORK_SUFFIXES):
        return False
    try:
        return Path(argument).is_file()
    except OSError:
        return False


def read_framework(path: Path) -> ReadFramework:
    """The framework in ``path``; its findings go to stderr, an unusable file fails (exit 1)."""
    from argmap.errors import ArgmapError, ImportFailed
    from argmap.formats.iccma import read_framework_text
    from argmap.formats.importing import read_text

    try:
        read = read_framework_text(read_text(path), path.as_posix())
    except ImportFailed as exc:
        for finding in exc.diagnostics:
            typer.echo(str(finding), err=True)
        kind = {".apx": "an ASPARTIX .apx", ".tgf": "a TGF"}.get(path.suffix.lower(), "an ICCMA'23 .af")
        raise ArgmapError(f"cannot read {path.as_posix()!r} as {kind} file: {exc}") from None
    for finding in sorted(read.diagnostics):
        typer.echo(str(finding), err=True)
    return read


def eval_framework(name: str, semantics: str, max_extensions: int, as_json: bool) -> None:
    """Label the arguments of the ``.af`` file ``name`` under ``semantics`` (grounded, preferred or stable)."""
    from argmap.errors import UsageError

    path = Path(name)
    if semantics == "gradual":
        raise UsageError(
            "--semantics gradual scores argument maps (reasons and objections); a framework file holds attacks only: "
            "use grounded, preferred or stable"
        )
    read = read_framework(path)
    if semantics == "grounded":
        _grounded(path, read, as_json)
    else:
        _extensions(path, read, semantics, max_extensions, as_json)


def _head(path: Path, semantics: str) -> dict[str, Any]:
    return {"semantics": semantics, "input": path.as_posix()}


def _grounded(path: Path, read: ReadFramework, as_json: bool) -> None:
    from argmap.analysis.abstract import grounded, undecided_witnesses

    af = read.framework()
    labelling = grounded(af)
    witnesses = undecided_witnesses(labelling, longest=WITNESS_SHOWN)
    statuses = {name: labelling.status(name) for name in read.arguments}
    counts = {label: len(labelling.labelled(label)) for label in Label}
    if as_json:
        arguments = []
        for name in read.arguments:
            status = statuses[name]
            arguments.append(
                {
                    "id": name,
                    "status": str(status.label),
                    "rank": status.rank,
                    "reason": _reason_json(status, witnesses.get(name)),
                    "explanation": _sentence(status, witnesses.get(name)),
                }
            )
        summary = {"arguments": len(af.arguments), **{str(k): n for k, n in counts.items()}, "attacks": len(af.attacks)}
        emit(dumps({**_head(path, "grounded"), "summary": summary, "arguments": arguments}))
        return
    console = make_lines()
    say(console, f"Which arguments are accepted: grounded semantics of {plain(path.as_posix())}", "bold")
    say(console, LEGEND, "dim")
    say(console, f"{count(len(af.arguments), 'argument')}, {count(len(af.attacks), 'attack')}: {labels_line(counts)}")
    for name in read.arguments:
        status = statuses[name]
        _row(console, status.label, name, _sentence(status, witnesses.get(name)))
    console.write()


def _sentence(status: Status, witness: UndecidedWitness | None) -> str:
    """Why ``status`` holds, in one line (argument names as the file gives them)."""
    if status.label is Label.IN:
        if not status.defenders:
            return "accepted: nothing attacks it"
        answers = "; ".join(f"{attacker} by {defender}" for attacker, defender in status.defenders)
        return f"accepted: every attacker is defeated ({answers})"
    if status.label is Label.OUT:
        return f"rejected: attacked by {status.defeated_by}, which is accepted"
    if witness is None:  # pragma: no cover - every undecided argument has a witness
        return "undecided"
    from argmap.views.evaluation import circle_text, path_text

    ring = circle_text(witness.cycle, witness.cycle_length, "arguments")
    if not witness.path and len(witness.cycle) == 1:
        return "undecided: it attacks itself"
    if not witness.path:
        return f"undecided: on a circle of attacks ({ring})"
    through = path_text(witness.path, witness.path_length, "arguments")
    return f"undecided: it depends on a circle of attacks ({ring}; through {through})"


def _reason_json(status: Status, witness: UndecidedWitness | None) -> dict[str, Any]:
    if status.label is Label.IN:
        if not status.defenders:
            return {"kind": "unattacked"}
        return {"kind": "defended", "answers": [{"attacker": a, "by": d} for a, d in status.defenders]}
    if status.label is Label.OUT:
        return {"kind": "defeated", "attacker": status.defeated_by}
    data: dict[str, Any] = {"kind": "undecided-cycle", "undecided": list(status.undecided_attackers)}
    if witness is not None:
        data["cycle"] = list(witness.cycle)
        data["path"] = list(witness.path)
        data["cycle_length"] = witness.cycle_length or len(witness.cycle)
        data["path_length"] = witness.path_length or len(witness.path)
    return data


def _extensions(path: Path, read: ReadFramework, semantics: str, max_extensions: int, as_json: bool) -> None:
    from argmap.analysis.abstract import Semantics, extensions
    from argmap.cli.present import extensions_or_hint
    from argmap.views.evaluation import acceptance_counts, acceptance_sentence

    af = read.framework()
    found = extensions_or_hint(lambda: extensions(af, Semantics(semantics), max_extensions=max_extensions))
    counts = acceptance_counts(found.acceptance)
    if as_json:
        arguments = [
            {
                "id": name,
                "status": str(found.acceptance[name].label),
                "in_extensions": found.acceptance[name].in_count,
                "out_extensions": found.acceptance[name].out_count,
            }
            for name in read.arguments
        ]
        summary = {"extensions": len(found.extensions), **{str(k): v for k, v in counts.items()}}
        order = {name: i for i, name in enumerate(read.arguments)}
        listed = [sorted(ext, key=order.__getitem__) for ext in found.extensions]
        emit(dumps({**_head(path, semantics), "summary": summary, "extensions": listed, "arguments": arguments}))
        return
    console = make_lines()
    total = len(found.extensions)
    title = f"{semantics.capitalize()} semantics of {plain(path.as_posix())}"
    if not total:
        say(console, f"{title}: no extension", "bold")
        say(console, "No conflict-free set of arguments attacks every argument outside it (an odd circle of "
             "attacks is the usual cause). Grounded semantics labels every argument.", "dim")  # fmt: skip
        return
    say(console, f"{title}: {count(total, 'extension')}; {labels_line(counts)}", "bold")
    say(console, "IN: in every extension; OUT: defeated in every extension; UNDEC: the rest", "dim")
    for name in read.arguments:
        _row(console, found.acceptance[name].label, name, acceptance_sentence(found.acceptance[name]))
    console.write()
    order = {name: i for i, name in enumerate(read.arguments)}
    say(console, "The extensions:", "bold")
    for number, ext in enumerate(found.extensions, 1):
        say(console, f"  {number}. " + (", ".join(plain(a) for a in sorted(ext, key=order.__getitem__)) or "(empty)"))


def _row(console: Lines, label: Label, name: str, reason: str) -> None:
    """One entry: the mark (colour and text), the argument's name, the reason dim under a hanging indent."""
    console.write("\n" + status_row(console, label, [(plain(name), "bold"), ("\n" + plain(reason), "dim")]))
