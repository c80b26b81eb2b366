"""Locations and diagnostics are values with a total order: sorting findings never raises."""

from __future__ import annotations

import itertools

from argmap.errors import Diagnostic, Location, Severity


def test_a_location_without_an_end_sorts_before_one_with_an_end():
    short = Location("a.md", 3, 5)
    spanned = Location("a.md", 3, 5, 3, 9)
    assert sorted([spanned, short]) == [short, spanned]
    assert short < spanned
    assert spanned > short
    assert short <= short
    assert not spanned <= short


def test_findings_at_one_place_sort_whatever_their_ends():
    ends = [(None, None), (3, None), (None, 7), (3, 7), (4, 1)]
    locations = [Location("a.md", 3, 5, end_line, end_col) for end_line, end_col in ends]
    findings = [Diagnostic(loc, "AM118", "m", Severity.ERROR) for loc in locations]
    for order in itertools.permutations(findings):
        assert sorted(set(order)) == sorted(set(findings))
    keys = [f.loc.sort_key() for f in sorted(findings)]
    assert keys == sorted(keys)


def test_order_agrees_with_equality():
    a = Location("a.md", 1, 1, None, None)
    b = Location("a.md", 1, 1, 1, 1)
    assert a != b
    assert (a < b) != (b < a)
    assert not a < Location("a.md", 1, 1)
