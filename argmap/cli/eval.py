"""``argmap eval``: which claims stand under their rebuttals (grounded, preferred or stable semantics).

The command loads the graph, asks :mod:`argmap.semantics`, and prints either
JSON (``--json``, keys in the README) or one entry per argument: the label as
colour *and* a text mark (``IN ✓``, ``OUT ✗``, ``UNDEC ?``), the argument, and
why. :func:`status_text` is the one way a label is drawn in the terminal, for
``show --status`` too.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from argmap.cli.app import CorpusOption, JsonOption, command, emit, load_graph
from argmap.cli.console import make_console, plain
from argmap.errors import UsageError
from argmap.semantics import MAX_EXTENSIONS, Label, Semantics

if TYPE_CHECKING:
    import networkx as nx
    from rich.console import Console
    from rich.text import Text

    from argmap.semantics import Attack, Extensions, Framework, Labelling, UndecidedWitness

#: Colours of the labels; the text mark carries the label without them (greyscale, NO_COLOR, pipes).
STATUS_STYLE = {Label.IN: "bold green", Label.OUT: "bold red", Label.UNDEC: "bold yellow"}
DIM = "dim"
ARROW = " \u2192 "


def status_text(label: Label) -> Text:
    """The label as a styled mark: ``IN ✓`` green, ``OUT ✗`` red, ``UNDEC ?`` yellow."""
    from rich.text import Text

    return Text(label.mark, STATUS_STYLE[label])


@command("eval")
def eval_command(
    claim: Annotated[
        str | None,
        typer.Argument(
            help="A claim: doc-id#id, or a bare id unique in the corpus; the claims around it are shown. "
            "Default: every claim, premise and rebuttal.",
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            "-d",
            min=0,
            help="With CLAIM: relations followed out from it, both ways (default 1).",
            show_default=False,
        ),
    ] = None,
    semantics: Annotated[
        Semantics,
        typer.Option("--semantics", "-s", help="grounded (one labelling, with reasons), preferred or stable."),
    ] = Semantics.GROUNDED,
    max_extensions: Annotated[
        int,
        typer.Option("--max-extensions", min=1, help="Preferred and stable: refuse when there are more extensions."),
    ] = MAX_EXTENSIONS,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Label every claim in, out or undecided under attack, and say why (Dung's abstract argumentation).

    Attacks count as declared, plus those that supports imply: a supporter of an
    attacker attacks too, and an attack on a premise hits what it supports.
    """
    from argmap.queries import neighbourhood, position, resolve_id
    from argmap.semantics import EnumerationLimitError, Framework, extensions, grounded

    if depth is not None and claim is None:
        raise UsageError("--depth goes with a CLAIM: argmap eval CLAIM --depth N")
    G = load_graph(corpus)
    root = resolve_id(G, claim) if claim is not None else None
    if root is not None:
        depth = 1 if depth is None else depth
        around = neighbourhood(G, [root], depth) - {root}
        chosen = [root, *sorted(around, key=lambda n: position(G, n))]
    else:
        chosen = sorted(G, key=lambda n: position(G, n))
    af = Framework.from_graph(G)
    labelling = grounded(af)
    if semantics is Semantics.GROUNDED:
        if as_json:
            emit(_dumps(_grounded_json(G, labelling, chosen, root, depth)))
        else:
            _print_grounded(make_console(), G, labelling, chosen)
        return
    try:
        found = extensions(af, semantics, max_extensions=max_extensions)
    except EnumerationLimitError as exc:
        if exc.limit != "max_extensions":
            raise
        raise EnumerationLimitError(f"{exc} (--max-extensions N)", exc.limit) from None
    if as_json:
        emit(_dumps(_extensions_json(G, found, chosen, root, depth)))
    else:
        _print_extensions(make_console(), G, labelling, found, chosen)


# --- grounded -------------------------------------------------------------------------------------


def _grounded_json(
    G: nx.MultiDiGraph[str], labelling: Labelling, chosen: list[str], root: str | None, depth: int | None
) -> dict[str, Any]:
    from argmap.semantics import attack_path, undecided_witnesses

    af = labelling.framework
    witnesses = undecided_witnesses(labelling, chosen)
    attacks = _attacks_on(af, chosen)
    arguments = []
    for node in chosen:
        status = labelling.status(node)
        witness = witnesses.get(node)
        arguments.append(
            {
                **_brief(G, node),
                "status": str(status.label),
                "rank": status.rank,
                "attackers": [
                    {
                        "id": attack.attacker,
                        "status": str(labelling.label(attack.attacker)),
                        "attack": str(attack.kind),
                        "path": list(attack_path(G, attack)),
                    }
                    for attack in attacks[node]
                ],
                "defeated_by": status.defeated_by,
                "defenders": [{"attacker": b, "defender": d} for b, d in status.defenders],
                "undecided_attackers": list(status.undecided_attackers),
                "cycle": list(witness.cycle) if witness else [],
                "from_cycle": list(witness.path) if witness else [],
            }
        )
    return {
        "semantics": str(Semantics.GROUNDED),
        "root": root,
        "depth": depth,
        "summary": _summary(af, {label: len(labelling.labelled(label)) for label in Label}),
        "arguments": arguments,
    }


def _print_grounded(console: Console, G: nx.MultiDiGraph[str], labelling: Labelling, chosen: list[str]) -> None:

    from argmap.semantics import undecided_witnesses

    af = labelling.framework
    counts = {label: len(labelling.labelled(label)) for label in Label}
    _say(console, f"Grounded semantics: {_labels_line(len(af.arguments), counts)}", "bold")
    _say(console, _attacks_line(af), DIM)
    witnesses = undecided_witnesses(labelling, chosen)
    attacks = _attacks_on(af, chosen)
    rows = []
    for node in chosen:
        status = labelling.status(node)
        reasons: list[str] = []
        if status.label is Label.IN:
            reasons.append(_in_reason(status.defenders))
        elif status.label is Label.OUT:
            assert status.defeated_by is not None
            defeater = labelling.status(status.defeated_by)
            why = "nothing attacks it" if not defeater.attackers else "each of its attackers is out"
            reasons.append(f"out: attacked by {plain(status.defeated_by)}, which is in ({why})")
            attack = next(a for a in attacks[node] if a.attacker == status.defeated_by)
            if attack.via != (attack.attacker, attack.target):
                reasons.append("how: " + _attack_sentence(G, attack))
        else:
            reasons.append(
                "undecided: attacked by undecided "
                + ", ".join(map(plain, status.undecided_attackers))
                + "; none of its attackers is in"
            )
            reasons.append(_cycle_reason(node, witnesses[node]))
        rows.append((status.label, node, reasons))
    _print_rows(console, G, rows)
    console.print()
    _say(console, "Every attack counts and nothing is weighed: an analysis, not a verdict.", DIM)


def _in_reason(defenders: tuple[tuple[str, str], ...]) -> str:
    if not defenders:
        return "in: nothing attacks it"
    parts = [f"{plain(b)} (out, attacked by {plain(d)})" for b, d in defenders]
    return "in: each attacker is out: " + "; ".join(parts)


def _cycle_reason(node: str, witness: UndecidedWitness) -> str:
    cycle = [plain(n) for n in witness.cycle]
    if not witness.path:
        if len(cycle) == 1:
            return "it attacks itself"
        return "on the attack cycle " + ARROW.join([*cycle, cycle[0]])
    ring = "itself" if len(cycle) == 1 else ARROW.join([*cycle, cycle[0]])
    what = f"{cycle[0]}, which attacks {ring}" if len(cycle) == 1 else f"the attack cycle {ring}"
    return f"downstream of {what}: " + ARROW.join(map(plain, witness.path))


def _attack_sentence(G: nx.MultiDiGraph[str], attack: Attack) -> str:
    """``a supports b, which attacks c, which supports d``: a derived attack in the map's words."""
    from argmap.semantics import attack_path

    path = attack_path(G, attack)
    at = next(i for i in range(len(path) - 1) if (path[i], path[i + 1]) == attack.via)
    steps = [f"{'attacks' if i == at else 'supports'} {plain(path[i + 1])}" for i in range(len(path) - 1)]
    return f"{plain(path[0])} " + ", which ".join(steps)


def _attacks_on(af: Framework, chosen: list[str]) -> dict[str, list[Attack]]:
    """The attacks on each chosen argument, by attacker."""
    wanted: dict[str, list[Attack]] = {node: [] for node in chosen}
    for attack in af.attacks:
        found = wanted.get(attack.target)
        if found is not None:
            found.append(attack)
    return wanted


# --- preferred and stable -------------------------------------------------------------------------


def _extensions_json(
    G: nx.MultiDiGraph[str], found: Extensions, chosen: list[str], root: str | None, depth: int | None
) -> dict[str, Any]:
    counts = dict.fromkeys(Label, 0)
    for acceptance in found.acceptance.values():
        counts[acceptance.label] += 1
    return {
        "semantics": str(found.semantics),
        "root": root,
        "depth": depth,
        "summary": {"extensions": len(found.extensions), **{str(k): v for k, v in counts.items()}},
        "extensions": [list(ext) for ext in found.extensions],
        "arguments": [
            {
                **_brief(G, node),
                "status": str(found.acceptance[node].label),
                "in_extensions": found.acceptance[node].in_count,
                "out_extensions": found.acceptance[node].out_count,
            }
            for node in chosen
        ],
    }


def _print_extensions(
    console: Console, G: nx.MultiDiGraph[str], labelling: Labelling, found: Extensions, chosen: list[str]
) -> None:

    name = str(found.semantics).capitalize()
    total = len(found.extensions)
    if not total:
        _say(console, f"{name} semantics: no extension", "bold")
        _say(
            console,
            "No conflict-free set of arguments attacks every argument outside it; an odd attack cycle is the "
            "usual cause. Grounded semantics labels every argument.",
            DIM,
        )
        return
    counts = dict.fromkeys(Label, 0)
    for acceptance in found.acceptance.values():
        counts[acceptance.label] += 1
    _say(
        console,
        f"{name} semantics: {_count(total, 'extension')}; {_labels_line(len(found.acceptance), counts)}",
        "bold",
    )
    _say(console, "in: in every extension; out: attacked by every extension; undecided: the rest", DIM)
    rows = []
    for node in chosen:
        acc = found.acceptance[node]
        if acc.label is Label.IN:
            reason = "in every extension"
        elif acc.label is Label.OUT:
            reason = "attacked by every extension"
        else:
            reason = f"in {acc.in_count} of {_count(total, 'extension')}, attacked by {acc.out_count}"
        rows.append((acc.label, node, [reason]))
    _print_rows(console, G, rows)
    base = set(labelling.labelled(Label.IN))
    console.print()
    _say(console, f"The extensions: the {_count(len(base), 'argument')} grounded semantics labels in, and", "bold")
    for number, ext in enumerate(found.extensions, 1):
        extra = [plain(n) for n in ext if n not in base]
        _say(console, f"  {number}. " + (", ".join(extra) if extra else "nothing more"))


# --- shared ---------------------------------------------------------------------------------------


def _print_rows(console: Console, G: nx.MultiDiGraph[str], rows: list[tuple[Label, str, list[str]]]) -> None:
    """One entry per argument: the mark, then its title and id, then the reasons (dim), under a hanging indent."""
    from rich.text import Text

    width = len(Label.UNDEC.mark) + 1
    for label, node, reasons in rows:
        data = G.nodes[node]
        body = Text.assemble(plain(data.get("label") or data.get("text") or ""), (f"  {plain(node)}", DIM))
        for reason in reasons:
            body.append("\n" + reason, DIM)
        mark = status_text(label)
        mark.append(" " * (width - len(mark)))
        console.print()
        console.print(_hanging(console, mark, body))


def _say(console: Console, text: str, style: str = "") -> None:
    """One paragraph, wrapped to the console without trailing spaces."""
    from rich.text import Text

    console.print(_hanging(console, Text(""), Text(text, style)))


def _hanging(console: Console, prefix: Text, body: Text) -> Text:
    """``prefix``, then ``body`` (lines, each wrapped to the console) indented under its start."""
    indent = prefix.cell_len
    out = prefix.copy()
    for number, line in enumerate(body.wrap(console, max(20, console.width - indent))):
        line.rstrip()
        if number:
            out.append("\n" + " " * indent)
        out.append_text(line)
    return out


def _brief(G: nx.MultiDiGraph[str], node: str) -> dict[str, Any]:
    data = G.nodes[node]
    return {"id": node, "kind": data.get("kind"), "label": data.get("label"), "text": data.get("text")}


def _summary(af: Framework, counts: dict[Label, int]) -> dict[str, Any]:
    declared = sum(a.via == (a.attacker, a.target) for a in af.attacks)
    return {
        "arguments": len(af.arguments),
        **{str(label): n for label, n in counts.items()},
        "attacks": len(af.attacks),
        "declared_attacks": declared,
    }


def _labels_line(arguments: int, counts: dict[Label, int]) -> str:
    labels = f"{counts[Label.IN]} in, {counts[Label.OUT]} out, {counts[Label.UNDEC]} undecided"
    return f"{_count(arguments, 'argument')}: {labels}"


def _attacks_line(af: Framework) -> str:
    declared = sum(a.via == (a.attacker, a.target) for a in af.attacks)
    return f"{_count(len(af.attacks), 'attack')}: {declared} declared, {len(af.attacks) - declared} implied by supports"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
