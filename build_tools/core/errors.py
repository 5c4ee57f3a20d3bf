"""Problems found in content and data, and the exception that carries them.

Library code collects `Problem`s and raises `ContentError` once with all of them; only the CLI
and the MkDocs plugin format them (`path:line: field: message`) and decide how to exit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong in one file, worded for the editor who has to fix it (in bokmål)."""

    path: str  # relative to the project root where possible, with forward slashes
    line: int | None
    field: str | None
    message: str
    severity: str = "error"  # "error" fails the build; "warning" is only reported

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if not self.field else f"{self.field}: {self.message}"
        return f"{where}: {what}"


class ContentError(Exception):
    """Raised once, with every problem found, when content or data cannot be built."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line or 0, problem.field or "", problem.message)


def display_path(path: Path | str, root: Path | None = None) -> str:
    """A path as the editor knows it: relative to the project root, forward slashes."""
    p = Path(path)
    if root is not None:
        for candidate, base in ((p, root), (p.resolve(), root.resolve())):
            with contextlib.suppress(ValueError):
                return candidate.relative_to(base).as_posix()
    return p.as_posix()


def summary(problems: Iterable[Problem]) -> str:
    """The closing line of a check: «2 feil, 1 advarsel.» («feil» is the same in singular and plural)."""
    found = list(problems)
    errors = sum(p.severity == "error" for p in found)
    warnings = len(found) - errors
    return f"{errors} feil, {warnings} {'advarsel' if warnings == 1 else 'advarsler'}."
