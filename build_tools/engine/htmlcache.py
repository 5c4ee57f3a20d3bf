"""Cache of built HTML pages across `mkdocs build` runs, keyed by content and code.

A generated page's HTML depends only on its Markdown source and on things every page shares: the
MkDocs configuration, the hand-written docs and theme overrides (navigation, templates, styles),
this package's code, the engine that runs (MkDocs or ProperDocs, and its version) and the versions of
Material and Markdown. The key of a cached page
hashes all of them, so a stale cache can never produce a wrong site: change any input and the key
changes. Entries written during a build become visible only when that build succeeds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib import metadata
from pathlib import Path

_PACKAGES = ("mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pyyaml")
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # build_tools: templates and code of every stage


def _hash_tree(h: hashlib._Hash, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (suffixes is None or path.suffix in suffixes):
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())


def running_engine() -> str:
    """The engine this process runs: ProperDocs makes `mkdocs` an alias of itself, so the module's own
    name tells, not which distributions happen to be installed."""
    import mkdocs

    name = mkdocs.__name__
    try:
        return f"{name}={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}=-"


def shared_key(config_file: Path, docs_dir: Path, engine: str, extra: str = "") -> str:
    """Fingerprint of everything a generated page's HTML depends on besides its own source;
    `extra`: what the plugin decides for every page (the site-wide example notice)."""
    h = hashlib.sha256(b"htmlcache-2")
    h.update(engine.encode())
    h.update(b"\0" + extra.encode())
    h.update(config_file.read_bytes())
    _hash_tree(h, docs_dir)
    _hash_tree(h, PACKAGE_DIR)
    for name in _PACKAGES:
        try:
            h.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-".encode())
    return h.hexdigest()


class HtmlCache:
    def __init__(self, folder: Path, shared: str):
        self.folder = folder
        self.staging = folder.with_name(folder.name + ".new")
        self.shared = shared
        self.used: set[str] = set()
        shutil.rmtree(self.staging, ignore_errors=True)

    def key(self, src_uri: str, source: bytes) -> str:
        h = hashlib.sha256(self.shared.encode())
        h.update(src_uri.encode() + b"\0" + source)
        return h.hexdigest()[:40]

    def get(self, key: str) -> str | None:
        path = self.folder / f"{key}.html"
        try:
            html = path.read_text(encoding="utf-8")
        except OSError:
            return None
        self.used.add(key)
        return html

    def put(self, key: str, html: str) -> None:
        self.staging.mkdir(parents=True, exist_ok=True)
        (self.staging / f"{key}.html").write_text(html, encoding="utf-8")
        self.used.add(key)

    def commit(self) -> None:
        """After a successful build: keep what this build used or made, drop the rest."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.staging.is_dir():
            for path in self.staging.iterdir():
                os.replace(path, self.folder / path.name)
            self.staging.rmdir()
        for path in self.folder.iterdir():
            if path.suffix == ".html" and path.stem not in self.used:
                path.unlink()

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
