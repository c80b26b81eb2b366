"""Child processes that a test stops with Ctrl-C (SIGINT)."""

from __future__ import annotations

import signal


def interruptible() -> None:
    """``preexec_fn`` for such a child: SIGINT at its default, so that Python turns it into KeyboardInterrupt.

    A shell without job control starts background commands with SIGINT ignored
    (POSIX), and a child inherits that: a suite run in the background would
    otherwise send Ctrl-C to processes that never see it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
