"""Plain Norwegian (issue 24): how LIX is counted, the warning an editor sees, the report, the
example pages' figures, glossary words explained in place and jargon flagged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.core.lix import count, lix, prose_text
from build_tools.core.read import read_markdown
from build_tools.core.settings import settings_from_options
from build_tools.kinds.diagnoses.model import PROFESSIONAL_SECTIONS, REFERENCE_SECTIONS
from build_tools.kinds.glossary.annotate import annotate
from build_tools.kinds.glossary.load import read_glossary
from build_tools.kinds.glossary.model import Glossary, Term
from tests.conftest import ROOT, make_project
from tests.test_check import run_check

# --- how words and sentences are counted -------------------------------------------------------


def test_lix_is_words_per_sentence_plus_the_share_of_long_words() -> None:
    # 8 words, 2 sentences, 2 words of more than six letters («sjeldent», «tilstand»): 4 + 25.
    figure = count("Dette er sjeldent. Det er en ny tilstand.")
    assert (figure.word_count, figure.sentence_count, figure.long_words, figure.value) == (8, 2, 2, 29.0)


def test_how_norwegian_words_are_counted() -> None:
    # A hyphenated word is one word, its letters counted without the hyphen: «X-bundet» has 7 letters, so it is long;
    # «22q11.2-delesjonssyndrom» is a number and a word. Numbers are words but never long: «10 000» is one number.
    figure = count("X-bundet arv gjelder 1–5 per 10 000 og FBN1.")
    assert figure.word_count == 8
    assert figure.long_word_texts == ("X-bundet", "gjelder")
    # Abbreviations with periods are one word and end no sentence.
    assert count("Noen får f.eks. hjertefeil, bl.a. som små. Andre ikke.").sentence_count == 2
    assert count("Det gjelder ca. 50 personer, dvs. få.").sentence_count == 1
    # A lower-case word after a period or colon goes on the same sentence («1. januar», «slik: barnet»).
    assert count("Kurset er 1. januar. Arven er slik: barnet får genet.").sentence_count == 2
    # A decimal or a domain is no sentence end.
    assert count("Området 7q11.23 og sjelden.no er nevnt her.").sentence_count == 1


def test_only_running_prose_is_counted() -> None:
    markdown = (
        "### Underoverskrift som ikke telles\n\n"
        "Les mer på [sidene til senteret](https://eksempel.no/en/veldig-lang-adresse) [@kilde2020].\n\n"
        "| tabellceller | telles ikke |\n|---|---|\n| a | b |\n\n"
        "- Et punkt er en setning\n- Et punkt til\n\n"
        "```\nkode telles ikke\n```\n<!-- kommentar -->"
    )
    assert prose_text(markdown).split("\n") == ["Les mer på sidene til senteret.", "Et punkt er en setning", "Et punkt til"]
    assert lix(markdown).sentence_count == 3


# --- the warning in `sjelden check` ------------------------------------------------------------

HEAVY = (
    "Marfans syndrom er en arvelig bindevevssykdom med betydelig fenotypisk variabilitet, "
    "karakterisert ved kardiovaskulære, okulære og skjelettmessige manifestasjoner, "
    "hvor progredierende aortadilatasjon representerer den prognostisk avgjørende komplikasjonen."
)


def test_a_heavy_paragraph_makes_check_warn_with_file_section_and_figure(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    page = root / "diagnoses/marfans-syndrom/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Testtekst om bindevevet.", HEAVY), encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 0, result.stderr  # a warning, not an error
    assert result.stderr.splitlines() == [
        "diagnoses/marfans-syndrom/index.md:14: avsnittet «Kort om diagnosen» har LIX 97, målet for pasienter og pårørende er høyst 40; "
        "skriv kortere setninger og enklere ord (se «Skriv enkelt» i redaktørveiledningen). "
        "Lengste setninger: «Marfans syndrom er en arvelig bindevevssykdom med betydelig fenotypisk variabilitet, karakterisert ved "
        "kardiovaskulære, okulære og skjelettmessige manifestasjo…». "
        "Lange ord: aortadilatasjon, bindevevssykdom, kardiovaskulære, manifestasjoner, skjelettmessige.",
        "0 feil, 1 advarsel.",
    ]


def test_a_heavy_paragraph_in_a_light_section_is_not_hidden_by_the_average(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    page = root / "diagnoses/marfans-syndrom/index.md"
    light = " ".join(["Det er lett å lese. Ordene er korte. Vi tar en ting om gangen."] * 6)
    heavy = (
        "Hjerteundersøkelser, øyeundersøkelser og skjelettundersøkelser gjennomføres regelmessig ved spesialiserte "
        "poliklinikker med tverrfaglig kompetanse innenfor bindevevssykdommer og kardiologi."
    )
    page.write_text(page.read_text(encoding="utf-8").replace("Ulike.", f"{light}\n\n{heavy}"), encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "diagnoses/marfans-syndrom/index.md:23: et tekststykke i avsnittet «Symptomer» har LIX 91, målet for pasienter og pårørende er høyst 40; "
        "skriv kortere setninger og enklere ord (se «Skriv enkelt» i redaktørveiledningen). "
        f"Lengste setninger: «{heavy[:159].rstrip()}…». "  # a long sentence is cut at 160 characters
        "Lange ord: skjelettundersøkelser, Hjerteundersøkelser, bindevevssykdommer, øyeundersøkelser, poliklinikker.",
        "0 feil, 1 advarsel.",
    ]


def test_the_targets_are_settings(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    page = root / "diagnoses/marfans-syndrom/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Testtekst om bindevevet.", HEAVY), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - sjelden\n", "  - sjelden:\n      lix_pasient: 90\n"), encoding="utf-8")
    assert "advarsel" not in run_check(root).stderr.replace("0 advarsler", "")
    assert settings_from_options(root, {}).lix_pasient == 40 and settings_from_options(root, {}).lix_fagfolk == 50


# --- the example pages show the way --------------------------------------------------------------

EXAMPLES = sorted((ROOT / "diagnoses").glob("*/index.md"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_pages_patient_text_is_at_lix_40_or_less(path: Path) -> None:
    doc = read_markdown(path, path.name)
    sections = re.split(r"^## (.+)$", doc.body, flags=re.M)
    patient = {title: text for title, text in zip(sections[1::2], sections[2::2], strict=True) if title not in (*PROFESSIONAL_SECTIONS, *REFERENCE_SECTIONS)}
    assert lix("\n\n".join(patient.values())).rounded <= 40  # the page's text for patients and relatives
    assert {title: lix(text).rounded for title, text in patient.items() if lix(text).rounded > 40} == {}  # and each section


# --- glossary words explained where they stand ---------------------------------------------------


def _glossary() -> Glossary:
    return Glossary({
        "gen": Term("gen", "gen", "En del av *arvestoffet*.", ("gener",), ()),
        "autosomal-dominant": Term("autosomal-dominant", "autosomal dominant", "Én endret genkopi er nok.", ("autosomal dominant arv",), ()),
    })


def test_a_term_is_explained_at_its_first_use_in_running_text_only() -> None:
    markdown = (
        "## Gen og arv\n\n"
        "Se [gen](../../ordliste/#gen) og `gen`.\n\n"
        "Arven er autosomal dominant arv. Ett gen er endret, og flere gener.\n\n"
        "Autosomal dominant igjen."
    )
    out = annotate(markdown, _glossary(), up="../../")
    assert out.split("\n\n")[:2] == markdown.split("\n\n")[:2]  # heading, link and code left alone
    assert out.split("\n\n")[2] == (
        'Arven er <span class="sjelden-ord"><button type="button" class="sjelden-ord__ord" aria-expanded="false" '
        'aria-controls="ord-autosomal-dominant" aria-describedby="ord-autosomal-dominant">autosomal dominant arv</button>'
        '<span class="sjelden-ord__forklaring" id="ord-autosomal-dominant" hidden> (Én endret genkopi er nok. '
        '<a href="../../ordliste/#autosomal-dominant">Mer om «autosomal dominant arv» i ordlisten</a>)</span></span>. '
        'Ett <span class="sjelden-ord"><button type="button" class="sjelden-ord__ord" aria-expanded="false" '
        'aria-controls="ord-gen" aria-describedby="ord-gen">gen</button><span class="sjelden-ord__forklaring" id="ord-gen" hidden> '
        '(En del av *arvestoffet*. <a href="../../ordliste/#gen">Mer om «gen» i ordlisten</a>)</span></span> er endret, og flere gener.'
    )
    assert out.split("\n\n")[3] == "Autosomal dominant igjen."  # once per page: the ids stay unique


@pytest.mark.parametrize("slug", ["marfans-syndrom", "retts-syndrom", "cystisk-fibrose"])
def test_marfan_rett_and_cf_explain_at_least_three_glossary_words(slug: str) -> None:
    glossary, problems = read_glossary(settings_from_options(ROOT, {}))
    assert problems == []
    body = read_markdown(ROOT / "diagnoses" / slug / "index.md", "x").body
    out = annotate(body, glossary)
    ids = re.findall(r'aria-controls="(ord-[a-z0-9-]+)"', out)
    assert len(ids) >= 3 and len(ids) == len(set(ids))


# --- jargon ------------------------------------------------------------------------------------


def test_an_unexplained_medical_word_is_flagged_and_an_explained_one_is_not(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    (root / "data" / "fagord.yml").write_text("- kolobom\n- kollagen\n", encoding="utf-8")
    page = root / "diagnoses/marfans-syndrom/index.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("Ulike.", "Noen har kolobom.").replace("Arvelig.", "Kollagen er et stoff i knoklene.")
    page.write_text(text, encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "diagnoses/marfans-syndrom/index.md:21: avsnittet «Symptomer» bruker fagordet «kolobom» uten forklaring; forklar det i samme avsnitt "
        "(f.eks. «kolobom (forklaring med vanlige ord)») eller legg det til i ordlisten (data/ordliste.yml), så forklares det der det står",
        "0 feil, 1 advarsel.",
    ]


# --- who each text is for --------------------------------------------------------------------------


def test_a_course_description_has_the_target_of_its_audience() -> None:
    from types import SimpleNamespace

    from build_tools.core.read import LineDict
    from build_tools.derived.readability import PATIENT, PROFESSIONAL, rows

    def course(slug: str, groups: list[str]) -> SimpleNamespace:
        data = LineDict(beskrivelse="x")
        data.lines["beskrivelse"] = 7
        meta = SimpleNamespace(tittel=slug, beskrivelse=HEAVY, målgrupper=groups)
        return SimpleNamespace(meta=meta, doc=SimpleNamespace(display=f"courses/2026/{slug}.yml", data=data))

    site = SimpleNamespace(diagnoses=[], summaries=[], courses=[course("familiekurs", ["pasienter", "kommune"]), course("fagdag", ["kommune"])])
    found = {r.text.page: (r.text.audience, r.target, r.text.line, r.over) for r in rows(site, settings_from_options(ROOT, {}))}  # type: ignore[arg-type]
    assert found == {"familiekurs": (PATIENT, 40, 7, True), "fagdag": (PROFESSIONAL, 50, 7, True)}
