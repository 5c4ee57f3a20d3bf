"""The front page (`index.md`): a search field, the ways in for readers, and the next courses.

Made from the whole joined site at build time, with the build's `today`: the next three upcoming
courses that are not cancelled come from `site.courses`. The text lives in the template
(`templates/home.md.j2`), where «Rediger denne siden» leads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from build_tools.core.pages import page, source_meta
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.kinds.courses.calendar import FEED_LINK
from build_tools.kinds.courses.model import FORMATS, Course
from build_tools.kinds.site import Site

HOME = "index.md"
TEMPLATE = "home.md.j2"
COURSES_SHOWN = 3


def next_courses(courses: Iterable[Course], today: date, limit: int = COURSES_SHOWN) -> list[Course]:
    """The next `limit` courses (`site.courses`, sorted by start) that are not over and not cancelled."""
    return [c for c in courses if c.planned(today)][:limit]


EXAMPLES_FLAG = "sjelden_eksempler"  # mkdocs.yml `extra:` key the theme overrides read (docs/overrides/main.html)


def shows_examples(site: Site, settings: Settings) -> bool:
    """Does every page carry the site-wide example notice? While any content is an example and the
    `example_notice` setting is on; real content replacing the examples turns it off by itself."""
    return settings.example_notice and site.example_count() > 0


def home_files(site: Site, settings: Settings, today: date, state: BuildState | None = None) -> dict[str, bytes]:
    examples = shows_examples(site, settings)
    body = (state or BuildState()).env.get_template(TEMPLATE).render(courses=next_courses(site.courses, today), FORMATS=FORMATS, mark_examples=settings.example_notice, examples=examples)
    meta = {
        "title": "Forside",
        "description": "Informasjon om sjeldne diagnoser for pasienter, pårørende og fagfolk: diagnoser A–Å, kompetansesentre, kurs og Sjeldentelefonen.",
        "hide": ["navigation", "toc"],
        "feeds": [FEED_LINK],  # the course feed, announced where the next courses are listed
        "sjelden": {"kind": "forside", **source_meta(f"build_tools/templates/{TEMPLATE}", settings.edit_root)},
    }
    return {HOME: page(meta, body).encode("utf-8")}
