"""Latency of diagnostics after an edit: the time from didChange to publishDiagnostics, through `argmap lsp`.

Run:  python tests/benchmarks/bench_lsp.py [--claims 10000] [--edits 30] [--debounce 150]

A real server process is driven over stdio (pygls's client). For each corpus
(the shipped one, and a generated one of --claims claims, made by
generate.py), it opens a document, waits for its first diagnostics, then
makes --edits single-character edits in a span's label, each waiting for the
diagnostics of that version before the next. It prints, per corpus and
debounce, the median, 90th percentile and worst latency in milliseconds, and
the time of the in-process steps (parse the edited document, resolve, check)
for comparison. The debounce (default 150 ms, what editors get) is part of
the latency; --debounce 0 shows the work alone.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[2]


async def measure(corpus: Path, document: Path, edits: int, debounce_ms: int) -> list[float]:
    client = LanguageClient("bench", "1")
    published: dict[int, float] = {}
    arrived = asyncio.Event()
    uri = document.resolve().as_uri()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        if params.uri == uri and params.version is not None:
            published[params.version] = time.perf_counter()
            arrived.set()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "argmap", "lsp", "--debounce", str(debounce_ms))
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"corpus": str(corpus.resolve())},
            workspace_folders=[types.WorkspaceFolder(corpus.resolve().parent.as_uri(), "bench")],
        )
    )
    client.initialized(types.InitializedParams())
    text = document.read_text(encoding="utf-8")
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text)))
    await wait_for(published, 1, arrived)
    at = text.index('label="') + len('label="')
    line = text.count("\n", 0, at)
    character = at - (text.rfind("\n", 0, at) + 1)  # the generated and shipped labels before it are ASCII
    latencies = []
    for version in range(2, edits + 2):
        position = types.Position(line, character)
        change = types.TextDocumentContentChangePartial(range=types.Range(position, position), text="x")
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change])
        )
        await wait_for(published, version, arrived)
        latencies.append((published[version] - sent) * 1000)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return latencies


async def wait_for(published: dict[int, float], version: int, arrived: asyncio.Event) -> None:
    while version not in published:
        arrived.clear()
        await asyncio.wait_for(arrived.wait(), 120)


def in_process(corpus: Path, document: Path, rounds: int = 5) -> dict[str, float]:
    """Best-of-``rounds`` milliseconds of each step the server does after an edit."""
    from argmap.check.rules import check_corpus
    from argmap.corpus.resolve import load_corpus
    from argmap.lsp.state import CorpusState

    state = CorpusState(corpus)
    path = str(document.resolve())
    text = state.documents[path].text
    best: dict[str, float] = {}
    for n in range(rounds):
        state.set_text(path, text + " " * (n + 1), n + 2)
        t0 = time.perf_counter()
        parsed = [d.parsed for d in state.ordered()]
        t1 = time.perf_counter()
        loaded = load_corpus(corpus, parsed)
        t2 = time.perf_counter()
        check_corpus(loaded)
        t3 = time.perf_counter()
        for name, seconds in (("parse", t1 - t0), ("resolve", t2 - t1), ("check", t3 - t2)):
            best[name] = min(best.get(name, float("inf")), seconds * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--debounce", type=int, action="append", help="ms (repeatable); default 150 and 0")
    args = parser.parse_args()
    debounces = args.debounce or [150, 0]
    with tempfile.TemporaryDirectory() as work:
        generated = Path(work) / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "tests/benchmarks/generate.py"), str(generated), "--claims", str(args.claims)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        shipped = ROOT / "corpus"
        cases = [
            ("shipped corpus (196 spans)", shipped, shipped / "kim2019.md"),
            (f"generated, {args.claims:,} claims", generated, sorted(generated.glob("*.md"))[0]),
        ]
        print("| corpus | debounce ms | median ms | p90 ms | worst ms | parse + resolve + check in-process ms |")
        print("|---|---:|---:|---:|---:|---|")
        for name, corpus, document in cases:
            steps = in_process(corpus, document)
            work_ms = " + ".join(f"{steps[k]:.1f}" for k in ("parse", "resolve", "check"))
            for debounce in debounces:
                latencies = sorted(asyncio.run(measure(corpus, document, args.edits, debounce)))
                p90 = latencies[min(len(latencies) - 1, round(0.9 * (len(latencies) - 1)))]
                print(
                    f"| {name} | {debounce} | {statistics.median(latencies):.0f} | {p90:.0f} | {latencies[-1]:.0f} "
                    f"| {work_ms} |"
                )


if __name__ == "__main__":
    main()
