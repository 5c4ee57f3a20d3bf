"""The MkDocs plugin: runs the pipeline and hands its pages to MkDocs.

Hooks only delegate: `on_config` loads and validates everything (a content problem stops the
build before anything is written), `on_files` renders the pages into the build cache and
registers them as files backed by disk, so `mkdocs serve --dirty` rebuilds only what changed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from build_tools.core.clock import decide_today
from build_tools.core.errors import ContentError
from build_tools.core.settings import Settings, settings_from_options
from build_tools.core.state import BuildState
from build_tools.derived.home import EXAMPLES_FLAG, shows_examples
from build_tools.derived.search.index import DATA_DIR, WORKER_PATH
from build_tools.engine import fragments
from build_tools.engine.config import SjeldenConfig
from build_tools.engine.htmlcache import HtmlCache, running_engine, shared_key
from build_tools.engine.output import AtomicOutput
from build_tools.engine.parallel import Converted, Converter
from build_tools.kinds import routes
from build_tools.kinds.registry import kinds_for, watched
from build_tools.kinds.site import Site
from build_tools.pipeline import load_site, render_site, search_files, write_pages

if TYPE_CHECKING:
    from build_tools.engine.preview import Preview

log = logging.getLogger("mkdocs.plugins.sjelden")
PARALLEL_SHARE = 0.6  # of the uncached bulk pages (one per ORPHA code), converted by the worker process
SEARCH_PREFIX = WORKER_PATH.rsplit("/", 1)[0] + "/"  # the worker and DATA_DIR live under it
assert DATA_DIR.startswith(SEARCH_PREFIX)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class SjeldenPlugin(BasePlugin[SjeldenConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.settings: Settings | None = None
        self.command = ""
        self.dirty = False
        self.output: AtomicOutput | None = None
        self.html_cache: HtmlCache | None = None
        self.sources: dict[str, bytes] = {}
        self.cache_keys: dict[str, tuple[str, bool]] = {}  # src_uri → (key, hit)
        self.previewed = False  # `serve --dirty` has built the whole site once
        self.search_cache: dict[str, bytes] = {}
        self.search_pending = False
        self.converter: Converter | None = None
        self.converted: dict[str, Converted] = {}
        self.preview: Preview | None = None  # set by `sjelden preview` (engine/preview.py): it chooses the pages
        # What one build leaves for the next while MkDocs keeps this plugin (`mkdocs serve`): the
        # parsed Orphanet data, rendered bulk pages, compiled templates, what was written where.
        self.state = BuildState()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.command == "build" and not self.dirty and self.output is None:
            # A failed build must leave the previous site exactly as it was: build beside it, swap at the end.
            self.output = AtomicOutput(Path(config.site_dir))
            config.site_dir = str(self.output.staging)
        root = Path(config.config_file_path).resolve().parent
        self.today = decide_today()  # the one place a build reads the clock
        warnings: list = []
        try:
            # MkDocs has read mkdocs.yml: exclude_docs is its gitignore spec, each pattern as written.
            spec = config.exclude_docs
            exclude = "\n".join(str(p.pattern) for p in spec.patterns) if spec is not None else ""
            self.settings = settings_from_options(root, dict(self.config), config.docs_dir, config.edit_uri, exclude)
            self.site = load_site(self.settings, self.today, warnings, self.state)
        except ContentError as exc:
            if self.preview is not None:  # reported by the `sjelden` command, exactly as `sjelden check` does
                raise
            errors = [p for p in exc.problems if p.severity == "error"]
            for problem in errors:
                log.error(str(problem))
            raise Abort(f"Fant {len(errors)} feil i innholdet; ingenting er skrevet. Rett feilene over og bygg på nytt.") from None
        # The site-wide example notice: a template override reads it, on every page type.
        config.extra[EXAMPLES_FLAG] = shows_examples(self.site, self.settings)
        for problem in warnings:  # reminders (such as review dates passed) never fail a build
            log.info(f"sjelden: {problem}")
        # Live preview: a change to content or data rebuilds.
        for folder in watched(self.settings, kinds_for(self.settings)):
            if str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.settings is not None
        # Live preview after the first build: hand MkDocs only the pages that changed (the others
        # are already in the preview's site folder), and build the search index after the pages.
        incremental = self.command == "serve" and self.dirty and self.previewed
        target = self.settings.pages_dir
        if self.preview is not None:
            hand_written = {f.src_uri for f in files.documentation_pages()}  # without what exclude_docs leaves out
            pages, target = self.preview.render(self.site, self.settings, self.today, hand_written, self.state)
        else:
            pages = render_site(self.site, self.settings, self.today, search=not incremental, state=self.state)
        if incremental:
            pages |= self.search_cache  # the previous index stays until the new one is ready
        else:
            self.search_cache = {rel: data for rel, data in pages.items() if rel.startswith(SEARCH_PREFIX)}
        written, removed = write_pages(pages, target, self.state)
        log.info(f"sjelden: {len(pages)} sider ({len(written)} endret, {len(removed)} fjernet)")
        # Unchanged bulk pages are already in the preview; everything else (the menu's pages among
        # them) is registered as usual, and MkDocs' dirty build skips what did not change.
        changed = set(written)
        for rel in pages if not incremental else [r for r in pages if r in changed or not routes.bulk(r)]:
            files.append(File.generated(config, rel, abs_src_path=str(target / rel), inclusion=InclusionLevel.NOT_IN_NAV))
        self.search_pending = incremental
        # Full builds reuse unchanged pages' HTML; `serve --dirty` has its own reuse. A preview's pages
        # carry its notice (and relative links), so they neither use nor fill the published site's cache.
        if self.output is not None and self.preview is None:
            shared = shared_key(Path(config.config_file_path), Path(config.docs_dir), running_engine(), f"{EXAMPLES_FLAG}={config.extra.get(EXAMPLES_FLAG)}")
            self.html_cache = HtmlCache(self.settings.cache_path / "html", shared)
            self.sources = {rel: data for rel, data in pages.items() if rel.endswith(".md")}
            if self.settings.parallel:
                self._start_converter(config)
        return files

    def _start_converter(self, config: MkDocsConfig) -> None:
        """Send the last share of the generated bulk pages (`routes.bulk`) that are not cached to a second process."""
        assert self.html_cache is not None
        candidates = [
            rel for rel, source in self.sources.items()
            if routes.bulk(rel) and not (self.html_cache.folder / f"{self.html_cache.key(rel, source)}.html").is_file()
        ]
        if len(candidates) < 200:  # not worth a process
            return
        # MkDocs converts pages in order; the worker takes the tail while MkDocs does the head.
        share = candidates[int(len(candidates) * (1 - PARALLEL_SHARE)) :]
        items = [(rel, self.sources[rel].decode("utf-8")) for rel in share]
        self.converter = Converter(list(config.markdown_extensions), dict(config.mdx_configs or {}), items)

    def on_page_content(self, html: str, page, config, files):  # type: ignore[no-untyped-def]
        converted = self.converted.pop(page.file.src_uri, None)
        if converted is None:
            return html
        html, toc_tokens, anchors = converted
        page.toc = get_toc(toc_tokens)
        page.present_anchor_ids = anchors
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_converter()
        if self.command == "serve" and self.dirty:
            self.previewed = True
        if self.search_pending:
            self.search_pending = False
            site, settings, target, site_dir, state = self.site, self.settings, self.settings.pages_dir, Path(config.site_dir), self.state  # type: ignore[union-attr]

            previous = dict(self.search_cache)

            def update() -> None:
                fresh = search_files(site, settings, state)  # type: ignore[arg-type]
                for rel, data in fresh.items():
                    if previous.get(rel) != data:
                        for folder in (target, site_dir):
                            _write_atomic(folder / rel, data)

            # In a forked process, not a thread: the index takes a few seconds of CPU and would hold
            # the GIL against the next save's rebuild. The child has the joined site already.
            if "fork" in multiprocessing.get_all_start_methods():
                multiprocessing.get_context("fork").Process(target=update, name="sjelden-search", daemon=True).start()
            else:
                threading.Thread(target=update, name="sjelden-search", daemon=True).start()

    def _cached_page(self, page) -> bool:  # type: ignore[no-untyped-def]
        """Look the page up in the HTML cache; on a hit, render it with an empty template."""
        source = self.sources.get(page.file.src_uri)
        if self.html_cache is None or source is None:
            return False
        key = self.html_cache.key(page.file.src_uri, source)
        hit = (self.html_cache.folder / f"{key}.html").is_file()
        self.cache_keys[page.file.src_uri] = (key, hit)
        if hit:
            page.meta["template"] = "sjelden-cached.html"
        return hit

    def on_post_page(self, output: str, page, config):  # type: ignore[no-untyped-def]
        entry = self.cache_keys.get(page.file.src_uri)
        if entry is None or self.html_cache is None:
            return output
        key, hit = entry
        if hit:
            cached = self.html_cache.get(key)
            if cached is not None:
                return cached
            raise Abort(f"sjelden: bufret side forsvant under byggingen ({page.file.src_uri}); bygg på nytt")
        self.html_cache.put(key, output)
        return output

    def _stop_converter(self) -> None:
        if self.converter is not None:
            self.converter.close()
            self.converter = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_converter()
        if self.output is not None:
            self.output.discard()
        if self.html_cache is not None:
            self.html_cache.discard()
            self.html_cache = None

    def on_shutdown(self) -> None:
        if self.output is not None:
            if self.html_cache is not None and not self.output.failed:
                self.html_cache.commit()
            self.output.commit()
            self.output = None

    def on_page_markdown(self, markdown, page, config, files):  # type: ignore[no-untyped-def]
        # Reproducible builds: MkDocs stamps every page (and the sitemap.xml.gz header) with the
        # build date. A page's own revision date, else the newest content date, is stable per commit.
        assert self.site is not None
        revised = (page.meta.get("sjelden") or {}).get("sist_revidert") if isinstance(page.meta.get("sjelden"), dict) else None
        newest = self.site.newest_date()
        page.update_date = str(revised or newest)
        # Search runs on the prebuilt index (derived/search/index.py); Material's own index stays empty.
        page.meta["search"] = {"exclude": True}
        if self._cached_page(page):
            return ""  # the HTML comes from the cache in on_post_page
        if self.converter is not None and page.file.src_uri in self.converter:
            self.converted[page.file.src_uri] = self.converter.result(page.file.src_uri)
            return ""  # converted by the worker process; handed over in on_page_content
        return markdown

    def on_env(self, env, config, files):  # type: ignore[no-untyped-def]
        # JSON in pages (JSON-LD, Material's config) compact and in the data's own order; any engine's
        # plain `tojson` writes the same JSON with spaces and sorted keys.
        env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": False}
        fragments.install(env)
        return env
