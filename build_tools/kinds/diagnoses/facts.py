"""Guards on reviewed facts (`fakta:`): against the page's own text, and against a newer Orphanet.

`fact_problems` finds contradictions between an authored page's `fakta:` and its text (errors:
the fact box and the text would tell the reader two things).
`drift` compares `fakta:` and what Orphanet said when the editors reviewed it (`fakta.orphanet`)
with the current snapshot: a reviewed gene no longer listed, a new disease-causing gene, a changed
inheritance or prevalence class (warnings; `sjelden report fakta` lists them all).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from build_tools.core import vocab
from build_tools.core.checks import COMMENT_RE
from build_tools.core.errors import Problem
from build_tools.core.read import LineDict
from build_tools.core.validate import line_of
from build_tools.kinds.catalogue.facts import causal_genes, chosen_prevalences, known
from build_tools.kinds.diagnoses.model import ARVEGANG, DEBUT, MENDELIAN, NOT_INHERITED, Diagnosis, Fakta
from build_tools.orphanet.model import OrphaData, OrphaEntity

# Sections whose text is not the page's own account of the diagnosis (titles of references).
_NOT_PROSE = {"Kilder", "Mer informasjon"}
_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]?")

# An inheritance named in the text, and the `fakta.arvegang` terms that agree with it.
_PATTERNS: list[tuple[re.Pattern[str], str, frozenset[str]]] = [
    (re.compile(r"\bautosomal(?:t)?\s+dominant\w*", re.I), "autosomal dominant", frozenset({"autosomal dominant"})),
    (re.compile(r"\bautosomal(?:t)?\s+recessiv\w*", re.I), "autosomal recessiv", frozenset({"autosomal recessiv"})),
    (re.compile(r"\bX-bundet\s+dominant\w*", re.I), "X-bundet dominant", frozenset({"X-bundet dominant", "X-bundet"})),
    (re.compile(r"\bX-bundet\s+recessiv\w*", re.I), "X-bundet recessiv", frozenset({"X-bundet recessiv", "X-bundet"})),
    (re.compile(r"\bX-bundet\b(?!\s+(?:dominant|recessiv))", re.I), "X-bundet", frozenset({"X-bundet dominant", "X-bundet recessiv", "X-bundet"})),
    (re.compile(r"\bY-bundet\w*", re.I), "Y-bundet", frozenset({"Y-bundet"})),
    (re.compile(r"\bmitokondriel(?:l|t)\s+arv\w*|\barves\s+mitokondrielt", re.I), "mitokondriell", frozenset({"mitokondriell"})),
    # A gene on the X chromosome, or inheritance that follows it: X-linked (not Turner's missing X).
    (re.compile(r"\bgen(?:et)?\s+\S+\s+på\s+X-kromosomet|-genet\s+på\s+X-kromosomet|\barv\w*\s+følger\s+X-kromosomet", re.I), "X-bundet",
     frozenset({"X-bundet dominant", "X-bundet recessiv", "X-bundet"})),
    # A risk for each child: 25 per cent is recessive, 50 per cent dominant (or X-linked, for sons).
    (re.compile(r"\b25\s*(?:prosent|%)", re.I), "recessiv arv (25 prosent)", frozenset({"autosomal recessiv", "X-bundet recessiv", "X-bundet"})),
    (re.compile(r"\b50\s*(?:prosent|%)", re.I), "dominant eller X-bundet arv (50 prosent)",
     frozenset({"autosomal dominant", "X-bundet dominant", "X-bundet recessiv", "X-bundet", "semidominant"})),
]
_NEGATED_RE = re.compile(r"\bikke\s+(?:\S+\s+){0,2}$", re.I)
# «ikke arvelig», «er ikke arvet», «arves vanligvis ikke», «sjelden arvet»: the text says it is (usually) not passed on.
# «som regel nyoppstått», «Oftest har endringen oppstått tilfeldig», «de fleste har en nyoppstått genendring»: most cases arise anew.
_NOT_INHERITED_RE = re.compile(
    r"\bikke\s+(?:arvelig|arvet)\b|\barves\s+(?:\w+\s+)?ikke\b|\bsjelden\s+arvet\b|\bikke\s+(?:en\s+)?arvelig\b"
    r"|\b(?:som\s+regel|vanligvis|oftest|nesten\s+alltid|de\s+fleste\s+har\s+en)\s+(?:\w+\s+){0,2}(?:ny)?oppstått",
    re.I,
)
_INHERITED_RE = re.compile(r"(?<!ikke )\barvelige?\b", re.I)
# «De har ikke arvet den», «Da har de ikke arvet den»: a person (those with a new change) has not
# inherited it, which says nothing of how the condition is usually passed on.
_PERSON_NOT_INHERITED_RE = re.compile(r"\bhar\s+(?:\w+\s+){0,2}ikke\s+arvet\b", re.I)


def _says_not_inherited(sentence: str) -> bool:
    persons = [p.span() for p in _PERSON_NOT_INHERITED_RE.finditer(sentence)]
    return any(not any(a <= m.start() and m.end() <= b for a, b in persons) for m in _NOT_INHERITED_RE.finditer(sentence))
# «kan en sjelden gang være arvet», «gi det videre», «arves»: it can be passed on (against «ikke arvelig»).
_PASSED_ON_RE = re.compile(r"\bkan\s+(?:\w+\s+){0,4}arvet?\b|\bgi\s+(?:det|den|tilstanden|syndromet|sykdommen)\s+videre\b|\barves\b(?!\s+(?:\w+\s+)?ikke)", re.I)
# A sentence that names a cause: «skyldes en endring i genet FGFR3», «en endring i genet COL1A1».
_CAUSE_RE = re.compile(r"\bskyldes\b|\bforårsake[rs]\b|\bårsaken\b|\bgir\s+(?:sykdommen|tilstanden|syndromet)\b|\bendring(?:er)?\s+i\s+(?:begge\s+kopiene\s+av\s+)?(?:genet|\S+-genet)|\bmutasjon|\bvariant(?:er)?\s+i\b|\bkopiene\s+av\s+genet\b|\bgenet\s+\S+\s+(?:er\s+)?endret\b", re.I)
_SYMBOL_RE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*[0-9A-Z]@?)(?:-gen\w*)?(?![\w@])")


# A prevalence figure in prose: «1–5 per 10 000», «1 til 9 per 100 000», «1/10 000», «under 1 per
# 1 000 000», «1 av 2 500». Denominators under 100 («1 av 4») are risks, not prevalences.
_NUMBER = r"\d{1,3}(?:[ \u00a0.]\d{3})+|\d+"
FIGURE_RE = re.compile(
    rf"(?:(?P<sign>\b(?:under|over|mindre enn|færre enn|flere enn)\b|[<>])\s*)?(?<![\d,.])(?P<low>\d+(?:,\d+)?)(?:\s*(?:–|-|til)\s*(?P<high>\d+(?:,\d+)?))?"
    rf"\s*(?:per|pr\.?|/|av|:)\s*(?P<per>{_NUMBER})(?!\d)",
    re.IGNORECASE,
)


def figure_interval(sign: str, low: str, high: str | None, per: str) -> tuple[float, float] | None:
    denominator = int(re.sub(r"\D", "", per))
    if denominator < 100:
        return None
    a, b = float(low.replace(",", ".")) / denominator, float((high or low).replace(",", ".")) / denominator
    sign = sign.lower()
    if sign in {"under", "mindre enn", "færre enn", "<"}:
        return 0.0, a
    if sign in {"over", "flere enn", ">"}:
        return a, float("inf")
    return a, b


def prevalence_figure(text: str) -> tuple[float, float] | None:
    """The first prevalence figure in `text` («1–5 per 10 000») as an interval of shares, or None."""
    m = FIGURE_RE.search(text)
    return figure_interval(m.group("sign") or "", m.group("low"), m.group("high"), m.group("per")) if m else None


def _prose(d: Diagnosis) -> Iterator[tuple[int, str]]:
    """The sentences of the page's own account, with line numbers: outside code, comments and the reference sections."""
    skip = False
    fenced = False
    for index, line in enumerate(d.doc.body.split("\n")):
        if line.startswith("## "):
            skip = line[3:].split("{")[0].strip() in _NOT_PROSE
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or skip:
            continue
        for sentence in _SENTENCE_RE.findall(COMMENT_RE.sub("", line)):
            yield d.doc.body_line + index, sentence


def _line(d: Diagnosis, *path: str) -> int:
    data = d.doc.data
    return line_of(data, ("fakta", *path), d.doc.meta_line) if isinstance(data, LineDict) else d.doc.meta_line


def _quote(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= 90 else text[:87] + "…"


def _terms(terms: list[str]) -> str:
    return ", ".join(f"«{t}»" for t in terms) or "tom"


def gene_symbols_of(orpha: OrphaData) -> frozenset[str]:
    """Every gene symbol the release names, for telling a gene in the text from other capitals (CF, DNA)."""
    return frozenset(g.symbol for e in orpha.entities.values() for g in e.genes)


def text_problems(d: Diagnosis, fakta: Fakta, symbols: frozenset[str]) -> list[Problem]:
    """Where `fakta:` and the page's own text say different things (errors)."""
    problems: list[Problem] = []
    display = d.doc.display
    said = set(fakta.arvegang)
    mendelian = said & MENDELIAN
    named_genes: dict[str, tuple[int, str]] = {}
    for line, sentence in _prose(d):
        if said:
            for pattern, name, agree in _PATTERNS:
                for m in pattern.finditer(sentence):
                    if _NEGATED_RE.search(sentence[: m.start()]) or said & agree:
                        continue
                    problems.append(Problem(display, _line(d, "arvegang"), "fakta.arvegang", (
                        f"teksten på linje {line} sier «{m.group()}» («{_quote(sentence)}»), men arvegang er {_terms(fakta.arvegang)}; "
                        f"legg «{name}» til i arvegang eller rett teksten, slik at faktaboksen og teksten sier det samme"
                    )))
            if _says_not_inherited(sentence) and mendelian and not said & NOT_INHERITED:
                problems.append(Problem(display, _line(d, "arvegang"), "fakta.arvegang", (
                    f"teksten på linje {line} sier at tilstanden som regel ikke arves, men oppstår på nytt («{_quote(sentence)}»), men arvegang er {_terms(fakta.arvegang)}; "
                    "legg til «vanligvis ikke arvet» (eller «ikke arvelig») i arvegang, eller rett teksten"
                )))
            if said == {"ikke arvelig"} and _PASSED_ON_RE.search(sentence):
                problems.append(Problem(display, _line(d, "arvegang"), "fakta.arvegang", (
                    f"teksten på linje {line} sier at tilstanden kan arves («{_quote(sentence)}»), men arvegang er «ikke arvelig»; "
                    "skriv «vanligvis ikke arvet» (og arvegangen når den arves), eller rett teksten"
                )))
            elif said and said <= NOT_INHERITED and _INHERITED_RE.search(sentence) and not _NOT_INHERITED_RE.search(sentence):
                problems.append(Problem(display, _line(d, "arvegang"), "fakta.arvegang", (
                    f"teksten på linje {line} sier at tilstanden er arvelig («{_quote(sentence)}»), men arvegang er {_terms(fakta.arvegang)}; "
                    "rett arvegang eller teksten"
                )))
        if _CAUSE_RE.search(sentence):
            for m in _SYMBOL_RE.finditer(sentence):
                symbol = m.group(1)
                if symbol in symbols and symbol not in fakta.gener:
                    named_genes.setdefault(symbol, (line, sentence))
    for symbol, (line, sentence) in named_genes.items():
        where = ("gener", ) if fakta.gener else ()
        problems.append(Problem(display, _line(d, *where), "fakta.gener", (
            f"teksten på linje {line} nevner genet {symbol} som årsak («{_quote(sentence)}»), men det står ikke i gener; "
            "legg det til i gener, eller skriv teksten slik at den ikke sier at genet er årsaken"
        )))
    return problems


def fact_problems(diagnoses: list[Diagnosis], orpha: OrphaData) -> list[Problem]:
    """Every reviewed page's facts against its own text, and a prevalence without a figure."""
    symbols = gene_symbols_of(orpha)
    problems: list[Problem] = []
    for d in diagnoses:
        fakta = d.meta.fakta
        if fakta is None:
            continue
        if fakta.forekomst is not None and prevalence_figure(fakta.forekomst.verdi) is None:
            problems.append(Problem(d.doc.display, _line(d, "forekomst", "verdi"), "fakta.forekomst.verdi", (
                f"finner ikke et tall i «{fakta.forekomst.verdi}»; skriv det som «1–5 per 10 000» eller «1 av 3 500»"
            )))
        problems += text_problems(d, fakta, symbols)
    return problems


# What Orphanet says now, in the terms `fakta.orphanet` records.

def causal_now(entities: list[OrphaEntity]) -> list[str]:
    """The genes Orphanet marks as disease-causing for the entities or their subtypes, alphabetically."""
    return sorted({g.symbol for e in entities for g in (*e.genes, *e.subtype_genes) if g.causal})


def listed_now(entities: list[OrphaEntity]) -> set[str]:
    return {g.symbol for e in entities for g in (*e.genes, *e.subtype_genes)}


def inheritance_now(entities: list[OrphaEntity]) -> list[str]:
    return list(dict.fromkeys(x for e in entities for x in e.inheritance))


def prevalence_now(entities: list[OrphaEntity]) -> str | None:
    """The class of the figure the unreviewed fact box would show (one per entity, «; » between)."""
    classes = [p[0].prevalence_class for e in entities if (p := chosen_prevalences(e))]
    return "; ".join(classes) or None


@dataclass(frozen=True, slots=True)
class Drift:
    """One way the current Orphanet snapshot differs from what a page's editors reviewed."""

    page: str  # the file, e.g. diagnoses/marfans-syndrom/index.md
    line: int
    title: str
    field: str  # fakta.gener, fakta.arvegang, fakta.forekomst
    difference: str  # in Norwegian, for the editor
    reviewed: date
    release: str  # the release the facts were checked against

    def problem(self, current: str) -> Problem:
        return Problem(self.page, self.line, self.field, (
            f"{self.difference} (faktaene ble gjennomgått {self.reviewed.isoformat()} mot Orphanet {self.release}, nå {current}); "
            "sjekk faktaene og teksten, oppdater fakta (også fakta.orphanet) og sett ny dato i gjennomgått"
        ), severity="warning")


def drift(d: Diagnosis) -> list[Drift]:
    """How the current snapshot differs from what the editors of `d` reviewed (nothing when it does not)."""
    fakta = d.meta.fakta
    if fakta is None or not d.entities:
        return []
    seen = fakta.orphanet
    out: list[Drift] = []

    def add(path: str, difference: str) -> None:
        field = f"fakta.{path}" if path else "fakta"
        out.append(Drift(d.doc.display, _line(d, *path.split(".")) if path else _line(d), d.meta.tittel, field, difference, fakta.gjennomgått, seen.utgave if seen else "(ukjent utgave)"))

    causal, listed = causal_now(d.entities), listed_now(d.entities)
    if seen is None:
        # Without a record of what Orphanet said, only a reviewed gene that Orphanet no longer lists can be seen.
        for gene in fakta.gener:
            if gene not in listed:
                add("gener", f"Orphanet oppgir ikke lenger genet {gene} for diagnosen")
        add("", "fakta.orphanet mangler, så sjelden check kan ikke se hva Orphanet har endret siden gjennomgangen; "
                "skriv inn blokken «sjelden report fakta» viser")
        return out
    for gene in dict.fromkeys([*fakta.gener, *seen.gener]):
        if gene not in listed and gene not in seen.gener:
            add("gener", f"Orphanet oppgir ikke genet {gene} for diagnosen, og gjorde det heller ikke ved gjennomgangen; sjekk stavemåten og kilden")
        elif gene not in listed:
            add("gener" if gene in fakta.gener else "orphanet.gener", f"Orphanet oppgir ikke lenger genet {gene} for diagnosen")
        elif gene in seen.gener and gene not in causal:
            add("gener" if gene in fakta.gener else "orphanet.gener", f"Orphanet oppgir ikke lenger genet {gene} som årsak til diagnosen")
    for gene in causal:
        if gene not in seen.gener:
            add("gener", f"Orphanet oppgir nå også genet {gene} som årsak til diagnosen")
    now = inheritance_now(d.entities)
    if set(now) != set(seen.arvegang):
        def nb(values: list[str]) -> str:
            return _terms([vocab.translate(vocab.INHERITANCE, v) for v in values])

        add("arvegang", f"Orphanet oppgir nå arvegangen {nb(now)}, ved gjennomgangen {nb(list(seen.arvegang))}")
    prevalence = prevalence_now(d.entities)
    if prevalence != seen.forekomst:
        add("forekomst" if fakta.forekomst is not None else "orphanet.forekomst",
            f"Orphanet plasserer nå forekomsten i klassen «{prevalence or 'ingen'}», ved gjennomgangen «{seen.forekomst or 'ingen'}»")
    return out


def drift_warnings(diagnoses: list[Diagnosis], release: str) -> list[Problem]:
    return [item.problem(release) for d in diagnoses for item in drift(d)]


def report_rows(diagnoses: list[Diagnosis]) -> list[Drift]:
    """Every difference on every page, by file; for `sjelden report fakta`."""
    return sorted((item for d in diagnoses for item in drift(d)), key=lambda i: (i.page, i.line, i.difference))


def unreviewed(diagnoses: list[Diagnosis]) -> list[Diagnosis]:
    """Pages without `fakta:`: their fact boxes show Orphanet's data, not reviewed."""
    return sorted((d for d in diagnoses if d.meta.fakta is None), key=lambda d: d.doc.display)


def current_orphanet(d: Diagnosis, release: str) -> list[str]:
    """What `fakta.orphanet` would say for the current snapshot, as YAML lines to paste after a review."""
    lines = ["orphanet:", f"  utgave: {_y(release)}", f"  gener: {_flow(causal_now(d.entities))}", f"  arvegang: {_flow(inheritance_now(d.entities))}"]
    prevalence = prevalence_now(d.entities)
    return lines + ([f"  forekomst: {_y(prevalence)}"] if prevalence is not None else [])


def report_text(diagnoses: list[Diagnosis], release: str) -> str:
    out = [f"Faktabokser mot Orphanet {release}"]
    changed = [(d, items) for d in sorted(diagnoses, key=lambda d: d.doc.display) if (items := sorted(drift(d), key=lambda i: (i.line, i.difference)))]
    if not changed:
        out.append("Ingen forskjeller: Orphanet sier det samme som da faktaene ble gjennomgått.")
    for d, items in changed:
        first = items[0]
        out += ["", f"{first.title} ({first.page}), gjennomgått {first.reviewed.isoformat()} mot Orphanet {first.release}:"]
        out += [f"  {i.page}:{i.line}: {i.field}: {i.difference}" for i in items]
        out += ["  Etter gjennomgangen: sett ny dato i fakta.gjennomgått, og skriv dette i fakta:"]
        out += [f"    {line}" for line in current_orphanet(d, release)]
    missing = unreviewed(diagnoses)
    if missing:
        out += ["", f"Uten fakta (faktaboksen viser Orphanets data, ikke gjennomgått): {len(missing)}"]
        out += [f"  {d.doc.display}" for d in missing]
    out += ["", f"{len(changed)} av {len(diagnoses)} diagnosesider har forskjeller; {len(missing)} mangler fakta."]
    return "\n".join(out) + "\n"


def report_csv(diagnoses: list[Diagnosis], release: str) -> str:
    """The same rows as CSV (UTF-8, comma-separated, one header row), for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["fil", "linje", "tittel", "felt", "forskjell", "gjennomgått", "sjekket_mot", "orphanet_nå"])
    for row in report_rows(diagnoses):
        writer.writerow([row.page, row.line, _safe(row.title), row.field, row.difference, row.reviewed.isoformat(), row.release, release])
    for d in unreviewed(diagnoses):
        writer.writerow([d.doc.display, d.doc.meta_line, _safe(d.meta.tittel), "fakta", "mangler fakta; faktaboksen viser Orphanets data, ikke gjennomgått", "", "", release])
    return buffer.getvalue()


def _safe(text: str) -> str:
    # A title that starts like a formula is not run by a spreadsheet.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


# `sjelden new diagnosis`: the facts Orphanet gives, as a proposal the editors must review.
_COUNTS = {"Point prevalence": "har diagnosen", "Prevalence at birth": "ved fødsel", "Annual incidence": "nye tilfeller per år"}


def _y(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_y(v) for v in values) + "]"


def proposal_lines(entity: OrphaEntity, release: str) -> list[str]:
    """Front matter lines for `fakta:` pre-filled from Orphanet, with `gjennomgått:` empty: a
    proposal that `sjelden check` rejects until an editor has reviewed it and filled in the date."""
    entities = [entity]
    genes = [s for s, _ in causal_genes(entity)]
    inheritance = [term for x in known(entity.inheritance) for term, orphanet in ARVEGANG.items() if orphanet == (x,)]
    onsets = [vocab.translate(vocab.ONSET, x) for x in vocab.onset_order(tuple(known(entity.onsets)))]
    chosen = chosen_prevalences(entity)
    lines = [
        f"# Fakta: FORSLAG fra Orphanet ({release}). Sjekk hver verdi mot teksten du skriver og mot kildene; rett eller",
        "# fjern det som ikke stemmer (skriv hvorfor i en kommentar), og fyll så inn «gjennomgått». «sjelden check»",
        "# avviser siden til da. Faktaboksen viser bare det som står her.",
        "fakta:",
        f"  gener: {_flow(genes)}  # genene Orphanet sier gir diagnosen; sett den vanligste årsaken først, ta bort dem teksten ikke støtter",
        f"  arvegang: {_flow(inheritance)}  # " + ", ".join(ARVEGANG),
        f"  debut: {_flow([o for o in onsets if o in DEBUT])}  # " + ", ".join(DEBUT),
    ]
    main = chosen[0] if chosen else None
    if main is not None and main.kind in _COUNTS:
        lines += [
            "  forekomst:",
            f"    verdi: {_y(vocab.prevalence_class(main.prevalence_class))}",
            f"    gjelder: {_y(_COUNTS[main.kind])}  # har diagnosen, ved fødsel eller nye tilfeller per år",
            f"    område: {_y(vocab.translate(vocab.GEOGRAPHIC, main.geographic))}",
            f"    kilde: {_y('Orphanet ' + release)}",
        ]
    else:
        lines.append("  # forekomst: Orphanet har ingen forekomstklasse; legg til verdi, gjelder, område og kilde hvis en kilde har et tall")
    lines += [
        "  gjennomgått:  # tom: forslag, ikke gjennomgått; skriv datoen du sjekket faktaene (ÅÅÅÅ-MM-DD)",
        "  orphanet:  # hva Orphanet oppga; «sjelden check» varsler når en ny utgave sier noe annet (endre ikke for hånd)",
        f"    utgave: {_y(release)}",
        f"    gener: {_flow(causal_now(entities))}",
        f"    arvegang: {_flow(inheritance_now(entities))}",
    ]
    prevalence = prevalence_now(entities)
    if prevalence is not None:
        lines.append(f"    forekomst: {_y(prevalence)}")
    return lines
