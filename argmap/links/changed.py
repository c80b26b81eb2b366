"""``--changed-since REV``: the files a branch changed, from git.

The files are those that differ between the merge base of ``REV`` and ``HEAD``
and the working tree, plus untracked files that are not ignored. Against the
merge base, a pull request's check sees its own changes only, not what landed
on the main branch since it branched off.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from argmap.errors import ArgmapError, UsageError

#: The option these errors are about (:attr:`argmap.errors.ArgmapError.options`).
_OPTION = ("changed_since",)


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=60,
            check=False,
        )
    except FileNotFoundError:
        raise ArgmapError("comparing with a revision needs git, and git is not on PATH", options=_OPTION) from None
    except subprocess.TimeoutExpired:
        raise ArgmapError(f"git {' '.join(args)} took more than 60 s") from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()
        raise _GitFailed(detail[-1] if detail else f"git exited with status {result.returncode}")
    return result.stdout


class _GitFailed(Exception):
    pass


def changed_files(rev: str, cwd: Path) -> set[Path]:
    """Absolute, resolved paths of the files changed since ``rev`` in the repository at ``cwd``.

    Deleted files are left out. Raises :class:`~argmap.errors.UsageError` for a
    revision git does not know (in a shallow CI clone, fetch the base branch:
    ``fetch-depth: 0``), :class:`~argmap.errors.ArgmapError` outside a repository.
    """
    if not rev or rev.startswith("-"):
        raise UsageError(f"{rev!r} is not a git revision", options=_OPTION)
    if not cwd.is_dir():
        cwd = cwd.parent
    try:
        root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except _GitFailed as exc:
        raise ArgmapError(f"comparing with a revision needs a git repository: {exc}", options=_OPTION) from None
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    except _GitFailed:
        raise UsageError(
            f"unknown git revision {rev!r} (in a shallow clone, fetch it first, "
            "e.g. actions/checkout with fetch-depth: 0)",
            options=_OPTION,
        ) from None
    try:
        base = _git(["merge-base", rev, "HEAD"], cwd).strip() or rev
    except _GitFailed:
        base = rev  # unrelated histories, or no HEAD yet: compare with the revision itself
    try:
        diff = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", base, "--"], cwd)
        untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], root)
    except _GitFailed as exc:
        raise ArgmapError(f"git failed: {exc}", options=_OPTION) from None
    names = [name for name in (diff + untracked).split("\0") if name]
    return {(root / name).resolve() for name in names}
