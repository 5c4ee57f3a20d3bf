"""`sjelden serve` (`make serve`): a live preview that answers at once and never hangs.

MkDocs' own `serve` builds the whole site (~12,000 pages, minutes) before it answers, and when a
rebuild fails its server holds every request until the content is fixed: the browser spins and the
editor never sees why. This server, MkDocs' `LiveReloadServer` with three changes, instead:

- answers at once: until its first build is done it serves what `make site` last built (`site/`),
  or, on a fresh clone, a page that says the preview is being built; either reloads by itself when
  the build is ready;
- on a content error shows every `path:line: message` on an error page (and says the same in the
  terminal), and the page reloads by itself once the file is fixed and the site builds again;
- builds with `dirty=True` after the first build (the plugin hands MkDocs only the changed pages,
  engine/plugin.py) without MkDocs' warning about inaccurate navigation: the menu comes from
  mkdocs.yml, and a change to mkdocs.yml rebuilds everything.

Builds run one at a time (a lock), in the background for the first build and in the server's
rebuild loop after that. Engine-specific, like the rest of `engine/`.
"""

from __future__ import annotations

import html
import importlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import urlsplit

from build_tools.core.errors import ContentError
from build_tools.core.settings import settings_from_options
from build_tools.kinds.registry import kinds_for, watched

if TYPE_CHECKING:  # only for types: the engine (MkDocs or ProperDocs) is imported by name at run time
    from wsgiref.types import StartResponse, WSGIEnvironment

    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.sjelden.serve")

# MkDocs warns on every dirty build that navigation may be wrong; here it is not (module docstring).
_DIRTY_WARNING = "A 'dirty' build is being performed"
PAGE_ENDINGS = ("/", ".html")


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_DIRTY_WARNING)


class _Collect(logging.Handler):
    """Error lines logged during one build: the plugin logs each content problem as it stands in
    `sjelden check` (`path:line: field: message`)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def error_page(lines: list[str], summary: str) -> bytes:
    """The page the browser shows while the content has errors (Norwegian: the editor reads it)."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return f"""<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Feil i innholdet – forhåndsvisning</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}
h1{{color:#b00020;font-size:1.6rem}} li{{margin:.4rem 0}} code{{white-space:pre-wrap;word-break:break-word}}
</style>
</head>
<body>
<main>
<h1>Forhåndsvisningen kan ikke bygges</h1>
<p>{html.escape(summary)}</p>
<ul>
{items}
</ul>
<p>Rett feilene og lagre filen. Siden lastes inn på nytt av seg selv når nettstedet bygger igjen.</p>
</main>
</body>
</html>
""".encode()


BUILDING_PAGE = """<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Bygger forhåndsvisningen</title>
</head>
<body>
<main>
<h1>Bygger forhåndsvisningen …</h1>
<p>Første bygging av hele nettstedet tar noen minutter. Siden lastes inn på nytt av seg selv når den er klar.</p>
<p>Neste gang går det raskere: kjør <code>make site</code> først, så viser forhåndsvisningen det bygde nettstedet med en gang.</p>
</main>
</body>
</html>
""".encode()


# (load_config, build, LiveReloadServer, serve_url): ProperDocs has MkDocs' API and types.
Engine: TypeAlias = "tuple[Callable[..., MkDocsConfig], Callable[..., None], type, Callable[[str, int, str], str]]"


def _engine(name: str) -> Engine:
    """(load_config, build, LiveReloadServer, serve_url) of MkDocs or ProperDocs (the same API)."""
    config = importlib.import_module(f"{name}.config")
    build = importlib.import_module(f"{name}.commands.build")
    livereload = importlib.import_module(f"{name}.livereload")
    return config.load_config, build.build, livereload.LiveReloadServer, livereload._serve_url


class LivePreview:
    """The state of one live preview: where its pages are, whether the last build failed, and why."""

    def __init__(self, root: Path, engine: str = "mkdocs", addr: str | None = None) -> None:
        self.root = root
        self.engine = engine
        self.config_file = root / "mkdocs.yml"
        self.load_config, self.build_site, server_class, serve_url = _engine(engine)
        self.site_dir = Path(tempfile.mkdtemp(prefix="sjelden-serve-"))
        config = self._config()
        host, port = (addr.rsplit(":", 1)[0], int(addr.rsplit(":", 1)[1])) if addr else config.dev_addr
        self.mount_path = urlsplit(config.site_url or "/").path
        self.url = serve_url(host, port, self.mount_path)
        # What `make site` built (mkdocs.yml's site_dir, not this preview's folder): shown until the
        # first build here is done.
        published = Path(self.load_config(config_file=str(self.config_file)).site_dir)
        self.fallback = published if (published / "index.html").is_file() else None
        self.errors: list[str] = []
        self.summary = ""
        self.ready = False  # the first build has finished (well or not)
        self.built_once = False  # a build has succeeded: later builds may be dirty
        self.config_mtime = self._config_mtime()
        self.lock = threading.Lock()
        self.server = _server_class(server_class)(self, builder=self.rebuild, host=host, port=port, root=str(self.fallback or self.site_dir), mount_path=self.mount_path)
        # The content is watched from the start: the plugin adds it to config.watch only once it has
        # read the content without errors, and a preview that starts broken must see the fix.
        plugin = config.plugins.get("sjelden")
        options = dict(plugin.config) if plugin is not None else {}
        try:  # the folders every content kind reads (kinds/registry.py)
            settings = settings_from_options(root, options, config.docs_dir)
            content = watched(settings, kinds_for(settings))
        except ContentError:  # bad options: the build reports them; watch mkdocs.yml until they are fixed
            content = []
        self.watch_paths = [str(Path(config.docs_dir)), str(self.config_file), *config.watch, *(str(p) for p in content)]
        self.server.error_handler = self._not_found

    def _not_found(self, code: int) -> bytes | None:
        page = Path(self.server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    def _config(self) -> MkDocsConfig:
        config = self.load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        return config

    def _config_mtime(self) -> float:
        try:
            return self.config_file.stat().st_mtime
        except OSError:
            return 0.0

    def build(self) -> bool:
        """One build into the preview's folder; True when it succeeded. Never raises on content errors."""
        with self.lock:
            mtime = self._config_mtime()
            full = not self.built_once or mtime != self.config_mtime  # mkdocs.yml changed: build everything
            self.config_mtime = mtime
            collect = _Collect()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(collect)
            started = time.monotonic()
            try:
                config = self._config()
                config.site_url = self.url
                # The plugin hands MkDocs only the changed pages once it has built everything here
                # (`dirty`), except when mkdocs.yml changed; its first build here is whole anyway.
                config.plugins.on_startup(command="serve", dirty=not (full and self.built_once))
                self.build_site(config, serve_url=self.url, dirty=not full)
            except SystemExit as exc:  # MkDocs' Abort: the plugin has logged each content problem
                self._failed(collect.lines, str(exc) or "Byggingen stoppet.")
                return False
            except Exception as exc:  # a bug, not a content error: the terminal gets the traceback
                log.exception("sjelden serve: byggingen feilet")
                self._failed([*collect.lines, f"{type(exc).__name__}: {exc}"], "Byggingen feilet med en uventet feil; se terminalen.")
                return False
            finally:
                logger.removeHandler(collect)
            self.errors, self.summary = [], ""
            self.built_once = True
            self.server.root = str(self.site_dir)
            log.info(f"sjelden serve: bygget på {time.monotonic() - started:.1f} s; {self.url}")
            return True

    def _failed(self, lines: list[str], summary: str) -> None:
        problems = [line for line in lines if line != summary]
        self.errors, self.summary = problems or [summary], summary
        log.error(f"sjelden serve: {summary} Nettleseren viser feilene på {self.url} til filen er rettet.")

    def rebuild(self) -> None:
        """The server's builder: a failed build is shown as a page, never left to hang the browser."""
        self.build()

    def first_build(self) -> None:
        try:
            self.build()
        finally:
            self.ready = True
            self.server.publish()  # browsers waiting on the first build reload

    def serve(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve until interrupted: at once, with the first build in the background."""
        logging.getLogger(f"{self.engine}.commands.build").addFilter(_DropDirtyWarning())
        for path in self.watch_paths:
            if os.path.exists(path):
                self.server.watch(path)
        where = f"det forrige bygget i {self.fallback.name}/" if self.fallback else "en side som sier at den bygges"
        log.info(f"sjelden serve: forhåndsvisningen er på {self.url} (viser {where} til første bygging er ferdig)")
        print(f"Forhåndsvisning: {self.url}", flush=True)
        threading.Thread(target=self.first_build, name="sjelden-first-build", daemon=True).start()
        if on_ready is not None:
            on_ready()
        try:
            self.server.serve()
        except KeyboardInterrupt:
            log.info("sjelden serve: avslutter")
        finally:
            self.close()

    def close(self) -> None:
        self.server.shutdown()
        shutil.rmtree(self.site_dir, ignore_errors=True)


def _server_class(base: type) -> type:
    """`LiveReloadServer` that serves the error page while the content has errors, and serves the
    previous build (or a «building» page) without waiting while the first build runs."""

    class PreviewServer(base):  # type: ignore[misc, valid-type]
        def __init__(self, preview: LivePreview, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.preview = preview

        def publish(self) -> None:
            """A new version is visible: browsers polling /livereload/ reload."""
            with self._epoch_cond:
                self._visible_epoch = self._wanted_epoch = max(self._wanted_epoch, self._visible_epoch) + 1  # type: ignore[has-type]
                self._epoch_cond.notify_all()

        def _page(self, start_response: StartResponse, status: str, body: bytes) -> Iterable[bytes]:
            with self._epoch_cond:
                epoch = self._visible_epoch
            content = self._inject_js_into_html(body, epoch)
            start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content))), ("Cache-Control", "no-store")])
            return [content]

        def _serve_request(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes] | None:
            path = environ["PATH_INFO"]
            if path.startswith("/livereload/"):
                return super()._serve_request(environ, start_response)
            page = path.endswith(PAGE_ENDINGS) or path == ""
            if self.preview.errors and page:
                return self._page(start_response, "500 Internal Server Error", error_page(self.preview.errors, self.preview.summary))
            if not self.preview.ready and self.preview.fallback is None and page:
                return self._page(start_response, "503 Service Unavailable", BUILDING_PAGE)
            # MkDocs' handler waits while a build runs; `_build_loop` below never makes it wait.
            return super()._serve_request(environ, start_response)

        def _build_loop(self) -> None:
            # A failed build is published too (as the error page), so no request waits for a good one.
            while True:
                with self._rebuild_cond:
                    while not self._rebuild_cond.wait_for(lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay):  # type: ignore[has-type]
                        pass
                    if self._shutdown:
                        break
                    while self._rebuild_cond.wait(timeout=self.build_delay):
                        pass
                    self._want_rebuild = False
                self.builder()
                self.publish()

    return PreviewServer


def serve(root: Path, engine: str = "mkdocs", addr: str | None = None) -> None:
    LivePreview(root, engine, addr).serve()
