"""Build state: what one build hands to the next in a long-running process (`mkdocs serve`).

Whoever runs builds owns it: the engine adapter keeps one `BuildState` for as long as MkDocs keeps
the plugin, the `sjelden` command makes one per run, and both pass it down the pipeline. Nothing
else in build_tools keeps anything between builds (tests/test_architecture.py fails on
module-level mutable state), so a build is a function of its inputs and this object.

What a page depends on is declared, not keyed by hand: a kind names the inputs its pages read
(`Inputs`), the pipeline gives each input a digest (the content of a kind's source files, the
Orphanet release's key, the settings), and a page is rendered again as soon as any of them changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import jinja2

from build_tools.core.pages import make_env

T = TypeVar("T")


class PageMemo:
    """Rendered pages of one kind, valid while the inputs every page of the kind reads (`shared`)
    are unchanged; each page also keeps what it alone depends on (`own`)."""

    def __init__(self) -> None:
        self.shared: Hashable = None
        self.pages: dict[Hashable, tuple[Hashable, bytes]] = {}

    def renew(self, shared: Hashable) -> None:
        if shared != self.shared:
            self.pages.clear()
            self.shared = shared

    def page(self, page_id: Hashable, own: Hashable, render: Callable[[], str]) -> bytes:
        kept = self.pages.get(page_id)
        if kept is None or kept[0] != own:
            kept = self.pages[page_id] = (own, render().encode("utf-8"))
        return kept[1]


class _Bound:
    def __init__(self, template: jinja2.Template, context: Mapping[str, object]):
        self.template, self.context = template, context

    def render(self, **values: object) -> str:
        return self.template.render({**self.context, **values})


class Templates:
    """The shared template environment with the values every page of one kind sees (its site, its
    helpers, today): `get_template(name).render(...)` as with Jinja, without changing the environment."""

    def __init__(self, env: jinja2.Environment, context: Mapping[str, object]):
        self.env, self.context = env, context

    def get_template(self, name: str) -> _Bound:
        return _Bound(self.env.get_template(name), self.context)

    def render(self, name: str, /, **values: object) -> str:
        return self.get_template(name).render(**values)

    def from_string(self, source: str) -> _Bound:
        """A template given as text (tests, one-off fragments), with the same values."""
        return _Bound(self.env.from_string(source), self.context)


class BuildState:
    """Caches that outlive one build: parsed Orphanet data, derived tables, rendered pages, the
    template environment and what was last written where. Every entry is keyed by what it was made
    from, so a stale entry is never used; a fresh `BuildState` only makes the first build slower."""

    def __init__(self) -> None:
        self._slots: dict[str, tuple[Hashable, object]] = {}
        self._pages: dict[str, PageMemo] = {}
        self._env: jinja2.Environment | None = None
        self.written: dict[Path, dict[str, bytes]] = {}  # folder → what this process last wrote there

    def keep(self, slot: str, key: Hashable, make: Callable[[], T]) -> T:
        """The value of `slot` for `key`: made by `make` when the key differs from last time (one
        value per slot, so a long-running process holds one release, not every release it saw)."""
        kept = self._slots.get(slot)
        if kept is not None and kept[0] == key:
            return kept[1]  # type: ignore[return-value]
        value = make()
        self._slots[slot] = (key, value)
        return value

    def pages(self, kind: str, shared: Hashable) -> PageMemo:
        """The rendered pages of `kind`, emptied when what they all read (`shared`) changed."""
        memo = self._pages.setdefault(kind, PageMemo())
        memo.renew(shared)
        return memo

    @property
    def env(self) -> jinja2.Environment:
        """The template environment: templates compile once per state, not once per build. Nothing
        that differs between sites or builds goes into it; that is passed to `render`."""
        if self._env is None:
            self._env = make_env()
        return self._env

    def templates(self, **context: object) -> Templates:
        """The templates, rendered with `context` (what one kind's pages share) besides their own values."""
        return Templates(self.env, context)


def digest_files(paths: Iterable[Path], root: Path) -> str:
    """A digest of the content of the files (folders: every file below them) and their names."""
    h = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                data = file.read_bytes()
            except OSError:
                continue
            h.update(file.relative_to(root).as_posix().encode() if file.is_relative_to(root) else file.as_posix().encode())
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
    return h.hexdigest()[:24]
