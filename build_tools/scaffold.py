"""Scaffolding: new content files that start out right (`sjelden new diagnosis|course|summary`).

Takes what the editor knows (an ORPHA code, a slug) and the project's data, returns the text of a new
file and where it goes; `write_new` refuses to overwrite anything. A diagnosis page gets its front
matter from Orphanet (the English name and synonyms as hints in comments, the code, and the centre only
where data/centres.yml lists the code under exactly one centre: never guessed from another page) and the section template with a guidance
comment in each section. `sjelden check` reports a scaffold until its sections are written.
Courses and summaries are scaffolded from their models (`schemas.KINDS`), so new fields appear here
without changes to this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel

from build_tools.core.errors import ContentError, Problem
from build_tools.core.validate import SLUG_RE
from build_tools.kinds.diagnoses.checks import read_pages
from build_tools.kinds.diagnoses.facts import proposal_lines
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS
from build_tools.kinds.kind import ContentKind
from build_tools.orphanet.model import OrphaCode, OrphaData
from build_tools.orphanet.resolve import CodeProblem, resolve

REVIEW_YEARS = 3  # how far ahead a new page's first review is set

# One short instruction per section of the diagnosis template; kept in the page as an HTML comment.
SECTION_GUIDANCE = {
    "Kort om diagnosen": "2–4 setninger på klarspråk: hva diagnosen er og hvem den rammer. Teksten blir også sidens beskrivelse i søk.",
    "Forekomst": "Hvor mange som har diagnosen. Faktaboksen viser fakta.forekomst i front matter; nevner du et tall, bruk det samme (se «Forekomst i faktaboksen» i redaktørveiledningen).",
    "Årsak og arvegang": "Hva som gir diagnosen (gen, kromosom, ukjent) og hvordan den arves, forklart uten fagord der det går.",
    "Symptomer": "De vanligste kjennetegnene og hvor mye de varierer. Vanlige kjennetegn fra Orphanet vises automatisk under teksten.",
    "Diagnostikk": "Hvordan diagnosen stilles: undersøkelser, gentest, hvem som henviser.",
    "Behandling og oppfølging": "Behandling og oppfølging gjennom livet, og hvilke fagfolk som er involvert.",
    "Å leve med diagnosen": "Hverdag, skole, arbeid, familie og rettigheter; hva pasienter og pårørende selv kan gjøre.",
    "Tilbud i Norge": "Kompetansesenteret, habilitering og kurs. Skriv bare det senteret selv sier om kontakt og henvisning (se kontakt i data/centres.yml); kontaktinformasjon, pasientforening og ERN vises automatisk. Valgfritt: et eget avsnitt «## Til kommunen» rett etter dette, om tjenester i kommunen.",
    "Mer informasjon": "Lenker til pasientforeninger og pålitelige kilder, som en punktliste: - [Navn](https://...).",
    "Kilder": "Kildene teksten bygger på, som en punktliste.",
}


@dataclass(frozen=True)
class NewFile:
    path: Path
    display: str
    text: str


def slugify(text: str) -> str:
    """A folder name from a title: «Marfans syndrom» → marfans-syndrom (æ→ae, ø→o, å→a)."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(text: str) -> str:
    return " ".join(text.split())


def authored_codes(root: Path, content_dir: str) -> dict[OrphaCode, tuple[str, str]]:
    """ORPHA code → (page, centre) for every authored page whose front matter can be read."""

    out: dict[OrphaCode, tuple[str, str]] = {}
    for doc in read_pages(root / content_dir, root).values():
        data = doc.data if isinstance(doc.data, dict) else {}
        codes = data.get("orpha")
        senter = data.get("senter")
        for raw in codes if isinstance(codes, list) else [codes]:
            try:
                out[OrphaCode.parse(raw)] = (doc.display, senter if isinstance(senter, str) else "")  # type: ignore[arg-type]  # None raises TypeError
            except (ValueError, TypeError):
                continue
    return out


def listed_centres(code: OrphaCode, listed: dict[str, list[int]]) -> list[str]:
    """The centres whose list in data/centres.yml (`diagnoser:`) names the code: a sourced fact, not a guess."""
    return sorted(cid for cid, codes in listed.items() if code.value in codes)


def centre_line(code: OrphaCode, centre: str | None, listed: dict[str, list[int]], centres: set[str]) -> str:
    """The `senter:` line. Filled in only when the editor gave it or one centre lists the code in
    data/centres.yml; otherwise empty, with how to find the right one. A centre is never taken
    from another page: pages in the same Orphanet group often belong to different centres."""
    if centre:
        return f"senter: {centre}  # oppgitt med --senter"
    owners = listed_centres(code, listed)
    if len(owners) == 1:
        return f"senter: {owners[0]}  # {owners[0]} har {code} på sin liste i data/centres.yml"
    where = f"{code} står på listen til {' og '.join(owners)} i data/centres.yml; velg det som har ansvaret" if owners else (
        f"ingen senter har {code} på sin liste i data/centres.yml (under diagnoser:); finn senteret som har ansvaret på sentrenes egne nettsider, eller spør NKSD"
    )
    return f"senter: \"\"  # {where}. Gyldige id-er: {', '.join(sorted(centres))}"


def diagnosis(
    root: Path,
    orpha: OrphaData,
    code_text: str,
    centres: set[str],
    today: date,
    slug: str | None = None,
    title: str | None = None,
    centre: str | None = None,
    content_dir: str = "diagnoses",
    listed: dict[str, list[int]] | None = None,
) -> NewFile:
    """A new diagnosis page for an ORPHA code; `ContentError` when the code or the slug will not do."""
    where = "sjelden new diagnosis"
    try:
        code = OrphaCode.parse(code_text)
    except ValueError:
        raise ContentError([Problem(where, None, "--orpha", f"«{code_text}» er ikke en ORPHA-kode; skriv tallet, f.eks. 558 eller ORPHA:558")]) from None
    entity = resolve(orpha, code)
    if isinstance(entity, CodeProblem):
        raise ContentError([Problem(where, None, "--orpha", entity.message)])
    authored = authored_codes(root, content_dir)
    if code in authored:
        raise ContentError([Problem(where, None, "--orpha", f"{code} har allerede en side: {authored[code][0]}; rediger den i stedet")])
    slug = slug or slugify(title or entity.name)
    if not SLUG_RE.match(slug):
        raise ContentError([Problem(where, None, "--slug", f"«{slug}» er ikke et gyldig mappenavn; bruk små bokstaver a–z, tall og bindestrek (f.eks. marfans-syndrom)")])
    path = root / content_dir / slug / "index.md"
    display = f"{content_dir}/{slug}/index.md"
    if centre and centre not in centres:
        raise ContentError([Problem(where, None, "--senter", f"ukjent senter «{centre}» (se data/centres.yml); gyldige er {', '.join(sorted(centres))}")])
    senter = centre_line(code, centre, listed or {}, centres)
    next_review = today.replace(year=today.year + REVIEW_YEARS) if not (today.month == 2 and today.day == 29) else date(today.year + REVIEW_YEARS, 2, 28)

    hints = [
        f"# Ny diagnoseside, laget med «sjelden new diagnosis --orpha {code.value}» {today.isoformat()}.",
        f"# Orphanet ({orpha.release}): {code} «{_comment(entity.name)}».",
    ]
    if entity.synonyms:
        hints.append(f"# Engelske synonymer hos Orphanet: {_comment('; '.join(entity.synonyms))}.")
    if entity.icd10:
        hints.append(f"# ICD-10: {', '.join(m.code for m in entity.icd10)} (vises automatisk fra Orphanet; skriv dem ikke her).")
    hints.append("# Alle felt er forklart i redaktørveiledningen (docs/redaktor/felt.md). Linjer som begynner med # kan slettes.")
    lines = [
        "---",
        *hints,
        f"tittel: {_yaml_text(title or '')}  # norsk navn på diagnosen (engelsk: {_comment(entity.name)})",
        f"orpha: [{code.value}]",
        "synonymer: []  # norske synonymer og forkortelser, f.eks. [Marfan syndrom, MFS]",
        "folkelige_navn: []  # navn folk bruker i dagligtale, hvis noen",
        senter,
        f"# Senteret må ha diagnosen på sin liste, med kilde: i data/centres.yml, under {centre or '<senter>'}.diagnoser, legg til - {{orpha: {code.value}, kilde: https://...}} (senterets egen side om diagnosen).",
        "forfattere: []  # navn på den eller de som har skrevet teksten, f.eks. [Kari Nordmann]",
        "# fagkyndig: navn på fagpersonen som har lest teksten",
        "# pasientforening: {navn: Norsk Forening, nettside: https://...}  (én, eller en liste med flere)",
        "# ern: [vascern]  # europeiske referansenettverk for diagnosen, id-er fra data/ern.yml",
        "# registre: [{navn: ..., nettside: https://..., kilde: https://...}]  # nasjonale registre; bare registre du vet finnes",
        f"publisert: {today.isoformat()}",
        f"sist_revidert: {today.isoformat()}",
        f"neste_revisjon: {next_review.isoformat()}  # når teksten skal gås gjennom igjen",
        "# endringer: endringer leserne skal se under «Endringshistorikk», f.eks. [{dato: ÅÅÅÅ-MM-DD, tekst: Avsnittet om behandling er oppdatert.}]",
        *proposal_lines(entity, orpha.release),
        "---",
        "",
    ]
    for section in DIAGNOSIS_SECTIONS:
        lines += [f"## {section}", "", f"<!-- {SECTION_GUIDANCE[section]} -->", ""]
    return NewFile(path, display, "\n".join(lines))


def model_skeleton(model: type[BaseModel]) -> list[str]:
    """YAML lines for a pydantic model: required fields to fill in, optional ones commented out,
    each with its description as a comment."""
    out = []
    for name, info in model.model_fields.items():
        desc = _comment(info.description or "")
        if info.is_required():
            kind = str(info.annotation)
            value = "[]" if "list[" in kind else "false" if kind == "<class 'bool'>" else '""'
            out.append(f"{name}: {value}" + (f"  # {desc}" if desc else ""))
        else:
            out.append(f"# {name}:" + (f" {desc}" if desc else "") + " (valgfritt)")
    return out


def from_model(kind: ContentKind, slug: str, root: Path, today: date) -> NewFile:
    """A new file for a content kind registered in `schemas.KINDS` (courses, summaries)."""
    if not SLUG_RE.match(slug):
        raise ContentError([Problem(f"sjelden new {kind.command}", None, "--slug", f"«{slug}» er ikke et gyldig navn; bruk små bokstaver a–z, tall og bindestrek")])
    display = kind.new_path.format(slug=slug, year=today.year)
    header = [f"# Ny fil, laget med «sjelden new {kind.command}» {today.isoformat()}. Feltene er forklart i redaktørveiledningen."]
    fields = model_skeleton(kind.model)
    if kind.front_matter:
        lines = ["---", *header, *fields, "---", ""]
        for section in kind.sections:
            lines += [f"## {section}", "", "<!-- Skriv avsnittet her. -->", ""]
    else:
        lines = [*header, *fields, ""]
    return NewFile(root / display, display, "\n".join(lines))


def write_new(new: NewFile) -> None:
    """Write a scaffold; never overwrite."""
    if new.path.exists() or new.path.is_symlink():
        raise ContentError([Problem(new.display, None, None, "finnes allerede; velg et annet navn (--slug) eller rediger filen som er der")])
    new.path.parent.mkdir(parents=True, exist_ok=True)
    with new.path.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite in a race
        handle.write(new.text)
