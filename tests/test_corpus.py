"""The shipped corpus: every document parses, `check --strict` finds nothing, the words are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from argmap.check.kept import compare
from argmap.check.rules import check_corpus
from argmap.cli.commands import app
from argmap.corpus.resolve import discover, load_corpus, read_document

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "corpus"
DOCUMENTS = discover(CORPUS)


def test_the_corpus_has_the_five_articles():
    assert sorted(p.stem for p in DOCUMENTS) == ["haggard2021", "kim2019", "snyder2017", "sohn2017", "terry2024"]


def test_check_strict_finds_nothing(in_root):
    result = runner_invoke(["check", "--strict"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == f"no problems found in {len(DOCUMENTS)} documents\n"


def runner_invoke(args):
    return CliRunner().invoke(app, args, catch_exceptions=False)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_words_are_kept(path):
    """With the markup removed, the document keeps its source's words, in order (whole lines left out)."""
    doc = read_document(path)
    original = (path.parent / str(doc.meta["source"])).read_text("utf-8")
    assert compare(doc.lines, original, str(doc.meta["source"])) == []
    kept = sum(len(t.split()) for t, _ in doc.lines)
    assert kept > 0.6 * len(original.split())  # the article itself, not a fragment


def test_words_kept_check_catches_a_changed_word(tmp_path):
    source = CORPUS / "kim2019.md"
    text = source.read_text("utf-8").replace("bilateral conflict", "bilateral dispute", 1)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "kim2019.txt").write_bytes((CORPUS / "sources" / "kim2019.txt").read_bytes())
    (tmp_path / "kim2019.md").write_text(text, "utf-8")
    codes = [d.code for d in check_corpus(load_corpus(tmp_path))]
    assert "AM206" in codes


def test_every_document_has_a_thesis_with_a_label():
    corpus = load_corpus(CORPUS)
    for doc in corpus.documents:
        theses = [s for s in doc.spans if s.local_id.startswith("thesis")]
        assert theses, doc.id
        assert all(s.label for s in theses), doc.id


def test_cross_document_relations():
    corpus = load_corpus(CORPUS)
    cross = [lk for lk in corpus.links if lk.source.split("#")[0] != lk.target.split("#")[0]]
    assert len(cross) >= 10
    linked = {lk.source.split("#")[0] for lk in cross} | {lk.target.split("#")[0] for lk in cross}
    assert linked == {doc.id for doc in corpus.documents}
