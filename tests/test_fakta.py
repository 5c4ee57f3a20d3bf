"""Reviewed facts (`fakta:`): the model, the fact box that shows only them, the guards of `sjelden
check` against the page's own text and a newer Orphanet, `sjelden report fakta`, and the example pages."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from pathlib import Path

import pytest

from build_tools.core.settings import read_settings
from build_tools.kinds.diagnoses.model import ARVEGANG, MENDELIAN, canonical_inheritance
from build_tools.kinds.diagnoses.pages import diagnosis_page
from build_tools.kinds.links import Links
from build_tools.kinds.site import Site
from build_tools.pipeline import load_site
from tests.conftest import TODAY, make_project, sample_project
from tests.conftest import sjelden as run_cli
from tests.test_check import assert_check_reports, run_check

MARFAN = "diagnoses/marfans-syndrom/index.md"
TAIL = "sjekk faktaene og teksten, oppdater fakta (også fakta.orphanet) og sett ny dato i gjennomgått"


def sjelden(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--root", str(root), *args)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load_site(read_settings(sample_project(tmp_path_factory.mktemp("fakta"))), TODAY)


def test_check_fails_when_the_facts_contradict_the_text(tmp_path: Path, small_orphanet: Path) -> None:
    # The reference sections («Mer informasjon», «Kilder») name other inheritances: they do not count.
    assert_check_reports(make_project(tmp_path, small_orphanet, "facts_contradict_text"), [
        "diagnoses/angelmans-syndrom/index.md:11: fakta.arvegang: teksten på linje 25 sier at tilstanden som regel ikke arves, men oppstår på nytt "
        "(«Som regel er tilstanden ikke arvet.»), men arvegang er «autosomal dominant»; legg til «vanligvis ikke arvet» (eller «ikke arvelig») "
        "i arvegang, eller rett teksten",
        "diagnoses/cystisk-fibrose/index.md:10: fakta.gener: teksten på linje 30 nevner genet CFTR som årsak («Sykdommen skyldes endringer i begge "
        "kopiene av genet CFTR.»), men det står ikke i gener; legg det til i gener, eller skriv teksten slik at den ikke sier at genet er årsaken",
        "diagnoses/cystisk-fibrose/index.md:13: fakta.forekomst.verdi: finner ikke et tall i «sjelden»; skriv det som «1–5 per 10 000» eller «1 av 3 500»",
        f"{MARFAN}:12: fakta.arvegang: teksten på linje 26 sier «autosomal dominant» («Arvegangen er autosomal dominant.»), men arvegang er "
        "«autosomal recessiv»; legg «autosomal dominant» til i arvegang eller rett teksten, slik at faktaboksen og teksten sier det samme",
    ])


def test_an_edited_copy_of_the_bundled_marfan_page_fails(tmp_path: Path, small_orphanet: Path) -> None:
    """The acceptance case: `fakta.arvegang` of a real page changed to contradict its text."""
    root = make_project(tmp_path, small_orphanet, "valid")
    page = root / MARFAN
    text = (Path(__file__).resolve().parent.parent / MARFAN).read_text(encoding="utf-8")
    page.write_text(text.replace("  arvegang: [autosomal dominant]", "  arvegang: autosomal recessiv"), encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1
    assert any(line.startswith(f"{MARFAN}:") and "fakta.arvegang: teksten på linje" in line and "«autosomal dominant»" in line for line in result.stderr.splitlines()), result.stderr


def test_reviewed_facts_that_agree_pass_and_the_box_shows_only_them(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "facts_valid")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert "fakta" not in result.stderr and "Orphanet oppgir" not in result.stderr, result.stderr  # (the fixture's short text may be over its LIX target)
    settings = read_settings(root)
    site = load_site(settings, TODAY)
    page = diagnosis_page(Links(site, settings), site.diagnoses[0], TODAY)
    box = page.split('!!! info "Fakta"\n')[1].split("Gjennomgått av redaksjonen")[0]
    lines = box.strip("\n").split("\n")
    # (no glossary in this project, so no links)
    assert "    - **Gen:** FBN1" in lines  # not TGFBR1, TGFBR2 (Loeys-Dietz), which Orphanet lists
    assert "    - **Arvegang:** autosomal dominant" in lines
    assert "    - **Forekomst:** 1–5 per 10 000 (antall som har diagnosen i Europa; kilde: Orphanet (utgave 2025-12))" in lines
    assert not any("Debut" in line for line in lines)
    assert "    Gjennomgått av redaksjonen 20. november 2026 (sjekket mot Orphanet 2025-12). Alt Orphanet oppgir, står under [Fra Orphanet](#orphanet-558), ikke gjennomgått av redaksjonen." in page
    # Orphanet's own data stays below, labelled.
    assert "*Fra Orphanet (2025-12), ikke gjennomgått av redaksjonen. Orphanets tekst er på engelsk.*" in page
    assert "| TGFBR2 |" in page.split("## Fra Orphanet")[1]


def test_a_page_without_facts_labels_orphanets_data_as_not_reviewed(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    settings = read_settings(root)
    site = load_site(settings, TODAY)
    page = diagnosis_page(Links(site, settings), site.diagnoses[0], TODAY)
    assert '!!! info "Fakta fra Orphanet (2025-12), ikke gjennomgått av redaksjonen"' in page
    assert "Gjennomgått av redaksjonen" not in page


def test_check_warns_when_orphanet_moved_on(tmp_path: Path, small_orphanet: Path) -> None:
    result = run_check(make_project(tmp_path, small_orphanet, "facts_orphanet_moved"))
    assert result.returncode == 0, result.stderr
    since = "(faktaene ble gjennomgått 2026-11-20 mot Orphanet 2025-06, nå 2025-12); " + TAIL
    assert result.stderr.strip().splitlines() == [
        f"{MARFAN}:11: fakta.gener: Orphanet oppgir nå også genet TGFBR2 som årsak til diagnosen {since}",
        f"{MARFAN}:12: fakta.arvegang: Orphanet oppgir nå arvegangen «autosomal dominant», ved gjennomgangen «autosomal recessiv» {since}",
        f"{MARFAN}:18: fakta.orphanet.forekomst: Orphanet plasserer nå forekomsten i klassen «1-5 / 10 000», ved gjennomgangen «1-9 / 100 000» {since}",
        "0 feil, 3 advarsler.",
    ]


def _without_gene(snapshot: Path, code: int, symbol: str) -> None:
    """The snapshot's packets with `symbol` taken off entity `code` (what a new Orphanet release might do)."""
    archive = snapshot / "packets.tar.gz"
    members: list[tuple[tarfile.TarInfo, bytes]] = []
    with tarfile.open(archive, "r:gz") as src:
        for member in src:
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith(f"ORPHApacket_{code}.json"):
                packet = json.loads(data)
                genes = packet["Orphapacket"]["Genes"]
                kept = [g for g in genes if g["Gene"]["Symbol"] != symbol]
                assert len(kept) < len(genes)
                packet["Orphapacket"]["Genes"] = kept
                data = json.dumps(packet).encode("utf-8")
                member.size = len(data)
            members.append((member, data))
    with tarfile.open(archive, "w:gz") as dst:
        for member, data in members:
            dst.addfile(member, io.BytesIO(data))


def test_a_snapshot_that_no_longer_lists_a_reviewed_gene_warns_naming_page_and_gene(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "facts_valid")
    _without_gene(root / "data/orphanet", 284963, "FBN1")  # Marfan type 1, where Orphanet gives FBN1
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"{MARFAN}:11: fakta.gener: Orphanet oppgir ikke lenger genet FBN1 for diagnosen "
        f"(faktaene ble gjennomgått 2026-11-20 mot Orphanet 2025-12, nå 2025-12); {TAIL}",
        "0 feil, 1 advarsel.",
    ]
    report = sjelden(root, "report", "fakta")
    assert report.returncode == 0, report.stderr
    assert f"  {MARFAN}:11: fakta.gener: Orphanet oppgir ikke lenger genet FBN1 for diagnosen" in report.stdout.splitlines()


def test_without_a_record_of_orphanet_a_missing_gene_still_warns(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "facts_valid")
    page = root / MARFAN
    page.write_text(page.read_text(encoding="utf-8").split("  orphanet:\n")[0] + "---\n" + page.read_text(encoding="utf-8").split("\n---\n", 1)[1], encoding="utf-8")
    _without_gene(root / "data/orphanet", 284963, "FBN1")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    since = f"(faktaene ble gjennomgått 2026-11-20 mot Orphanet (ukjent utgave), nå 2025-12); {TAIL}"
    assert result.stderr.strip().splitlines() == [
        f"{MARFAN}:10: fakta: fakta.orphanet mangler, så sjelden check kan ikke se hva Orphanet har endret siden gjennomgangen; "
        f"skriv inn blokken «sjelden report fakta» viser {since}",
        f"{MARFAN}:11: fakta.gener: Orphanet oppgir ikke lenger genet FBN1 for diagnosen {since}",
        "0 feil, 2 advarsler.",
    ]


def test_report_fakta_lists_every_difference_and_pages_without_facts(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "facts_orphanet_moved")
    (root / "diagnoses/angelmans-syndrom").mkdir()
    source = Path(__file__).parent / "fixtures/content/facts_contradict_text/diagnoses/angelmans-syndrom/index.md"
    text = source.read_text(encoding="utf-8").split("fakta:")[0] + "---" + source.read_text(encoding="utf-8").split("\n---", 1)[1]
    (root / "diagnoses/angelmans-syndrom/index.md").write_text(text, encoding="utf-8")
    result = sjelden(root, "report", "fakta")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Faktabokser mot Orphanet 2025-12",
        "",
        f"Marfans syndrom ({MARFAN}), gjennomgått 2026-11-20 mot Orphanet 2025-06:",
        f"  {MARFAN}:11: fakta.gener: Orphanet oppgir nå også genet TGFBR2 som årsak til diagnosen",
        f"  {MARFAN}:12: fakta.arvegang: Orphanet oppgir nå arvegangen «autosomal dominant», ved gjennomgangen «autosomal recessiv»",
        f"  {MARFAN}:18: fakta.orphanet.forekomst: Orphanet plasserer nå forekomsten i klassen «1-5 / 10 000», ved gjennomgangen «1-9 / 100 000»",
        "  Etter gjennomgangen: sett ny dato i fakta.gjennomgått, og skriv dette i fakta:",
        "    orphanet:",
        '      utgave: "2025-12"',
        '      gener: ["FBN1", "TGFBR1", "TGFBR2"]',
        '      arvegang: ["Autosomal dominant"]',
        '      forekomst: "1-5 / 10 000"',
        "",
        "Uten fakta (faktaboksen viser Orphanets data, ikke gjennomgått): 1",
        "  diagnoses/angelmans-syndrom/index.md",
        "",
        "1 av 2 diagnosesider har forskjeller; 1 mangler fakta.",
    ]
    rows = sjelden(root, "report", "fakta", "--csv").stdout.splitlines()
    assert rows[0] == "fil,linje,tittel,felt,forskjell,gjennomgått,sjekket_mot,orphanet_nå"
    assert rows[1] == f"{MARFAN},11,Marfans syndrom,fakta.gener,Orphanet oppgir nå også genet TGFBR2 som årsak til diagnosen,2026-11-20,2025-06,2025-12"
    assert rows[-1] == 'diagnoses/angelmans-syndrom/index.md,2,Angelmans syndrom,fakta,"mangler fakta; faktaboksen viser Orphanets data, ikke gjennomgått",,,2025-12'
    assert len(rows) == 5


@pytest.mark.parametrize(("written", "term"), [
    ("autosomal recessiv", "autosomal recessiv"), ("Autosomalt recessivt", "autosomal recessiv"), ("Autosomal recessive", "autosomal recessiv"),
    ("X-linked dominant", "X-bundet dominant"), ("x-bundet", "X-bundet"), ("vanligvis ikke arvet", "vanligvis ikke arvet"), ("dominant", None),
])
def test_inheritance_as_editors_spell_it(written: str, term: str | None) -> None:
    assert canonical_inheritance(written) == term


def test_a_proposal_or_an_unknown_term_is_an_error_on_its_line(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "facts_valid")
    page = root / MARFAN
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("  gjennomgått: 2026-11-20", "  gjennomgått:").replace("[autosomal dominant]", "[autosomal dominat]"), encoding="utf-8")
    assert_check_reports(root, [
        f"{MARFAN}:12: fakta.arvegang: ukjent arvegang; bruk en eller flere av " + ", ".join(ARVEGANG),
        f"{MARFAN}:18: fakta.gjennomgått: faktaene er et forslag fra Orphanet og er ikke gjennomgått; sjekk gener, arvegang, debut og "
        "forekomst mot sidens tekst og kildene, og skriv datoen du gjorde det (ÅÅÅÅ-MM-DD)",
    ])


def test_every_example_page_has_reviewed_facts(bundled: Site) -> None:
    assert len(bundled.diagnoses) == 20
    for d in bundled.diagnoses:
        assert d.meta.fakta is not None, d.slug
        assert d.meta.fakta.orphanet is not None and d.meta.fakta.orphanet.utgave == bundled.orpha.release, d.slug


def test_the_corrected_facts(bundled: Site) -> None:
    by_slug = {d.slug: d.meta.fakta for d in bundled.diagnoses}
    marfan, pws, noonan, sma = by_slug["marfans-syndrom"], by_slug["prader-willis-syndrom"], by_slug["noonans-syndrom"], by_slug["spinal-muskelatrofi"]
    assert marfan is not None and marfan.gener == ["FBN1"]  # Loeys-Dietz (TGFBR1/2) is another diagnosis
    assert pws is not None and pws.arvegang == ["vanligvis ikke arvet"] and not set(pws.arvegang) & MENDELIAN
    assert noonan is not None and noonan.gener[0] == "PTPN11"
    assert sma is not None and sma.gener == ["SMN1"]
    text = next(d for d in bundled.diagnoses if d.slug == "spinal-muskelatrofi").doc.body
    assert "Spedbarn med den alvorligste formen lærer ikke å sitte" not in text
    assert "Uten behandling lærer spedbarn med den alvorligste formen ikke å sitte" in text


def test_the_bundled_pages_show_their_reviewed_facts(bundled: Site, tmp_path: Path) -> None:
    settings = read_settings(sample_project(tmp_path))
    links = Links(bundled, settings)
    pws = diagnosis_page(links, next(d for d in bundled.diagnoses if d.slug == "prader-willis-syndrom"), TODAY)
    box = pws.split('!!! info "Fakta"')[1].split("\n\n\n")[0]
    assert "autosomal dominant" not in box and "ikke relevant" not in box
    assert "vanligvis ikke arvet" in box and "(oppstår som regel på nytt)" in box
    noonan = diagnosis_page(links, next(d for d in bundled.diagnoses if d.slug == "noonans-syndrom"), TODAY)
    assert ":** PTPN11, SOS1, RAF1, RIT1, KRAS (oftest PTPN11; flere andre gener er sjeldnere årsaker)" in noonan


@pytest.mark.parametrize(("slug", "field", "value", "said"), [
    ("dravets-syndrom", "arvegang", ["autosomal recessiv"], "sier at tilstanden som regel ikke arves, men oppstår på nytt («Endringen er som regel nyoppstått"),
    ("dravets-syndrom", "arvegang", ["ikke arvelig"], "sier at tilstanden kan arves («En sjelden gang kan den være arvet.»)"),
    ("fragilt-x-syndrom", "arvegang", ["autosomal recessiv"], "sier «Arven følger X-kromosomet»"),
    ("cystisk-fibrose", "arvegang", ["autosomal dominant"], "sier «autosomal recessiv»"),
    ("huntingtons-sykdom", "arvegang", ["autosomal recessiv"], "sier «50 prosent»"),
    ("williams-syndrom", "arvegang", ["autosomal dominant"], "sier at tilstanden som regel ikke arves"),
    ("spinal-muskelatrofi", "gener", [], "nevner genet SMN1 som årsak"),
    ("osteogenesis-imperfecta", "gener", ["COL1A1"], "nevner genet COL1A2 som årsak"),
])
def test_every_example_page_is_guarded_against_an_edit_that_contradicts_it(bundled: Site, slug: str, field: str, value: list[str], said: str) -> None:
    import dataclasses

    from build_tools.kinds.diagnoses.facts import fact_problems

    d = next(d for d in bundled.diagnoses if d.slug == slug)
    assert d.meta.fakta is not None and fact_problems([d], bundled.orpha) == []
    edited = d.meta.model_copy(update={"fakta": d.meta.fakta.model_copy(update={field: value})})
    problems = fact_problems([dataclasses.replace(d, meta=edited)], bundled.orpha)
    assert problems and all(p.severity == "error" and p.field == f"fakta.{field}" for p in problems)
    assert any(said in p.message for p in problems), [p.message for p in problems]


def test_a_person_who_has_not_inherited_it_is_not_a_claim_that_the_condition_is_not_inherited() -> None:
    from build_tools.kinds.diagnoses.facts import _says_not_inherited

    # Those with a new change have not inherited it: NF1 and TSC are still autosomal dominant.
    assert not _says_not_inherited("Omtrent halvparten har en ny genendring. De har ikke arvet den.")
    assert not _says_not_inherited("Da har de ikke arvet den.")
    # What the condition does is still a claim about inheritance.
    assert _says_not_inherited("Syndromet er ikke arvet.")
    assert _says_not_inherited("Tilstanden arves vanligvis ikke.")
    assert _says_not_inherited("Barnet har ikke arvet den, og tilstanden er ikke arvelig.")
