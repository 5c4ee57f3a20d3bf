"""Knowledge summaries (kunnskapsoppsummeringer): the front matter editors write, and the joined summary.

A summary belongs to an authored diagnosis (`diagnoses/<slug>/kunnskapsoppsummering.md`) or to an
ORPHA diagnosis group (`diagnoses/grupper/<code>/kunnskapsoppsummering.md`). Its front matter names
the question, the literature search, authors, peer reviewers, user representatives, conflicts of
interest and the review dates; its references are data, cited in the text as `[@key]`.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator, Field, field_validator

from build_tools.core.changes import ENDRINGER_DESCRIPTION, Endring
from build_tools.core.pages import SITE_URL
from build_tools.core.read import Document
from build_tools.core.validate import IsoDate, Model, Section, Text, messages
from build_tools.kinds import routes
from build_tools.kinds.diagnoses.model import Centre, Diagnosis
from build_tools.orphanet.model import OrphaEntity

SUMMARY_FILE = "kunnskapsoppsummering.md"
GROUPS_FOLDER = "grupper"  # diagnoses/grupper/<ORPHA group code>/kunnskapsoppsummering.md
PUBLISHER = "Nasjonal kompetansetjeneste for sjeldne diagnoser"

# The fixed template of a summary's body, in order. «Referanser» is written from `referanser`.
SUMMARY_SECTIONS = (
    "Sammendrag på klarspråk",
    "Bakgrunn",
    "Metode",
    "Resultater",
    "Brukererfaringer",
    "Kunnskapshull",
    "Betydning for praksis",
)
REFERENCES_SECTION = "Referanser"
# «Resultater» is ordered by the diagnosis page's headings (those that are about knowledge).
RESULT_HEADINGS = ("Forekomst", "Årsak og arvegang", "Symptomer", "Diagnostikk", "Behandling og oppfølging", "Å leve med diagnosen")

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# Crossref's pattern for the DOIs it registers; it also keeps quotes and angle brackets out of links.
DOI_RE = re.compile(r"^10\.\d{4,9}/[-._;()/:a-z0-9]+$", re.IGNORECASE)
CITATION_RE = re.compile(r"\[(@[^\]\n]*)\]")
CITATION_WS_RE = re.compile(r"[ \t]*" + CITATION_RE.pattern)  # «tekst [@a].» → «tekst¹.»
CODE_SPAN_RE = re.compile(r"(`+)(.*?)\1")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


# --- model -------------------------------------------------------------------------------------


def _doi(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("summary:doi")
    text = value.strip()
    if re.match(r"^(https?://(dx\.)?doi\.org/|doi:)", text, re.IGNORECASE):
        raise ValueError("summary:doi_prefix")
    if not DOI_RE.match(text):
        raise ValueError("summary:doi")
    return text


def _pmid(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("summary:pmid")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 < value < 100_000_000:
        raise ValueError("summary:pmid")
    return value


def _url(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("summary:url")
    text = value.strip()
    scheme = re.sub(r"[\s\x00-\x1f]", "", text).split(":", 1)[0].lower()
    if scheme in {"javascript", "data", "vbscript", "file"}:
        raise ValueError("summary:url_scheme")
    if not re.fullmatch(r"https://[^\s<>\"'`]+", text):
        raise ValueError("summary:url")
    return text


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2100:
        raise ValueError("summary:year")
    return value


def _version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("summary:version")
    return value


class Person(Model):
    navn: Text
    tilknytning: Text


class Method(Model):
    databaser: Annotated[list[Text], Field(min_length=1)]
    søkedato: IsoDate
    inklusjonskriterier: Text
    søkestrategi: Text | None = None


class Reference(Model):
    """One reference: cited in the text as `[@id]`."""

    id: Text
    forfattere: Text
    tittel: Text
    tidsskrift: Text
    år: Annotated[int, BeforeValidator(_year)]
    # One validator per field (not a union with None), so a bad value gives one message, not two.
    doi: Annotated[str | None, BeforeValidator(_doi)] = None
    pmid: Annotated[int | None, BeforeValidator(_pmid)] = None
    url: Annotated[str | None, BeforeValidator(_url)] = None

    @field_validator("id")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY_RE.match(value):
            raise ValueError("summary:key")
        return value

    @property
    def doi_url(self) -> str:
        # Parentheses and semicolons are legal in DOIs; encoded, the link survives any Markdown engine.
        return "https://doi.org/" + urllib.parse.quote(self.doi or "", safe="/.-_:")

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


class SummaryMeta(Model):
    """The front matter of a `kunnskapsoppsummering.md`."""

    tittel: Text | None = None
    spørsmål: Text
    metode: Method
    forfattere: Annotated[list[Person], Field(min_length=1)]
    fagfeller: list[Person]
    brukerrepresentanter: list[Person]
    interessekonflikter: Text
    senter: Text | None = None
    versjon: Annotated[int, BeforeValidator(_version)]
    publisert: IsoDate
    siste_litteratursøk: IsoDate
    neste_oppdatering: IsoDate
    sitering: Text | None = None
    eksempeltekst: bool = False
    beskrivelse: Text | None = None
    endringer: list[Endring] = Field([], description=ENDRINGER_DESCRIPTION)
    referanser: Annotated[list[Reference], Field(min_length=1)]


messages({
    "summary:doi": "ugyldig DOI; en DOI begynner med 10., har en skråstrek og ingen mellomrom, f.eks. 10.1136/jmg.2009.072785",
    "summary:doi_prefix": "skriv bare selve DOI-en, uten «https://doi.org/» eller «doi:», f.eks. 10.1136/jmg.2009.072785",
    "summary:pmid": "ugyldig PMID; skriv PubMed-nummeret som et helt tall, f.eks. 20591885",
    "summary:url": "må være en fullstendig https://-adresse",
    "summary:url_scheme": "adresser som begynner med javascript:, data:, vbscript: eller file: er ikke tillatt; bruk en https://-adresse",
    "summary:year": "må være et årstall med fire sifre, f.eks. 2010",
    "summary:version": "må være et helt tall fra 1 og oppover, f.eks. 2 (øk det når oppsummeringen oppdateres)",
    "summary:key": "ugyldig nøkkel; bruk små bokstaver a–z, tall, - og _, f.eks. loeys2010",
})


# --- the joined summary --------------------------------------------------------------------------


@dataclass
class Summary:
    """A validated summary, with its references numbered and the subject it is about resolved."""

    doc: Document
    meta: SummaryMeta
    sections: list[Section]
    references: list[Reference]  # in the order first cited: reference n is references[n - 1]
    body: str  # the Markdown body, citations replaced by numbered links
    diagnosis: Diagnosis | None = None
    group: OrphaEntity | None = None
    centre_id: str = ""
    centre: Centre | None = None
    plain_summary: str = ""  # «Sammendrag på klarspråk» as plain text, for descriptions

    @property
    def url(self) -> str:
        if self.diagnosis is not None:
            return f"{self.diagnosis.url}kunnskapsoppsummering/"
        assert self.group is not None
        return routes.group(self.group.code) + "kunnskapsoppsummering/"

    @property
    def subject(self) -> str:
        if self.diagnosis is not None:
            return self.diagnosis.meta.tittel
        return self.group.name if self.group is not None else ""

    @property
    def title(self) -> str:
        return self.meta.tittel or f"Kunnskapsoppsummering: {self.subject}"

    def overdue(self, today: date) -> bool:
        return self.meta.neste_oppdatering < today

    @property
    def citation(self) -> str:
        """How to cite: the editor's own wording, or one built from the data (never stale)."""
        if self.meta.sitering:
            return self.meta.sitering
        authors = ", ".join(p.navn for p in self.meta.forfattere)
        return (
            f"{authors}. {self.title}. Versjon {self.meta.versjon}. {PUBLISHER}; {self.meta.publisert.year}. "
            f"Siste litteratursøk {self.meta.siste_litteratursøk.isoformat()}. {SITE_URL}{self.url}"
        )




@dataclass(frozen=True)
class SummariesPart:
    """The summaries kind's part of the site: every summary, by URL."""

    summaries: list[Summary]
