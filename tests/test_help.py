"""«Hvor kan jeg få hjelp?»: sourced centres, what they say about referral, patient organisations,
European Reference Networks, registries and the optional «Til kommunen» section (issues 13.7, 14.4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.core.read import read_yaml
from build_tools.core.settings import Settings
from build_tools.core.validate import validate
from build_tools.kinds.diagnoses.checks import referral_problems, responsibility_problems
from build_tools.kinds.diagnoses.model import Centre, DiagnosisMeta
from build_tools.kinds.diagnoses.pages import diagnosis_page
from build_tools.kinds.links import Links
from build_tools.pipeline import load_site
from tests.conftest import ROOT, TODAY

LINK_RE = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    return load_site(Settings(root=ROOT), TODAY)


@pytest.fixture(scope="module")
def links(site):  # type: ignore[no-untyped-def]
    return Links(site, Settings(root=ROOT))


def page_of(site, slug: str):  # type: ignore[no-untyped-def]
    return next(d for d in site.diagnoses if d.slug == slug)


def help_section(markdown: str) -> str:
    start = markdown.index("## Hvor kan jeg få hjelp?")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:] if end < 0 else markdown[start:end]


def test_marfans_help_shows_its_centre_with_source_vascern_and_patient_organisation(site, links) -> None:  # type: ignore[no-untyped-def]
    d = page_of(site, "marfans-syndrom")
    text = help_section(diagnosis_page(links, d, TODAY))
    assert f"([senterets side om diagnosen]({d.centre_source.kilde}))" in text
    assert "[VASCERN](https://vascern.eu/)" in text
    assert "**Pasientforening:** Norsk forening for Marfans syndrom" in text
    assert "Sjeldentelefonen 800 41 710" in text


def test_til_kommunen_is_shown_under_help_and_not_in_the_body(site, links) -> None:  # type: ignore[no-untyped-def]
    d = page_of(site, "marfans-syndrom")
    markdown = diagnosis_page(links, d, TODAY)
    assert "## Til kommunen" not in markdown.replace("### Til kommunen", "")
    section = help_section(markdown)
    assert "### Til kommunen { #til-kommunen }" in section
    assert d.section("Til kommunen").text in section


def test_every_example_page_has_a_sourced_centre(site) -> None:  # type: ignore[no-untyped-def]
    missing = [d.slug for d in site.diagnoses if d.centre_source is None]
    assert missing == []
    assert all(d.centre_source.kilde.startswith("https://") for d in site.diagnoses)


def test_no_page_says_a_referral_is_needed_where_its_centre_takes_direct_contact(site, links) -> None:  # type: ignore[no-untyped-def]
    direct = [d for d in site.diagnoses if d.centre is not None and d.centre.uten_henvisning]
    assert direct, "no example page has a centre that takes direct contact; the test would prove nothing"
    assert referral_problems(site.diagnoses) == []
    for d in direct:
        text = help_section(diagnosis_page(links, d, TODAY))
        assert f"{d.centre.kontakt} ([kilde]({d.centre.kontakt_kilde}))" in text
    # The sentence every page had (issue 13.7) is gone.
    for d in site.diagnoses:
        assert "Fastlegen eller habiliteringstjenesten kan henvise" not in d.doc.body


def test_a_page_is_flagged_when_it_speaks_of_a_referral_its_centre_says_is_not_needed(site) -> None:  # type: ignore[no-untyped-def]
    d = page_of(site, "fenylketonuri")
    original = d.doc.body
    try:
        object.__setattr__(d.doc, "body", original + "\nFastlegen må henvise deg til senteret.\n")
        found = referral_problems([d])
    finally:
        object.__setattr__(d.doc, "body", original)
    assert len(found) == 1
    assert found[0].message.startswith("teksten sier at det trengs henvisning («Fastlegen må henvise deg til senteret.»), men SSD skriver at man kan ta kontakt uten henvisning")
    assert found[0].line == d.doc.body_line + len(original.split("\n"))


def test_a_page_may_not_claim_a_responsibility_its_centre_does_not_confirm(site) -> None:  # type: ignore[no-untyped-def]
    """Text, fact box and help section agree: an unverified assignment is never stated as fact."""
    unverified = [d for d in site.diagnoses if d.centre_source is not None and d.centre_source.uverifisert]
    assert unverified, "no example page has an unverified assignment; the test would prove nothing"
    assert responsibility_problems(site.diagnoses) == []
    d = page_of(site, "charge-syndrom")
    original = d.doc.body
    try:
        object.__setattr__(d.doc, "body", original + "\nFrambu har ansvar for CHARGE-syndrom i Norge.\n")
        found = responsibility_problems([d])
    finally:
        object.__setattr__(d.doc, "body", original)
    assert len(found) == 1
    assert found[0].message.startswith("teksten sier at et senter har ansvaret («Frambu har ansvar for CHARGE-syndrom i Norge.»), men ansvaret til Frambu er merket uverifisert")
    assert found[0].line == d.doc.body_line + len(original.split("\n"))


def test_help_without_a_diagnosis_has_only_the_general_help(links) -> None:  # type: ignore[no-untyped-def]
    text = links.templates.from_string('{% import "_macros.md.j2" as m with context %}{{ m.help() }}').render(up="../../")
    assert "Sjeldentelefonen" in text
    assert "Kompetansesenter" not in text and "Pasientforening" not in text and "referansenettverk" not in text


@pytest.mark.parametrize("up", ["../../", "../../../"])
def test_help_for_a_diagnosis_links_correctly_from_any_depth(site, links, up: str) -> None:  # type: ignore[no-untyped-def]
    """Subtype links pages call m.help(parent) from their own depth: no link may assume the page's place."""
    d = page_of(site, "duchennes-muskeldystrofi")
    text = links.templates.from_string('{% import "_macros.md.j2" as m with context %}{{ m.help(d) }}').render(d=d, up=up)
    links = LINK_RE.findall(text)
    assert links
    assert [link for link in links if not (link.startswith("https://") or link.startswith(up))] == []
    assert "[EURO-NMD](https://ern-euro-nmd.eu/)" in text
    assert "### Til kommunen" in text


def test_unverified_assignments_link_to_the_overview_not_to_a_page_about_the_diagnosis(site, links) -> None:  # type: ignore[no-untyped-def]
    d = page_of(site, "charge-syndrom")  # Frambu's responsibility is not yet confirmed on a page of its own
    assert d.centre_source.uverifisert
    text = help_section(diagnosis_page(links, d, TODAY))
    assert f"[senterets side om tilbudet]({d.centre_source.kilde})" in text
    assert "som har ansvar for diagnosen" not in text  # not claimed without the centre's own page
    facts = diagnosis_page(links, d, TODAY).split("## Hvor kan jeg")[0]
    assert "Ansvarlig kompetansesenter" not in facts and "ansvaret er ikke bekreftet" in facts  # the fact box agrees


def _doc(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "x.yml")


def test_contact_text_needs_its_source(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "navn: A\nkortnavn: A\nhelseforetak: B\nsted: C\nnettside: https://a.no/\nom: D\nuten_henvisning: true\n")
    centre, problems = validate(Centre, doc)
    assert centre is None
    assert [str(p) for p in problems] == ["x.yml:1: kontakt_kilde: mangler; «kontakt» og «uten_henvisning» må ha en kilde: adressen til senterets egen side som sier hvordan man tar kontakt"]


def test_one_or_several_patient_organisations(tmp_path: Path) -> None:
    base = "tittel: T\norpha: [558]\nsenter: trs\nforfattere: [A]\npublisert: 2024-01-01\nsist_revidert: 2024-01-01\nneste_revisjon: 2026-01-01\n"
    one, problems = validate(DiagnosisMeta, _doc(tmp_path, base + "pasientforening: {navn: A}\n"))
    assert problems == [] and [o.navn for o in one.organisations] == ["A"]
    two, problems = validate(DiagnosisMeta, _doc(tmp_path, base + "pasientforening: [{navn: A}, {navn: B, nettside: https://b.no/}]\n"))
    assert problems == [] and [o.navn for o in two.organisations] == ["A", "B"]
    none, _ = validate(DiagnosisMeta, _doc(tmp_path, base))
    assert none.organisations == []
