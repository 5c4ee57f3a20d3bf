"""Serving a built site on 127.0.0.1 and driving it in headless Chromium (Debian's), as a reader would."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site at http://127.0.0.1:<free port>/ for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


# Axe and the page types it checks: tests/test_accessibility.py, tests/test_privacy.py and
# tests/test_validator.py check the same pages; the visits below load each of them once per
# palette and width, and every check of those modules reads what one load found.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_path() -> Path | None:
    candidates = []
    if os.environ.get("AXE_JS"):
        given = Path(os.environ["AXE_JS"])
        candidates += [given, given / "node_modules/axe-core/axe.min.js", given / "axe.min.js"]
    candidates.append(ROOT / ".cache/axe/node_modules/axe-core/axe.min.js")
    return next((p for p in candidates if p.is_file()), None)


def _first(site: Path, pattern: str, keep=lambda html: True) -> str | None:  # type: ignore[no-untyped-def]
    for path in sorted(site.glob(pattern)):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html and keep(html):
            return path.parent.relative_to(site).as_posix() + "/"
    return None


def page_types(site: Path) -> dict[str, str | None]:
    """One URL per page type, found in the built sample; None where the sample has none."""
    course = _first(site, "kurs/*/index.html", lambda html: '"Event"' in html or '"Course"' in html)
    return {
        "forside": "",
        "A–Å": "diagnoser/",
        "diagnose": "diagnoser/marfans-syndrom/",
        "ORPHA-side": _first(site, "orpha/*/index.html"),
        "undertype med brødsmuler": "orpha/216796/" if (site / "orpha/216796/index.html").is_file() else None,
        "diagnosegruppe": "grupper/284993/",
        "gruppeliste": "grupper/",
        "kursliste": "kurs/" if (site / "kurs/index.html").is_file() else None,
        "kursside": course,
        "evalueringsskjema": _first(site, "kurs/*/evaluering/index.html"),
        "resultater": _first(site, "kurs/*/resultater/index.html"),
        "kunnskapsoppsummering": _first(site, "**/kunnskapsoppsummering/index.html"),
        "dekningskart": "dekning/",
        "åpne data": "api/",
        "tilgjengelighet": "tilgjengelighet/",
        "ordliste": "ordliste/",
        "kunnskapsliste": "kunnskap/",
        "ny diagnose": "start-her/",
        "redaktørveiledning": "redaktor/felt/",
        "404": "404.html",
        "søk med treff": "",  # the home page with the search dialog open and results shown
    }


def checkable(site: Path) -> list[tuple[str, str]]:
    return [(kind, url) for kind, url in page_types(site).items() if url is not None]


def open_search(page, query: str = "marfan") -> None:  # type: ignore[no-untyped-def]
    toggle = page.locator("label.md-header__button[for='__search']").first
    field = page.locator("input.md-search__input")
    (toggle if toggle.is_visible() else field).click()  # phones: a button; wider screens: the field
    field.press_sequentially(query, delay=30)  # Material searches on keyup, not on input
    page.locator(".md-search-result__link").first.wait_for(timeout=15_000)


def run_axe(page, axe: Path) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(axe))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,"
        " target: v.nodes[0].target.join(' '), summary: v.nodes[0].failureSummary})))",
        AXE_TAGS,
    )


@dataclass
class Visit:
    """What one load of a page type showed (the fields a pass does not look at stay empty)."""

    base: str  # where the site was served
    url: str  # the page's, under base
    scheme: str | None = None  # body's data-md-color-scheme
    axe: list[dict] = field(default_factory=list)  # axe-core's violations
    requests: list[str] = field(default_factory=list)  # every URL the page asked for, on a first visit
    cookies: list = field(default_factory=list)  # the context's cookies after the visit
    document_cookie: str = ""
    h1: int = 0
    lang: str | None = None
    title: str = ""
    skip_links: int = 0
    scroll_width: int = 0  # document.documentElement.scrollWidth
    scrolling_tables: int = 0  # table boxes whose content is wider than the box


PASSES = {  # name → what the browser context is given
    "light": {"color_scheme": "light", "viewport": {"width": 1280, "height": 900}},
    "dark": {"color_scheme": "dark", "viewport": {"width": 1280, "height": 900}},
    "320": {"viewport": {"width": 320, "height": 640}},  # what 400 % zoom of a 1280 px window gives
}


def visit_page_types(site: Path, axe: Path | None, name: str) -> dict[str, Visit]:
    """Every page type of the built site, served and loaded once in headless Chromium as the pass
    `name` of PASSES says. "light" loads each page in a fresh context (a first visit, nothing
    cached) and records its requests, cookies, headings and skip link; "dark" and "320" load them
    one after the other in one context, and "320" measures widths. Each load waits until the
    network is idle and runs axe-core (when there is one to run). The search page type opens the
    search dialog and waits for results first; at 320 px it is left out."""
    visits: dict[str, Visit] = {}
    with serve(site) as base, browser() as b:
        shared = None if name == "light" else b.new_context(**PASSES[name])
        for kind, url in checkable(site):
            if name == "320" and kind == "søk med treff":
                continue
            context = shared or b.new_context(**PASSES[name])
            visit = visits[kind] = Visit(base, url)
            if shared is None:
                context.on("request", lambda r, seen=visit.requests: seen.append(r.url))
            page = context.new_page()
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            visit.scheme = page.get_attribute("body", "data-md-color-scheme")
            visit.h1, visit.lang, visit.title = page.locator("h1").count(), page.get_attribute("html", "lang"), page.title()
            visit.skip_links = page.locator("a.md-skip").count()
            if kind == "søk med treff":
                open_search(page)
                page.wait_for_load_state("networkidle")
            visit.requests = list(visit.requests)  # what the page asked for, before axe is added to it
            visit.cookies, visit.document_cookie = context.cookies(), page.evaluate("document.cookie")
            visit.scroll_width = page.evaluate("document.documentElement.scrollWidth")
            visit.scrolling_tables = page.evaluate("[...document.querySelectorAll('.md-typeset__scrollwrap')].filter(e => e.scrollWidth > e.clientWidth).length")
            if axe is not None:
                visit.axe = run_axe(page, axe)
            page.close()
            if shared is None:
                context.close()
        if shared is not None:
            shared.close()
    return visits
