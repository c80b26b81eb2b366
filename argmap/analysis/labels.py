"""The labels of an argument, apart from the semantics that compute them.

A module of its own, with nothing heavy to import: every command's start-up
imports the terminal's presentation of labels (:mod:`argmap.cli.present`),
while :mod:`argmap.analysis.abstract` (its dataclasses cost milliseconds to
define) is imported only by the commands that evaluate.
"""

from __future__ import annotations

from enum import StrEnum

#: Default bound of :func:`argmap.analysis.abstract.extensions` on the number of extensions.
MAX_EXTENSIONS = 1000


class Label(StrEnum):
    """The status of an argument under a semantics."""

    IN = "in"
    OUT = "out"
    UNDEC = "undecided"

    @property
    def mark(self) -> str:
        """The label as short text that reads without colour: ``IN \u2713``, ``OUT \u2717`` or ``UNDEC ?``."""
        return _MARKS[self]


_MARKS = {Label.IN: "IN \u2713", Label.OUT: "OUT \u2717", Label.UNDEC: "UNDEC ?"}
