"""The content kinds, in the order the pipeline loads and renders them.

Each kind reads and joins its content onto the `Site` (`load`, returning its problems) and turns it
into pages (`pages`, src_uri → bytes). It names the files and folders it reads (`sources`), so the
pipeline can tell when its content changed. A new kind is a package under `kinds/` and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from build_tools.core.errors import Problem
from build_tools.core.settings import Settings
from build_tools.core.state import BuildState
from build_tools.kinds.catalogue import pages as catalogue_pages
from build_tools.kinds.courses import load as courses_load
from build_tools.kinds.courses import pages as courses_pages
from build_tools.kinds.diagnoses import load as diagnoses_load
from build_tools.kinds.diagnoses import pages as diagnoses_pages
from build_tools.kinds.glossary import load as glossary_load
from build_tools.kinds.glossary import pages as glossary_pages
from build_tools.kinds.names import load as names_load
from build_tools.kinds.names import pages as names_pages
from build_tools.kinds.site import Site
from build_tools.kinds.summaries import load as summaries_load
from build_tools.kinds.summaries import pages as summaries_pages

Load = Callable[[Settings, Site, date], list[Problem]]
Pages = Callable[[Site, Settings, date, BuildState], dict[str, bytes]]
Sources = Callable[[Settings], tuple[Path, ...]]


def _nothing(settings: Settings) -> tuple[Path, ...]:
    return ()


@dataclass(frozen=True)
class Kind:
    name: str
    load: Load | None  # None: made from what other kinds loaded
    pages: Pages
    sources: Sources = _nothing  # the files and folders `load` reads


KINDS: tuple[Kind, ...] = (
    Kind("diagnoses", diagnoses_load.load, diagnoses_pages.pages, diagnoses_load.sources),
    Kind("glossary", glossary_load.load, glossary_pages.pages, glossary_load.sources),  # before the catalogue: its fact boxes link to it
    Kind("names", names_load.load, names_pages.pages, names_load.sources),  # before the catalogue: it titles pages by them
    Kind("catalogue", None, catalogue_pages.pages),
    Kind("summaries", summaries_load.load, summaries_pages.pages, summaries_load.sources),
    Kind("courses", courses_load.load, courses_pages.pages, courses_load.sources),
)
