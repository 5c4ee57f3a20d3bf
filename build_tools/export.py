"""A complete tree any MkDocs-compatible engine can build, without the sjelden plugin.

`export_tree(site, settings, today, target)` writes `target/docs/` (the hand-written pages, the theme
overrides, and every generated page and static file: search index, calendars, open data) and
`target/mkdocs.yml` (the project's configuration with `docs_dir: docs` and without the sjelden
plugin, whose work is done). `properdocs build -f target/mkdocs.yml` or `zensical build -f
target/mkdocs.yml` then builds the site; docs/developers/engines.md says what differs.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import yaml

from build_tools.core.errors import ContentError, Problem
from build_tools.core.settings import CONFIG_FILE, ConfigFile, Settings, read_config
from build_tools.core.state import BuildState
from build_tools.derived.home import EXAMPLES_FLAG, shows_examples
from build_tools.kinds.site import Site
from build_tools.pipeline import render_site, write_pages

EXPORT_DOCS = "docs"


def _hand_written(settings: Settings) -> dict[str, bytes]:
    docs = settings.root / settings.docs_dir
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def exported_config(settings: Settings, examples: bool = False, file: ConfigFile | None = None) -> bytes:
    """mkdocs.yml for the exported tree: the same site, built from `docs/` by any engine. `examples`:
    the site-wide example notice is on (`extra.sjelden_eksempler`, which the plugin sets otherwise).
    `file`: mkdocs.yml as this run read it already (read here when not given)."""
    file = file or read_config(settings.root / CONFIG_FILE)
    if file.tagged:
        raise ContentError([Problem(CONFIG_FILE, None, None, "kan ikke eksporteres: filen må være ren YAML (uten !-merkelapper)")])
    config = copy.deepcopy(file.data)
    config["docs_dir"] = EXPORT_DOCS
    config["site_dir"] = "site"
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        custom = Path(theme["custom_dir"])
        docs = Path(settings.docs_dir)
        theme["custom_dir"] = (Path(EXPORT_DOCS) / custom.relative_to(docs)).as_posix() if custom.is_relative_to(docs) else custom.as_posix()
    plugins = config.get("plugins") or []
    if isinstance(plugins, list):
        config["plugins"] = [p for p in plugins if p != "sjelden" and not (isinstance(p, dict) and "sjelden" in p)]
    elif isinstance(plugins, dict):
        config["plugins"] = {k: v for k, v in plugins.items() if k != "sjelden"}
    if examples:
        extra = config.get("extra")
        config["extra"] = {**(extra if isinstance(extra, dict) else {}), EXAMPLES_FLAG: True}
    header = "# Exported by `sjelden build-pages`: every page is already generated, so no sjelden plugin.\n"
    return (header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)).encode("utf-8")


def export_tree(site: Site, settings: Settings, today: date, target: Path, file: ConfigFile, state: BuildState | None = None) -> tuple[int, list[str], list[str]]:
    """Write the tree; returns (number of files under docs/, written, removed)."""
    generated = render_site(site, settings, today, state=state)
    hand_written = _hand_written(settings)
    clash = sorted(set(generated) & set(hand_written))
    if clash:
        raise ContentError([Problem(f"{settings.docs_dir}/{rel}", None, None, "har samme adresse som en generert side; gi filen et annet navn") for rel in clash])
    files = hand_written | generated
    written, removed = write_pages(files, target / EXPORT_DOCS, state)
    config = target / CONFIG_FILE
    data = exported_config(settings, shows_examples(site, settings), file)
    if not config.is_file() or config.read_bytes() != data:
        config.write_bytes(data)
    return len(files), written, removed
