"""A page's editorial changes: the `endringer` list of its front matter, shown as «Endringshistorikk».

Readers see only what editors wrote for them, in Norwegian, with the date of each change. Commit
messages are for developers and are never shown. Takes a validated list and the page's dates,
returns problems: a change cannot be in the future or before the page was published. The order is
free; pages list the newest first (templates/changes.md.j2).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, ClassVar

from pydantic import Field

from build_tools.core.errors import Problem
from build_tools.core.read import Document
from build_tools.core.validate import IsoDate, Model, Text, line_of


class Endring(Model):
    """One change of a page, described for readers."""

    dato: Annotated[IsoDate, Field(description="Datoen endringen ble publisert, ÅÅÅÅ-MM-DD. Kan ikke være fram i tid eller før publisert.")]
    tekst: Annotated[Text, Field(description="Hva som er endret, skrevet for leserne på norsk, f.eks. «Avsnittet om behandling er oppdatert.»")]

    FIELD_HELP: ClassVar[dict[str, str]] = {"dato": "dato, ÅÅÅÅ-MM-DD", "tekst": "hva som er endret, på norsk"}


ENDRINGER_DESCRIPTION = (
    "Endringer leserne skal se under «Endringshistorikk», hver med dato (ÅÅÅÅ-MM-DD) og tekst på norsk, "
    "f.eks. {dato: 2026-05-02, tekst: Avsnittet om behandling er oppdatert.}. Valgfritt; nyeste vises først."
)


def check_changes(doc: Document, changes: Iterable[Endring], published: date, today: date) -> list[Problem]:
    """Each change's date against the page's `publisert` and today."""
    problems = []
    for index, change in enumerate(changes):
        line = line_of(doc.data, ("endringer", index, "dato"), doc.meta_line)
        field = f"endringer.{index}.dato"
        if change.dato > today:
            problems.append(Problem(doc.display, line, field, f"{change.dato.isoformat()} er fram i tid; skriv datoen endringen ble publisert"))
        elif change.dato < published:
            problems.append(Problem(doc.display, line, field, f"{change.dato.isoformat()} er før publisert ({published.isoformat()}); rett datoen"))
    return problems

