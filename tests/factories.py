"""Small real model objects for unit tests: a `Course` built through its own model, so a test that
needs «a course on this day» runs the same code as the build (no stand-ins with the attributes a
module happens to read)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from build_tools.core.read import Document, LineDict
from build_tools.kinds.courses.model import Course, CourseMeta, Organising
from build_tools.kinds.diagnoses.model import Centre, Diagnosis
from build_tools.orphanet.model import OrphaCode


def course(
    slug: str = "kurs",
    start: datetime = datetime(2026, 9, 1, 9, 0),
    end: datetime | None = None,
    *,
    codes: tuple[int, ...] = (),
    diagnoses: tuple[Diagnosis, ...] = (),
    centre: Centre | None = None,
    organiser: Organising | None = None,
    **meta: object,
) -> Course:
    """A validated course (`CourseMeta`), ending the day it starts unless `end` says otherwise;
    `meta` overrides its fields (`status="avlyst"`, `eksempeltekst=True`, `sted={...}`)."""
    fields: dict[str, object] = {
        "tittel": "Kurs", "arrangør": "frambu", "type": "kurs", "målgrupper": ["pasienter"], "mål": "Lære om diagnosen.",
        "start": start, "slutt": end or start + timedelta(hours=6), "gjennomføring": "digitalt", "pris": {"beløp": 0},
        "status": "åpen", "publisert": date(2026, 1, 5),
        **meta,
    }
    doc = Document(path=Path(f"courses/{start.year}/{slug}.yml"), display=f"courses/{start.year}/{slug}.yml", data=LineDict(fields))
    return Course(
        slug=slug, year=str(start.year), doc=doc, meta=CourseMeta.model_validate(fields), codes=[OrphaCode(c) for c in codes],
        diagnoses=list(diagnoses), centre=centre, organiser=organiser,
    )
