"""The MkDocs plugin: runs the pipeline and hands its pages to MkDocs.

Hooks only delegate: `on_config` loads and validates everything (a content problem stops the
build before anything is written), `on_files` renders the pages into the build cache and
registers them as files backed by disk, so `mkdocs serve --dirty` rebuilds only what changed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from build_tools.config import SjeldenConfig
from build_tools.errors import ContentError
from build_tools.join import Site
from build_tools.pipeline import Settings, load_site, write_pages
from build_tools.render import jsonld_script, render_site
from build_tools.clock import today
from build_tools.output import AtomicOutput

log = logging.getLogger("mkdocs.plugins.sjelden")


class SjeldenPlugin(BasePlugin[SjeldenConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.settings: Settings | None = None
        self.command = ""
        self.dirty = False
        self.output: AtomicOutput | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "build" and not self.dirty and self.output is None:
            # A failed build must leave the previous site exactly as it was: build beside it, swap at the end.
            self.output = AtomicOutput(Path(config.site_dir))
            config.site_dir = str(self.output.staging)
        root = Path(config.config_file_path).resolve().parent
        self.settings = Settings(
            root=root,
            content_dir=self.config.content_dir,
            data_dir=self.config.data_dir,
            cache_dir=self.config.cache_dir,
            example_notice=self.config.example_notice,
            orpha_pages=self.config.orpha_pages,
            orpha_fraction=self.config.orpha_fraction,
        )
        try:
            self.site = load_site(self.settings)
        except ContentError as exc:
            for problem in exc.problems:
                log.error(str(problem))
            raise Abort(f"Fant {len(exc.problems)} feil i innholdet; ingenting er skrevet. Rett feilene over og bygg på nytt.") from None
        # Live preview: a change to content or data rebuilds.
        for folder in (self.settings.content_dir, self.settings.data_dir):
            path = str(root / folder)
            if path not in config.watch:
                config.watch.append(path)
        config.extra["orphanet"] = {"release": self.site.orpha.release, "date": self.site.orpha.release_date}
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.settings is not None
        pages = render_site(self.site, self.settings, today())
        target = self.settings.pages_dir
        written, removed = write_pages(pages, target)
        log.info(f"sjelden: {len(pages)} sider ({written} endret, {removed} fjernet)")
        for rel in pages:
            files.append(File.generated(config, rel, abs_src_path=str(target / rel), inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_build_error(self, *, error: Exception) -> None:
        if self.output is not None:
            self.output.discard()

    def on_shutdown(self) -> None:
        if self.output is not None:
            self.output.commit()
            self.output = None

    def on_env(self, env, config, files):  # type: ignore[no-untyped-def]
        env.filters["jsonld_script"] = jsonld_script
        return env
