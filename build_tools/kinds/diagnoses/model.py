"""Authored diagnosis pages and competence centres: the models editors fill in, and the joined page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from build_tools.core.changes import ENDRINGER_DESCRIPTION, Endring
from build_tools.core.read import Document
from build_tools.core.validate import IsoDate, Model, Section, Text, messages
from build_tools.orphanet.model import OrphaCode, OrphaEntity

# The fixed section template of an authored diagnosis page, in order.
DIAGNOSIS_SECTIONS = (
    "Kort om diagnosen",
    "Forekomst",
    "Årsak og arvegang",
    "Symptomer",
    "Diagnostikk",
    "Behandling og oppfølging",
    "Å leve med diagnosen",
    "Tilbud i Norge",
    "Mer informasjon",
    "Kilder",
)

def _orpha_codes(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        try:
            out.append(OrphaCode.parse(item))
        except ValueError:
            raise ValueError("orpha_code") from None
    return out

# How an ORPHA code list looks to JSON Schema (editors' tools): one code or a list, as the validator accepts.
_ORPHA_ITEM = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": "^\\s*(?:[Oo][Rr][Pp][Hh][Aa](?:net)?[:_ ]?)?\\d+\\s*$"}]}
_ORPHA_SCHEMA = {"anyOf": [{"type": "array", "items": _ORPHA_ITEM, "minItems": 1}, _ORPHA_ITEM]}


# Field names as the editor guide explains them (used by messages and by the guide test).
FIELD_HELP = {
    "tittel": "norsk navn på diagnosen",
    "orpha": "ORPHA-kode(r), f.eks. [558]",
    "senter": "id fra data/centres.yml",
    "forfattere": "liste med navn",
    "publisert": "dato, ÅÅÅÅ-MM-DD",
    "sist_revidert": "dato, ÅÅÅÅ-MM-DD",
    "neste_revisjon": "dato, ÅÅÅÅ-MM-DD",
}

messages({
    "orpha_code": "ugyldig ORPHA-kode; skriv tallet, f.eks. 558 eller ORPHA:558",
    "duplicate_code": "samme ORPHA-kode står flere ganger; fjern duplikatet",
    "revised_before_published": ("sist_revidert", "kan ikke være før publisert; rett datoen"),
    "next_before_revised": ("neste_revisjon", "må være etter sist_revidert; rett datoen"),
})


class Link(Model):
    """A named link, e.g. a patient organisation."""

    navn: Annotated[Text, Field(description="Navnet slik det skal stå på siden, f.eks. «Norsk Marfanforening».")]
    nettside: Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$")] | None = Field(None, description="Hjemmesiden, en fullstendig https://-adresse. Valgfritt.")


class Centre(Model):
    """A competence centre in `data/centres.yml`."""

    navn: Annotated[Text, Field(description="Senterets fulle navn, f.eks. «TRS nasjonalt kompetansesenter for sjeldne diagnoser».")]
    kortnavn: Annotated[Text, Field(description="Kort navn som brukes i lister og faktabokser, f.eks. «TRS».")]
    helseforetak: Annotated[Text, Field(description="Helseforetaket (eller stiftelsen) senteret hører til.")]
    sted: Annotated[Text, Field(description="Stedet senteret holder til, f.eks. «Oslo».")]
    nettside: Annotated[str, Field(pattern=r"^https://[^\s<>\"']+$", description="Senterets hjemmeside, en fullstendig https://-adresse.")]
    om: Annotated[Text, Field(description="Én eller to setninger om hva senteret gjør; vises på diagnosesidene.")]


class DiagnosisMeta(Model):
    """The front matter of `diagnoses/<slug>/index.md`."""

    tittel: Annotated[Text, Field(description="Det norske navnet på diagnosen; blir sidens overskrift og tittel i søk.")]
    orpha: Annotated[
        list[OrphaCode],
        BeforeValidator(_orpha_codes),
        Field(min_length=1, description="ORPHA-koden(e) siden handler om, f.eks. [558]. Koden må være aktiv i Orphanet-dataene; ICD-koder, gener og forekomst hentes fra den."),
        WithJsonSchema(_ORPHA_SCHEMA),
    ]
    synonymer: list[Text] = Field([], description="Andre norske navn og forkortelser, f.eks. [Marfan syndrom, MFS]. Brukes i søket og i A–Å-listen.")
    folkelige_navn: list[Text] = Field([], description="Navn folk bruker i dagligtale; brukes i søket og i A–Å-listen.")
    senter: Annotated[Text, Field(description="Id-en til kompetansesenteret som har ansvar for diagnosen, fra data/centres.yml, f.eks. trs eller frambu.")]
    pasientforening: Link | None = Field(None, description="Pasientforeningen, med navn og eventuelt nettside. Valgfritt.")
    forfattere: Annotated[list[Text], Field(min_length=1, description="Navnene på dem som har skrevet teksten; minst ett navn.")]
    fagkyndig: Text | None = Field(None, description="Fagpersonen som har lest og godkjent teksten. Valgfritt.")
    publisert: Annotated[IsoDate, Field(description="Datoen siden først ble publisert, ÅÅÅÅ-MM-DD.")]
    sist_revidert: Annotated[IsoDate, Field(description="Datoen teksten sist ble gått gjennom, ÅÅÅÅ-MM-DD; vises som «Sist revidert» på siden. Kan ikke være før publisert.")]
    neste_revisjon: Annotated[IsoDate, Field(description="Datoen teksten skal gås gjennom igjen, ÅÅÅÅ-MM-DD; må være etter sist_revidert. «sjelden check» varsler når datoen er passert.")]
    endringer: list[Endring] = Field([], description=ENDRINGER_DESCRIPTION)
    eksempeltekst: bool = Field(False, description="true for eksempeltekster som ikke er fagfellevurdert; siden får da en tydelig merknad.")
    beskrivelse: Text | None = Field(None, description="Kort beskrivelse (under 160 tegn) for søkemotorer og deling. Valgfritt; ellers brukes starten av «Kort om diagnosen».")

    FIELD_HELP: ClassVar[dict[str, str]] = FIELD_HELP

    @field_validator("orpha")
    @classmethod
    def _unique_codes(cls, codes: list[OrphaCode]) -> list[OrphaCode]:
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate_code")
        return codes

    @model_validator(mode="after")
    def _dates_in_order(self) -> DiagnosisMeta:
        if self.sist_revidert < self.publisert:
            raise ValueError("revised_before_published")
        if self.neste_revisjon <= self.sist_revidert:
            raise ValueError("next_before_revised")
        return self




@dataclass
class Diagnosis:
    """An authored diagnosis page with what it refers to resolved."""

    slug: str
    doc: Document
    meta: DiagnosisMeta
    sections: list[Section]
    entities: list[OrphaEntity] = field(default_factory=list)
    centre: Centre | None = None

    @property
    def url(self) -> str:
        return f"diagnoser/{self.slug}/"

    @property
    def codes(self) -> list[OrphaCode]:
        return list(self.meta.orpha)
