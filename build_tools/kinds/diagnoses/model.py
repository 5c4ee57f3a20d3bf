"""Authored diagnosis pages and competence centres: the models editors fill in, and the joined page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, ClassVar, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from build_tools.core.changes import ENDRINGER_DESCRIPTION, Endring
from build_tools.core.read import Document
from build_tools.core.validate import HttpsUrl, IsoDate, Model, Section, Text, messages
from build_tools.kinds import routes
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

# Sections an editor may add to the template, each with the section it follows. «Til kommunen» is
# shown under «Hvor kan jeg få hjelp?» (the help macro), not in the body.
CENTRES_FILE = "centres.yml"  # in the data folder: the competence centres
OPTIONAL_SECTIONS = {"Til kommunen": "Tilbud i Norge"}

# Who reads which section (for readability targets, core/lix.py): every section is for patients and
# relatives unless named here. Reference sections are lists of links and sources, not running prose.
PROFESSIONAL_SECTIONS = ("Til kommunen",)
REFERENCE_SECTIONS = ("Mer informasjon", "Kilder")


def section_order() -> tuple[str, ...]:
    """The template's sections in order, optional ones included."""
    order = list(DIAGNOSIS_SECTIONS)
    for title, after in OPTIONAL_SECTIONS.items():
        order.insert(order.index(after) + 1, title)
    return tuple(order)

def _orpha_codes(value: object) -> list[OrphaCode]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        try:
            out.append(OrphaCode.parse(item if isinstance(item, int) else str(item)))
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
    "fakta": "gener, arvegang, debut, forekomst, gjennomgått og orphanet",
}

messages({
    "orpha_code": "ugyldig ORPHA-kode; skriv tallet, f.eks. 558 eller ORPHA:558",
    "duplicate_code": "samme ORPHA-kode står flere ganger; fjern duplikatet",
    "revised_before_published": ("sist_revidert", "kan ikke være før publisert; rett datoen"),
    "next_before_revised": ("neste_revisjon", "må være etter sist_revidert; rett datoen"),
    "contact_without_source": ("kontakt_kilde", "mangler; «kontakt» og «uten_henvisning» må ha en kilde: adressen til senterets egen side som sier hvordan man tar kontakt"),
    "duplicate_centre_code": ("diagnoser", "samme ORPHA-kode står flere ganger i senterets liste; fjern duplikatet"),
})



def _orpha_code(value: object) -> OrphaCode:
    try:
        return OrphaCode.parse(value if isinstance(value, int) else str(value))
    except (ValueError, TypeError):
        raise ValueError("orpha_code") from None


class Link(Model):
    """A named link, e.g. a patient organisation."""

    navn: Annotated[Text, Field(description="Navnet slik det skal stå på siden, f.eks. «Norsk Marfanforening».")]
    nettside: HttpsUrl | None = Field(None, description="Hjemmesiden, en fullstendig https://-adresse. Valgfritt.")
    kilde: HttpsUrl | None = Field(None, description="Når nettside mangler: en side som viser at foreningen finnes (f.eks. kompetansesenterets omtale), en fullstendig https://-adresse. Valgfritt.")


class CentreDiagnosis(Model):
    """One diagnosis on a centre's list, with the centre's own page that says so."""

    orpha: Annotated[OrphaCode, BeforeValidator(_orpha_code), Field(description="ORPHA-koden til diagnosen, f.eks. 558."), WithJsonSchema(_ORPHA_ITEM)]
    kilde: Annotated[HttpsUrl, Field(description="Kilden for at senteret har ansvar for diagnosen: senterets egen side om diagnosen eller senterets diagnoseliste, en fullstendig https://-adresse.")]
    FIELD_HELP: ClassVar[dict[str, str]] = {"orpha": "ORPHA-koden, f.eks. 558", "kilde": "adressen til senterets egen side om diagnosen, https://..."}

    uverifisert: bool = Field(False, description="true når kilden ikke sier direkte at senteret har ansvar for diagnosen (f.eks. bare senterets generelle oversikt over diagnoser). Siden sier da at ansvaret ikke er bekreftet på senterets egne sider, og lenker til «senterets side om tilbudet». Fjern feltet når ansvaret er bekreftet på senterets egen side.")


class Centre(Model):
    """A competence centre in `data/centres.yml`."""

    navn: Annotated[Text, Field(description="Senterets fulle navn, f.eks. «TRS nasjonalt kompetansesenter for sjeldne diagnoser».")]
    kortnavn: Annotated[Text, Field(description="Kort navn som brukes i lister og faktabokser, f.eks. «TRS».")]
    helseforetak: Annotated[Text, Field(description="Helseforetaket (eller stiftelsen) senteret hører til.")]
    sted: Annotated[Text, Field(description="Stedet senteret holder til, f.eks. «Oslo».")]
    nettside: Annotated[HttpsUrl, Field(description="Senterets hjemmeside, en fullstendig https://-adresse.")]
    om: Annotated[Text, Field(description="Én eller to setninger om hva senteret gjør; vises på diagnosesidene.")]
    kontakt: Text | None = Field(None, description="Hvordan personer med diagnose, pårørende og fagfolk tar kontakt, slik senteret selv beskriver det (f.eks. om det trengs henvisning). Vises under «Hvor kan jeg få hjelp?». Krever kontakt_kilde.")
    uten_henvisning: bool | None = Field(None, description="true når senteret selv skriver at personer med diagnose, pårørende og fagfolk kan ta kontakt uten henvisning; false når det trengs henvisning. Krever kontakt_kilde. «sjelden check» avviser diagnosesider som sier at det trengs henvisning til et senter med true.")
    kontakt_kilde: HttpsUrl | None = Field(None, description="Senterets egen side som sier det som står i «kontakt», en fullstendig https://-adresse.")
    diagnoser: list[CentreDiagnosis] = Field([], description="Diagnosene senteret har ansvar for, hver med ORPHA-kode og kilde. En diagnoseside kan bare ha senter: <id> når en av sidens ORPHA-koder står her.")

    @model_validator(mode="after")
    def _contact_sourced(self) -> Centre:
        if (self.kontakt is not None or self.uten_henvisning is not None) and self.kontakt_kilde is None:
            raise ValueError("contact_without_source")
        codes = [d.orpha for d in self.diagnoser]
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate_centre_code")
        return self

    def assignment(self, codes: list[OrphaCode]) -> CentreDiagnosis | None:
        """The entry on this centre's list that covers one of `codes`, if any."""
        return next((d for d in self.diagnoser if d.orpha in codes), None)


class Ern(Model):
    """A European Reference Network in `data/ern.yml`."""

    navn: Annotated[Text, Field(description="Nettverkets navn, f.eks. «European Reference Network on rare multisystemic vascular diseases».")]
    kortnavn: Annotated[Text, Field(description="Kort navn som vises på siden, f.eks. «VASCERN».")]
    nettside: HttpsUrl | None = Field(None, description="Nettverkets egen hjemmeside, en fullstendig https://-adresse. La feltet stå tomt hvis du ikke er sikker på adressen.")
    kilde: Annotated[HttpsUrl, Field(description="Kilden for navnet og nettsiden, f.eks. EU-kommisjonens liste over nettverkene.")]


class Registry(Model):
    """A national (quality) registry relevant to a diagnosis."""

    navn: Annotated[Text, Field(description="Registerets navn, f.eks. «Norsk register for ...».")]
    nettside: Annotated[HttpsUrl, Field(description="Registerets egen side, en fullstendig https://-adresse.")]
    kilde: Annotated[HttpsUrl, Field(description="Kilden for at registeret finnes og gjelder diagnosen, en fullstendig https://-adresse (gjerne registerets egen side).")]


# Reviewed facts (`fakta:`). Inheritance as editors write it, each with the Orphanet terms it stands
# for (to notice when Orphanet changes). The first group are Mendelian patterns; «vanligvis ikke
# arvet» (most cases arise anew) and «ikke arvelig» say the condition is (usually) not passed on.
ARVEGANG: dict[str, tuple[str, ...]] = {
    "autosomal dominant": ("Autosomal dominant",),
    "autosomal recessiv": ("Autosomal recessive",),
    "X-bundet dominant": ("X-linked dominant",),
    "X-bundet recessiv": ("X-linked recessive",),
    "X-bundet": ("X-linked dominant", "X-linked recessive"),
    "Y-bundet": ("Y-linked",),
    "semidominant": ("Semi-dominant",),
    "mitokondriell": ("Mitochondrial inheritance",),
    "multifaktoriell": ("Multigenic/multifactorial",),
    "oligogen": ("Oligogenic",),
    "vanligvis ikke arvet": (),
    "ikke arvelig": ("Not applicable",),
}
MENDELIAN = frozenset({"autosomal dominant", "autosomal recessiv", "X-bundet dominant", "X-bundet recessiv", "X-bundet", "Y-bundet", "semidominant", "mitokondriell"})
NOT_INHERITED = frozenset({"vanligvis ikke arvet", "ikke arvelig"})
DEBUT = ("medfødt", "før fødselen", "nyfødtperioden", "spedbarnsalder", "barndom", "ungdomstid", "voksen alder", "eldre alder", "alle aldre")
_SPELLINGS = [(r"\bautosomalt\b", "autosomal"), (r"\brecessivt\b", "recessiv"), (r"\brecessive\b", "recessiv"), (r"\bdominante?\b|\bdominant\b", "dominant"),
              (r"\bx-linked\b|\bx-bundne?t?\b", "x-bundet"), (r"\by-linked\b", "y-bundet"), (r"\bmitokondriell arv\b|mitochondrial inheritance", "mitokondriell")]


def canonical_inheritance(value: str) -> str | None:
    """An inheritance as an editor may spell it («autosomalt recessivt», «Autosomal recessive») as
    the term `ARVEGANG` uses, or None when it is none of them."""
    key = re.sub(r"\s+", " ", value.strip().lower())
    for pattern, replacement in _SPELLINGS:
        key = re.sub(pattern, replacement, key)
    return next((term for term in ARVEGANG if term.lower() == key), None)


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


def _inheritance(value: object) -> object:
    items = _one_or_many(value)
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        term = canonical_inheritance(item) if isinstance(item, str) else None
        if term is None:
            raise ValueError("fakta_arvegang")
        out.append(term)
    if len(set(out)) != len(out):
        raise ValueError("fakta_duplicate")
    return out


def _onset(value: object) -> object:
    items = _one_or_many(value)
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        term = next((d for d in DEBUT if isinstance(item, str) and d == item.strip().lower()), None)
        if term is None:
            raise ValueError("fakta_debut")
        out.append(term)
    return out


def _reviewed(value: object) -> object:
    # `sjelden new diagnosis` writes `gjennomgått:` empty: a proposal from Orphanet, not yet reviewed.
    if value is None or (isinstance(value, str) and value.strip().lower() in {"", "forslag"}):
        raise ValueError("fakta_proposal")
    return value


GeneSymbol = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9@._:-]*$", max_length=40)]

messages({
    "fakta_arvegang": "ukjent arvegang; bruk en eller flere av " + ", ".join(ARVEGANG),
    "fakta_debut": "ukjent debut; bruk en eller flere av " + ", ".join(DEBUT),
    "fakta_duplicate": "samme verdi står flere ganger; fjern duplikatet",
    "fakta_proposal": (
        "gjennomgått", "faktaene er et forslag fra Orphanet og er ikke gjennomgått; sjekk gener, arvegang, debut og forekomst "
        "mot sidens tekst og kildene, og skriv datoen du gjorde det (ÅÅÅÅ-MM-DD)"
    ),
    "fakta_genes_twice": ("gener", "samme gen står flere ganger; fjern duplikatet"),
})


class Forekomst(Model):
    """How common the diagnosis is, as the editors confirmed it."""

    verdi: Annotated[Text, Field(description="Tallet, f.eks. «1–5 per 10 000» eller «1 av 3 500».")]
    gjelder: Literal["har diagnosen", "ved fødsel", "nye tilfeller per år"] = Field(description="Hva tallet teller: «har diagnosen» (antall som har diagnosen), «ved fødsel» (antall av dem som blir født) eller «nye tilfeller per år».")
    område: Annotated[Text, Field(description="Området tallet gjelder, f.eks. «Europa», «hele verden» eller «Norge».")]
    kilde: Annotated[Text, Field(description="Hvor tallet kommer fra, f.eks. «Orphanet» eller en studie (forfatter, år, PMID eller https://-adresse).")]

    FIELD_HELP: ClassVar[dict[str, str]] = {"verdi": "f.eks. «1–5 per 10 000»", "gjelder": "har diagnosen, ved fødsel eller nye tilfeller per år", "område": "f.eks. Europa", "kilde": "f.eks. Orphanet"}


class OrphanetSeen(Model):
    """What Orphanet said when the editors reviewed the facts: `sjelden check` warns when it changes."""

    utgave: Annotated[str, Field(pattern=r"^\d{4}-\d{2}$", description="Orphanet-utgaven faktaene ble sjekket mot, f.eks. \"2025-12\" (med anførselstegn).")]
    gener: list[GeneSymbol] = Field([], description="Genene Orphanet oppga som årsak (sykdomsgivende) i den utgaven, i alfabetisk rekkefølge. Fylles ut av «sjelden new diagnosis».")
    arvegang: list[Text] = Field([], description="Arvegangen Orphanet oppga i den utgaven, på engelsk slik Orphanet skriver den (f.eks. «Autosomal dominant»).")
    forekomst: Text | None = Field(None, description="Forekomstklassen faktaboksen ville vist fra Orphanet i den utgaven, f.eks. «1-5 / 10 000».")

    FIELD_HELP: ClassVar[dict[str, str]] = {"utgave": "Orphanet-utgaven, f.eks. \"2025-12\""}


class Fakta(Model):
    """The facts of a diagnosis page its editors have checked: the only facts its fact box shows."""

    gener: list[GeneSymbol] = Field([], description="Genene som gir diagnosen, i den rekkefølgen redaksjonen vil vise dem (den vanligste årsaken først), f.eks. [PTPN11, SOS1, RAF1]. Tomt eller utelatt når ingen enkeltgener er årsaken (f.eks. ved delesjoner av flere gener); skriv da hvorfor i en kommentar.")
    gener_merknad: Text | None = Field(None, description="Kort merknad som vises etter genene, f.eks. «hos de fleste; sjeldnere andre gener». Valgfritt.")
    arvegang: Annotated[list[str], BeforeValidator(_inheritance), Field(description="Arvegangen, én eller flere av: " + ", ".join(ARVEGANG) + ". «vanligvis ikke arvet» betyr at tilstanden som regel oppstår på nytt.")] = []
    debut: Annotated[list[str], BeforeValidator(_onset), Field(description="Når tegnene vanligvis viser seg, én eller flere av: " + ", ".join(DEBUT) + ".")] = []
    forekomst: Forekomst | None = Field(None, description="Forekomsten med verdi, gjelder, område og kilde. Utelat den hvis ingen kilde kan bekrefte et tall.")
    gjennomgått: Annotated[IsoDate, BeforeValidator(_reviewed), Field(description="Datoen redaksjonen sjekket faktaene mot sidens tekst og kildene, ÅÅÅÅ-MM-DD. Tom betyr forslag fra Orphanet som ennå ikke er gjennomgått; «sjelden check» avviser siden til datoen er fylt inn.")]
    orphanet: OrphanetSeen | None = Field(None, description="Hva Orphanet oppga da faktaene ble gjennomgått (utgave, gener, arvegang, forekomst); «sjelden check» varsler når en nyere utgave sier noe annet. Lages av «sjelden new diagnosis»; mangler den, varsler «sjelden check», og «sjelden report fakta» viser blokken.")

    FIELD_HELP: ClassVar[dict[str, str]] = {"gjennomgått": "dato, ÅÅÅÅ-MM-DD", "orphanet": "utgave, gener, arvegang og forekomst fra Orphanet; lages av «sjelden new diagnosis»"}

    @field_validator("gener")
    @classmethod
    def _unique_genes(cls, genes: list[str]) -> list[str]:
        if len(set(genes)) != len(genes):
            raise ValueError("fakta_duplicate")
        return genes


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
    pasientforening: list[Link] | Link = Field([], description="Pasientforeningen(e), med navn og eventuelt nettside: ett oppslag {navn: ..., nettside: https://...} eller en liste med flere. Vises under «Hvor kan jeg få hjelp?». Valgfritt.")
    ern: list[Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]] = Field([], description="Id-ene til de europeiske referansenettverkene (ERN) for diagnosen, fra data/ern.yml, f.eks. [vascern]. Vises under «Hvor kan jeg få hjelp?». Valgfritt.")
    registre: list[Registry] = Field([], description="Nasjonale registre for diagnosen, hvert med navn, nettside og kilde. Bare registre du vet finnes. Valgfritt.")
    forfattere: Annotated[list[Text], Field(min_length=1, description="Navnene på dem som har skrevet teksten; minst ett navn.")]
    fagkyndig: Text | None = Field(None, description="Fagpersonen som har lest og godkjent teksten. Valgfritt.")
    publisert: Annotated[IsoDate, Field(description="Datoen siden først ble publisert, ÅÅÅÅ-MM-DD.")]
    sist_revidert: Annotated[IsoDate, Field(description="Datoen teksten sist ble gått gjennom, ÅÅÅÅ-MM-DD; vises som «Sist revidert» på siden. Kan ikke være før publisert.")]
    neste_revisjon: Annotated[IsoDate, Field(description="Datoen teksten skal gås gjennom igjen, ÅÅÅÅ-MM-DD; må være etter sist_revidert. «sjelden check» varsler når datoen er passert.")]
    endringer: list[Endring] = Field([], description=ENDRINGER_DESCRIPTION)
    eksempeltekst: bool = Field(False, description="true for eksempeltekster som ikke er fagfellevurdert; siden får da en tydelig merknad.")
    beskrivelse: Text | None = Field(None, description="Kort beskrivelse (under 160 tegn) for søkemotorer og deling. Valgfritt; ellers brukes starten av «Kort om diagnosen».")
    fakta: Fakta | None = Field(None, description="Faktaene redaksjonen har gjennomgått (gener, arvegang, debut, forekomst, gjennomgått og Orphanet-utgaven de ble sjekket mot). Faktaboksen viser bare disse; uten fakta viser den Orphanets data merket «ikke gjennomgått av redaksjonen».")

    FIELD_HELP: ClassVar[dict[str, str]] = FIELD_HELP

    @property
    def organisations(self) -> list[Link]:
        """The patient organisations, one or several as the editor wrote them."""
        return self.pasientforening if isinstance(self.pasientforening, list) else [self.pasientforening]

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
    erns: list[Ern] = field(default_factory=list)

    @property
    def centre_source(self) -> CentreDiagnosis | None:
        """The entry on the centre's list that names this diagnosis (with its source)."""
        return self.centre.assignment(self.codes) if self.centre is not None else None

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)

    @property
    def url(self) -> str:
        return routes.diagnosis(self.slug)

    @property
    def codes(self) -> list[OrphaCode]:
        return list(self.meta.orpha)


@dataclass(frozen=True)
class DiagnosesPart:
    """The diagnoses kind's part of the site: centres, networks and authored pages, joined with Orphanet."""

    centres: dict[str, Centre]
    diagnoses: list[Diagnosis]  # by slug
    by_code: dict[OrphaCode, Diagnosis]  # which authored page covers an ORPHA code
    members: dict[OrphaCode, list[OrphaCode]]  # group → active children
    erns: dict[str, Ern]
