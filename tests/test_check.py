"""`sjelden check` on fixture trees: the exact message an editor sees, path and line included."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, make_project, sjelden

CASES = {
    "diagnosis_unknown_orpha": ["diagnoses/marfans-syndrom/index.md:3: orpha: ORPHA:99999999 finnes ikke i Orphanet-data (2025-12); sjekk koden på orpha.net"],
    "diagnosis_inactive_orpha": ["diagnoses/marfans-syndrom/index.md:3: orpha: ORPHA:34 (Pipecolic acidemia) er ikke aktiv i Orphanet-data (2025-12); finn den gjeldende koden på orpha.net"],
    "diagnosis_misspelt_key": ["diagnoses/marfans-syndrom/index.md:4: synonymr: ukjent felt; mente du «synonymer»?"],
    "diagnosis_impossible_date": ["diagnoses/marfans-syndrom/index.md:8: publisert: datoen finnes ikke; sjekk dag og måned (ÅÅÅÅ-MM-DD)"],
    "diagnosis_yaml_syntax": ["diagnoses/marfans-syndrom/index.md:5: YAML-syntaksfeil (mangler komma eller ] i en liste); sjekk innrykk, kolon og anførselstegn"],
    "diagnosis_unknown_centre": ["diagnoses/marfans-syndrom/index.md:6: senter: ukjent senter «tsr» (se data/centres.yml); mente du «trs»?"],
    "diagnosis_missing_section": ["diagnoses/marfans-syndrom/index.md:13: mangler avsnittet «## Diagnostikk»; legg det til i malens rekkefølge"],
    "diagnosis_dates_out_of_order": ["diagnoses/marfans-syndrom/index.md:10: neste_revisjon: må være etter sist_revidert; rett datoen"],
    "diagnosis_duplicate_orpha": ["diagnoses/marfans-syndrom/index.md:3: orpha: ORPHA:558 har allerede en side: diagnoses/marfan-kopi/index.md; slå sidene sammen eller fjern koden her"],
    "diagnosis_bad_slug": ["diagnoses/Marfan_Syndrom: ugyldig mappenavn; bruk små bokstaver a–z, tall og bindestrek (f.eks. marfans-syndrom)"],
    "names_problems": [
        "data/norske-navn.yml:5: 558.kilde: et godkjent navn trenger en kilde som gir dette norske navnet: en nettadresse (https://...) eller en "
        "publikasjon med tittel og år, f.eks. «Helsedirektoratet: ICD-10 (2025)»; har navnet ingen slik kilde, sett «status: forslag»",
        "data/norske-navn.yml:6: 99999999: ORPHA:99999999 finnes ikke i Orphanet-data (2025-12); sjekk koden på orpha.net",
        "data/norske-navn.yml:10: 34: ORPHA:34 (Pipecolic acidemia) er ikke aktiv i Orphanet-data (2025-12); bruk koden som erstatter den, eller fjern oppføringen",
        "data/norske-navn.yml:16: 72.status: ugyldig verdi; gyldige er forslag, godkjent",
        "data/norske-navn.yml:19: 881.kilde: mangler; legg til feltet (hvor navnet kommer fra: en nettadresse (https://...) eller en publikasjon med tittel og år)",
        "data/norske-navn.yml:21: ORPHA:558: ORPHA:558 står to ganger (første gang på linje 2); slå oppføringene sammen",
        "data/norske-navn.yml:26: 716.navn: «marfans syndrom» er allerede brukt for ORPHA:558 (linje 3); et norsk navn kan bare høre til én kode",
        "data/norske-navn.yml:29: abc: ugyldig ORPHA-kode; skriv bare tallet, f.eks. 905: (eller ORPHA:905:)",
    ],
    # Issue 13.7: every centre assignment names its source; pages say what the centre says about referral.
    "help_centre_without_source": [
        "diagnoses/marfans-syndrom/index.md:6: senter: senteret «frambu» har ikke diagnosen på sin liste i data/centres.yml, så ansvaret har ingen kilde; "
        "legg til «- {orpha: 558, kilde: https://...}» under frambu.diagnoser, med adressen til senterets egen side om diagnosen",
    ],
    "help_centre_entry_without_source": [
        "data/centres.yml:86: trs.diagnoser.0.kilde: mangler; legg til feltet (adressen til senterets egen side om diagnosen, https://...)",
    ],
    "help_referral_contradiction": [
        "diagnoses/fenylketonuri/index.md:29: teksten sier at det trengs henvisning («Fastlegen kan henvise til senteret.»), men SSD skriver at man kan ta kontakt "
        "uten henvisning (https://www.sjeldnediagnoser.no/home/sjeldnediagnoser/English/15011); skriv det slik senteret beskriver det, "
        "f.eks. «Du kan kontakte senteret direkte, uten henvisning.»",
    ],
    # Issue 14.4: ERN ids come from data/ern.yml.
    "help_unknown_ern": ["diagnoses/marfans-syndrom/index.md:7: ern: ukjent nettverk «vascernn» (se data/ern.yml); mente du «vascern»?"],
    "diagnosis_many_problems": [
        "diagnoses/angelman/index.md:2: tittel: må være tekst",
        "diagnoses/marfans-syndrom/index.md:3: orpha: ORPHA:99999999 finnes ikke i Orphanet-data (2025-12); sjekk koden på orpha.net",
        "diagnoses/marfans-syndrom/index.md:6: senter: ukjent senter «ukjent» (se data/centres.yml); gyldige er frambu, napos, nevsom, nksd, nkse, nmk, nscf, ssd, tako, trs",
    ],
}


def run_check(root: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return sjelden("--root", str(root), "check", env=env)


def assert_check_reports(root: Path, expected: list[str], **env: str) -> None:
    """`sjelden check` fails, without a traceback, with exactly these problems and their count."""
    result = run_check(root, **env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == expected
    assert lines[-1] == f"{len(expected)} feil, 0 advarsler."


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_check_reports_each_problem_once_with_path_and_line(fixture: str, tmp_path: Path, small_orphanet: Path) -> None:
    assert_check_reports(make_project(tmp_path, small_orphanet, fixture), CASES[fixture])


def test_check_passes_on_valid_content(tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alt i orden: 1 diagnosesider, Orphanet-data 2025-12")


def test_check_emits_github_annotations(tmp_path: Path, small_orphanet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, small_orphanet, "diagnosis_unknown_centre")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_check(root)
    assert "::error file=diagnoses/marfans-syndrom/index.md,line=6::senter: ukjent senter «tsr»" in result.stdout


def test_the_bundled_content_is_valid() -> None:
    root = Path(__file__).resolve().parent.parent
    result = run_check(root)
    assert result.returncode == 0, result.stderr


def test_an_obsolete_code_names_the_code_it_moved_to(tmp_path: Path, small_orphanet: Path) -> None:
    """With Orphadata's official product1 in the manifest, moves are known and named."""
    root = make_project(tmp_path, small_orphanet, "valid")
    snapshot = root / "data/orphanet"
    shutil.copy(FIXTURES / "orphanet_xml/handmade_product1.xml", snapshot / "en_product1.xml")
    manifest = snapshot / "snapshot.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "nomenclature: en_product1.xml\n", encoding="utf-8")
    page = root / "diagnoses/marfans-syndrom/index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("orpha: [558]", "orpha: [3332]"), encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "diagnoses/marfans-syndrom/index.md:3: orpha: ORPHA:3332 (Hypoplastic tibiae-postaxial polydactyly syndrome) "
        "er utgått (obsolete) i Orphanet-data (2025-12); Orphanet har flyttet den til ORPHA:988, bruk den koden"
    )
