"""The language server: pygls wiring for the features of :mod:`argmap.lsp`.

Diagnostics are the findings of ``argmap check`` for the texts in the editor,
published for every document of the corpus whose findings changed, a short
while (:data:`DEBOUNCE`) after the last keystroke. Requests (definition,
hover, ...) read the current text, never a stale one.

Options, from the client's ``initializationOptions`` (or ``argmap lsp``'s own):
``corpus`` (a folder, relative to the first workspace folder) and ``debounce``
(milliseconds).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from argmap import __version__
from argmap.lsp import actions, completion, hover, navigation, rename
from argmap.lsp.diagnostics import to_lsp
from argmap.lsp.positions import UTF16
from argmap.lsp.state import CorpusState, DocumentState, Workspace, path_of_uri, uri_of_path

#: Seconds between the last change and the check (typing fast checks once).
DEBOUNCE = 0.15
#: LSP's error code for a request that was valid but failed (a refused rename).
REQUEST_FAILED = -32803

log = logging.getLogger(__name__)


class ArgmapServer(LanguageServer):
    def __init__(self, debounce: float = DEBOUNCE, corpus: Path | None = None) -> None:
        super().__init__("argmap", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = debounce
        self.corpus_option = corpus
        self.state = Workspace([], corpus)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or UTF16)

    def open_state(self, uri: str) -> tuple[CorpusState, DocumentState] | None:
        path = path_of_uri(uri)
        return None if path is None else self.state.document(path)

    def at(self, uri: str, position: types.Position) -> tuple[CorpusState, DocumentState, int] | None:
        found = self.open_state(uri)
        if found is None:
            return None
        corpus, state = found
        return corpus, state, state.positions(self.encoding).offset(position.line, position.character)

    # -- checking --------------------------------------------------------------

    def schedule(self, corpus: CorpusState, delay: float | None = None) -> None:
        """Check ``corpus`` after ``delay`` (default: the debounce), unless another change comes first."""
        if corpus.pending is not None:
            corpus.pending.cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover - pygls always runs handlers in its loop
            self.publish(corpus)
            return
        corpus.pending = loop.call_later(self.debounce if delay is None else delay, self.publish, corpus)

    def publish(self, corpus: CorpusState) -> None:
        """Check the corpus and publish the diagnostics of every document whose findings (or version) changed."""
        corpus.pending = None
        try:
            findings = corpus.check()
        except Exception:  # a bug: say so, keep serving
            log.exception("argmap check failed")
            self.window_show_message(
                types.ShowMessageParams(types.MessageType.Error, "argmap: the check failed (see the server's log)")
            )
            return
        if not corpus.published:
            # The corpus just read stays while the server runs: later collections need not walk it
            # (at 10,000 claims a full collection in the middle of a check doubled its time).
            gc.freeze()
        for path in list(corpus.published):
            if path not in findings:
                findings[path] = []
        for path, found in findings.items():
            state = corpus.documents.get(path)
            if state is None:
                if corpus.published.pop(path, None):
                    self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri_of_path(path), []))
                continue
            positions = state.positions(self.encoding)
            diagnostics = [to_lsp(finding, positions) for finding in found]
            key = (state.version, [(d.range, d.code, d.message, d.severity) for d in diagnostics])
            if corpus.published.get(path) == key:  # a new version of an open document is always answered
                continue
            corpus.published[path] = key
            params = types.PublishDiagnosticsParams(uri_of_path(path), diagnostics, state.version)
            self.text_document_publish_diagnostics(params)


def create_server(debounce: float = DEBOUNCE, corpus: Path | None = None) -> ArgmapServer:
    """The server with every feature registered; ``server.start_io()`` runs it on stdin and stdout."""
    server = ArgmapServer(debounce, corpus)

    @server.feature(types.INITIALIZE)
    def initialize(ls: ArgmapServer, params: types.InitializeParams) -> None:
        folders = [path_of_uri(folder.uri) for folder in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [path_of_uri(params.root_uri)]
        roots = [folder for folder in folders if folder is not None]
        options: dict[str, Any] = (
            params.initialization_options if isinstance(params.initialization_options, dict) else {}
        )
        configured = ls.corpus_option
        if isinstance(options.get("corpus"), str) and options["corpus"]:
            configured = Path(options["corpus"]).expanduser()
        if configured is not None and not configured.is_absolute():
            configured = (roots[0] if roots else Path.cwd()) / configured
        if isinstance(options.get("debounce"), (int, float)) and options["debounce"] >= 0:
            ls.debounce = options["debounce"] / 1000  # milliseconds, as on the command line
        ls.state = Workspace(roots, configured)

    @server.feature(types.INITIALIZED)
    def initialized(ls: ArgmapServer, params: types.InitializedParams) -> None:
        capability = ls.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability is not None else None
        if watched is not None and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[
                    types.FileSystemWatcher(glob_pattern="**/*.md"),
                    types.FileSystemWatcher(glob_pattern="**/*.txt"),
                ]
            )
            registration = types.Registration("argmap-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options)
            ls.client_register_capability(types.RegistrationParams([registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArgmapServer, params: types.DidOpenTextDocumentParams) -> None:
        path = path_of_uri(params.text_document.uri)
        if path is None:
            return
        corpus = ls.state.corpus_for(path, params.text_document.text)
        if corpus is None:
            return
        corpus.set_text(str(path), params.text_document.text, params.text_document.version)
        corpus.documents[str(path)].open = True
        ls.schedule(corpus, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArgmapServer, params: types.DidChangeTextDocumentParams) -> None:
        found = ls.open_state(params.text_document.uri)
        if found is None:
            return
        corpus, state = found
        text = ls.workspace.get_text_document(params.text_document.uri).source
        corpus.set_text(state.path, text, params.text_document.version)
        ls.schedule(corpus)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArgmapServer, params: types.DidCloseTextDocumentParams) -> None:
        found = ls.open_state(params.text_document.uri)
        if found is None:
            return
        corpus, state = found
        state.open = False
        corpus.reload(state.path)  # unsaved changes are gone: the file's text counts again
        ls.schedule(corpus)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_files(ls: ArgmapServer, params: types.DidChangeWatchedFilesParams) -> None:
        touched: set[int] = set()
        for change in params.changes:
            path = path_of_uri(change.uri)
            if path is None:
                continue
            for corpus in ls.state.corpora.values():
                if path.suffix == ".txt" and path.is_relative_to(corpus.root.resolve()):
                    corpus.changed()  # a source text: the words-kept check (AM206) reads it again
                elif corpus.contains(path):
                    if change.type == types.FileChangeType.Deleted:
                        corpus.remove(str(path))
                    else:
                        corpus.reload(str(path))
                else:
                    continue
                if id(corpus) not in touched:
                    touched.add(id(corpus))
                    ls.schedule(corpus)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: ArgmapServer, params: types.DefinitionParams) -> types.Location | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        corpus, state, offset = found
        target = navigation.target_at(corpus, state, offset)
        declared = navigation.definition(target) if target is not None else None
        if declared is None:
            return None
        return navigation.location(*declared, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: ArgmapServer, params: types.ReferenceParams) -> list[types.Location] | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        corpus, state, offset = found
        target = navigation.target_at(corpus, state, offset)
        if target is None:
            return None
        return [
            navigation.location(m.document, m.start, m.end, ls.encoding)
            for m in navigation.mentions(corpus, target, declaration=params.context.include_declaration)
        ]

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[".", "#", '"', "'", ">", " "]),
    )
    def complete(ls: ArgmapServer, params: types.CompletionParams) -> types.CompletionList | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        corpus, state, offset = found
        return completion.complete(corpus, state, offset, ls.encoding, snippets=_snippets(ls))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ArgmapServer, params: types.HoverParams) -> types.Hover | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        return hover.hover(*found, ls.encoding)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: ArgmapServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        corpus, state, offset = found
        try:
            target = rename.renamable(corpus, state, offset)
        except rename.RenameRefused as refused:
            raise JsonRpcException(str(refused), code=REQUEST_FAILED) from None
        placeholder = state.text[target.start : target.end]
        return types.PrepareRenamePlaceholder(
            range=navigation.location(state, target.start, target.end, ls.encoding).range, placeholder=placeholder
        )

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def do_rename(ls: ArgmapServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = ls.at(params.text_document.uri, params.position)
        if found is None:
            return None
        corpus, state, offset = found
        try:
            return rename.rename(corpus, state, offset, params.new_name, ls.encoding)
        except rename.RenameRefused as refused:
            raise JsonRpcException(str(refused), code=REQUEST_FAILED) from None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: ArgmapServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
        found = ls.open_state(params.text_document.uri)
        if found is None:
            return None
        return navigation.document_symbols(found[1], ls.encoding)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: ArgmapServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = ls.open_state(params.text_document.uri)
        if found is None:
            return None
        return actions.code_actions(found[1], list(params.context.diagnostics), ls.encoding)

    return server


def _snippets(ls: ArgmapServer) -> bool:
    document = ls.client_capabilities.text_document
    completion_caps = document.completion if document is not None else None
    item = completion_caps.completion_item if completion_caps is not None else None
    return bool(item is not None and item.snippet_support)


def serve(debounce: float = DEBOUNCE, corpus: Path | None = None) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    create_server(debounce, corpus).start_io()
