"""The targets of issue 20 as ratios, measured side by side: ``bench_suite.py --ratios``.

Every ratio compares two processes run in the same round, one right after
the other, in an order shuffled each round; each is computed within its round,
and the table gives its minimum, median and maximum over the rounds. A shared
machine's slow spells then land on both sides of a ratio, not on one.

* ``check --no-cache`` against Argdown 1.7.5's parser (``argdown`` on the same
  statements and relations, written by :func:`generate.write_argdown`) and
  against the regular-expression floor (``floor.py``): CPU seconds, the
  processes' and their children's.
* Every exploring command against ``check --no-cache``: wall seconds.
* ``argmap --version`` against ``python -c pass`` (each the median of several
  runs in the round), a warm re-check against a cold one: wall seconds.
* The peak memory of ``export --format json`` per claim.

Argdown is installed with npm (``@argdown/cli@1.7.5``) into a cache folder
outside the repository (``--argdown-cache``, default
``$XDG_CACHE_HOME/argmap-bench`` or ``~/.cache/argmap-bench``) the first time;
without Node.js and npm its ratio is reported as not measured.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ARGDOWN_VERSION = "1.7.5"

#: name -> (argv after ``argmap``, with CORPUS and CLAIM to fill in; target as a ratio to check's wall time)
COMMANDS: dict[str, tuple[list[str], float]] = {
    "export --format json": (["--no-cache", "export", "--format", "json", "--corpus", "CORPUS"], 1.0),
    "show": (["--no-cache", "show", "--corpus", "CORPUS"], 1.0),
    "show CLAIM": (["--no-cache", "show", "CLAIM", "--corpus", "CORPUS"], 1.0),
    "chains CLAIM": (["--no-cache", "chains", "CLAIM", "--corpus", "CORPUS"], 1.0),
    "eval": (["--no-cache", "eval", "--corpus", "CORPUS"], 1.0),
    "eval --json": (["--no-cache", "eval", "--json", "--corpus", "CORPUS"], 1.0),
    "eval --all": (["--no-cache", "eval", "--all", "--corpus", "CORPUS"], 1.0),
    "eval --all --json": (["--no-cache", "eval", "--all", "--json", "--corpus", "CORPUS"], 1.0),
    "find deterrence": (["--no-cache", "find", "deterrence", "--corpus", "CORPUS"], 1.0),
    "stats": (["--no-cache", "stats", "--corpus", "CORPUS"], 1.0),
    "render --format dot": (["--no-cache", "render", "--format", "dot", "--corpus", "CORPUS"], 1.3),
}
#: Runs of the two start-up measurements in each round (their median is the round's figure).
STARTUP_RUNS = 7


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "argmap-bench"


def argdown_command(cache: Path) -> tuple[list[str] | None, str]:
    """The ``argdown`` command of @argdown/cli 1.7.5 (installed into ``cache`` if need be), and what it is."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        return None, "not measured: Node.js and npm are not on PATH"
    folder = cache / f"argdown-{ARGDOWN_VERSION}"
    script = folder / "node_modules" / ".bin" / "argdown"
    if not script.exists():
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / "package.json").exists():
            (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        print(f"# installing @argdown/cli@{ARGDOWN_VERSION} into {folder} (npm)", flush=True)
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", f"@argdown/cli@{ARGDOWN_VERSION}"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        if done.returncode != 0 or not script.exists():
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            return None, f"not measured: npm could not install @argdown/cli@{ARGDOWN_VERSION}: {last}"
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True).stdout.strip()
    return [str(script)], f"@argdown/cli {version} on Node.js {node_version}"


def measure_ratios(
    argmap: list[str],
    corpus: Path,
    claims: int,
    work: Path,
    rounds: int,
    timeout: float,
    argdown_cache: Path | None,
    run_once: Callable[..., Any],
    child_env: Callable[..., dict[str, str]],
    claim: str,
) -> dict[str, Any]:
    """``rounds`` rounds of every measurement at one size; the ratios of each round."""
    env = child_env(None)
    argdown, argdown_note = argdown_command(argdown_cache) if argdown_cache is not None else (None, "not measured")
    argdown_folder = work / f"argdown-{claims}"
    if argdown is not None and not any(argdown_folder.glob("*.argdown")):
        # in a child: this process stays small, and a child's peak memory counts what it forked from
        code = (
            "import sys; from pathlib import Path; from generate import write_argdown; "
            "write_argdown(*map(Path, sys.argv[1:]))"
        )
        subprocess.run([sys.executable, "-c", code, str(corpus), str(argdown_folder)], cwd=HERE, env=env, check=True)
    print(f"# Argdown: {argdown_note}", flush=True)

    def argv(template: list[str]) -> list[str]:
        return [*argmap, *(str(corpus) if a == "CORPUS" else claim if a == "CLAIM" else a for a in template)]

    cache_dir = work / f"cache-ratios-{claims}"
    jobs: dict[str, Callable[[], dict[str, Any]]] = {
        "check": lambda: {"check": run_once(argv(["--no-cache", "check", "--corpus", "CORPUS"]), env, work, timeout)},
        "floor": lambda: {"floor": run_once([sys.executable, str(HERE / "floor.py"), str(corpus)], env, work, timeout)},
        "start-up": lambda: _startup(argmap, env, work, timeout, run_once),
        "re-check": lambda: _recheck(argmap, corpus, cache_dir, work, timeout, run_once, child_env),
    }
    for name, (template, _) in COMMANDS.items():
        jobs[name] = lambda name=name, template=template: {name: run_once(argv(template), env, work, timeout)}
    if argdown is not None:
        jobs["argdown"] = lambda: {
            "argdown": run_once([*argdown, "*.argdown"], env, argdown_folder, timeout),
        }
    rng = random.Random(20)
    found: list[dict[str, Any]] = []
    for number in range(1, rounds + 1):
        order = list(jobs)
        rng.shuffle(order)
        runs: dict[str, Any] = {}
        for name in order:
            runs.update(jobs[name]())
        found.append(runs)
        check = runs["check"]
        print(f"# ratios, round {number} of {rounds}: check {check.wall:.2f} s wall, {check.cpu:.2f} s CPU", flush=True)
    shutil.rmtree(cache_dir, ignore_errors=True)
    return {"claims": claims, "rounds": found, "argdown": argdown_note}


def _startup(argmap: list[str], env: dict[str, str], work: Path, timeout: float, run_once: Any) -> dict[str, Any]:
    python, version = [], []
    for _ in range(STARTUP_RUNS):
        python.append(run_once([sys.executable, "-c", "pass"], env, work, timeout))
        version.append(run_once([*argmap, "--version"], env, work, timeout))
    return {
        "python -c pass": sorted(python, key=lambda r: r.wall)[STARTUP_RUNS // 2],
        "argmap --version": sorted(version, key=lambda r: r.wall)[STARTUP_RUNS // 2],
    }


def _recheck(
    argmap: list[str],
    corpus: Path,
    cache_dir: Path,
    work: Path,
    timeout: float,
    run_once: Any,
    child_env: Any,
) -> dict[str, Any]:
    """``argmap check`` with an empty cache, then again with nothing changed."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    env = child_env(cache_dir)
    argv = [*argmap, "check", "--corpus", str(corpus)]
    cold = run_once(argv, env, work, timeout)
    warm = run_once(argv, env, work, timeout)
    return {"check, cold cache": cold, "check, warm cache": warm}


def ratio_rows(results: dict[str, Any]) -> list[tuple[str, str, list[float], bool | None]]:
    """(what, target, the ratio of each round, whether the median meets the target)."""
    rounds = results["rounds"]
    rows: list[tuple[str, str, list[float], bool | None]] = []

    def add(what: str, target: float, values: list[float], unit: str = "\u00d7") -> None:
        if not values:
            rows.append((what, f"≤ {target:g}{unit}", [], None))
            return
        rows.append((what, f"≤ {target:g}{unit}", values, statistics.median(values) <= target))

    add(
        "`check --no-cache` CPU / Argdown 1.7.5 parse CPU",
        0.4,
        [r["check"].cpu / r["argdown"].cpu for r in rounds if "argdown" in r],
    )
    add("`check --no-cache` CPU / regular-expression floor CPU", 5, [r["check"].cpu / r["floor"].cpu for r in rounds])
    for name, (_, target) in COMMANDS.items():
        add(f"`{name}` / `check` (wall)", target, [r[name].wall / r["check"].wall for r in rounds])
    add(
        "`argmap --version` / `python -c pass` (wall)",
        2.5,
        [r["argmap --version"].wall / r["python -c pass"].wall for r in rounds],
    )
    add(
        "warm re-check / cold check (wall)",
        0.1,
        [r["check, warm cache"].wall / r["check, cold cache"].wall for r in rounds],
    )
    claims = results["claims"]
    add(
        "`export --format json` peak memory per claim",
        2,
        [r["export --format json"].peak_mb * 1000 / claims for r in rounds],
        " KB",
    )
    return rows


def report_ratios(results: dict[str, Any]) -> None:
    rounds = results["rounds"]
    claims = results["claims"]
    print(f"\nRatios at {claims:,} claims, {len(rounds)} rounds (min, median, max of the per-round ratios):\n")
    print("| ratio | target | min | median | max | met |\n|---|---:|---:|---:|---:|---|")
    for what, target, values, met in ratio_rows(results):
        if not values:
            print(f"| {what} | {target} | | not measured | | |")
            continue
        low, mid, high = min(values), statistics.median(values), max(values)
        print(f"| {what} | {target} | {low:.2f} | {mid:.2f} | {high:.2f} | {'yes' if met else 'no'} |")
    print(f"\nArgdown: {results['argdown']}")
    print("\nThe processes themselves (medians over the rounds):\n")
    print("| process | wall s | CPU s | peak MB |\n|---|---:|---:|---:|")
    for name in rounds[0]:
        runs = [r[name] for r in rounds if name in r]
        wall = statistics.median(run.wall for run in runs)
        cpu = statistics.median(run.cpu for run in runs)
        peak = statistics.median(run.peak_mb for run in runs)
        note = next((run.note for run in runs if run.note), "")
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {peak:.0f} |{' ' + note if note else ''}")
