"""The benchmark suite: argmap's commands at each corpus size, as whole processes and in-process.

Run from a clone (with argmap installed, e.g. ``pip install -e .``)::

    python tests/benchmarks/bench_suite.py                         # 100 to 100,000 claims
    python tests/benchmarks/bench_suite.py --sizes 1000,10000 --repeat 5
    python tests/benchmarks/bench_suite.py --sizes 1000000 --only check,check-cache
    python tests/benchmarks/bench_suite.py --ratios                # issue 20's targets, as ratios

It generates synthetic corpora (``generate.py``: documents of 1,000 claims
with supports, attacks and cross-document links), then prints

1. start-up: ``argmap --version`` and ``argmap check`` on the shipped corpus;
2. every command as a whole process at every size (``--no-cache``, so each
   run parses): wall seconds, CPU seconds (the process and its children:
   parse workers, ``dot``), peak memory, claims per second;
3. the cache: ``argmap check`` with an empty cache, unchanged, one file changed;
4. the stages in-process (read and parse, resolve, check, graph, JSON);
5. the scaling: the time ratio of each tenfold step (10 is linear).

``--ratios`` instead measures the performance targets as ratios between
processes run side by side, round after round, at one size (default 100,000
claims): ``check`` against Argdown's parser and a regular-expression floor,
every command against ``check``, start-up, the warm re-check, the memory of an
export (see ``ratios.py``).

Times are the best of ``--repeat`` rounds; each round measures everything once,
so that every size gets runs from every part of a long run (a shared machine
has slow spells: the load average is printed with the tables). Child processes
run with byte-code caching on, after a warm-up run, so start-up is measured
warm. A command that exceeds ``--timeout`` is killed, shown as ``timeout`` and
not run again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from generate import generate  # noqa: E402

#: A claim every generated corpus has (the first thesis of the first document).
CLAIM = "doc00000#t1"

#: name -> argv after ``argmap`` (CORPUS is replaced by the corpus folder)
COMMANDS: dict[str, list[str]] = {
    "check": ["--no-cache", "check", "--corpus", "CORPUS"],
    "export json": ["--no-cache", "export", "--format", "json", "--corpus", "CORPUS"],
    "show": ["--no-cache", "show", "--corpus", "CORPUS"],
    "show CLAIM": ["--no-cache", "show", CLAIM, "--corpus", "CORPUS"],
    "chains CLAIM": ["--no-cache", "chains", CLAIM, "--corpus", "CORPUS"],
    "eval": ["--no-cache", "eval", "--corpus", "CORPUS"],
    "eval --all": ["--no-cache", "eval", "--all", "--corpus", "CORPUS"],
    "find": ["--no-cache", "find", "deterrence", "--corpus", "CORPUS"],
    "stats": ["--no-cache", "stats", "--corpus", "CORPUS"],
    "render dot": ["--no-cache", "render", "--format", "dot", "--corpus", "CORPUS"],
    "render svg": ["--no-cache", "render", "--format", "svg", "--corpus", "CORPUS"],
    "render svg CLAIM": ["--no-cache", "render", CLAIM, "--format", "svg", "--corpus", "CORPUS"],
}
DEFAULT_SIZES = "100,1000,10000,100000"
#: Command groups ``--only`` accepts besides the names above.
GROUPS = {"check-cache", "inprocess", "startup"}


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    code: int
    timed_out: bool = False
    #: The last line of stderr when the command failed (exit status not 0).
    note: str = ""


# -- running a process ----------------------------------------------------


def argmap_argv() -> list[str]:
    """The installed console script beside this Python, else ``python -m argmap``."""
    script = Path(sys.executable).parent / ("argmap.exe" if os.name == "nt" else "argmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "argmap"]


def child_env(cache_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure warm start-up, as users see it
    env.pop("ARGMAP_NO_CACHE", None)
    env.pop("ARGMAP_JOBS", None)
    env.pop("ARGMAP_CORPUS", None)
    env.update(NO_COLOR="1", COLUMNS="100", PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]))
    if cache_dir is not None:
        env["ARGMAP_CACHE_DIR"] = str(cache_dir)
    return env


def run_once(argv: list[str], env: dict[str, str], cwd: Path, timeout: float) -> Run:
    """Run ``argv``; its wall time, CPU time and peak memory (with its children's) from ``wait4``."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env)
        result: list[tuple[int, int, Any]] = []
        waiter = threading.Thread(target=lambda: result.append(os.wait4(proc.pid, 0)))
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            proc.kill()
            waiter.join()
        wall = time.perf_counter() - start
        _, status, usage = result[0]
        proc.returncode = os.waitstatus_to_exitcode(status)
        note = ""
        if proc.returncode != 0 and not timed_out:
            err.seek(0)
            lines = [line for line in err.read().decode("utf-8", "replace").splitlines() if line.strip()]
            note = f"exit {proc.returncode}: {lines[-1] if lines else ''}"
    scale = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KB on Linux, bytes on macOS
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale / 1e6, proc.returncode, timed_out, note)


# -- in-process stages ----------------------------------------------------


def in_process(corpus: Path, repeat: int) -> dict[str, Any]:
    """Time the core's stages on ``corpus`` in this process (run in a child: one per size, for its peak memory)."""
    import argmap.corpus.load as reading
    from argmap.bulk import gc_paused
    from argmap.check.rules import check_corpus, check_paths
    from argmap.corpus.cache import ParseCache
    from argmap.corpus.resolve import build_graph, discover, load_corpus

    out: dict[str, Any] = {}
    import networkx  # noqa: F401  (imports are start-up, not the stages' cost)
    import yaml  # noqa: F401

    import argmap.source.parse  # noqa: F401

    def stage(name: str, func: Callable[[], Any]) -> Any:
        best_wall = best_cpu = float("inf")
        value = None
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            value = func()
            best_cpu = min(best_cpu, time.process_time() - c0)
            best_wall = min(best_wall, time.perf_counter() - w0)
        out[name] = {"wall": best_wall, "cpu": best_cpu}
        return value

    paths = discover(corpus)

    def parse(jobs: int) -> list[Any]:
        with gc_paused():
            return reading.parse_files(reading.read_files(paths), None, jobs)

    stage("read + parse, 1 process", lambda: parse(1))
    docs = stage("read + parse, all CPUs", lambda: parse(reading.available_cpus()))
    loaded = stage("resolve references", lambda: load_corpus(corpus, docs))
    stage("check rules", lambda: check_corpus(loaded))
    graph = stage("build graph (networkx)", lambda: build_graph(loaded))
    try:
        from argmap.formats.nodelink import to_node_link_json
    except ImportError:  # pragma: no cover - the export engineer's module
        pass
    else:
        stage("node-link JSON", lambda: to_node_link_json(graph))

    with tempfile.TemporaryDirectory() as tmp:
        cache = ParseCache(Path(tmp))
        cold = stage(
            "check_paths, cache cold",
            lambda: (shutil.rmtree(tmp, ignore_errors=True), check_paths(corpus, paths, cache))[1],
        )
        warm = stage("check_paths, cache warm", lambda: check_paths(corpus, paths, cache))
        target = paths[len(paths) // 2]
        original = target.read_bytes()
        edits = iter(range(10**6))

        def one_changed() -> Any:
            target.write_bytes(original + f"\n\nEdited paragraph {next(edits)}.\n".encode())
            return check_paths(corpus, paths, cache)

        try:
            changed = stage("check_paths, 1 file changed", one_changed)
        finally:
            target.write_bytes(original)
        out["cache"] = {
            "cold": [cold.stats.parsed, cold.stats.cached],
            "warm": [warm.stats.parsed, warm.stats.cached, warm.from_cache],
            "changed": [changed.stats.parsed, changed.stats.cached],
            "bytes": sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file()),
        }
    out["peak_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1024 if sys.platform != "darwin" else 1) / 1e6
    )
    return out


# -- the suite ------------------------------------------------------------


def fmt_time(run: Run) -> str:
    return "timeout" if run.timed_out else f"{run.wall:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help="claims per corpus, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is shown (default 3)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before a command is killed (default 300)")
    ap.add_argument("--only", default="", help="comma-separated: " + ", ".join([*COMMANDS, *sorted(GROUPS)]))
    ap.add_argument("--work", type=Path, help="folder for the corpora (kept); default: a temporary folder")
    ap.add_argument("--json", type=Path, help="also write every number to this file")
    ap.add_argument("--ratios", action="store_true", help="measure the targets as ratios (see ratios.py) instead")
    ap.add_argument("--rounds", type=int, default=5, help="with --ratios: rounds (default 5)")
    ap.add_argument("--argdown-cache", type=Path, help="with --ratios: where npm installs Argdown 1.7.5")
    ap.add_argument("--no-argdown", action="store_true", help="with --ratios: do not install or run Argdown")
    ap.add_argument("--inprocess", type=Path, help=argparse.SUPPRESS)  # internal: one size, in a child process
    args = ap.parse_args()

    if args.inprocess:
        print(json.dumps(in_process(args.inprocess, args.repeat)))
        return
    if args.ratios:
        ratios_main(args)
        return

    only = {name.strip() for name in args.only.split(",") if name.strip()}
    unknown = only - set(COMMANDS) - GROUPS
    if unknown:
        ap.error(f"unknown --only names: {', '.join(sorted(unknown))}")

    def wanted(name: str) -> bool:
        return not only or name in only

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    argmap = argmap_argv()
    results: dict[str, Any] = {"machine": machine(), "startup": {}, "sizes": {}}
    print(f"# argmap benchmark suite: {results['machine']['summary']}")
    print(f"# argmap: {' '.join(argmap)}; corpora in {work}; best of {args.repeat} rounds\n")
    try:
        for claims in sizes:
            results["sizes"][claims] = prepare(claims, work)
        if wanted("startup"):
            results["startup"] = startup(argmap, work, args.repeat * 3, args.timeout)
        # Rounds: every measurement once per round, the best kept. A shared machine has slow
        # spells; taking each size's runs from every part of the run keeps them comparable.
        for round_number in range(1, args.repeat + 1):
            print(f"# round {round_number} of {args.repeat}")
            for claims in sizes:
                measure(results["sizes"][claims], claims, argmap, work, args, wanted)
        print()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    results["machine"]["load_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


def ratios_main(args: argparse.Namespace) -> None:
    """``--ratios``: the targets as ratios at one size (the largest of ``--sizes``; default 100,000)."""
    import ratios

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes != DEFAULT_SIZES else [100_000]
    claims = max(sizes)
    work = args.work or Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    argmap = argmap_argv()
    print(f"# argmap benchmark suite, ratios: {machine()['summary']}")
    print(f"# argmap: {' '.join(argmap)}; corpora in {work}; {args.rounds} rounds\n", flush=True)
    try:
        data = prepare(claims, work)
        run_once([*argmap, "--version"], child_env(), work, args.timeout)  # byte-code compiled before timing
        cache = None if args.no_argdown else (args.argdown_cache or ratios.default_cache())
        results = ratios.measure_ratios(
            argmap, data["corpus"], data["claims"], work, args.rounds, args.timeout, cache, run_once, child_env, CLAIM
        )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"\n{'=' * 100}\nMachine: {machine()['summary']}; load after: {_load(load)}")
    ratios.report_ratios(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=lambda o: o.__dict__), encoding="utf-8")


def machine() -> dict[str, Any]:
    from argmap import __version__
    from argmap.corpus.load import available_cpus

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    summary = (
        f"argmap {__version__}, Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{available_cpus()} CPUs, load average {' '.join(f'{x:.2f}' for x in load) if load else 'n/a'}"
    )
    return {"summary": summary, "cpus": available_cpus(), "load_before": load, "python": platform.python_version()}


def startup(argmap: list[str], work: Path, repeat: int, timeout: float) -> dict[str, Any]:
    env = child_env(work / "cache-startup")
    shipped = REPO / "corpus"
    runs = {
        "argmap --version": [*argmap, "--version"],
        "argmap check (shipped corpus)": [*argmap, "check", "--corpus", str(shipped)],
        "argmap --no-cache check (shipped corpus)": [*argmap, "--no-cache", "check", "--corpus", str(shipped)],
    }
    out = {}
    for name, argv in runs.items():
        run_once(argv, env, work, timeout)  # warm the byte-code and the cache
        best: dict[str, Run] = {}
        for _ in range(repeat):
            keep_best(best, name, run_once(argv, env, work, timeout))
        out[name] = best[name]
        print(
            f"start-up  {name:32s} {fmt_time(out[name])} s wall  {out[name].cpu:.3f} s CPU  {out[name].peak_mb:.0f} MB"
        )
    print()
    return out


def prepare(claims: int, work: Path) -> dict[str, Any]:
    """Generate the corpus of ``claims`` claims (unless ``work`` has it already)."""
    corpus = work / f"corpus-{claims}"
    docs = max(1, claims // 1000)
    if not (corpus / f"doc{docs - 1:05d}.md").exists():
        generate(corpus, claims, docs)
    spans = sum(f.read_text("utf-8").count("]{#") for f in corpus.glob("*.md"))
    megabytes = sum(f.stat().st_size for f in corpus.glob("*.md")) / 1e6
    print(f"# corpus: {spans:,} claims in {docs} documents, {megabytes:.1f} MB")
    return {"corpus": corpus, "claims": spans, "documents": docs, "mb": megabytes, "process": {}, "cache": {}}


def keep_best(table: dict[str, Any], name: str, run: Run) -> None:
    old = table.get(name)
    if old is None or (run.timed_out, run.wall) < (old.timed_out, old.wall):
        table[name] = run


def measure(
    data: dict[str, Any],
    claims: int,
    argmap: list[str],
    work: Path,
    args: argparse.Namespace,
    wanted: Callable[[str], bool],
) -> None:
    """One round at one size: each command once, the cache sequence once, the in-process stages once."""
    corpus = data["corpus"]
    env = child_env(work / f"cache-{claims}")
    for name, template in COMMANDS.items():
        previous = data["process"].get(name)
        if not wanted(name) or (previous is not None and previous.timed_out):
            continue
        argv = [*argmap, *(str(corpus) if a == "CORPUS" else a for a in template)]
        run = run_once(argv, env, work, args.timeout)
        keep_best(data["process"], name, run)
        rate = f"{data['claims'] / run.wall:>10,.0f}" if not run.timed_out else " " * 10
        line = f"  {claims:>7} {name:18s} {fmt_time(run):>8s} s wall {run.cpu:8.3f} s CPU {run.peak_mb:6.0f} MB"
        print(f"{line} {rate} claims/s {run.note}")
    if wanted("check-cache"):
        for name, run in check_cache(corpus, argmap, work, claims, args).items():
            keep_best(data["cache"], name, run)
            print(
                f"  {claims:>7} check, {name:11s} {fmt_time(run):>8s} s wall {run.cpu:8.3f} s CPU {run.peak_mb:6.0f} MB"
            )
    if wanted("inprocess"):
        proc = subprocess.run(
            [sys.executable, __file__, "--inprocess", str(corpus), "--repeat", "1"],
            capture_output=True,
            text=True,
            env=child_env(),
            timeout=args.timeout * 20,
            check=True,
        )
        found = json.loads(proc.stdout)
        best = data.setdefault("inprocess", {})
        for stage, numbers in found.items():
            if isinstance(numbers, dict) and "wall" in numbers:
                if stage not in best or numbers["wall"] < best[stage]["wall"]:
                    best[stage] = numbers
                print(f"  {claims:>7} in-process {stage:30s} {numbers['wall']:8.3f} s wall {numbers['cpu']:8.3f} s CPU")
            else:
                best[stage] = numbers if stage != "peak_mb" else max(numbers, best.get(stage, 0))


def check_cache(corpus: Path, argmap: list[str], work: Path, claims: int, args: argparse.Namespace) -> dict[str, Run]:
    """``argmap check`` with an empty cache, an unchanged corpus, and one file changed (once each)."""
    cache_dir = work / f"cache-{claims}"
    env = child_env(cache_dir)
    argv = [*argmap, "check", "--corpus", str(corpus)]
    files = sorted(corpus.glob("*.md"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    shutil.rmtree(cache_dir, ignore_errors=True)
    out = {"empty cache": run_once(argv, env, work, args.timeout)}
    out["unchanged"] = run_once(argv, env, work, args.timeout)
    try:
        target.write_bytes(original + b"\n\nAn edited paragraph.\n")
        out["1 file changed"] = run_once(argv, env, work, args.timeout)
    finally:
        target.write_bytes(original)
    return out


# -- the report -----------------------------------------------------------


def report(results: dict[str, Any]) -> None:
    """Markdown tables of everything measured (ready for the README)."""
    sizes = results["sizes"]
    print("=" * 100)
    print(f"Machine: {results['machine']['summary']}; load after: {_load(results['machine'].get('load_after'))}")
    if results["startup"]:
        print("\nStart-up (warm byte-code, best of several runs):\n")
        print("| command | wall s | CPU s | peak MB |\n|---|---:|---:|---:|")
        for name, run in results["startup"].items():
            print(f"| `{name}` | {fmt_time(run)} | {run.cpu:.3f} | {run.peak_mb:.0f} |")
    rows = [(name, claims) for name in COMMANDS for claims in sizes if name in sizes[claims]["process"]]
    if rows:
        print("\nWhole processes, `argmap --no-cache COMMAND --corpus DIR` (CPU: the process and its children):\n")
        print("| command | claims | MB | wall s | CPU s | peak MB | claims/s | note |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for name, claims in rows:
            data, run = sizes[claims], sizes[claims]["process"][name]
            rate = "" if run.timed_out or run.code else f"{data['claims'] / run.wall:,.0f}"
            note = (run.note[:97] + "...") if len(run.note) > 100 else run.note
            print(
                f"| {name.replace('CLAIM', CLAIM)} | {data['claims']:,} | {data['mb']:.1f} | {fmt_time(run)} | "
                f"{run.cpu:.2f} | {run.peak_mb:.0f} | {rate} | {note.replace('|', '/')} |"
            )
    cached = [(claims, data) for claims, data in sizes.items() if data["cache"]]
    if cached:
        print("\nThe cache, `argmap check --corpus DIR`:\n")
        names = list(cached[0][1]["cache"])
        print("| claims | " + " | ".join(f"{n}: wall s (CPU s)" for n in names) + " |")
        print("|---:|" + "---:|" * len(names))
        for _claims, data in cached:
            cells = " | ".join(f"{fmt_time(run)} ({run.cpu:.2f})" for run in data["cache"].values())
            print(f"| {data['claims']:,} | {cells} |")
    inproc = {c: s["inprocess"] for c, s in sizes.items() if "inprocess" in s}
    if inproc:
        first = next(iter(inproc.values()))
        stages = [k for k, v in first.items() if isinstance(v, dict) and "wall" in v]
        print("\nIn-process stages, wall s (CPU s of the main process):\n")
        print("| stage | " + " | ".join(f"{sizes[c]['claims']:,} claims" for c in inproc) + " |")
        print("|---|" + "---:|" * len(inproc))
        for stage in stages:
            cells = " | ".join(
                f"{d[stage]['wall']:.3f} ({d[stage]['cpu']:.3f})" if stage in d else "" for d in inproc.values()
            )
            print(f"| {stage} | {cells} |")
        print()
        for claims, d in inproc.items():
            c = d["cache"]
            print(
                f"- {sizes[claims]['claims']:,} claims: with an empty cache {c['cold'][0]} files parsed; "
                f"unchanged: {c['warm'][0]} parsed (findings whole from the cache: {c['warm'][2]}); "
                f"one file changed: {c['changed'][0]} parsed, {c['changed'][1]} decoded from the cache; "
                f"cache {c['bytes'] / 1e6:.1f} MB; peak memory of the in-process run {d['peak_mb']:.0f} MB"
            )
    scaling(sizes, inproc)


def scaling(sizes: dict[int, Any], inproc: dict[int, Any]) -> None:
    """The ratio of each tenfold step: t(10n) / t(n). Linear is 10; start-up makes small sizes look better."""
    ordered = sorted(sizes)
    steps = [(a, 10 * a) for a in ordered if 10 * a in sizes]
    if not steps:
        return
    rows: list[tuple[str, Callable[[int], float | None]]] = []
    for name in ("check", "export json", "show", "chains CLAIM", "render dot"):
        rows.append((f"`{name}` (process)", lambda c, n=name: _wall(sizes[c]["process"].get(n))))
    for stage in (
        "read + parse, 1 process",
        "read + parse, all CPUs",
        "resolve references",
        "check rules",
        "build graph (networkx)",
        "node-link JSON",
    ):
        rows.append((f"{stage} (in-process)", lambda c, s=stage: inproc.get(c, {}).get(s, {}).get("wall")))
    print("\nScaling: time ratio of each tenfold step (10 = linear; below 10: fixed costs such as start-up):\n")
    print("| measure | " + " | ".join(f"{a:,} → {b:,}" for a, b in steps) + " |")
    print("|---|" + "---:|" * len(steps))
    for label, value in rows:
        cells = []
        for a, b in steps:
            ta, tb = value(a), value(b)
            cells.append(f"{tb / ta:.1f}" if ta and tb else "")
        if any(cells):
            print(f"| {label} | " + " | ".join(cells) + " |")


def _load(load: Any) -> str:
    return " ".join(f"{x:.2f}" for x in load) if load else "n/a"


def _wall(run: Run | None) -> float | None:
    return None if run is None or run.timed_out else run.wall


if __name__ == "__main__":
    main()
