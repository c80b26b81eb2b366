"""Findings -> text, JSON, SARIF 2.1.0 and GitHub workflow commands (pure: strings in, string out)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from argmap import __version__
from argmap.codes import CODES
from argmap.errors import Diagnostic, Severity

#: ``(path, line) -> the text of that line, or None``
LineSource = Callable[[str, int], "str | None"]

FORMATS = ("text", "json", "sarif", "github")
#: The project's address (a placeholder until it is published: see CHANGELOG.md) and its page of codes.
PROJECT_URL = "https://github.com/argmap/argmap"
CODES_URL = f"{PROJECT_URL}/blob/main/docs/codes.md"

#: The SARIF rule name of each code ``argmap check`` can report: an identifier, as code-scanning
#: interfaces expect, and as stable as the code itself. The AM5xx codes belong to ``argmap import``.
RULE_NAMES: dict[str, str] = {
    "AM100": "UnreadableFile",
    "AM101": "InvalidFrontMatterYaml",
    "AM102": "MissingFrontMatter",
    "AM103": "InvalidFrontMatterField",
    "AM104": "UnclosedFrontMatter",
    "AM110": "MalformedAttributeBlock",
    "AM111": "UnknownKind",
    "AM112": "MissingKind",
    "AM113": "MissingId",
    "AM114": "InvalidId",
    "AM115": "RepeatedAttribute",
    "AM116": "RelationNotAllowedForKind",
    "AM118": "MisusedReferenceSpan",
    "AM119": "DetachedAttributeBlock",
    "AM120": "UnknownAttribute",
    "AM121": "EmptySpan",
    "AM122": "UnclosedCodeOrComment",
    "AM123": "PandocReadsOtherwise",
    "AM130": "LinkedWithoutSupports",
    "AM131": "MalformedUndercut",
    "AM132": "MisspeltRelationAttribute",
    "AM201": "UnknownSpan",
    "AM202": "UnknownDocument",
    "AM203": "DuplicateId",
    "AM204": "DuplicateDocumentId",
    "AM205": "MalformedUrl",
    "AM206": "SourceWordsChanged",
    "AM207": "UnreadableSource",
    "AM208": "MalformedRelationTarget",
    "AM210": "UndeclaredUndercutRelation",
    "AM211": "PreferenceWithoutConflict",
    "AM212": "LinkedRebuttal",
    "AM213": "PreferencesBothWays",
    "AM214": "AmbiguousUndercut",
    "AM301": "PremiseSupportsNothing",
    "AM302": "RebuttalAttacksNothing",
    "AM303": "SelfRelation",
    "AM304": "SupportCycle",
    "AM305": "UnrelatedClaim",
    "AM306": "RepeatedRelation",
    "AM307": "SupportsAndAttacks",
    "AM310": "UndercutOnWrongSide",
    "AM311": "LinkedGroupOfOne",
    "AM312": "QualifiesAndAttacks",
    "AM401": "DeadLink",
    "AM402": "FailedLink",
    "AM403": "PermanentRedirect",
    "AM404": "RedirectToOtherScheme",
    "AM405": "PrivateAddressLink",
    "AM406": "NumericIpv4Host",
}
#: What a terminal or a CI log must not receive as it is: control characters (C0 but the tab, DEL, C1),
#: the line and paragraph separators, and the bidirectional overrides and isolates, which make a
#: terminal show text in an order other than the one it has ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Make text safe for a terminal: control characters and bidi controls become visible escapes.

    The one escaping function for every line argmap prints (reports, notes,
    errors, and, through :func:`argmap.cli.console.plain`, the terminal views).
    """
    return _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text
    )


#: Quote marks that open and that close a quotation (double ones: a single one may be an apostrophe).
_OPENING = '\u201c\u201e\u00ab"'
_CLOSING = '\u201d\u00bb"'


def quoted(text: str) -> str:
    """``text`` between typographic double quotes, once: a text that already starts or ends with a quote mark
    is shown as it is (a claim that ends with the words it quotes is not shown ``…brink.””``, nor one that
    starts with them ``““Washington…``; adding the other mark alone would leave one unmatched).

    >>> quoted("Buses are enough.")
    '“Buses are enough.”'
    >>> quoted("CSIS called for mediation: “Only the United States can pull them back from the brink.”")
    'CSIS called for mediation: “Only the United States can pull them back from the brink.”'
    >>> quoted("“Washington is sleeping” was the diagnosis from Foreign Affairs.")
    '“Washington is sleeping” was the diagnosis from Foreign Affairs.'
    >>> quoted('"')
    '“"”'
    """
    if len(text) >= 2 and (text[0] in _OPENING or text[-1] in _CLOSING):
        return text
    return f"\u201c{text}\u201d"


def summary(findings: list[Diagnostic], documents: int) -> str:
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    noun = "document" if documents == 1 else "documents"
    if not findings:
        return f"no problems found in {documents} {noun}"
    files = len({f.loc.path for f in findings})
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {files} of {documents} {noun}"


def format_text(findings: list[Diagnostic], documents: int, line_source: LineSource | None = None) -> str:
    """Compiler-style report: ``path:line:col: CODE severity: message``, the line, a caret."""
    out: list[str] = []
    previous_path: str | None = None
    for f in findings:
        if previous_path is not None and f.loc.path != previous_path:
            out.append("")
        previous_path = f.loc.path
        out.append(printable(str(f)))
        source_line = line_source(f.loc.path, f.loc.line) if line_source else None
        if source_line is not None:
            out.extend(_excerpt(source_line, f))
    if out:
        out.append("")
    out.append(summary(findings, documents))
    return "\n".join(out) + "\n"


#: Characters of a long line shown on each side of a finding's column (and its caret).
EXCERPT_CONTEXT = 60
#: The longest caret drawn under an excerpt.
MAX_CARET = 80


def _excerpt(line: str, f: Diagnostic) -> list[str]:
    """The line of a finding and a caret under its column; a window of a long line (a paragraph), cut with ``…``."""
    gutter = f"{f.loc.line:>5} | "
    line = line.rstrip("\r\n")
    col = min(max(0, f.loc.col - 1), len(line))
    end = col + 1
    if f.loc.end_line == f.loc.line and f.loc.end_col is not None and f.loc.end_col > f.loc.col:
        end = min(f.loc.end_col - 1, len(line), col + MAX_CARET)
    start, stop = 0, len(line)
    if len(line) > 2 * EXCERPT_CONTEXT:
        start = max(0, col - EXCERPT_CONTEXT)
        stop = min(len(line), max(end, col + 1) + EXCERPT_CONTEXT)
    before = "…" if start > 0 else ""
    after = "…" if stop < len(line) else ""
    prefix = before + printable(line[start:col].expandtabs(4))
    shown_line = before + printable(line[start:stop].expandtabs(4)) + after
    width = len(printable(line[col:end].expandtabs(4)))
    caret = " " * len(prefix) + "^" * max(1, min(width, MAX_CARET))
    return [gutter + shown_line, " " * (len(gutter) - 2) + "| " + caret]


def _finding_dict(f: Diagnostic) -> dict[str, Any]:
    return {
        "path": f.loc.path,
        "line": f.loc.line,
        "column": f.loc.col,
        "end_line": f.loc.end_line,
        "end_column": f.loc.end_col,
        "code": f.code,
        "severity": str(f.severity),
        "message": f.message,
    }


def format_json(findings: list[Diagnostic], documents: int) -> str:
    """``{"version": 1, "summary": {...}, "diagnostics": [...]}``; keys documented in docs/commands/check.md."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    payload = {
        "version": 1,
        "tool": {"name": "argmap", "version": __version__},
        "summary": {"documents": documents, "errors": errors, "warnings": len(findings) - errors},
        "diagnostics": [_finding_dict(f) for f in findings],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _artifact_uri(path: str) -> str:
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


def format_sarif(findings: list[Diagnostic]) -> str:
    """A SARIF 2.1.0 log with one run; every code ``argmap check`` can report is a rule, every finding a result."""
    rule_ids = sorted(RULE_NAMES)
    index = {code: i for i, code in enumerate(rule_ids)}
    rules = [
        {
            "id": code,
            "name": RULE_NAMES[code],
            "shortDescription": {"text": CODES[code].summary},
            "defaultConfiguration": {"level": _level(CODES[code].severity)},
            "helpUri": CODES_URL,
        }
        for code in rule_ids
    ]
    results = []
    for f in findings:
        region: dict[str, int] = {"startLine": f.loc.line, "startColumn": f.loc.col}
        if f.loc.end_line is not None and f.loc.end_col is not None:
            region["endLine"] = f.loc.end_line
            region["endColumn"] = f.loc.end_col
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _level(f.severity),
            "message": {"text": f.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": _artifact_uri(f.loc.path)}, "region": region}}
            ],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "argmap",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: list[Diagnostic], documents: int, line_source: LineSource | None = None) -> str:
    """GitHub workflow commands (one annotation per finding), then the full text report.

    GitHub shows only the first ten error annotations of a step, so the text
    report follows for the rest. The text report quotes the corpus (file names,
    source lines), and the runner would obey a line of it that starts with
    ``::`` (``::stop-commands::``, ``::add-mask::``): it is printed between
    ``::stop-commands::TOKEN`` and ``::TOKEN::``, GitHub's own way to print
    untrusted text. The token is a hash of that text, so the output stays
    deterministic and the text cannot contain it.
    """
    import hashlib

    lines = []
    for f in findings:
        props = [f"file={_escape_property(printable(f.loc.path))}", f"line={f.loc.line}", f"col={f.loc.col}"]
        if f.loc.end_line is not None and f.loc.end_col is not None:
            props += [f"endLine={f.loc.end_line}", f"endColumn={f.loc.end_col}"]
        props.append(f"title={_escape_property(f'{f.code} {f.severity}')}")
        lines.append(f"::{_level(f.severity)} {','.join(props)}::{_escape_data(printable_keep_newlines(f.message))}")
    text = format_text(findings, documents, line_source)
    if not findings:
        return text
    token = "argmap-" + hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest()[:32]
    lines += [f"::stop-commands::{token}", text.rstrip("\n"), f"::{token}::"]
    return "\n".join(lines) + "\n"


def printable_keep_newlines(text: str) -> str:
    return "\n".join(printable(part) for part in text.split("\n"))
