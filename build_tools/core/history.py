"""A page's change history, read from git when the content lives in a git work tree.

Takes a content file and the project root, returns its commits (date, subject, short hash), newest
first, following renames. Builds without git, outside a work tree, or with git failing or hanging
still work: the history is then simply empty. `History` is lazy, so `sjelden check` never runs git;
only pages that show the history ask for it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

GIT_TIMEOUT = 10  # seconds per call; a hung git must not hang the build
MAX_CHANGES = 20  # the page lists the latest changes; git has the rest
_SEP = "\x1f"


@dataclass(frozen=True, slots=True)
class Change:
    when: date  # the committer date: when the change reached the repository
    subject: str
    commit: str  # abbreviated hash, for finding the change in git

    @property
    def short(self) -> str:
        return self.commit[:7]


def _git_env() -> dict[str, str]:
    # Deterministic output whatever the user's configuration: no pager, colours, prompts or locale.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GIT_CONFIG_NOSYSTEM="1")
    return env


def _run(args: list[str], cwd: Path) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = subprocess.run(
            [git, "-c", "color.ui=false", "-c", "log.showSignature=false", "-c", "core.quotepath=off", *args],
            cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=GIT_TIMEOUT, env=_git_env(),
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


@functools.lru_cache(maxsize=16)
def _work_tree(root: str) -> str | None:
    """The top of the git work tree `root` is in, or None."""
    out = _run(["rev-parse", "--show-toplevel"], Path(root))
    return out.strip() if out and out.strip() else None


_HISTORY_MEMO: dict[tuple[str, int, tuple[int | None, ...]], list[Change]] = {}


def _git_state(top: str) -> tuple[int | None, ...] | None:
    """When the repository last changed (index, HEAD, its log): a commit or checkout moves one of them."""
    git = Path(top) / ".git"
    if not git.is_dir():
        return None  # a linked work tree: not worth following, ask git every time
    stamps: list[int | None] = []
    for name in ("index", "HEAD", "logs/HEAD", "packed-refs"):
        try:
            stamps.append((git / name).stat().st_mtime_ns)
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def page_history(path: Path, root: Path, limit: int = MAX_CHANGES) -> list[Change]:
    """The commits that changed `path` (following renames), newest first; [] without git history.
    Under `mkdocs serve`, asked again only when the repository has changed since."""
    top = _work_tree(str(root.resolve()))
    if top is None:
        return []
    state = _git_state(top)
    key = (str(path.resolve()), limit, state) if state is not None else None
    if key is not None and key in _HISTORY_MEMO:
        return list(_HISTORY_MEMO[key])
    changes = _page_history(path, top, limit)
    if key is not None:
        _HISTORY_MEMO[key] = changes
    return list(changes)


def _page_history(path: Path, top: str, limit: int) -> list[Change]:
    try:
        rel = path.resolve().relative_to(Path(top).resolve()).as_posix()
    except (OSError, ValueError):
        return []
    out = _run(["log", "--follow", f"-n{limit}", f"--format=%H{_SEP}%cs{_SEP}%s", "--", rel], Path(top))
    if not out:
        return []
    changes = []
    for line in out.splitlines():
        parts = line.split(_SEP)
        if len(parts) != 3:
            continue
        commit, when, subject = parts
        try:
            changes.append(Change(date.fromisoformat(when), subject.strip(), commit))
        except ValueError:
            continue
    return changes


class History:
    """The change history of one file, read from git the first time it is asked for."""

    def __init__(self, path: Path, root: Path):
        self.path, self.root = path, root
        self._changes: list[Change] | None = None

    @property
    def changes(self) -> list[Change]:
        if self._changes is None:
            self._changes = page_history(self.path, self.root)
        return self._changes

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)
