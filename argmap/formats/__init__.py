"""Interchange formats, one module each.

The package itself holds only :class:`ImportFormat`, which the command line needs
to offer ``--format`` choices: importing it costs no format module.
"""

from enum import StrEnum


class ImportFormat(StrEnum):
    """The formats ``argmap import`` reads."""

    AIF = "aif"
    BRAT = "brat"
    ARGDOWN = "argdown"
    SADFACE = "sadface"
    KIALO = "kialo"
    MICROTEXTS = "microtexts"
