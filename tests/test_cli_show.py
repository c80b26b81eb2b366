"""`argmap show`, `chains`, `find`, `stats` through CliRunner: exit code first, then output.

The corpus is built in tmp_path: two documents, one relation across them, and
claim text that looks like rich markup or holds control characters.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from typer.testing import CliRunner

from argmap.cli.commands import app
from argmap.cli.console import make_console, plain

runner = CliRunner()

ALPHA = """\
---
id: alpha
title: "Alpha [bold]title[/bold]"
authors: [Ann Author]
date: 2020-01
licence: none
---

[We should do X.]{#thesis .claim label="Do X"}
[X is cheap.]{#cheap .premise supports="thesis" label="X is cheap"}

[X costs more [bold]than[/bold] it looks [link=javascript:alert(1)]here[/link] \x1b7red\x07 and \
some more words so that this claim is far too long for one line of eighty columns.]{#costly .rebuttal \
attacks="cheap" by="Critics"}

[The critics count wrong.]{#miscount .rebuttal attacks="costly" label="Critics [red]miscount[/red]"}
"""

BETA = """\
---
id: beta
title: Beta
authors: [Bob Writer]
date: "2019"
licence: none
---

[X would be a mediation disaster.]{#thesis .claim attacks="alpha#thesis" label="X is a mediation disaster"}
[Disasters follow X.]{#follow .premise supports="thesis"}
"""

ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The corpus folder, as the working folder (so paths print short: ``alpha.md``)."""
    (tmp_path / "alpha.md").write_text(ALPHA, encoding="utf-8")
    (tmp_path / "beta.md").write_text(BETA, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "."


def run(corpus: str, *args: str, ok: bool = True):
    result = runner.invoke(app, [*args, "--corpus", corpus], catch_exceptions=not ok)
    return result


def assert_fits(stdout: str) -> None:
    """No colour codes (stdout is not a terminal) and nothing wider than 80 columns."""
    assert not ANSI.search(stdout)
    assert "\x1b" not in stdout
    assert "\x07" not in stdout
    wide = [line for line in stdout.splitlines() if cell_len(line) > 80]
    assert wide == []


# --- show ---------------------------------------------------------------------------------------


def test_overview_lists_documents_oldest_first_with_their_theses(corpus):
    result = run(corpus, "show")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("The corpus: 2 documents, 6 nodes, 5 relations\n")
    assert out.index("beta ─") < out.index("alpha ─")
    assert "Thesis  Do X  #thesis\n" in out
    assert "Thesis  X is a mediation disaster  #thesis\n" in out
    assert "+ X is cheap  #cheap" in out
    # Another document's node: its full id, and its own argument is left to its document.
    assert "\u2212 X is a mediation disaster  beta#thesis, more in beta\n" in out
    assert out.count("Disasters follow X.") == 1
    assert "Bob Writer, 2019 · 1 thesis" in out
    assert_fits(out)


def test_overview_json_has_the_documented_keys(corpus):
    result = run(corpus, "show", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"depth", "documents", "nodes"}
    beta, alpha = data["documents"]
    assert set(alpha) == {"id", "title", "authors", "date", "path", "counts", "theses", "trees"}
    assert (beta["id"], alpha["id"]) == ("beta", "alpha")
    assert alpha["counts"] == {"claim": 1, "premise": 1, "rebuttal": 2}
    assert alpha["theses"] == ["alpha#thesis"]
    tree = alpha["trees"][0]
    assert set(tree) == {"id", "relation", "repeat", "hidden", "outside", "children"}
    assert [(c["id"], c["relation"], c["outside"], c["children"]) for c in tree["children"][1:]] == [
        ("beta#thesis", "attacks", True, []),
    ]
    assert tree["children"][0]["id"] == "alpha#cheap"
    assert data["nodes"]["alpha#cheap"]["label"] == "X is cheap"
    assert data["nodes"]["alpha#cheap"]["line"] == 10


def test_show_claim_draws_supports_and_attacks_recursively(corpus):
    result = run(corpus, "show", "alpha#thesis")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("alpha#thesis  claim · Ann Author · ")
    assert "Do X\n“We should do X.”\n" in out
    assert "For and against it (1 support, 1 attack directly)" in out
    assert "+ X is cheap\n│   Ann Author · alpha#cheap · line 10" in out
    assert "− Critics [red]miscount[/red]" in out
    assert "− X is a mediation disaster\n" in out
    assert "Bob Writer · beta#thesis · line 9" in out
    assert "It supports or attacks nothing." in out
    assert_fits(out)


def test_show_claim_lists_what_it_supports_and_attacks(corpus):
    result = run(corpus, "show", "beta#thesis")
    assert result.exit_code == 0, result.stderr
    assert "What it supports and attacks\n└── − attacks Do X\n    Ann Author · alpha#thesis · line 9" in result.stdout


def test_show_claim_heading_breaks_before_kind_when_it_would_not_fit(tmp_path, monkeypatch):
    holder = "The Standing Committee for the Long Names of Organisations"  # the line would be 87 wide
    (tmp_path / "d.md").write_text(
        f'---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\nlicence: none\n---\n\n[T.]{{#thesis .claim by="{holder}"}}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = run(".", "show", "d#thesis")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"d#thesis\nclaim · {holder} · d.md:9\n“T.”\n")


def test_show_accepts_a_bare_id_unique_in_the_corpus(corpus):
    result = run(corpus, "show", "cheap")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("alpha#cheap  premise")


def test_show_ambiguous_id_fails_listing_the_candidates(corpus):
    result = run(corpus, "show", "thesis")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: 'thesis' is ambiguous: it names alpha#thesis, beta#thesis; write doc-id#id\n"


def test_show_unknown_id_fails_with_close_matches(corpus):
    result = run(corpus, "show", "alpha#chep")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no claim 'alpha#chep' in the corpus; did you mean alpha#cheap" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_depth_limits_the_tree_and_says_what_is_hidden(corpus):
    result = run(corpus, "show", "alpha#thesis", "--depth", "1")
    assert result.exit_code == 0, result.stderr
    assert "… 1 more relation (raise --depth)" in result.stdout
    assert "miscount" not in result.stdout


def test_show_negative_depth_is_a_usage_error(corpus):
    result = run(corpus, "show", "--depth", "-1")
    assert result.exit_code == 2


def test_show_claim_json(corpus):
    result = run(corpus, "show", "alpha#cheap", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"id", "depth", "incoming", "outgoing", "nodes"}
    assert data["id"] == "alpha#cheap"
    assert [(c["id"], c["relation"]) for c in data["incoming"]["children"]] == [("alpha#costly", "attacks")]
    assert [(c["id"], c["relation"]) for c in data["outgoing"]["children"]] == [("alpha#thesis", "supports")]
    assert sorted(data["nodes"]) == ["alpha#cheap", "alpha#costly", "alpha#miscount", "alpha#thesis"]


def test_a_repeated_node_is_shown_once_and_referred_to(tmp_path):
    (tmp_path / "d.md").write_text(
        "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\nlicence: none\n---\n\n"
        '[T.]{#thesis .claim label="T"} [A.]{#a .claim supports="thesis" label="A"} '
        '[B.]{#b .claim supports="thesis a" attacks="a" label="B"}\n',
        encoding="utf-8",
    )
    result = run(str(tmp_path), "show", "d#thesis")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("d#b · line") == 1
    assert "− B  d#b, see above" in result.stdout


@pytest.fixture
def deep(tmp_path: Path) -> str:
    """One document whose argument is a chain of 320 supports: n319 -> ... -> n1 -> n0."""
    spans = " ".join(f'[S{i}.]{{#n{i} .claim supports="n{i - 1}"}}' for i in range(1, 320))
    (tmp_path / "d.md").write_text(
        f"---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\nlicence: none\n---\n\n[T.]{{#n0 .claim}} {spans}\n",
        encoding="utf-8",
    )
    return str(tmp_path)


def test_a_tree_too_deep_for_80_columns_says_how_to_see_the_rest(deep):
    result = run(deep, "show", "d#n0")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "+ S12.\n" in out
    assert "S13." not in out
    assert re.search(r"… 1 more relation, too deep\s+to draw here: argmap show\s+d#n12\n", out)
    assert_fits(out)


def test_a_tree_too_deep_for_json_fails_cleanly(deep):
    result = run(deep, "show", "d#n0", "--json")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the tree of 'd#n0' is more than 300 relations deep, too deep to nest in JSON; "
        "limit it with --depth 300\n"
    )


def test_a_tree_300_deep_is_fine_in_json(deep):
    result = run(deep, "show", "d#n0", "--json", "--depth", "300")
    assert result.exit_code == 0, result.stderr
    tree, level = json.loads(result.stdout)["incoming"], 0
    while tree["children"]:
        (tree,) = tree["children"]
        level += 1
    assert (level, tree["id"], tree["hidden"]) == (300, "d#n300", 1)


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        (["show"], {"depth", "documents", "nodes"}),
        (["show", "kim2019#thesis"], {"id", "depth", "incoming", "outgoing", "nodes"}),
        (["chains", "kim2019#thesis", "--oppose"], {"id", "polarity", "count", "chains", "nodes"}),
        (["find", "mediation"], {"query", "regex", "count", "matches"}),
        (["stats"], {"documents", "kinds", "relations", "cross_document", "unsupported"}),
    ],
)
def test_json_forms_on_the_shipped_corpus(in_root, args, keys):
    # Keys and sanity only: the shipped corpus is still being annotated.
    result = runner.invoke(app, [*args, "--corpus", "corpus", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert keys <= set(data)
    assert data.get("count", 1) > 0
    if args == ["show"]:
        assert {"kim2019", "haggard2021", "snyder2017"} <= {d["id"] for d in data["documents"]}
        assert all(d["theses"] for d in data["documents"])


# --- hostile text -------------------------------------------------------------------------------------


def test_markup_in_claim_text_is_shown_literally(corpus):
    result = run(corpus, "find", "costs")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "[bold]than[/bold]" in out
    assert "[link=javascript:alert(1)]here[/link]" in out
    assert_fits(out)


def test_control_characters_in_claim_text_are_shown_as_escapes(corpus):
    out = run(corpus, "show").stdout
    assert "\\x1b7red\\x07" in out
    assert "\x1b" not in out
    assert "\x07" not in out


def test_markup_in_titles_and_labels_is_shown_literally(corpus):
    out = run(corpus, "show").stdout
    assert "Alpha [bold]title[/bold]" in out
    assert "Critics [red]miscount[/red]" in out


def test_plain_makes_every_invisible_character_visible():
    assert plain("a\tb\x1b[31md\x07\u202ee") == "a\\tb\\x1b[31md\\x07\\u202ee"


def test_plain_text_is_one_line():
    assert "\n" not in plain("a\nb\r\nc")
    assert "\r" not in plain("a\nb\r\nc")


# --- colour -------------------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_is_on_in_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdout", FakeTerminal())
    monkeypatch.delenv("NO_COLOR", raising=False)
    console = make_console()
    console.print(Text("x", "green"))
    assert "\x1b[32m" in console.file.getvalue()


def test_no_color_turns_colour_off_in_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdout", FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "1")
    console = make_console()
    console.print(Text("x", "green"))
    assert "\x1b[32m" not in console.file.getvalue()


def test_no_colour_and_80_columns_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdout", io.StringIO())
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    console = make_console()
    console.print(Text("x", "green"))
    assert console.file.getvalue() == "x\n"
    assert console.width == 80


# --- chains ---------------------------------------------------------------------------------------


def chain_list(stdout: str) -> list[tuple[str, list[str], list[str]]]:
    data = json.loads(stdout)
    return [(c["polarity"], c["nodes"], c["relations"]) for c in data["chains"]]


def test_chains_oppose_json(corpus):
    result = run(corpus, "chains", "alpha#thesis", "--oppose", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "id", "polarity", "max_length", "limit", "count", "truncated", "stopped", "longer", "chains", "nodes",
    }  # fmt: skip
    assert (data["id"], data["polarity"], data["count"]) == ("alpha#thesis", "oppose", 3)
    assert set(data["chains"][0]) == {"length", "polarity", "nodes", "relations", "signs", "undercut"}
    assert chain_list(result.stdout) == [
        ("oppose", ["beta#thesis", "alpha#thesis"], ["attacks"]),
        ("oppose", ["alpha#costly", "alpha#cheap", "alpha#thesis"], ["attacks", "supports"]),
        ("oppose", ["beta#follow", "beta#thesis", "alpha#thesis"], ["supports", "attacks"]),
    ]
    assert data["nodes"]["beta#follow"]["text"] == "Disasters follow X."


def test_chains_support_json_counts_an_attack_on_an_attacker_as_support(corpus):
    result = run(corpus, "chains", "alpha#thesis", "--support", "--json")
    assert result.exit_code == 0, result.stderr
    assert chain_list(result.stdout) == [
        ("support", ["alpha#cheap", "alpha#thesis"], ["supports"]),
        (
            "support",
            ["alpha#miscount", "alpha#costly", "alpha#cheap", "alpha#thesis"],
            ["attacks", "attacks", "supports"],
        ),
    ]


def test_chains_without_a_polarity_lists_both(corpus):
    result = run(corpus, "chains", "alpha#thesis", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["polarity"] is None
    assert [c["length"] for c in data["chains"]] == [1, 1, 2, 2, 3]


def test_chains_text_output(corpus):
    result = run(corpus, "chains", "alpha#thesis", "--oppose")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Chains that oppose alpha#thesis\nDo X\n")
    assert (
        "2. − opposes · 2 relations\n"
        "   X costs more [bold]than[/bold] it looks [link=javascript:alert(1)]here[/link]\n"
        "   \\x1b7red\\x07 and some more words so that this claim is far too long for one\n"
        "   line of eighty columns.  alpha#costly\n"
        "   − attacks X is cheap  alpha#cheap\n"
        "   + supports alpha#thesis\n"
    ) in out
    assert out.rstrip().endswith("3 chains, shortest first.")
    assert_fits(out)


def test_chains_print_in_batches_without_a_seam(tmp_path):
    spans = " ".join(f'[P{i}.]{{#p{i} .premise supports="thesis"}}' for i in range(150))
    (tmp_path / "d.md").write_text(
        f"---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\nlicence: none\n---\n\n[T.]{{#thesis .claim}} {spans}\n",
        encoding="utf-8",
    )
    result = run(str(tmp_path), "chains", "d#thesis", "--limit", "0")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.count(" supports · 1 relation\n") == 150
    assert "   + supports d#thesis\n\n101. + supports · 1 relation\n   P54.  d#p54\n" in out  # ids sort as text
    assert out.endswith("   + supports d#thesis\n\n150 chains, shortest first.\n")


def test_chains_limit_says_more_exist(corpus):
    result = run(corpus, "chains", "alpha#thesis", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert "More exist: only the first 1 are listed" in result.stdout
    data = json.loads(run(corpus, "chains", "alpha#thesis", "--limit", "1", "--json").stdout)
    assert (data["count"], data["truncated"]) == (1, True)


def test_chains_max_length_says_longer_exist(corpus):
    result = run(corpus, "chains", "alpha#thesis", "--max-length", "1")
    assert result.exit_code == 0, result.stderr
    assert "Longer chains exist beyond --max-length 1." in result.stdout


def test_chains_none_found(corpus):
    result = run(corpus, "chains", "alpha#miscount")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("No chain ends at alpha#miscount.")


def test_chains_unknown_id_fails(corpus):
    result = run(corpus, "chains", "nope", "--oppose")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no claim 'nope' in the corpus")


def test_chains_max_length_zero_is_a_usage_error(corpus):
    assert run(corpus, "chains", "alpha#thesis", "--max-length", "0").exit_code == 2


def test_cli_defaults_are_the_cores():
    from argmap.analysis import chains, stats
    from argmap.cli import show

    assert (show.DEFAULT_MAX_LENGTH, show.DEFAULT_LIMIT) == (chains.DEFAULT_MAX_LENGTH, chains.DEFAULT_LIMIT)
    assert show.DEFAULT_TOP == stats.DEFAULT_TOP


# --- find ---------------------------------------------------------------------------------------------


def test_find_lists_matches_with_id_and_line(corpus):
    result = run(corpus, "find", "MEDIATION")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("1 match for 'MEDIATION'\n")
    assert "beta#thesis  claim · Bob Writer · " in out
    assert "beta.md:9\n  X is a mediation disaster\n  “X would be a mediation disaster.”\n" in out


def test_find_quotes_words_once(in_root):
    """Words that already end (or start) with a quote mark get no second one: not ``…brink.””``."""
    result = runner.invoke(app, ["find", "brink"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.endswith("  back from the brink.\u201d\n")
    assert "\u201d\u201d" not in result.stdout
    assert "\n  The Center for Strategic" in result.stdout
    shown = runner.invoke(app, ["show", "kim2019#foreign-affairs", "--depth", "0"], catch_exceptions=False).stdout
    assert "\n\u201cWashington is sleeping\u201d was the diagnosis from Foreign Affairs.\n" in shown
    assert "\u201c\u201c" not in shown


def test_render_tooltips_quote_words_once(in_root):
    dot = runner.invoke(app, ["render", "kim2019#csis-mediation", "--format", "dot"], catch_exceptions=False).stdout
    assert "from the brink.\u201d&#10;" in dot
    assert "\u201d\u201d" not in dot
    assert "\u201c\u201c" not in dot


def test_find_json(corpus):
    result = run(corpus, "find", "X", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"query", "regex", "count", "matches"}
    assert data["count"] == len(data["matches"]) == 5  # all but the critics' miscount
    first = data["matches"][0]
    assert first["id"] == "alpha#thesis"
    assert first["matched"] == ["label", "text"]
    assert {"id", "kind", "text", "label", "doc", "local_id", "by", "path", "line", "col"} <= set(first)


def test_find_regex(corpus):
    result = run(corpus, "find", "--regex", r"^disasters?\b", "--json")
    assert result.exit_code == 0, result.stderr
    assert [m["id"] for m in json.loads(result.stdout)["matches"]] == ["beta#follow"]


def test_find_invalid_regex_is_a_usage_error(corpus):
    result = run(corpus, "find", "--regex", "(")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: invalid regular expression '('")


def test_find_nothing(corpus):
    result = run(corpus, "find", "zebra")
    assert (result.exit_code, result.stdout) == (0, "0 matches for 'zebra'\n")


# --- stats ----------------------------------------------------------------------------------------


def test_stats_json(corpus):
    result = run(corpus, "stats", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "documents", "kinds", "relations", "cross_document", "most_supported", "most_attacked", "unsupported",
    }  # fmt: skip
    assert [d["id"] for d in data["documents"]] == ["beta", "alpha"]
    assert data["documents"][1]["relations"] == {
        "supports": 1,
        "attacks": 2,
        "undercuts": 0,
        "outweighs": 0,
        "qualifies": 0,
        "explains": 0,
    }
    assert data["kinds"] == {"claim": 2, "premise": 2, "rebuttal": 2}
    assert data["relations"] == {
        "supports": 2,
        "attacks": 3,
        "undercuts": 0,
        "outweighs": 0,
        "qualifies": 0,
        "explains": 0,
    }
    assert data["cross_document"] == [{"source": "beta#thesis", "target": "alpha#thesis", "type": "attacks"}]
    assert [(r["id"], r["count"]) for r in data["most_attacked"]] == [
        ("alpha#thesis", 1),
        ("alpha#cheap", 1),
        ("alpha#costly", 1),
    ]
    assert data["unsupported"] == []
    assert data["most_supported"][0] == {
        "id": "beta#thesis", "kind": "claim", "label": "X is a mediation disaster", "by": "Bob Writer", "count": 1,
    }  # fmt: skip


def test_stats_text(corpus):
    result = run(corpus, "stats")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Relations across documents: 1\n  beta#thesis − attacks alpha#thesis\n" in out
    assert re.search(r"^ All +2 +2 +2 +2 +3 *$", out, re.MULTILINE)
    assert "Other relations" not in out  # only supports and attacks here
    assert_fits(out)


def test_stats_text_counts_the_other_relations_below_the_table(in_root):
    counts = json.loads(runner.invoke(app, ["stats", "--json", "--corpus", "corpus"]).stdout)["relations"]
    others = {kind: n for kind, n in counts.items() if n and kind not in ("supports", "attacks")}
    assert set(others) == {"undercuts", "outweighs", "qualifies", "explains"}  # the shipped corpus has each
    result = runner.invoke(app, ["stats", "--corpus", "corpus"])
    assert result.exit_code == 0, result.stderr
    line = ", ".join(f"{n} {kind}" for kind, n in others.items())
    assert f"Other relations: {line}.\n" in result.stdout


# -- a tree's row is made without rich's Text, with the same segments ------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "a", " b ", "\n", "\x07", "\x1b[1m", "+ ", "#id", "\u201cq\u201d"]),
            st.sampled_from(["", "bold", "dim", "italic", "bold green"]),
        ),
        max_size=10,
    )
)
def test_a_tree_label_has_the_segments_of_the_rich_text(appends):
    from rich.text import Text

    from argmap.cli.show import _Label, _segments

    text, label = Text(), _Label()
    for piece, style in appends:
        text.append(piece, style)
        label.append(piece, style)
    assert label.segments == _segments(text)


# -- stats' relations across documents: plain lines, as rich printed them ----------------------------

#: Node keys: no spaces (an id is a word; plain() shows control characters as escapes), any length.
IDS = st.text(alphabet=st.sampled_from("ab-#é界[]\x1b\u202e0"), min_size=1, max_size=50)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(IDS, IDS, st.sampled_from(["supports", "attacks", "undercuts", "explains", "odd[bold]"])), max_size=5
    ),
    st.integers(20, 100),
    st.booleans(),
)
def test_relations_across_documents_print_as_rich_printed_them(edges, width, colour):
    import io

    from rich.console import Console
    from rich.text import Text

    from argmap.analysis.stats import Edge
    from argmap.cli import show
    from argmap.cli.lines import Lines

    found = [Edge(source, target, rel_type) for source, target, rel_type in edges]
    if not found:
        return
    console = Console(
        file=io.StringIO(), width=width, color_system="standard" if colour else None, force_terminal=colour
    )
    console.print(
        Text("\n").join(
            Text.assemble(
                "  ",
                plain(e.source),
                (f" {show.SIGN.get(e.type, '?')} {plain(e.type)} ", show.SIGN_STYLE.get(e.type, "")),
                plain(e.target),
            )
            for e in found
        )
    )
    ours = show._relation_lines(Lines(width=width, colour=colour), found) + "\n"

    # the same lines, but for the space rich leaves at the end of a line it breaks (argmap.cli.lines drops
    # it), inside the colour's reset if there is one, and the colour left around nothing
    def unspaced(text: str) -> list[str]:
        lines = [re.sub(r" +((?:\x1b\[0m)?)$", r"\1", line) for line in text.splitlines()]
        return [re.sub(r"\x1b\[[0-9;]*m\x1b\[0m", "", line) for line in lines]

    assert ours.splitlines() == unspaced(console.file.getvalue())


def test_chains_name_the_step_an_undercut_undercuts(tmp_path):
    """One span undercutting two reasons for the same claim makes two chains, told apart by their step."""
    (tmp_path / "d.md").write_text(
        "---\nid: d\ntitle: D\nauthors: [A]\ndate: 2020\n---\n\n"
        '[C]{#c .claim} [P]{#p .premise supports="c"} [Q]{#q .premise supports="c"} [R]{#r .rebuttal attacks="c"}\n\n'
        '[U]{#u .premise undercuts="p>c q>c r>c"}\n',
        encoding="utf-8",
    )
    data = json.loads(runner.invoke(app, ["chains", "d#c", "--json", "--corpus", str(tmp_path)]).stdout)
    from_u = [c for c in data["chains"] if c["nodes"][0] == "d#u"]
    assert sorted((c["undercut"], c["signs"], c["polarity"]) for c in from_u) == [
        (["d#p>d#c"], [-1], "oppose"),
        (["d#q>d#c"], [-1], "oppose"),
        (["d#r>d#c"], [1], "support"),
    ]
    assert all(c["undercut"] == [None] for c in data["chains"] if c["nodes"][0] != "d#u")
    text = runner.invoke(app, ["chains", "d#c", "--corpus", str(tmp_path)]).stdout
    for step in (
        "a reason for (the step from d#p)",
        "a reason for (the step from d#q)",
        "an objection to (the step from d#r)",
    ):
        assert text.count(step) == 1, step
