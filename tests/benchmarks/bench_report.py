"""How big the HTML report is and how fast it opens, in headless Chromium (Debian's), at desktop and phone widths.

Run:  python tests/benchmarks/bench_report.py                 # the shipped corpus and a generated 10,000-claim one
      python tests/benchmarks/bench_report.py --claims 1000,10000 --repeat 3
      python tests/benchmarks/bench_report.py --only shipped

For each report it prints: file size; seconds to build it (``argmap report``,
whole process); the time to the page's load event (navigation start to
``loadEventEnd``) and until the page is ready (its script has run: the
overview drawn); the time to focus a claim (``#focus/DOC/ID/1``: the map
drawn, the claim's neighbourhood marked and zoomed to, the panel filled),
first when its map is not drawn yet (cold) and then again for another claim
(warm); and the time to run a search over every claim. Each is the best of
``--repeat`` fresh pages.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from browser_support import DESKTOP, PHONE, launch  # noqa: E402


def build(corpus: Path, out: Path, cwd: Path) -> float:
    argmap = Path(sys.executable).parent / "argmap"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "ARGMAP_NO_CACHE": "1"}
    start = time.perf_counter()
    subprocess.run(
        [str(argmap), "report", "--corpus", str(corpus), "-o", str(out)],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def claims_to_focus(report: Path) -> list[str]:
    """Two claims on a map (a thesis if there is one): the first and the last map's first box."""
    text = report.read_text(encoding="utf-8")
    start = text.index('id="argmap-data">') + len('id="argmap-data">')
    data = json.loads(text[start : text.index("</script>", start)])
    theses = [t for d in data["documents"] for t in d["theses"]]
    on_maps = [set(m["boxes"].values()) for m in data["maps"]]
    first = next((t for t in theses if t in on_maps[0]), sorted(on_maps[0])[0])
    second = next((t for t in theses if t in on_maps[-1] and t != first), sorted(on_maps[-1])[-1])
    return [first, second]


def measure(browser, report: Path, size: dict[str, int], claims: list[str]) -> dict[str, float]:
    context = browser.new_context(viewport=size)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    started = time.perf_counter()
    page.goto(report.as_uri(), wait_until="load", timeout=120_000)
    page.wait_for_selector("html[data-ready='1']", timeout=120_000)
    ready = time.perf_counter() - started
    timing = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0];"
        " return {load: t.loadEventEnd, dom: t.domContentLoadedEventEnd}; }"
    )
    found: dict[str, float] = {"load": timing["load"] / 1000, "ready": ready}
    for name, claim in zip(("focus_cold", "focus_warm"), claims, strict=True):
        doc, local = claim.split("#", 1)
        started = time.perf_counter()
        page.evaluate(f"location.hash = {json.dumps(f'#focus/{doc}/{local}/1')}")
        page.wait_for_function(
            "id => { const g = document.querySelector('g.node.sel'); const p = document.getElementById('panel');"
            " return g && g.dataset.claim === id && !p.hidden && document.getElementById('stage').classList"
            ".contains('focusing'); }",
            arg=claim,
            polling="raf",
            timeout=120_000,
        )
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        found[name] = time.perf_counter() - started
    started = time.perf_counter()
    page.evaluate("location.hash = '#claims'")
    page.fill("#search", "alliance trust")
    page.wait_for_function(
        "() => /match/.test(document.getElementById('claims-summary').textContent)", polling="raf", timeout=60_000
    )
    found["search"] = time.perf_counter() - started
    context.close()
    if errors:
        raise RuntimeError(f"page errors: {errors}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", default="10000", help="sizes of generated corpora, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("shipped", "generated"), default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write every number to this file")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="argmap-bench-report-"))
    reports: list[tuple[str, Path, float]] = []
    if args.only != "generated":
        out = work / "shipped.html"
        reports.append(("shipped corpus", out, build(ROOT / "corpus", out, ROOT)))
    if args.only != "shipped":
        for size in (int(s) for s in args.claims.split(",")):
            corpus = work / f"gen{size}"
            subprocess.run(
                [sys.executable, str(HERE / "generate.py"), str(corpus), "--claims", str(size)],
                check=True,
                capture_output=True,
            )
            out = work / f"gen{size}.html"
            reports.append((f"{size:,} claims", out, build(corpus, out, work)))
    results = []
    with sync_playwright() as p:
        browser = launch(p)
        for name, report, seconds in reports:
            claims = claims_to_focus(report)
            for label, viewport in (("desktop 1280x800", DESKTOP), ("phone 390x844", PHONE)):
                runs = [measure(browser, report, viewport, claims) for _ in range(args.repeat)]
                best = {key: min(run[key] for run in runs) for key in runs[0]}
                results.append(
                    {"report": name, "bytes": report.stat().st_size, "build": seconds, "width": label, **best}
                )
        browser.close()
    print(f"Chromium {os.environ.get('ARGMAP_CHROMIUM', '/usr/bin/chromium')}; best of {args.repeat}; seconds")
    print()
    print("| report | size | build | width | load event | ready | focus (cold) | focus (warm) | search |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['report']} | {r['bytes'] / 1e6:.1f} MB | {r['build']:.1f} | {r['width']} | {r['load']:.2f} | "
            f"{r['ready']:.2f} | {r['focus_cold']:.2f} | {r['focus_warm']:.2f} | {r['search']:.2f} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
