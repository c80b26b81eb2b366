"""Every finding code argmap reports, with its default severity and a one-line summary.

Codes are stable: a code is never reused for another meaning. Families:
``AM1xx`` syntax, ``AM2xx`` references and citations, ``AM3xx`` structure,
``AM4xx`` external links (``argmap check --online``), ``AM5xx`` problems in
files given to ``argmap import``.
The table of docs/codes.md is checked against this one by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.errors import Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    summary: str


_E = Severity.ERROR
_W = Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        Code("AM100", _E, "file cannot be read or is not UTF-8"),
        Code("AM101", _E, "front matter is not valid YAML"),
        Code("AM102", _E, "front matter missing, or a required field missing"),
        Code("AM103", _E, "front-matter field has a wrong type or value"),
        Code("AM104", _E, "front matter is not closed by a '---' line"),
        Code("AM110", _E, "malformed attribute block"),
        Code("AM111", _E, "unknown kind (class) on a span"),
        Code("AM112", _E, "span has no kind"),
        Code("AM113", _E, "span has no id"),
        Code("AM114", _E, "invalid id"),
        Code("AM115", _E, "attribute given twice (two ids, two kinds, a repeated key)"),
        Code("AM116", _E, "relation not allowed for the span's kind"),
        Code("AM118", _E, "misused reference span"),
        Code("AM119", _E, "attribute block not attached to a span"),
        Code("AM120", _W, "unknown attribute"),
        Code("AM121", _E, "span has no text"),
        Code("AM122", _W, "code fence or HTML comment never closed, with annotations after it (read as code)"),
        Code("AM123", _W, "Pandoc reads a span otherwise (math, raw TeX or HTML, a footnote, brackets in a link)"),
        Code("AM130", _E, "with= on a block that declares no supports="),
        Code("AM131", _E, "malformed relation name in undercuts= (not 'source>target')"),
        Code("AM132", _E, "misspelt relation attribute (support=, attack=, refs=): its relations would be lost"),
        Code("AM201", _E, "relation to a span that does not exist"),
        Code("AM202", _E, "relation to a document that does not exist"),
        Code("AM203", _E, "duplicate id in a document"),
        Code("AM204", _E, "duplicate document id in the corpus"),
        Code("AM205", _E, "citation URL is not a well-formed http(s) URL"),
        Code("AM206", _E, "annotated text no longer matches its source"),
        Code("AM207", _E, "source file named in front matter cannot be read (or is not a relative path to a file)"),
        Code("AM208", _E, "malformed relation target"),
        Code("AM210", _E, "undercuts= names a relation that is not declared"),
        Code("AM211", _E, "outweighs= between spans that do not conflict (neither attacks the other)"),
        Code("AM212", _E, "with= names a span that cannot support (a rebuttal)"),
        Code("AM213", _E, "preferences both ways between two spans"),
        Code("AM214", _E, "undercuts= names an ambiguous relation (the source both supports and attacks the target)"),
        Code("AM301", _W, "premise supports nothing"),
        Code("AM302", _W, "rebuttal attacks nothing"),
        Code("AM303", _W, "relation to itself"),
        Code("AM304", _W, "cycle of supports (circular reasoning)"),
        Code("AM305", _W, "claim that nothing relates to"),
        Code("AM306", _W, "relation declared more than once"),
        Code("AM307", _W, "span both supports and attacks the same target"),
        Code("AM310", _W, "undercut on the wrong side (a premise undercuts a support, a rebuttal an attack)"),
        Code("AM311", _W, "linked group of one premise (with= names only the span itself)"),
        Code("AM312", _W, "span both qualifies and attacks the same claim"),
        Code("AM401", _E, "dead link: 404, 410, host name not found, bad TLS certificate (--online)"),
        Code("AM402", _W, "link failed, perhaps only for now: timeout, 5xx, 429 after retries (--online)"),
        Code("AM403", _W, "link permanently redirected: cite the new address (--online)"),
        Code("AM404", _E, "link redirects to a scheme other than http(s); not requested (--online)"),
        Code("AM405", _W, "link to a loopback or private address, excluded by configuration (--online)"),
        Code("AM406", _E, "link host is a shortened or numeric IPv4 address (127.1); never requested (--online)"),
        # argmap import (argmap/formats/): problems in the file being imported
        Code("AM501", _E, "the input cannot be used at all (not JSON, wrong shape, missing text file)"),
        Code("AM502", _E, "malformed line or record, skipped"),
        Code("AM503", _E, "unknown type, role or value, skipped"),
        Code("AM504", _E, "reference to an id that does not exist (dangling), skipped"),
        Code("AM505", _E, "id used twice; the later record is skipped"),
        Code("AM506", _E, "span out of range, empty or discontinuous, skipped"),
        Code("AM507", _E, "spans overlap without nesting; the later one is skipped"),
        Code("AM508", _W, "the annotation's quoted text differs from the text at its offsets"),
        Code("AM509", _W, "construct argmap does not model, not carried"),
        Code("AM510", _W, "carried in a changed form"),
        Code("AM511", _W, "span cannot be marked where it is (code, comment, escape), skipped"),
        Code("AM512", _E, "a required front-matter field is in neither the input nor the options; nothing is written"),
        Code("AM513", _W, "the same relation given again (by another scheme node), counted once"),
    )
}


def severity_of(code: str) -> Severity:
    """The default severity of ``code``."""
    return CODES[code].severity
