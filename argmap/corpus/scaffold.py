"""A new corpus document from a source text, ready to annotate (``argmap new``).

The document is ``CORPUS/ID.md``: front matter (id, title, authors, date, url,
``source:``), then the source's text; the verbatim copy of the source is
``CORPUS/sources/ID.txt``, which ``argmap check`` compares the annotated
words with (AM206). Nothing is ever overwritten, and each file is written
atomically: a failure leaves neither file behind.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from argmap.corpus.files import atomic_write, read_regular_file
from argmap.errors import ArgmapError, UsageError
from argmap.source.frontmatter import ID_PATTERN, is_date
from argmap.source.urls import url_problem

#: Folder of the verbatim sources, relative to the corpus (as in the shipped corpus).
SOURCES = "sources"


@dataclass(frozen=True, slots=True)
class NewDocument:
    document: Path
    source: Path
    #: Whether the verbatim copy was written (``False``: the source already was that file).
    copied: bool
    #: Lines of text in the document's body.
    lines: int
    #: The title, and whether it was taken from the source's first line.
    title: str
    title_guessed: bool


def new_document(
    corpus: Path,
    doc_id: str,
    source: Path,
    *,
    authors: list[str],
    date: str,
    title: str | None = None,
    url: str | None = None,
) -> NewDocument:
    """Write ``corpus/ID.md`` and ``corpus/sources/ID.txt``; :class:`ArgmapError` says why not."""
    if not ID_PATTERN.match(doc_id):
        raise UsageError(f"invalid document id {doc_id!r}: use a letter, then letters, digits, '-' or '_'")
    if not is_date(date):
        raise UsageError(f"invalid date {date!r}: write YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date)")
    if url is not None and (problem := url_problem(url)):
        raise UsageError(f"the URL {url!r} is not a well-formed http(s) URL: {problem}", options=("url",))
    names = [name.strip() for value in authors for name in value.split(";") if name.strip()]
    if not names:
        raise UsageError(
            "the authors name no one: give each author's name, one at a time or separated by ';'", options=("authors",)
        )
    if corpus.exists() and not corpus.is_dir():
        raise UsageError(f"corpus {str(corpus)!r} is not a folder")
    data, text = _read_source(source)
    document = corpus / f"{doc_id}.md"
    copy = corpus / SOURCES / f"{doc_id}.txt"
    if document.exists():
        raise ArgmapError(f"{document} already exists; argmap new never overwrites: choose another id or move it away")
    same_file = copy.exists() and source.resolve() == copy.resolve()
    if copy.exists() and not same_file and read_regular_file(copy) != data:
        raise ArgmapError(f"{copy} already exists with other text; argmap new never overwrites: move it away")
    _refuse_taken_id(corpus, doc_id)
    if title is None or not title.strip():
        title, guessed = _first_line(text), True
    else:
        title, guessed = " ".join(title.split()), False
    if not title:
        raise UsageError("the source's first line is empty, so it gives no title: give one", options=("title",))
    front = [
        "---",
        f"id: {doc_id}",
        f"title: {_quoted(title)}",
        f"authors: [{', '.join(_quoted(name) for name in names)}]",
        f"date: {date}",
    ]
    if url is not None:
        front.append(f"url: {_quoted(url)}")
    front += [f"source: {SOURCES}/{doc_id}.txt", "---", ""]
    body = text if text.endswith("\n") else text + "\n"
    wrote_copy = False
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        if not copy.exists():
            atomic_write(copy, data)
            wrote_copy = True
        atomic_write(document, "\n".join(front) + "\n" + body)
    except OSError as exc:
        if wrote_copy:
            copy.unlink(missing_ok=True)
        raise ArgmapError(f"cannot write {document}: {exc.strerror or exc}") from None
    return NewDocument(document, copy, wrote_copy, body.count("\n"), title, guessed)


def _read_source(source: Path) -> tuple[bytes, str]:
    try:
        data = read_regular_file(source)
    except OSError as exc:
        raise ArgmapError(f"cannot read source {str(source)!r}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ArgmapError(
            f"source {str(source)!r} is not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}): "
            "convert it first, e.g. iconv -f latin1 -t utf-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ArgmapError(f"source {str(source)!r} has no text")
    return data, text


def _refuse_taken_id(corpus: Path, doc_id: str) -> None:
    """Another document of the corpus with this id would make both unusable (AM204)."""
    if not corpus.is_dir():
        return
    from argmap.corpus.resolve import discover
    from argmap.source.frontmatter import read_front_matter

    for path in discover(corpus):
        try:
            head = read_regular_file(path).decode("utf-8", "replace")
        except OSError:
            continue
        if read_front_matter(head).meta.get("id") == doc_id:
            raise ArgmapError(f"document id {doc_id!r} is already used by {path}; document ids are unique")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.strip().lstrip("#").split())
    return ""


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
