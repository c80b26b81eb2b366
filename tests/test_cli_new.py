"""``argmap new``: a document ready to annotate, never an overwrite, every value checked as ``check`` would."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.check.rules import check_corpus
from argmap.cli.commands import app
from argmap.corpus.resolve import load_corpus
from argmap.source.parse import parse_document

runner = CliRunner()
SOURCE = "Why the city centre should close to cars\r\n\r\nWe should close the centre to cars.\r\nTraffic pollutes.\r\n"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_bytes(SOURCE.encode("utf-8"))
    return tmp_path


def new(*args: str):
    return runner.invoke(app, ["new", *args], catch_exceptions=False)


def test_new_document_is_ready_to_annotate(work: Path):
    result = new(
        "cars",
        "--source",
        "article.txt",
        "--authors",
        "Ada Example; Ben O'Brien",
        "--authors",
        'Cy "Quote" Example',
        "--date",
        "2024-05",
        "--title",
        "Cars: why the centre should close",
        "--url",
        "https://example.org/cars",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "corpus/cars.md\n"
    assert (
        result.stderr.splitlines()[0] == "wrote corpus/cars.md (4 lines of text) and its source corpus/sources/cars.txt"
    )
    text = (work / "corpus" / "cars.md").read_text(encoding="utf-8")
    assert text == (
        "---\n"
        "id: cars\n"
        'title: "Cars: why the centre should close"\n'
        'authors: ["Ada Example", "Ben O\'Brien", "Cy \\"Quote\\" Example"]\n'
        "date: 2024-05\n"
        'url: "https://example.org/cars"\n'
        "source: sources/cars.txt\n"
        "---\n"
        "\n"
        "Why the city centre should close to cars\n\nWe should close the centre to cars.\nTraffic pollutes.\n"
    )
    assert (work / "corpus" / "sources" / "cars.txt").read_bytes() == SOURCE.encode("utf-8")  # verbatim
    doc = parse_document(text, "corpus/cars.md")
    assert doc.meta["title"] == "Cars: why the centre should close"
    assert doc.authors == ["Ada Example", "Ben O'Brien", 'Cy "Quote" Example']
    assert check_corpus(load_corpus(work / "corpus")) == []
    assert runner.invoke(app, ["check", "--strict"]).exit_code == 0


def test_title_defaults_to_the_first_line(work: Path):
    result = new("cars", "-s", "article.txt", "-a", "Ada Example", "--date", "2024", "--corpus", "drafts")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "drafts/cars.md\n"
    assert "note: the title is the source's first line" in result.stderr
    assert 'title: "Why the city centre should close to cars"\n' in (work / "drafts" / "cars.md").read_text()


def test_never_overwrites(work: Path):
    assert new("cars", "-s", "article.txt", "-a", "A", "--date", "2024").exit_code == 0
    before = (work / "corpus" / "cars.md").read_bytes()
    result = new("cars", "-s", "article.txt", "-a", "B", "--date", "2023")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: corpus/cars.md already exists; argmap new never overwrites: choose another id or move it away\n"
    )
    assert (work / "corpus" / "cars.md").read_bytes() == before


def test_never_overwrites_another_source(work: Path):
    (work / "corpus" / "sources").mkdir(parents=True)
    (work / "corpus" / "sources" / "cars.txt").write_text("other words\n")
    result = new("cars", "-s", "article.txt", "-a", "A", "--date", "2024")
    assert result.exit_code == 1
    assert "corpus/sources/cars.txt already exists with other text" in result.stderr
    assert not (work / "corpus" / "cars.md").exists()


def test_a_source_already_in_place_is_used(work: Path):
    (work / "corpus" / "sources").mkdir(parents=True)
    (work / "corpus" / "sources" / "cars.txt").write_bytes(SOURCE.encode())
    result = new("cars", "-s", "corpus/sources/cars.txt", "-a", "A", "--date", "2024")
    assert result.exit_code == 0, result.stderr
    assert "its source corpus/sources/cars.txt was there" in result.stderr


def test_refuses_an_id_another_document_has(work: Path):
    (work / "corpus").mkdir()
    (work / "corpus" / "other-name.md").write_text("---\nid: cars\ntitle: T\nauthors: [A]\ndate: 2020\n---\n")
    result = new("cars", "-s", "article.txt", "-a", "A", "--date", "2024")
    assert result.exit_code == 1
    assert "document id 'cars' is already used by corpus/other-name.md" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["9cars", "--date", "2024"],
            "Error: invalid document id '9cars': use a letter, then letters, digits, '-' or '_'",
        ),
        (["cars", "--date", "2024-13"], "Error: invalid date '2024-13': write YYYY, YYYY-MM or YYYY-MM-DD"),
        (["cars", "--date", "2023-02-29"], "Error: invalid date '2023-02-29'"),
        (
            ["cars", "--date", "2024", "--url", "javascript:alert(1)"],
            "Error: the URL 'javascript:alert(1)' is not a well",
        ),
        (["cars", "--date", "2024", "-a", " ; "], "Error: the authors name no one"),
    ],
)
def test_values_are_checked_as_check_would(work: Path, args, message):
    result = new(*args, "-s", "article.txt", *([] if "-a" in args else ["-a", "A"]))
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not (work / "corpus").exists()


def test_unreadable_or_binary_source(work: Path):
    missing = new("cars", "-s", "nope.txt", "-a", "A", "--date", "2024")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: cannot read source 'nope.txt'")
    (work / "latin.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    latin = new("cars", "-s", "latin.txt", "-a", "A", "--date", "2024")
    assert latin.exit_code == 1
    assert "is not UTF-8 (byte 0xe9 at offset 3)" in latin.stderr
    assert not (work / "corpus" / "cars.md").exists()


def test_authors_and_date_are_required(work: Path):
    result = runner.invoke(app, ["new", "cars", "-s", "article.txt"])
    assert result.exit_code == 2
    assert "Missing option" in result.stderr
