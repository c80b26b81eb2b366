"""`argmap check` on hostile documents: a finding or none, never a traceback or a hang.

Each reproducer is a document alone in a folder with the front matter below,
checked in every output format (issue 14).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.check.findings import format_github, format_json, format_sarif, format_text
from argmap.check.rules import check_corpus
from argmap.cli.commands import app
from argmap.corpus.resolve import load_corpus

runner = CliRunner()
HEAD = "---\nid: d\ntitle: t\nauthors: [a]\ndate: 2020\n---\n\n"


def write(folder: Path, body: str, name: str = "d.md", head: str = HEAD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((head + body).encode("utf-8"))
    return path


def check(folder: Path, *args: str):
    return runner.invoke(app, ["--no-cache", "check", "--corpus", str(folder), *args], catch_exceptions=False)


# -- 1. the order of findings is total -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '[w]{.claim .premise ref="c"}',
        '[t]{#c .claim k="[a]{#z .rebuttal attacks="x"}"}',
    ],
)
@pytest.mark.parametrize("output", ["text", "json", "sarif", "github"])
def test_findings_that_start_at_one_place_do_not_crash_the_report(tmp_path, body, output):
    write(tmp_path / "c", body)
    result = check(tmp_path / "c", "--format", output)
    assert result.exit_code == 1
    if output in ("json", "sarif"):
        json.loads(result.stdout)


_REFERENCE_ATTRIBUTES = ["#i", ".claim", ".premise", 'ref="c"', 'supports="x"', 'label="l"', "k=v"]


def test_every_combination_of_attributes_on_a_reference_span_is_reported(tmp_path):
    combos = [
        combo
        for n in range(1, len(_REFERENCE_ATTRIBUTES) + 1)
        for combo in itertools.combinations(_REFERENCE_ATTRIBUTES, n)
        if 'ref="c"' in combo
    ]
    body = "\n\n".join(f"[{text}]{{{' '.join(combo)}}}" for combo in combos for text in ("", "w"))
    write(tmp_path / "c", "[c]{#c .claim}\n\n" + body)
    findings = check_corpus(load_corpus(tmp_path / "c"))
    assert findings == sorted(findings)
    for render in (format_text, format_github):
        assert render(findings, 1).endswith("\n")
    json.loads(format_json(findings, 1))
    json.loads(format_sarif(findings))


# -- 2. one definition of a line -------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_output_names_the_line_an_editor_shows(tmp_path, newline):
    body = newline.join(["First line of a paragraph.", '[a]{#a .claim supports="zz"} more', ""])
    write(tmp_path / "c", HEAD.replace("\n", newline) + body, head="")
    text = check(tmp_path / "c").stdout
    assert "c/d.md:9:25: AM201 error: no span 'zz' in this document\n" in text
    assert '    9 | [a]{#a .claim supports="zz"} more\n      |                         ^^\n' in text
    [finding] = [
        d for d in json.loads(check(tmp_path / "c", "-f", "json").stdout)["diagnostics"] if d["code"] == "AM201"
    ]
    assert (finding["line"], finding["column"], finding["end_column"]) == (9, 25, 27)
    assert "line=9,col=25" in check(tmp_path / "c", "-f", "github").stdout


def test_a_byte_that_is_not_utf8_is_placed_on_the_line_an_editor_shows(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.md").write_bytes(HEAD.encode() + b"one\rtwo \xff")
    result = check(tmp_path / "c")
    assert "c/d.md:9:5: AM100 error: the file is not UTF-8 (byte 0xff)" in result.stdout


# -- 6. bidi controls reach no terminal ------------------------------------------------------------

_BIDI = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@pytest.mark.parametrize("output", ["text", "github"])
def test_bidi_controls_in_a_span_are_escaped_in_the_report(tmp_path, output):
    write(tmp_path / "c", f'[a {_BIDI} b]{{#a .claim supports="z{_BIDI[0]}z"}}')
    result = check(tmp_path / "c", "-f", output)
    assert result.exit_code == 1
    assert not set(_BIDI) & set(result.stdout)
    assert "\\u202e" in result.stdout
    assert "\\u2069" in result.stdout


def test_the_terminal_views_and_the_report_escape_alike():
    from argmap.check.findings import printable
    from argmap.cli.console import plain

    hostile = f"a{_BIDI}\x1b[31m\u2028\x85\x7fz"
    assert plain(hostile) == printable(hostile)
    assert printable(hostile).isprintable()
    assert plain("a\tb") == "a\\tb"


# -- 9. check never checks the sample corpus -------------------------------------------------------


def test_check_with_no_corpus_is_a_usage_error_not_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "--strict"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no corpus here: name the corpus folder or the documents, set ARGMAP_CORPUS,"
        " or run where ./corpus is (--corpus DIR, PATHS)\n"
    )


@pytest.mark.parametrize("command", [["stats"], ["show"], ["export"], ["render", "--format", "dot"], ["eval"]])
def test_other_commands_say_when_they_show_the_sample(tmp_path, monkeypatch, command):
    from argmap.corpus.resolve import packaged_corpus

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["--no-cache", *command])
    assert result.exit_code == 0
    note = "note: no --corpus, ARGMAP_CORPUS or ./corpus here: this is the sample corpus argmap ships with"
    note += f" ({packaged_corpus()})\n"
    assert result.stderr.startswith(note)
    (tmp_path / "corpus").mkdir()
    write(tmp_path / "corpus", "[c]{#c .claim}")
    assert "sample" not in runner.invoke(app, ["--no-cache", *command]).stderr


# -- 10. checking one file of a corpus -------------------------------------------------------------


def test_one_file_is_checked_against_its_corpus_and_only_its_findings_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(Path("c"), "[A.]{#a .claim} [Lonely.]{#lonely .claim}", "a.md", HEAD.replace("id: d", "id: a"))
    write(Path("c"), '[B.]{#b .premise supports="a#a"} [C.]{#c .premise supports="a#nope"}', "b.md")
    result = check(Path("c"), "c/b.md")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("c/")] == [
        "c/b.md:8:61: AM201 error: no span 'nope' in document 'a'"
    ]
    assert result.stdout.endswith("1 error in 1 of 1 document\n")
    whole = check(Path("c"))
    assert "c/a.md:8:17: AM305 warning" in whole.stdout
    monkeypatch.setenv("ARGMAP_CORPUS", "c")
    assert check_env(["c/b.md"]).stdout == result.stdout
    monkeypatch.delenv("ARGMAP_CORPUS")
    Path("c").rename("corpus")
    assert check_env(["corpus/b.md", "-f", "json"]).stdout.count('"code"') == 1


def check_env(args: list[str]):
    return runner.invoke(app, ["--no-cache", "check", *args], catch_exceptions=False)


# -- 11. a finding caused by another is not reported -----------------------------------------------

CORPUS = Path(__file__).parent.parent / "corpus"


def shipped_corpus_with(tmp_path: Path, old: str, new: str) -> Path:
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    kim = folder / "kim2019.md"
    text = kim.read_text("utf-8")
    assert text.count(old) == 1
    kim.write_text(text.replace(old, new), "utf-8")
    return folder


def findings(folder: Path) -> list[str]:
    return [line for line in check(folder).stdout.splitlines() if line.startswith(str(folder))]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "]{#infighting-harmful",
            "] {#infighting-harmful",
            ":21:663: AM119 error: space before '{': the attribute block must follow ']' directly, '[words]{...}'",
        ),
        (
            "{#infighting-harmful .premise",
            "{#infighting-harmful .premis",
            ":21:683: AM111 error: unknown kind '.premis': expected .claim, .premise or .rebuttal; "
            "did you mean '.premise'?",
        ),
        (
            'label="The history feud harms both allies\' security"}',
            'label="The history feud harms both allies\' security"',
            ":21:788: AM110 error: '[Patrick' is not an attribute: write #id, .class or key=value"
            " (is a '}' missing before it?)",
        ),
        (
            "[Infighting between",
            "Infighting between",
            ":21:660: AM119 error: ']{' closes no span: the opening '[' is missing or in an earlier paragraph "
            "(a span cannot cross a blank line); or escape it as '\\]'",
        ),
    ],
    ids=["space-before-brace", "unknown-kind", "missing-brace", "missing-bracket"],
)
def test_one_mistake_is_one_finding(tmp_path, old, new, expected):
    folder = shipped_corpus_with(tmp_path, old, new)
    assert findings(folder) == [f"{folder}/kim2019.md{expected}"]


def test_a_span_read_despite_a_space_before_its_block_is_the_span_meant(tmp_path):
    folder = shipped_corpus_with(tmp_path, "]{#infighting-harmful", "] {#infighting-harmful")
    broken = load_corpus(folder)
    whole = load_corpus(CORPUS)
    assert {(lk.source, lk.target, lk.type) for lk in broken.links} == {
        (lk.source, lk.target, lk.type) for lk in whole.links
    }


def test_a_premise_whose_relation_fails_is_not_said_to_support_nothing(tmp_path):
    write(tmp_path / "c", '[C.]{#c .claim} [P.]{#p .premise supports="nope"} [Q.]{#q .premise supports="a#b#c"}')
    assert [line.split(": ", 1)[1][:5] for line in check(tmp_path / "c").stdout.splitlines() if " AM" in line] == [
        "AM305",  # nothing relates to c: true, and not caused by another finding
        "AM201",
        "AM208",
    ]


# -- 3. and issue 21: the words kept, whatever the whitespace and the wrapping ----------------------


@pytest.mark.parametrize(
    "separator", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r", "\r\n", "\n\f\n"]
)
def test_a_document_that_copies_its_source_byte_for_byte_keeps_its_words(tmp_path, separator):
    source = f"Page one ends.{separator}Page two starts.\n"
    (tmp_path / "c" / "sources").mkdir(parents=True)
    (tmp_path / "c" / "sources" / "d.txt").write_bytes(source.encode("utf-8"))
    body = f'[Page one ends.]{{#c .claim}}{separator}[Page two starts.]{{#p .premise supports="c"}}\n'
    write(tmp_path / "c", body, head=HEAD.replace("date: 2020\n", "date: 2020\nsource: sources/d.txt\n"))
    result = check(tmp_path / "c", "--strict")
    assert (result.exit_code, result.stdout) == (0, "no problems found in 1 document\n")


def rewrap(text: str, width: int = 72) -> str:
    """Re-wrap every paragraph of a corpus document's body at ``width``, never inside a quoted value."""
    head, sep, body = text.partition("\n---\n")
    paragraphs = []
    for paragraph in body.split("\n\n"):
        words, word, quote = [], "", ""
        for ch in paragraph.replace("\n", " "):
            if quote:
                word += ch
                quote = "" if ch == quote else quote
            elif ch == " ":
                words.append(word)
                word = ""
            else:
                word += ch
                quote = ch if ch in "\"'" and word.endswith("=" + ch) else ""
        words.append(word)
        lines, line = [], ""
        for w in (w for w in words if w):
            if line and len(line) + 1 + len(w) > width:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        paragraphs.append("\n".join([*lines, line]))
    return head + sep + "\n\n".join(paragraphs)


def test_a_corpus_rewrapped_at_72_columns_passes_strict_and_keeps_its_graph(tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for path in folder.glob("*.md"):
        if path.name != "README.md":
            path.write_text(rewrap(path.read_text("utf-8")), "utf-8")
    assert max(len(line) for line in (folder / "kim2019.md").read_text("utf-8").split("---\n", 2)[2].splitlines()) < 120
    result = check(folder, "--strict")
    assert (result.exit_code, result.stdout) == (0, "no problems found in 5 documents\n")
    wrapped, original = load_corpus(folder), load_corpus(CORPUS)
    assert [(s.local_id, s.text, s.label) for d in wrapped.documents for s in d.spans] == [
        (s.local_id, s.text, s.label) for d in original.documents for s in d.spans
    ]
    assert [(lk.source, lk.target, lk.type) for lk in wrapped.links] == [
        (lk.source, lk.target, lk.type) for lk in original.links
    ]


def test_a_changed_word_in_a_rewrapped_document_is_named_at_its_exact_place(tmp_path):
    import shutil

    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    kim = folder / "kim2019.md"
    text = rewrap(kim.read_text("utf-8")).replace("bilateral conflict", "bilateral dispute", 1)
    kim.write_text(text, "utf-8")
    lines = text.split("\n")
    [line] = [n for n, content in enumerate(lines, 1) if "bilateral dispute" in content]
    col = lines[line - 1].index("dispute") + 1
    [finding] = findings(folder)
    assert finding == (
        f"{kim}:{line}:{col}: AM206 error: the words differ from the source 'sources/kim2019.txt': the document has"
        " '… deeper into their bilateral dispute, many observers in the …' where line 19 of the source has"
        " '… deeper into their bilateral conflict, many observers in the …'"
    )


# -- 8. an unclosed fence or comment hides nothing silently -----------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'Text.\n\n  ````python\n[a]{#a .claim}\n\n[b]{#b .premise supports="a"}\n```\n',
            ":10:3: AM122 warning: this code fence is never closed, so the rest of the document is read as code and"
            " its annotations are ignored (Pandoc reads them); close it with a line of ````",
        ),
        (
            "<!-- a comment\n[a]{#a .claim}\n",
            ":8:1: AM122 warning: this HTML comment is never closed, so the rest of the document is read as code and"
            " its annotations are ignored (Pandoc reads them); close it with '-->'",
        ),
    ],
)
def test_an_unclosed_fence_with_annotations_after_it_is_a_warning_at_the_fence(tmp_path, body, expected):
    write(tmp_path / "c", body)
    result = check(tmp_path / "c")
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if "AM" in line] == [f"{tmp_path}/c/d.md{expected}"]
    assert check(tmp_path / "c", "--strict").exit_code == 1


@pytest.mark.parametrize(
    "body",
    [
        "```\n[a]{#a .claim}\n```\n\n[b]{#b .claim}\n",  # closed
        "```\ncode [a]{.smallcaps} and x]{y}\n",  # unclosed, but nothing of argmap's after it
        "[b]{#b .claim}\n\n<!-- note\n",
    ],
)
def test_no_warning_when_nothing_of_argmaps_is_hidden(tmp_path, body):
    write(tmp_path / "c", body)
    assert "AM122" not in check(tmp_path / "c").stdout


def test_a_target_that_does_not_resolve_is_reported_once_at_its_place_not_at_a_with(tmp_path):
    write(tmp_path / "c", '[a]{#a .premise supports="nope" with="b"} [b]{#b .premise supports="a"}')
    lines = [line for line in check(tmp_path / "c").stdout.splitlines() if " AM2" in line]
    assert lines == [f"{tmp_path}/c/d.md:8:27: AM201 error: no span 'nope' in this document"]


def test_a_reference_that_does_not_resolve_is_reported_once_at_its_place_not_at_a_with(tmp_path):
    write(tmp_path / "c", '[b]{#b .premise supports="c"} [c]{#c .claim}\n\n[]{ref="nope" supports="c" with="b"}')
    lines = [line for line in check(tmp_path / "c").stdout.splitlines() if " AM2" in line]
    assert lines == [f"{tmp_path}/c/d.md:10:9: AM201 error: no span 'nope' in this document"]
