"""The report in a real browser: headless Chromium (Debian's), driven by Playwright, opening the file from disk.

Screenshots at desktop (1280x800) and phone (390x844) widths go to build/screenshots/.
Without chromium or playwright these tests are skipped, except in CI (CI=true), where they fail:
``bash scripts/test.sh`` installs both.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser_support import DESKTOP, PHONE, SHOTS, available, launch
from process_support import interruptible
from report_support import CANARY, write_hostile_corpus
from typer.testing import CliRunner

from argmap.cli.commands import app

ROOT = Path(__file__).parent.parent

if not available() or shutil.which("dot") is None:
    if os.environ.get("CI"):
        raise RuntimeError("the browser tests need chromium, playwright and dot: run bash scripts/setup.sh --test")
    pytest.skip(
        "chromium, playwright or Graphviz is not installed (bash scripts/setup.sh --test)", allow_module_level=True
    )


def _report(args: list[str], out: Path, cwd: Path) -> Path:
    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, ["--no-cache", "report", *args, "-o", str(out)])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    return _report([], tmp_path_factory.mktemp("report") / "report.html", ROOT)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


class Watched:
    """A page that records every request and every console error or uncaught exception."""

    def __init__(self, browser, size: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=size)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # Anything that is not the file itself is stopped before it leaves (and recorded above).
        self.context.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
        )

    def open(self, path: Path, fragment: str = "") -> None:
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("html[data-ready='1']")

    def check_clean(self, path: Path) -> None:
        assert self.errors == []
        assert {url.split("#")[0] for url in self.requests} <= {path.as_uri()}

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def desktop(browser):
    watched = Watched(browser, DESKTOP)
    yield watched
    watched.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_opens_from_disk_with_no_request_and_no_error(desktop, report):
    desktop.open(report)
    page = desktop.page
    assert page.title().startswith("Argument map report")
    assert page.locator("#v-home h2", has_text="Questions").count() == 1
    assert page.locator("#v-home .question").count() >= 4
    shot(page, "desktop-home")
    page.evaluate("window.scrollTo(0, 600)")  # a desktop's header stays
    assert page.evaluate("window.scrollY") == 600
    assert page.evaluate("document.querySelector('header.top').getBoundingClientRect().top") == 0
    desktop.check_clean(report)


def test_click_a_box_opens_the_panel(desktop, report):
    desktop.open(report, "#map/us-mediation")
    page = desktop.page
    page.click('g.node[data-claim="kim2019#csis-mediation"]')
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert "Only U.S. mediation can pull the allies back" in panel.locator("h2").inner_text()
    quote = panel.locator("blockquote").inner_text()
    assert "Only the United States can pull Japan and Korea back from the brink." in quote
    assert "CSIS" in panel.inner_text()
    assert panel.locator(".reported").count() == 1
    assert panel.locator("h3", has_text="Attacked by").count() == 1
    assert page.locator('g.node.sel[data-claim="kim2019#csis-mediation"]').count() == 1
    assert page.evaluate("location.hash") == "#map/us-mediation/kim2019/csis-mediation"
    shot(page, "desktop-map-panel")
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    desktop.check_clean(report)


def test_keyboard_reaches_a_box(desktop, report):
    desktop.open(report, "#map/us-mediation")
    page = desktop.page
    page.focus('g.node[data-claim="kim2019#thesis"]')
    page.keyboard.press("Enter")
    page.locator("#panel").wait_for(state="visible")
    assert "kim2019#thesis" in page.locator("#panel").inner_text()
    assert page.get_attribute('g.node[data-claim="kim2019#thesis"]', "aria-label").startswith("claim: ")


def test_search_lists_the_matching_claims(desktop, report):
    desktop.open(report)
    page = desktop.page
    page.fill("#search", "mediation")
    page.press("#search", "Enter")
    page.wait_for_function("location.hash === '#claims'")
    items = page.locator("#claims-list li")
    texts = items.all_inner_texts()
    assert texts
    assert all("mediation" in t.lower() for t in texts)
    # words that end with a quote are shown once-quoted, as in the terminal and the maps
    [csis] = [t for t in texts if "kim2019#csis-mediation" in t and "brink" in t]
    assert "The Center for Strategic" in csis
    assert "brink.\u201d \u2014 CSIS" in csis
    page.select_option("#filter-kind", "rebuttal")
    page.wait_for_timeout(300)
    assert all("rebuttal" in t for t in page.locator("#claims-list li").all_inner_texts())
    shot(page, "desktop-search")
    desktop.check_clean(report)


def test_permalink_back_and_forward(desktop, report):
    desktop.open(report, "#claim/kim2019/thesis")
    page = desktop.page
    panel = page.locator("#panel")
    assert "U.S. should offer a clear NK policy" in panel.locator("h2").inner_text()
    assert page.locator('g.node.sel[data-claim="kim2019#thesis"]').count() == 1
    page.click("text=Show in source")
    page.wait_for_selector('mark.span.sel[data-claim="kim2019#thesis"]')
    assert page.locator("#v-read").is_visible()
    shot(page, "desktop-reading")
    page.go_back()
    page.wait_for_function("location.hash === '#claim/kim2019/thesis'")
    assert page.locator("#v-map").is_visible()
    assert "U.S. should offer a clear NK policy" in panel.locator("h2").inner_text()
    page.go_forward()
    page.wait_for_selector('mark.span.sel[data-claim="kim2019#thesis"]')
    assert page.locator("#v-read").is_visible()
    desktop.check_clean(report)


def test_focus_dims_what_is_further_than_the_depth(desktop, report):
    desktop.open(report, "#focus/kim2019/csis-mediation/1")
    page = desktop.page
    assert page.locator("#stage.focusing").count() == 1
    assert page.locator('g.node.out-of-focus[data-claim="kim2019#csis-mediation"]').count() == 0
    assert page.locator('g.node.out-of-focus[data-claim="haggard2021#no-finesse"]').count() == 0  # it attacks it
    assert page.locator("g.node.out-of-focus[data-claim]").count() > 0
    assert page.locator("#panel h3", has_text="Around it, depth 1").count() == 1
    shot(page, "desktop-focus")


def test_reading_view_spans_open_the_panel(desktop, report):
    desktop.open(report, "#read/snyder2017")
    page = desktop.page
    marks = page.locator("mark.span")
    assert marks.count() > 20
    page.click('mark.span[data-claim="snyder2017#thesis"]')
    page.locator("#panel").wait_for(state="visible")
    assert page.evaluate("location.hash") == "#read/snyder2017/thesis"


def test_who_says_what_and_outline(desktop, report):
    desktop.open(report, "#who")
    page = desktop.page
    assert page.locator("#who-table th[scope=col]").count() > 3
    page.locator("#who-table td.cell button").first.click()
    assert page.locator("#who-detail h3").count() == 1
    shot(page, "desktop-who")
    page.goto(report.as_uri() + "#outline")
    assert page.locator("#outline-body ul.tree li").count() > 100
    desktop.check_clean(report)


def test_phone_width(browser, report):
    phone = Watched(browser, PHONE)
    try:
        phone.open(report)
        shot(phone.page, "phone-home")
        phone.page.evaluate("window.scrollTo(0, 600)")  # a phone's header scrolls away with the page
        assert phone.page.evaluate("window.scrollY") == 600
        assert phone.page.evaluate("document.querySelector('header.top').getBoundingClientRect().bottom") <= 0
        phone.page.goto(report.as_uri() + "#map/us-mediation")
        phone.page.click('g.node[data-claim="kim2019#csis-mediation"]')
        phone.page.locator("#panel").wait_for(state="visible")
        shot(phone.page, "phone-map-panel")
        phone.page.goto(report.as_uri() + "#read/kim2019/slate")
        shot(phone.page, "phone-reading")
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1  # nothing runs off the side
        phone.check_clean(report)
    finally:
        phone.close()


def test_print_shows_the_overview_and_hides_the_controls(desktop, report):
    desktop.open(report)
    page = desktop.page
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("#v-who").is_visible()
    assert page.locator(".toolbar").is_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "print.pdf"))


def test_hostile_corpus_runs_no_script(browser, tmp_path):
    corpus = write_hostile_corpus(tmp_path)
    out = _report(["--corpus", str(corpus)], tmp_path / "hostile.html", tmp_path)
    watched = Watched(browser, DESKTOP)
    page = watched.page
    try:
        watched.open(out)
        for fragment in ("#map/evil", "#claim/evil/thesis", "#read/evil", "#claims", "#who", "#outline", "#methods"):
            page.goto(out.as_uri() + fragment)
            page.wait_for_timeout(100)
        page.goto(out.as_uri() + "#map/evil")
        for key in ("evil#thesis", "evil#why", "evil#other"):
            page.click(f'g.node[data-claim="{key}"]')
            page.locator("#panel").wait_for(state="visible")
        assert page.evaluate(f"typeof window.{CANARY}") == "undefined"
        panel = page.locator("#panel").inner_text()
        assert "<img src=x onerror=" in panel  # shown as text
        page.goto(out.as_uri() + "#claim/evil/thesis")
        assert "<script>window.pwned=1</script>" in page.locator("#panel blockquote").inner_text()
        assert page.locator("#panel a[href^='javascript']").count() == 0
        assert page.locator("a[href^='javascript'], [onerror], [onload], [onmouseover]").count() == 0
        shot(page, "desktop-hostile")
        assert page.evaluate(f"typeof window.{CANARY}") == "undefined"
        assert watched.errors == []
    finally:
        watched.close()


def test_live_preview_reloads_when_a_document_changes(browser, tmp_path):
    import re
    import signal
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "clean", corpus)
    argmap = Path(sys.executable).parent / "argmap"
    proc = subprocess.Popen(
        [str(argmap), "--no-cache", "report", "--serve", "--corpus", str(corpus)],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,
    )
    context = browser.new_context(viewport=DESKTOP)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", proc.stderr.readline()).group(0)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + "#read/cars")
        page.wait_for_selector("html[data-ready='1']")
        assert "A brand-new sentence." not in page.locator("#reading").inner_text()
        doc = corpus / "cars.md"
        with page.expect_event("load", timeout=20_000):
            doc.write_text(doc.read_text(encoding="utf-8") + "\nA brand-new sentence.\n", encoding="utf-8")
        page.wait_for_selector("html[data-ready='1']")
        assert "A brand-new sentence." in page.locator("#reading").inner_text()  # the fragment survived the reload
        assert errors == []
    finally:
        context.close()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)
