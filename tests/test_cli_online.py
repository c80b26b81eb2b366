"""`argmap check --online` through CliRunner, against a real HTTP server on 127.0.0.1.

Each test builds a small corpus in tmp_path whose citations point at the
loopback server (under a tag of its own, so request counts do not mix) and a
pyproject.toml with short timeouts. Exit code first, then output.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from loopback_server import LoopbackServer
from typer.testing import CliRunner

from argmap.cli.commands import app

pytestmark = pytest.mark.usefixtures("no_proxy")  # the server is on loopback: no proxy in between

runner = CliRunner()
_tags = itertools.count()

FAST = """\
[tool.argmap.links]
timeout = 1
retry-wait = "10ms"
max-retries = 1
"""

ALPHA = """\
---
id: alpha
title: Alpha
authors: [Ann Author]
date: 2020
url: {base}/ok/{tag}/alpha
---

[Claim one.]{{#c1 .claim label="one" cite="{base}/status/404/{tag}"}}
[Claim two.]{{#c2 .premise supports="c1" cite="{base}/moved/301?to=/ok/{tag}/new"}}
[Claim three.]{{#c3 .premise supports="c1" cite="javascript:alert(1)"}}
"""

BETA = """\
---
id: beta
title: Beta
authors: [Bo Author]
date: 2021
url: {base}/status/500/{tag}
---

[Beta disagrees.]{{#b1 .rebuttal attacks="alpha#c1" cite="{base}/ok/{tag}/beta"}}
"""

GOOD = """\
---
id: good
title: Good
authors: [Cy Author]
date: 2022
url: {base}/ok/{tag}/good
---

[All fine.]{{#g1 .claim label="fine" cite="{base}/ok/{tag}/cited"}}
[Because it is.]{{#g2 .premise supports="g1"}}
"""


class Project:
    """A folder with a pyproject.toml and corpus/, the working folder of the test."""

    def __init__(self, root: Path, server: LoopbackServer) -> None:
        self.root = root
        self.server = server
        self.tag = f"t{next(_tags)}-{time.monotonic_ns()}"
        (root / "corpus").mkdir()
        (root / "pyproject.toml").write_text(FAST, encoding="utf-8")

    def write(self, name: str, template: str) -> Path:
        path = self.root / "corpus" / name
        path.write_text(template.format(base=self.server.base, tag=self.tag), encoding="utf-8")
        return path

    def url(self, path: str) -> str:
        return self.server.url(path.format(tag=self.tag))

    def where(self, name: str, text: str) -> str:
        """``line:col`` of the first ``text`` (formatted) in corpus/NAME, 1-based."""
        needle = text.format(base=self.server.base, tag=self.tag)
        for number, line in enumerate((self.root / "corpus" / name).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return f"{number}:{line.index(needle) + 1}"
        raise AssertionError(f"{needle!r} not in {name}")

    def requested(self) -> list[str]:
        return sorted(s.path for s in self.server.requests() if self.tag in s.path)

    def check(self, *args: str) -> tuple[int, str, str]:
        result = runner.invoke(app, ["check", "--corpus", "corpus", *args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path, server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path, server)


def test_online_findings_join_the_text_report(project: Project) -> None:
    project.write("alpha.md", ALPHA)
    project.write("beta.md", BETA)
    code, out, err = project.check("--online")
    assert code == 1
    findings = [line for line in out.splitlines() if re.match(r"corpus/\w+\.md:\d+:\d+: AM", line)]
    dead, moved = project.url("/status/404/{tag}"), project.url("/moved/301?to=/ok/{tag}/new")
    assert project.where("beta.md", "{base}/status/500/") == "6:6"  # the value of the front-matter field
    assert findings == [
        f"corpus/alpha.md:{project.where('alpha.md', dead)}: AM401 error: dead link '{dead}': 404 Not Found",
        f"corpus/alpha.md:{project.where('alpha.md', moved)}: AM403 warning: link '{moved}' has moved "
        f"permanently (301) to '{project.url('/ok/{tag}/new')}'; cite the new address",
        f"corpus/alpha.md:{project.where('alpha.md', 'javascript:')}: AM205 error: cite 'javascript:alert(1)' "
        "is not a well-formed http(s) URL: scheme 'javascript' is not http or https",
        f"corpus/beta.md:6:6: AM402 warning: link '{project.url('/status/500/{tag}')}' failed, perhaps only for now: "
        "500 Internal Server Error",
    ]
    assert out.endswith("2 errors and 2 warnings in 2 of 2 documents\n")
    assert "online: 5 links in 2 documents: 0 from the cache, 5 checked" in err  # javascript: is AM205 only


def test_without_online_no_link_is_requested(project: Project) -> None:
    project.write("alpha.md", ALPHA)
    code, out, _ = project.check()
    assert code == 1
    assert "AM4" not in out
    assert project.requested() == []


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_every_output_format_carries_the_online_findings(project: Project, fmt: str) -> None:
    project.write("alpha.md", ALPHA)
    project.write("beta.md", BETA)
    code, out, _ = project.check("--online", "--format", fmt)
    assert code == 1
    dead = project.url("/status/404/{tag}")
    line, col = map(int, project.where("alpha.md", dead).split(":"))
    if fmt == "json":
        rows = [(d["code"], d["path"], d["line"], d["column"], d["severity"]) for d in json.loads(out)["diagnostics"]]
        assert ("AM401", "corpus/alpha.md", line, col, "error") in rows
        assert ("AM402", "corpus/beta.md", 6, 6, "warning") in rows
        assert ("AM403", "corpus/alpha.md", line + 1, col + 4, "warning") in rows
    elif fmt == "sarif":
        run = json.loads(out)["runs"][0]
        rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
        assert {"AM401", "AM402", "AM403", "AM404", "AM405"} <= set(rules)
        [result] = [r for r in run["results"] if r["ruleId"] == "AM401"]
        assert result["level"] == "error"
        assert rules[result["ruleIndex"]] == "AM401"
        assert result["message"]["text"] == f"dead link '{dead}': 404 Not Found"
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "corpus/alpha.md"
        assert location["region"] == {"startLine": line, "startColumn": col}
    else:
        annotation = f"::error file=corpus/alpha.md,line={line},col={col},title=AM401 error::dead link '{dead}'"
        assert f"{annotation}: 404 Not Found" in out.splitlines()
        warning = "::warning file=corpus/beta.md,line=6,col=6,title=AM402 warning::"
        assert any(row.startswith(warning) for row in out.splitlines())


def test_a_second_run_within_the_cache_age_sends_no_request(project: Project) -> None:
    project.write("good.md", GOOD)
    assert project.check("--online")[0] == 0
    first = project.requested()
    assert first == sorted([f"/ok/{project.tag}/good", f"/ok/{project.tag}/cited"])
    code, _, err = project.check("--online")
    assert code == 0
    assert project.requested() == first  # nothing new
    assert "online: 2 links in 1 document: 2 from the cache, 0 checked (0 requests)" in err
    stored = json.loads((project.root / ".argmap-cache" / "links.json").read_text(encoding="utf-8"))
    assert sorted(stored["links"]) == sorted([project.url("/ok/{tag}/good"), project.url("/ok/{tag}/cited")])


def test_a_cache_that_cannot_be_used_is_a_note_not_a_failure(project: Project) -> None:
    project.write("good.md", GOOD)
    (project.root / ".argmap-cache").mkdir()
    (project.root / ".argmap-cache" / "links.json").write_text("{oops", encoding="utf-8")
    code, _, err = project.check("--online")
    assert code == 0
    assert "note: ignored unreadable link cache" in err
    (project.root / ".argmap-cache" / "links.json").unlink()
    (project.root / ".argmap-cache" / "links.json").mkdir()  # a folder where the file should be
    code, out, err = project.check("--online")
    assert code == 0
    assert out == "no problems found in 1 document\n"
    assert "note: cannot write the link cache" in err


def test_no_cache_neither_reads_nor_writes_the_cache(project: Project) -> None:
    project.write("good.md", GOOD)
    assert project.check("--online", "--no-cache")[0] == 0
    assert project.check("--online", "--no-cache")[0] == 0
    assert len(project.requested()) == 4
    assert not (project.root / ".argmap-cache").exists()


def test_transient_failures_pass_unless_strict(project: Project) -> None:
    project.write("good.md", GOOD.replace("/ok/{tag}/good", "/status/503/{tag}"))
    code, out, _ = project.check("--online")
    assert code == 0
    assert "AM402 warning" in out
    assert "503 Service Unavailable (2 attempts)" in out
    assert project.check("--online", "--strict")[0] == 1


def test_flags_beat_the_pyproject(project: Project) -> None:
    project.write("alpha.md", ALPHA.replace('cite="javascript:alert(1)"', ""))
    code, out, _ = project.check("--online", "--accept", "200-299,404", "--exclude-url", "/moved/")
    assert code == 0, out
    assert "AM4" not in out
    assert not any("/moved/" in path for path in project.requested())


def test_pyproject_settings_are_read(project: Project) -> None:
    (project.root / "pyproject.toml").write_text(
        FAST + 'permanent-severity = "warning"\nexclude = ["/status/500/"]\n', encoding="utf-8"
    )
    project.write("alpha.md", ALPHA.replace('cite="javascript:alert(1)"', ""))
    project.write("beta.md", BETA)
    code, out, _ = project.check("--online")
    assert code == 0, out  # the 404 is only a warning now, the 500 is not checked
    assert "AM401 warning" in out
    assert "/status/500/" not in out


def test_bad_settings_are_usage_errors(project: Project) -> None:
    project.write("good.md", GOOD)
    (project.root / "pyproject.toml").write_text("[tool.argmap.links]\nconcurency = 4\n", encoding="utf-8")
    code, out, err = project.check("--online")
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {project.root.resolve() / 'pyproject.toml'}: unknown key 'concurency' in [tool.argmap.links]; "
        "did you mean 'concurrency'?\n"
    )
    (project.root / "pyproject.toml").write_text(FAST, encoding="utf-8")
    code, _, err = project.check("--online", "--max-cache-age", "forever")
    assert code == 2
    assert "option --max-cache-age: expected a duration" in err


def test_link_options_need_online(project: Project) -> None:
    project.write("good.md", GOOD)
    for args in (["--changed-since", "HEAD"], ["--timeout", "5"], ["--exclude-loopback"], ["--accept", "200"]):
        code, out, err = project.check(*args)
        assert (code, out) == (2, ""), args
        assert err == "Error: --changed-since and the other link options need --online\n"
    assert project.requested() == []


def test_loopback_addresses_can_be_left_alone(project: Project) -> None:
    project.write("good.md", GOOD)
    code, out, _ = project.check("--online", "--exclude-loopback")
    assert code == 0
    assert out.count("AM405 warning") == 2
    assert project.requested() == []


def test_no_network_fails_with_clear_findings_not_a_hang(project: Project) -> None:
    project.write("good.md", GOOD.replace("{base}", "https://{tag}.invalid"))
    started = time.monotonic()
    code, out, _ = project.check("--online")
    assert time.monotonic() - started < 10
    assert code == 1
    lines = [line for line in out.splitlines() if " AM40" in line]
    assert len(lines) == 2
    assert all("DNS" in line and " error: " in line for line in lines)


def git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, timeout=30)


def test_changed_since_checks_only_the_changed_documents(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    project.write("alpha.md", ALPHA.replace('cite="javascript:alert(1)"', ""))
    beta = project.write("beta.md", BETA)
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "corpus")
    beta.write_text(beta.read_text(encoding="utf-8").replace("Beta disagrees.", "Beta disagrees, loudly."))
    code, out, err = project.check("--online", "--changed-since", "HEAD")
    assert code == 0, out  # alpha's dead link is not checked: alpha did not change
    assert set(project.requested()) == {f"/ok/{project.tag}/beta", f"/status/500/{project.tag}"}
    assert "online: 2 links in 1 document" in err
    code, _, err = project.check("--online", "--changed-since", "no-such-branch")
    assert code == 2
    assert "unknown git revision 'no-such-branch'" in err


def test_progress_shows_on_a_terminal_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    from argmap.cli import check

    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    fake = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake)
    show = check._progress_line()
    show(1, 3)
    assert fake.getvalue() == ""  # quick checks print nothing
    now[0] += 1.5
    show(2, 3)
    assert fake.getvalue() == "\rchecking links: 2/3"
    show(3, 3)
    assert fake.getvalue().endswith("\r\x1b[K")  # the line is cleared at the end


def test_docs_document_the_online_check() -> None:
    page = (Path(__file__).parent.parent / "docs" / "commands" / "check.md").read_text(encoding="utf-8")
    section = page[page.index("## `--online`: dead citations") :]
    for flag in (
        "--online",
        "--no-cache",
        "--changed-since",
        "--accept",
        "--exclude-url",
        "--timeout",
        "--concurrency",
        "--max-cache-age",
        "--exclude-private",
        "--exclude-loopback",
    ):
        assert f"`{flag}" in section, flag
    from argmap.links.config import KEYS

    for key in KEYS:
        assert f"\n{key} = " in section, key  # in the table of defaults
    for code in ("AM401", "AM402", "AM403", "AM404", "AM405"):
        assert code in section, code
