"""The «Fakta» box: which genes it names (only those that cause the disease) and which prevalence it
shows (the rule in docs/redaktor/felt.md, «Forekomst i faktaboksen»), and the check that the
«Forekomst» text agrees with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.core.pages import env
from build_tools.core.settings import read_settings
from build_tools.kinds.catalogue.facts import best_prevalence, chosen_prevalences, fact_lines, gene_rows, install, shown_prevalences
from build_tools.kinds.diagnoses.checks import prevalence_warnings
from build_tools.kinds.site import Site
from build_tools.orphanet.model import Gene, Level, OrphaCode, OrphaEntity, Prevalence
from build_tools.pipeline import load_site
from tests.conftest import TODAY, make_project, sample_project
from tests.test_check import run_check

CF, PKU, RETT, TSC, MARFAN = 586, 716, 778, 805, 558


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example diagnosis pages with the real Orphanet snapshot."""
    return load_site(read_settings(sample_project(tmp_path_factory.mktemp("facts"))), TODAY)


def _entity(site: Site, code: int) -> OrphaEntity:
    e = site.orpha.get(OrphaCode(code))
    assert e is not None
    return e


def _line(site: Site, code: int, label: str) -> str:
    prefix = f"- **{label}:** "
    found = [line.removeprefix(prefix) for line in fact_lines([_entity(site, code)], None, [], "") if line.startswith(prefix)]
    return found[0] if found else ""


def test_the_fact_box_names_only_genes_that_cause_the_disease(site: Site) -> None:
    # Orphanet lists 18 modifying genes for cystic fibrosis, SERPINA1 first; only CFTR causes it.
    assert _line(site, CF, "Gen") == "CFTR"
    assert _line(site, TSC, "Gen") == "TSC1, TSC2"  # not IFNG, a modifier
    assert _line(site, 904, "Gen") == ""  # Williams: the deleted genes shape the symptoms, none causes it alone


def test_genes_found_only_on_subtypes_say_on_how_many(site: Site) -> None:
    """The qualifier counts subtypes, not genes: PAH causes both subtypes of PKU, so it is PKU's gene."""
    environment = env()
    install(environment)
    table = environment.from_string('{% import "_macros.md.j2" as m %}{{ m.orphanet_details(e) }}').render(e=_entity(site, MARFAN))
    assert "| gir sykdommen (arvelig variant), hos én av 2 undertyper |" in table and table.index("| FBN1 |") < table.index("| TGFBR1 |")
    assert _line(site, MARFAN, "Gen") == "FBN1, TGFBR1, TGFBR2 (hver hos én av 2 undertyper)"
    assert _line(site, PKU, "Gen") == "PAH"  # on both of its subtypes
    assert _line(site, 70, "Gen") == "SMN1"  # SMA: on all four subtypes
    # Orphanet gives NF1's gene «a role in the phenotype» of NF1 (for its microdeletion subtype), and
    # disease-causing in the subtype «due to NF1 mutation»: the fact box names it, marked.
    assert _line(site, 636, "Gen") == "NF1 (hos én av 2 undertyper)"
    assert _line(site, 72, "Gen") == "UBE3A (hos én av 4 undertyper)"  # Angelman, the point-mutation subtype
    pku = environment.from_string('{% import "_macros.md.j2" as m %}{{ m.orphanet_details(e) }}').render(e=_entity(site, PKU))
    assert "gir sykdommen (variant med tap av funksjon), hos alle undertypene |" in pku or "gir sykdommen (arvelig variant), hos alle undertypene |" in pku


def test_genes_in_the_stated_order_not_orphanets(site: Site) -> None:
    # The entity's own disease-causing genes alphabetically (Orphanet lists MRAS, SPRED2, RRAS2 first).
    noonan = _line(site, 648, "Gen").split(", ")
    assert noonan == sorted(noonan) and noonan[0] == "BRAF" and "PTPN11" in noonan
    assert _line(site, 216796, "Gen") == "COL1A1, COL1A2, MBTPS2, P4HB, SEC24D"  # OI type 1: not P4HB, SEC24D first
    # OI: subtype genes, those on more subtypes first, alphabetically among equals.
    assert _line(site, 666, "Gen").startswith("COL1A1, COL1A2 (hver hos 4 av 5 undertyper); CRTAP, MBTPS2, PPIB (hver hos 3 av 5 undertyper); ")


def test_no_value_that_only_says_nothing_is_known(site: Site) -> None:
    assert _line(site, 739, "Arvegang") == "autosomal dominant"  # Prader-Willi: «Not applicable» dropped
    assert _line(site, 881, "Arvegang") == ""  # Turner: «Not applicable», «Unknown»
    assert _line(site, 72, "Arvegang") == ""  # Angelman: «Not applicable»
    for e in site.orpha.active()[:3000]:
        for line in fact_lines([e], None, [], ""):
            assert "ikke relevant" not in line and "ukjent" not in line and "ingen data" not in line, (e.code, line)


def test_the_gene_table_keeps_every_gene_causal_ones_first(site: Site) -> None:
    rows = gene_rows(_entity(site, CF))
    assert len(rows) == 19 and rows[0][0].symbol == "CFTR"
    others = [g.symbol for g, _ in rows if not g.causal]
    assert others == sorted(others) and others[0] == "CEACAM3"


def test_gene_roles_and_prevalence_kinds_in_norwegian_in_the_orphanet_table(site: Site) -> None:
    environment = env()
    install(environment)
    text = environment.from_string('{% import "_macros.md.j2" as m %}{{ m.orphanet_details(e) }}').render(e=_entity(site, CF))
    assert "| SERPINA1 |" in text and "| påvirker forløpet, gir ikke sykdommen |" in text
    assert text.index("| CFTR |") < text.index("| CEACAM3 |") < text.index("| SERPINA1 |")
    assert "| gir sykdommen (variant med tap av funksjon) |" in text
    assert "| antall som har diagnosen | 1–5 per 10 000 | Europa |" in text
    assert "| antall ved fødsel | 1–5 per 10 000 | Norge |" in text
    assert "punktprevalens" not in text and "Modifying" not in text


@pytest.mark.parametrize("code, shown", [
    # Europe's figure, which the text discusses, then Norway's of the same kind (it was Norway's alone)
    (CF, "1–5 per 10 000 (antall som har diagnosen i Europa), 1–9 per 100 000 i Norge"),
    (PKU, "1–5 per 10 000 (antall som har diagnosen i Europa), 1–9 per 100 000 i Norge"),
    # Orphanet's own worldwide estimate before EMA's figure for Europe
    (RETT, "1–9 per 100 000 (antall som har diagnosen i hele verden)"),
    # Nothing for Europe or the world: the Norwegian figure
    (904, "1–5 per 10 000 (antall som har diagnosen i Norge)"),
])
def test_the_fact_box_prevalence_follows_the_rule(site: Site, code: int, shown: str) -> None:
    assert _line(site, code, "Forekomst") == shown


def _prevalence(kind: str, cls: str, where: str, source: str = "12345[PMID]") -> Prevalence:
    return Prevalence(kind, "Value and class", cls, "no data", where, source)


def test_the_prevalence_rule_in_order() -> None:
    europe_point = _prevalence("Point prevalence", "1-5 / 10 000", "Europe")
    world_point_orphanet = _prevalence("Point prevalence", "1-9 / 100 000", "Worldwide", "ORPHANET")
    europe_birth = _prevalence("Prevalence at birth", "1-9 / 100 000", "Europe", "ORPHANET")
    norway_point = _prevalence("Point prevalence", "1-9 / 1 000 000", "Norway")
    italy_point = _prevalence("Point prevalence", "6-9 / 10 000", "Italy")
    unknown = _prevalence("Point prevalence", "Unknown", "Europe", "ORPHANET")

    def chosen(*prevalences: Prevalence) -> list[Prevalence]:
        e = OrphaEntity(code=OrphaCode(1), name="X", disorder_type="Disease", level=Level.DISORDER, prevalences=prevalences)
        return chosen_prevalences(e)

    assert chosen(norway_point, italy_point, europe_birth, europe_point) == [europe_point, norway_point]  # kind first
    assert chosen(europe_point, world_point_orphanet) == [world_point_orphanet]  # Orphanet's own estimate
    assert chosen(norway_point, italy_point) == [norway_point]
    assert chosen(italy_point, unknown) == [italy_point]
    assert chosen(unknown) == []
    e = OrphaEntity(code=OrphaCode(1), name="X", disorder_type="Disease", level=Level.DISORDER, prevalences=(italy_point, europe_birth, europe_point))
    assert shown_prevalences(e)[0] == europe_point
    assert best_prevalence(e) == "1–5 per 10 000 (antall som har diagnosen i Europa)"
    incidence = OrphaEntity(code=OrphaCode(1), name="X", disorder_type="Disease", level=Level.DISORDER, prevalences=(_prevalence("Annual incidence", "1-9 / 1 000 000", "Worldwide"),))
    assert best_prevalence(incidence) == "1–9 per 1 000 000 (nye tilfeller per år i hele verden)"


def test_causal_genes_are_those_orphanet_marks_as_disease_causing() -> None:
    assert Gene("CFTR", "", "Disease-causing germline mutation(s) (loss of function) in").causal
    assert Gene("KRAS", "", "Disease-causing somatic mutation(s) in").causal
    for association in ("Modifying germline mutation in", "Major susceptibility factor in", "Role in the phenotype of", "Candidate gene tested in", "Biomarker tested in", ""):
        assert not Gene("X", "", association).causal


def test_the_example_texts_agree_with_their_fact_boxes(site: Site) -> None:
    assert len(site.diagnoses) >= 20
    assert prevalence_warnings(site.diagnoses) == []


def test_check_warns_when_the_forekomst_text_names_another_class(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "check_prevalence_mismatch")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        "diagnoses/marfans-syndrom/index.md:17: teksten under «Forekomst» nevner «1 til 9 per 100 000», men faktaboksen viser "
        "1–5 per 10 000 (antall som har diagnosen i Europa); bruk tallet fra faktaboksen eller ta bort tallet "
        "(se «Forekomst i faktaboksen» i redaktørveiledningen)",
        "0 feil, 1 advarsel.",
    ]


def test_a_catalogue_page_says_its_facts_are_orphanets_and_not_reviewed(site: Site, tmp_path: Path) -> None:
    from build_tools.kinds.catalogue.pages import Catalogue

    catalogue = Catalogue(site, read_settings(sample_project(tmp_path)), TODAY)
    page = catalogue.orpha_page(_entity(site, 216796))  # osteogenesis imperfecta type 1
    facts = page.split("## Fakta fra Orphanet (2025-12), ikke gjennomgått av redaksjonen { #fakta }\n")[1].split("\n## ")[0]
    assert ":** COL1A1, COL1A2, MBTPS2, P4HB, SEC24D\n" in facts
    assert "*Genene står alfabetisk: først de Orphanet oppgir for diagnosen selv, så de Orphanet bare oppgir for undertyper, de som gjelder flest undertyper først.*" in facts
    assert "*Fra Orphanet (2025-12), ikke gjennomgått av redaksjonen. Orphanets tekst er på engelsk.*" in page
    ice = catalogue.orpha_page(_entity(site, 64734))  # a definition with U+0092 in Orphanet's file
    assert "Chandler’s syndrome" in ice and "\x92" not in ice
