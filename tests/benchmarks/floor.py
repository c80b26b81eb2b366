"""The regular-expression floor: read every document and scan every span and its attributes, in one process.

Run:  python tests/benchmarks/floor.py CORPUS_DIR

What no reader of argmap's annotations can do without: read the bytes, find
each ``[words]{...}`` and each ``#id``, ``.class`` and ``key="value"`` in it. It
builds nothing and checks nothing, so it is a floor, not a parser: the
benchmark suite compares ``argmap check`` with this process's CPU time.
Prints the spans and attributes found and the seconds of CPU the scan took.
"""

from __future__ import annotations

import os
import re
import sys
import time

SPAN = re.compile(r"\[([^\[\]]*)\]\{([^{}]*)\}")
ATTRIBUTE = re.compile(r"""([#.])([^\s"'={}]+)|([^\s"'={}]+)=(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))""")


def scan(folder: str) -> tuple[int, int]:
    """Spans and attributes in every ``*.md`` file under ``folder``."""
    spans = attributes = 0
    for path, _, names in os.walk(folder):
        for name in sorted(names):
            if not name.endswith(".md"):
                continue
            with open(os.path.join(path, name), encoding="utf-8") as handle:
                text = handle.read()
            for match in SPAN.finditer(text):
                spans += 1
                for _ in ATTRIBUTE.finditer(match.group(2)):
                    attributes += 1
    return spans, attributes


def main() -> None:
    start = time.process_time()
    spans, attributes = scan(sys.argv[1])
    print(f"{spans} spans, {attributes} attributes, {time.process_time() - start:.3f} s CPU")


if __name__ == "__main__":
    main()
