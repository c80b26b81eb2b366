"""``argmap lsp`` end to end: a real server process driven over stdio by pytest-lsp's client.

Positions are computed here from the text, independently of argmap's own
conversions, in UTF-16 code units (the protocol's default); the corpus has
characters outside the Basic Multilingual Plane (two UTF-16 units each) before
the spans the tests point at.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

TOWN = """---
id: town
title: Closing the centre to cars
authors: [Ada Example]
date: 2024
---

[We should close the centre to cars.]{#thesis .claim label="Close the centre"}
[Traffic causes most pollution]{#pollution .premise supports="thesis" with="study" label="Traffic pollutes"},
and [the council's study agrees]{#study .premise supports="thesis"}.
[Shops say customers drive]{#shops .claim by="Shopkeepers" attacks="thesis"}.
[Most shoppers walk, 🚲 say]{#walk .rebuttal attacks="shops"}
[The count is old]{#old .premise undercuts="walk>shops" qualifies="thesis" explains="walk" outweighs="shops"}
[]{ref="study" supports="parking#fees"}
🚲🚲 [[Astral 🚲 words]{#inner .premise supports="astral"} and more]{#astral .claim attacks="parking#fees"}
"""

PARKING = """---
id: parking
title: Parking fees and the high street
authors: [Ben Example]
date: 2023
---

[Shops on streets with high parking fees lost no trade.]{#fees .claim label="High fees cost shops no trade" cite="https://example.org/fees"}
"""

BROKEN = """---
id: broken
title: Mistakes to fix
authors: [Cy Example]
date: 2024
---

[A claim 🚲]{#thesis .claim}
[Typo in a target]{#p1 .premise supports="thesys"}
[Typo in a kind]{#p2 .premis supports="thesis"}
[Typo in an attribute]{#p3 .premise suport="thesis"}
[No hash]{p4 .premise supports="thesis"}
[Curly]{#p5 .premise supports=“thesis”}
[Elsewhere]{#p6 .premise supports="fees"}
[Other document]{#p7 .premise supports="parkng#fees"}
[Unknown attribute]{#p8 .premise lable="x" supports="thesis"}
"""


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def position(text: str, needle: str, delta: int = 0, occurrence: int = 0) -> types.Position:
    """The LSP position (UTF-16) of ``needle`` (its ``occurrence``-th match) plus ``delta`` code points."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    return types.Position(line, len(text[start:at].encode("utf-16-le")) // 2)


def id_range(text: str, name: str) -> types.Range:
    """The range of a span's id where it is declared (``{#name``)."""
    return types.Range(position(text, "{#" + name, 2), position(text, "{#" + name, 2 + len(name)))


def span_range(text: str, needle: str, occurrence: int = 0, length: int | None = None) -> types.Range:
    """The range of ``needle`` (of its first ``length`` code points)."""
    end = len(needle) if length is None else length
    return types.Range(position(text, needle, 0, occurrence), position(text, needle, end, occurrence))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "corpus").mkdir(parents=True)
    for name, text in (("town.md", TOWN), ("parking.md", PARKING), ("broken.md", BROKEN)):
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "argmap", "lsp", "--debounce", "20"])
)
async def client(lsp_client: LanguageClient, corpus: Path):
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:  # the server asks to be told of file changes
        lsp_client.registrations = params.registrations

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        workspace_folders=[types.WorkspaceFolder(uri(corpus), "project")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, path: Path, version: int = 1) -> str:
    text = path.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri(path), "markdown", version, text))
    )
    return text


def edit(client: LanguageClient, path: Path, version: int, start: types.Position, end: types.Position, new: str):
    change = types.TextDocumentContentChangePartial(range=types.Range(start, end), text=new)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri(path)), [change]
        )
    )


async def diagnostics_for(client: LanguageClient, path: Path, predicate=lambda d: True, timeout: float = 10.0):
    """The diagnostics of ``path`` once they satisfy ``predicate`` (waiting for new ones as they come)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = client.diagnostics.get(uri(path))
        if found is not None and predicate(found):
            return found
        left = deadline - loop.time()
        if left <= 0:
            raise AssertionError(f"no matching diagnostics for {path.name}: {found}")
        try:
            await asyncio.wait_for(client.wait_for_notification("textDocument/publishDiagnostics"), left)
        except TimeoutError:
            continue


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


# -- diagnostics ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_diagnostics_on_open_for_the_whole_corpus(client: LanguageClient, corpus: Path):
    open_doc(client, corpus / "corpus" / "parking.md")
    found = await diagnostics_for(client, corpus / "corpus" / "broken.md")  # not open: published all the same
    assert {"AM201", "AM111", "AM132", "AM120", "AM110", "AM208", "AM202"} <= set(codes(found))
    by_code = {d.code: d for d in reversed(found)}  # the first of each code
    assert by_code["AM201"].severity == types.DiagnosticSeverity.Error
    assert by_code["AM120"].severity == types.DiagnosticSeverity.Warning
    assert by_code["AM201"].source == "argmap"
    assert by_code["AM201"].range == span_range(BROKEN, "thesys")
    assert by_code["AM111"].range == span_range(BROKEN, ".premis ", length=7)


@pytest.mark.asyncio
async def test_diagnostics_as_you_type_with_astral_characters(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    text = open_doc(client, path)
    await diagnostics_for(client, path)
    # break the target of 'inner', which follows four astral characters on its line
    start = position(text, 'supports="astral"', len('supports="'))
    end = position(text, 'supports="astral"', len('supports="astral'))
    edit(client, path, 2, start, end, "astrl")
    found = await diagnostics_for(client, path, lambda ds: "AM201" in codes(ds))
    [broken] = [d for d in found if d.code == "AM201"]
    assert broken.range == types.Range(start, types.Position(start.line, start.character + len("astrl")))
    assert "did you mean 'astral'?" in broken.message
    edit(client, path, 3, start, types.Position(start.line, start.character + len("astrl")), "astral")
    await diagnostics_for(client, path, lambda ds: "AM201" not in codes(ds))


@pytest.mark.asyncio
async def test_findings_in_documents_that_depend_on_the_edited_one_are_republished(
    client: LanguageClient, corpus: Path
):
    parking, town = corpus / "corpus" / "parking.md", corpus / "corpus" / "town.md"
    text = open_doc(client, parking)
    await diagnostics_for(client, town, lambda ds: "AM201" not in codes(ds))
    at = position(text, "#fees", 1)
    edit(client, parking, 2, at, types.Position(at.line, at.character + 4), "costs")  # town names parking#fees
    found = await diagnostics_for(client, town, lambda ds: "AM201" in codes(ds))
    assert sum(d.code == "AM201" for d in found) == 2
    assert all("no span 'fees' in document 'parking'" in d.message for d in found if d.code == "AM201")


@pytest.mark.asyncio
async def test_closing_an_unsaved_document_returns_to_the_file(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "parking.md"
    text = open_doc(client, path)
    at = position(text, "#fees", 1)
    edit(client, path, 2, at, types.Position(at.line, at.character + 4), "costs")
    await diagnostics_for(client, corpus / "corpus" / "town.md", lambda ds: "AM201" in codes(ds))
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri(path))))
    await diagnostics_for(client, corpus / "corpus" / "town.md", lambda ds: "AM201" not in codes(ds))


# -- go to definition ------------------------------------------------------------


async def definition(client: LanguageClient, path: Path, at: types.Position):
    return await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri(path)), at)
    )


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("needle", "delta", "target"),
    [
        ('supports="thesis" with', len('supports="'), "thesis"),  # supports
        ('attacks="thesis"', len('attacks="t'), "thesis"),  # attacks, cursor inside the word
        ('with="study"', len('with="study'), "study"),  # with, cursor just after the word
        ('undercuts="walk>shops"', len('undercuts="'), "walk"),  # undercuts, the source side
        ('undercuts="walk>shops"', len('undercuts="walk>'), "shops"),  # undercuts, the target side
        ('outweighs="shops"', len('outweighs="'), "shops"),
        ('qualifies="thesis"', len('qualifies="'), "thesis"),
        ('explains="walk"', len('explains="'), "walk"),
        ('ref="study"', len('ref="'), "study"),
        ('supports="astral"', len('supports="'), "astral"),  # after astral characters
    ],
)
async def test_definition_of_ids_in_every_relation(client: LanguageClient, corpus: Path, needle, delta, target):
    path = corpus / "corpus" / "town.md"
    open_doc(client, path)
    result = await definition(client, path, position(TOWN, needle, delta))
    declared = types.Range(position(TOWN, f"#{target} ", 1), position(TOWN, f"#{target} ", 1 + len(target)))
    assert result == types.Location(uri(path), declared)


@pytest.mark.asyncio
async def test_definition_of_doc_hash_id(client: LanguageClient, corpus: Path):
    path, parking = corpus / "corpus" / "town.md", corpus / "corpus" / "parking.md"
    open_doc(client, path)
    local = await definition(client, path, position(TOWN, "parking#fees", len("parking#f")))
    assert local == types.Location(uri(parking), id_range(PARKING, "fees"))
    document = await definition(client, path, position(TOWN, "parking#fees", 2))
    assert document == types.Location(uri(parking), span_range(PARKING, "parking"))


@pytest.mark.asyncio
async def test_definition_of_unknown_id_is_none(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "broken.md"
    open_doc(client, path)
    assert await definition(client, path, position(BROKEN, "thesys", 1)) is None
    assert await definition(client, path, position(BROKEN, "A claim")) is None  # words, not an id


# -- find references ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_references_across_the_corpus(client: LanguageClient, corpus: Path):
    parking, town = corpus / "corpus" / "parking.md", corpus / "corpus" / "town.md"
    open_doc(client, parking)
    result = await client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=True),
            text_document=types.TextDocumentIdentifier(uri(parking)),
            position=position(PARKING, "#fees", 2),
        )
    )
    assert list(result) == [
        types.Location(uri(parking), id_range(PARKING, "fees")),
        types.Location(uri(town), span_range(TOWN, "parking#fees", 0)),
        types.Location(uri(town), span_range(TOWN, "parking#fees", 1)),
    ]


@pytest.mark.asyncio
async def test_references_of_a_local_id_without_declaration(client: LanguageClient, corpus: Path):
    town = corpus / "corpus" / "town.md"
    open_doc(client, town)
    result = await client.text_document_references_async(
        types.ReferenceParams(
            context=types.ReferenceContext(include_declaration=False),
            text_document=types.TextDocumentIdentifier(uri(town)),
            position=position(TOWN, "#shops", 1),
        )
    )
    assert list(result) == [
        types.Location(uri(town), span_range(TOWN, "shops", 1)),  # attacks="shops"
        types.Location(uri(town), span_range(TOWN, "shops", 2)),  # undercuts="walk>shops"
        types.Location(uri(town), span_range(TOWN, "shops", 3)),  # outweighs="shops"
    ]


# -- completion ---------------------------------------------------------------------


async def complete_at(client: LanguageClient, path: Path, at: types.Position) -> types.CompletionList:
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri(path)), at)
    )
    assert isinstance(result, types.CompletionList)
    return result


@pytest.mark.asyncio
async def test_completion_of_ids_this_document_first(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    text = open_doc(client, path)
    at = position(text, 'attacks="thesis"', len('attacks="'))
    result = await complete_at(client, path, at)
    labels = [item.label for item in sorted(result.items, key=lambda item: item.sort_text or "")]
    assert labels[:8] == ["thesis", "pollution", "study", "shops", "walk", "old", "astral", "inner"]
    assert labels.index("parking#fees") > labels.index("astral")
    fees = next(item for item in result.items if item.label == "parking#fees")
    assert fees.detail == "claim: High fees cost shops no trade"
    assert isinstance(fees.text_edit, types.TextEdit)
    assert fees.text_edit.range == types.Range(at, at)


@pytest.mark.asyncio
async def test_completion_of_ids_of_a_named_document(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    text = open_doc(client, path)
    start = position(text, 'supports="parking#fees"', len('supports="'))
    at = position(text, 'supports="parking#fees"', len('supports="parking#'))
    edit(client, path, 2, at, types.Position(at.line, at.character + 4), "")  # supports="parking#
    result = await complete_at(client, path, at)
    assert [item.label for item in result.items] == ["parking#fees"]
    assert result.items[0].text_edit.range == types.Range(start, at)


@pytest.mark.asyncio
async def test_completion_of_kinds_and_attribute_names(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    text = open_doc(client, path)
    end = position(text, "\n", 0, text.count("\n") - 1)  # the end of the last line
    typed = "[New words]{#new .cl"
    edit(client, path, 2, end, end, "\n" + typed)
    line = end.line + 1
    kinds = await complete_at(client, path, types.Position(line, len(typed)))
    assert [item.label for item in kinds.items] == ["claim", "premise", "rebuttal"]
    assert kinds.items[0].text_edit.range == types.Range(
        types.Position(line, len(typed) - 2), types.Position(line, len(typed))
    )
    edit(client, path, 3, types.Position(line, len(typed)), types.Position(line, len(typed)), 'aim label="x" ')
    keys = await complete_at(client, path, types.Position(line, len(typed) + len('aim label="x" ')))
    labels = [item.label for item in keys.items]
    assert labels[:7] == ["supports", "attacks", "with", "undercuts", "outweighs", "qualifies", "explains"]
    assert "label" not in labels  # already there
    assert keys.items[0].text_edit.new_text == 'supports="$1"'
    assert keys.items[0].insert_text_format == types.InsertTextFormat.Snippet


@pytest.mark.asyncio
async def test_no_completion_outside_attribute_blocks(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    open_doc(client, path)
    result = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri(path)), position(TOWN, "close the centre"))
    )
    assert result is None


# -- hover ------------------------------------------------------------------------------


async def hover_at(client: LanguageClient, path: Path, at: types.Position) -> types.Hover | None:
    return await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri(path)), at))


@pytest.mark.asyncio
async def test_hover_on_a_reference_to_another_document(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    open_doc(client, path)
    result = await hover_at(client, path, position(TOWN, "parking#fees", len("parking#fe")))
    assert result is not None
    assert result.range == types.Range(position(TOWN, "parking#fees", 8), position(TOWN, "parking#fees", 12))
    value = result.contents.value
    assert value.splitlines()[0] == "**claim** `parking#fees`"
    assert "> Shops on streets with high parking fees lost no trade." in value
    assert "*label:* High fees cost shops no trade" in value
    assert "*held by:* Ben Example" in value
    assert "*document:* `parking`, Parking fees and the high street, line 8" in value
    assert "*cites:* <https://example.org/fees>" in value
    assert "*status:* **OUT ✗** falls to an objection left unanswered here: town#astral" in value


@pytest.mark.asyncio
async def test_hover_on_the_words_of_a_span(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "town.md"
    open_doc(client, path)
    result = await hover_at(client, path, position(TOWN, "customers drive"))
    assert result is not None
    value = result.contents.value
    assert value.splitlines()[0] == "**claim** `town#shops`"
    assert "*held by:* Shopkeepers" in value
    assert "*status:* **" in value
    assert "line 11" in value


@pytest.mark.asyncio
async def test_hover_on_the_document_id(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "parking.md"
    open_doc(client, path)
    result = await hover_at(client, path, position(PARKING, "parking", 1))
    assert result is not None
    assert result.contents.value.startswith("**document** `parking`\n\nParking fees and the high street")


# -- rename -------------------------------------------------------------------------------


async def rename_at(client: LanguageClient, path: Path, at: types.Position, new: str):
    return await client.text_document_rename_async(types.RenameParams(types.TextDocumentIdentifier(uri(path)), at, new))


@pytest.mark.asyncio
async def test_rename_a_span_id_across_the_corpus(client: LanguageClient, corpus: Path):
    parking, town = corpus / "corpus" / "parking.md", corpus / "corpus" / "town.md"
    open_doc(client, town)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(types.TextDocumentIdentifier(uri(town)), position(TOWN, "parking#fees", 9))
    )
    assert prepared == types.PrepareRenamePlaceholder(
        types.Range(position(TOWN, "parking#fees", 8), position(TOWN, "parking#fees", 12)), "fees"
    )
    result = await rename_at(client, town, position(TOWN, "parking#fees", 9), "trade")
    assert {name: list(edits) for name, edits in result.changes.items()} == {
        uri(parking): [types.TextEdit(id_range(PARKING, "fees"), "trade")],
        uri(town): [
            types.TextEdit(
                types.Range(position(TOWN, "parking#fees", 8, k), position(TOWN, "parking#fees", 12, k)), "trade"
            )
            for k in (0, 1)
        ],
    }


@pytest.mark.asyncio
async def test_rename_a_document_id(client: LanguageClient, corpus: Path):
    parking, town = corpus / "corpus" / "parking.md", corpus / "corpus" / "town.md"
    open_doc(client, parking)
    result = await rename_at(client, parking, position(PARKING, "id: parking", 5), "fees2023")
    assert {name: list(edits) for name, edits in result.changes.items()} == {
        uri(parking): [types.TextEdit(span_range(PARKING, "parking"), "fees2023")],
        uri(town): [
            types.TextEdit(types.Range(position(TOWN, "parking#", 0, k), position(TOWN, "parking#", 7, k)), "fees2023")
            for k in (0, 1)
        ],
    }


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("needle", "delta", "new", "message"),
    [
        ("#shops", 1, "thesis", "document 'town' already has a span 'thesis' (line 8): ids are unique in a document"),
        ("#shops", 1, "9lives", "'9lives' is not a valid span id"),
        ("id: town", 5, "parking", "document id 'parking' is already used by"),
        ("close the centre", 0, "x", "put the cursor on a span's id"),
    ],
)
async def test_rename_refused(client: LanguageClient, corpus: Path, needle, delta, new, message):
    town = corpus / "corpus" / "town.md"
    open_doc(client, town)
    with pytest.raises(JsonRpcException) as refused:
        await rename_at(client, town, position(TOWN, needle, delta), new)
    assert message in str(refused.value)


# -- document symbols ------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_document_symbols_nest(client: LanguageClient, corpus: Path):
    town = corpus / "corpus" / "town.md"
    open_doc(client, town)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(uri(town)))
    )
    assert [s.name for s in symbols] == ["thesis", "pollution", "study", "shops", "walk", "old", "ref study", "astral"]
    thesis = symbols[0]
    assert thesis.kind == types.SymbolKind.Class
    assert thesis.detail == "claim · Close the centre"
    assert thesis.selection_range == span_range(TOWN, "thesis")
    assert thesis.range == span_range(
        TOWN, '[We should close the centre to cars.]{#thesis .claim label="Close the centre"}'
    )
    astral = symbols[-1]
    assert [c.name for c in astral.children] == ["inner"]
    assert astral.children[0].kind == types.SymbolKind.Property
    assert symbols[-2].detail == "supports parking#fees"


# -- code actions -----------------------------------------------------------------------------


async def fixes_for(client: LanguageClient, path: Path, code: str) -> list[tuple[str, types.TextEdit]]:
    diagnostics = await diagnostics_for(client, path, lambda ds: code in codes(ds))
    chosen = [d for d in diagnostics if d.code == code]
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri(path)), chosen[0].range, types.CodeActionContext(diagnostics=chosen)
        )
    )
    return [(action.title, action.edit.changes[uri(path)][0]) for action in result]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("code", "old", "new", "title"),
    [
        ("AM201", "thesys", "thesis", "Change 'thesys' to 'thesis'"),
        ("AM111", ".premis ", ".premise", "Change '.premis' to '.premise'"),
        ("AM132", "suport", "supports", "Change 'suport' to 'supports'"),
        ("AM120", "lable", "label", "Change 'lable' to 'label'"),
        ("AM110", "p4", "#p4", "Change 'p4' to '#p4'"),
        ("AM208", "“thesis”", '"thesis"', "Use straight quotes"),
        ("AM202", "parkng#fees", "parking#fees", "Change 'parkng#fees' to 'parking#fees'"),
    ],
)
async def test_quick_fixes(client: LanguageClient, corpus: Path, code, old, new, title):
    path = corpus / "corpus" / "broken.md"
    open_doc(client, path)
    found = await fixes_for(client, path, code)
    assert found[0] == (title, types.TextEdit(span_range(BROKEN, old, length=len(old.strip())), new))


@pytest.mark.asyncio
async def test_quick_fix_for_a_bare_id_of_another_document(client: LanguageClient, corpus: Path):
    path = corpus / "corpus" / "broken.md"
    open_doc(client, path)
    diagnostics = await diagnostics_for(client, path, lambda ds: "AM201" in codes(ds))
    [elsewhere] = [d for d in diagnostics if d.code == "AM201" and "fees" in d.message]
    assert elsewhere.message.endswith("write 'parking#fees'")
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri(path)), elsewhere.range, types.CodeActionContext(diagnostics=[elsewhere])
        )
    )
    assert [a.title for a in result] == ["Change 'fees' to 'parking#fees'"]
    assert result[0].is_preferred


@pytest.mark.asyncio
async def test_files_changed_by_other_programs_are_read_again(client: LanguageClient, corpus: Path):
    parking, town = corpus / "corpus" / "parking.md", corpus / "corpus" / "town.md"
    open_doc(client, town)
    await diagnostics_for(client, town, lambda ds: "AM201" not in codes(ds))
    parking.write_text(PARKING.replace("{#fees", "{#costs"), encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(uri(parking), types.FileChangeType.Changed)])
    )
    found = await diagnostics_for(client, town, lambda ds: "AM201" in codes(ds))
    assert sum(d.code == "AM201" for d in found) == 2


# -- which corpus --------------------------------------------------------------------------


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "argmap", "lsp"]))
async def configured(lsp_client: LanguageClient, tmp_path: Path):
    """A server told its corpus by the client (``initializationOptions``), in a workspace with no corpus/ folder."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "town.md").write_text(TOWN, encoding="utf-8")
    (tmp_path / "texts" / "parking.md").write_text(PARKING.replace("{#fees", "{#costs"), encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.md").write_text("# To do\n\n[not argmap's]{#x .claim supports=nothing}\n")
    (tmp_path / "notes" / "draft.md").write_text(PARKING.replace("id: parking", "id: draft") + "[x]{#y .clam}\n")
    params = types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        workspace_folders=[types.WorkspaceFolder(uri(tmp_path), "project")],
        initialization_options={"corpus": "texts", "debounce": 10},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_corpus_from_initialization_options(configured: LanguageClient, tmp_path: Path):
    open_doc(configured, tmp_path / "texts" / "parking.md")
    found = await diagnostics_for(configured, tmp_path / "texts" / "town.md", lambda ds: "AM201" in codes(ds))
    assert sum(d.code == "AM201" for d in found) == 2  # town names parking#fees: the two are one corpus


@pytest.mark.asyncio
async def test_outside_the_corpus_only_documents_with_front_matter(configured: LanguageClient, tmp_path: Path):
    open_doc(configured, tmp_path / "notes" / "todo.md")  # no front matter: not argmap's
    open_doc(configured, tmp_path / "notes" / "draft.md")  # front matter: its folder is its corpus
    found = await diagnostics_for(configured, tmp_path / "notes" / "draft.md", lambda ds: "AM111" in codes(ds))
    assert codes(found) == ["AM111", "AM305"]
    assert uri(tmp_path / "notes" / "todo.md") not in configured.diagnostics
