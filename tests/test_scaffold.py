"""`sjelden new`: scaffolds that start out right, are flagged until written, and never overwrite."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from build_tools import scaffold, schemas
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS
from tests.conftest import make_project
from tests.conftest import sjelden as run_cli

EPOCH = {"SOURCE_DATE_EPOCH": "1764547200"}  # 2025-12-01
PAGE = "diagnoses/marfans-syndrom-type-1/index.md"


def sjelden(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--root", str(root), *args, env=EPOCH)


@pytest.fixture
def project(tmp_path: Path, small_orphanet: Path) -> Path:
    return make_project(tmp_path, small_orphanet, "valid")


def new_page(root: Path) -> Path:
    result = sjelden(root, "new", "diagnosis", "--orpha", "284963", "--slug", "marfans-syndrom-type-1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Laget {PAGE}. Fyll inn feltene og avsnittene, og kjør «sjelden check»."
    return root / PAGE


def fill_in(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace('tittel: ""', "tittel: Marfans syndrom type 1").replace("forfattere: []", "forfattere: [Kari Nordmann]").replace('senter: ""', "senter: trs")
    text = re.sub(r"  gjennomgått:.*\n", "  gjennomgått: 2025-12-01\n", text)  # the editor has reviewed the proposed facts
    text = re.sub(r"(<!-- .*? -->)\n", r"\1\nTekst skrevet av redaktøren.\n", text)
    path.write_text(text, encoding="utf-8")
    # The centre's list names the new diagnosis with its source, as the scaffold's comment asks.
    centres = path.parents[2] / "data" / "centres.yml"
    entry = "    - {orpha: 284963, kilde: https://www.sunnaas.no/}\n"
    centres.write_text(centres.read_text(encoding="utf-8").replace("    - orpha: 558", entry + "    - orpha: 558", 1), encoding="utf-8")


def test_scaffold_fills_front_matter_from_orphanet(project: Path) -> None:
    text = new_page(project).read_text(encoding="utf-8")
    assert "# Orphanet (2025-12): ORPHA:284963 «Marfan syndrome type 1»." in text
    assert "orpha: [284963]" in text
    assert 'tittel: ""  # norsk navn på diagnosen (engelsk: Marfan syndrome type 1)' in text
    assert "# ICD-10: Q87.4" in text
    # No centre is taken from another page, not even the authored Marfan page in the same Orphanet
    # group (ORPHA:355 once got «frambu» that way): the editor is told where to find the right one.
    assert (
        'senter: ""  # ingen senter har ORPHA:284963 på sin liste i data/centres.yml (under diagnoser:); finn senteret som har ansvaret '
        "på sentrenes egne nettsider, eller spør NKSD. Gyldige id-er: " in text
    )
    assert "publisert: 2025-12-01\nsist_revidert: 2025-12-01\nneste_revisjon: 2028-12-01" in text
    assert re.findall(r"^## (.+)$", text, re.M) == list(DIAGNOSIS_SECTIONS)
    assert text.count("<!-- ") == len(DIAGNOSIS_SECTIONS)
    # Facts from Orphanet, as a proposal: `gjennomgått` empty until an editor has reviewed them.
    assert '\nfakta:\n  gener: ["FBN1"]' in text and '  arvegang: ["autosomal dominant"]' in text
    assert "\n  gjennomgått:  # tom: forslag, ikke gjennomgått" in text
    assert '  orphanet:  # ' in text and '    utgave: "2025-12"\n    gener: ["FBN1"]\n    arvegang: ["Autosomal dominant"]' in text


def test_scaffold_takes_the_centre_only_from_the_centres_list(project: Path) -> None:
    centres = project / "data" / "centres.yml"
    centres.write_text(centres.read_text(encoding="utf-8").replace("    - orpha: 558", "    - {orpha: 284963, kilde: https://www.sunnaas.no/}\n    - orpha: 558", 1), encoding="utf-8")
    text = new_page(project).read_text(encoding="utf-8")
    assert "\nsenter: trs  # trs har ORPHA:284963 på sin liste i data/centres.yml\n" in text


def test_untouched_scaffold_is_reported_clearly(project: Path) -> None:
    new_page(project)
    result = sjelden(project, "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"{PAGE}:7: tittel: kan ikke være tom; fyll inn en verdi"
    assert lines[1] == f"{PAGE}:11: senter: kan ikke være tom; fyll inn en verdi"  # the scaffold's comment says where to look
    assert lines[2] == f"{PAGE}:13: forfattere: listen kan ikke være tom; legg til minst én"
    assert lines[3] == (
        f"{PAGE}:30: fakta.gjennomgått: faktaene er et forslag fra Orphanet og er ikke gjennomgått; sjekk gener, arvegang, debut og "
        "forekomst mot sidens tekst og kildene, og skriv datoen du gjorde det (ÅÅÅÅ-MM-DD)"
    )
    assert lines[4] == f"{PAGE}:37: avsnittet «Kort om diagnosen» har bare veiledningen fra malen; skriv teksten under kommentaren"
    assert lines[-1] == f"{4 + len(DIAGNOSIS_SECTIONS)} feil, 0 advarsler."


def test_filled_in_scaffold_passes(project: Path) -> None:
    fill_in(new_page(project))
    result = sjelden(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Alt i orden: 2 diagnosesider")


def test_typical_mistakes_are_each_reported_once_with_path_and_line(project: Path) -> None:
    """The acceptance walk-through: a new editor's usual mistakes, all in one page."""
    path = new_page(project)
    fill_in(path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("synonymer: []", "synonymr: []")  # line 9
    text = text.replace("senter: trs", "senter: tsr")  # line 11
    lines = text.split("\n")
    kort = lines.index("## Kort om diagnosen")
    lines[kort + 3] = "Se [Marfan](../marfan-syndrom/)."  # broken link
    lines[kort + 7] = "![](/bilder/kart.png)"  # no alt text
    (project / "docs" / "bilder").mkdir()
    (project / "docs" / "bilder" / "kart.png").write_bytes(b"\x89PNG")
    lines[kort + 11] = "<script>alert(1)</script>"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = sjelden(project, "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{PAGE}:9: synonymr: ukjent felt; mente du «synonymer»?",
        f"{PAGE}:11: senter: ukjent senter «tsr» (se data/centres.yml); mente du «trs»?",
        f"{PAGE}:40: lenken ../marfan-syndrom/ er brutt: diagnosesiden «marfan-syndrom» finnes ikke; mente du ../marfans-syndrom/?",
        f"{PAGE}:44: bildet mangler alternativ tekst; skriv en kort beskrivelse mellom klammene: ![beskrivelse](bilde.png)",
        f"{PAGE}:48: HTML-elementet <script> er ikke tillatt; skriv innholdet som vanlig Markdown, eller be utviklerne om en ny funksjon",
        "5 feil, 0 advarsler.",
    ]


def test_scaffold_refuses_to_overwrite(project: Path) -> None:
    path = new_page(project)
    path.write_text("redigert", encoding="utf-8")
    result = sjelden(project, "new", "diagnosis", "--orpha", "284963", "--slug", "marfans-syndrom-type-1")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"{PAGE}: finnes allerede; velg et annet navn (--slug) eller rediger filen som er der"
    assert path.read_text(encoding="utf-8") == "redigert"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--orpha", "558"], "sjelden new diagnosis: --orpha: ORPHA:558 har allerede en side: diagnoses/marfans-syndrom/index.md; rediger den i stedet"),
        (["--orpha", "999999"], "sjelden new diagnosis: --orpha: ORPHA:999999 finnes ikke i Orphanet-data (2025-12); sjekk koden på orpha.net"),
        (["--orpha", "34"], "sjelden new diagnosis: --orpha: ORPHA:34 (Pipecolic acidemia) er ikke aktiv i Orphanet-data (2025-12); finn den gjeldende koden på orpha.net"),
        (["--orpha", "abc"], "sjelden new diagnosis: --orpha: «abc» er ikke en ORPHA-kode; skriv tallet, f.eks. 558 eller ORPHA:558"),
        (["--orpha", "284963", "--slug", "Neonatal_MFS"], "sjelden new diagnosis: --slug: «Neonatal_MFS» er ikke et gyldig mappenavn; bruk små bokstaver a–z, tall og bindestrek (f.eks. marfans-syndrom)"),
        ([], "sjelden new diagnosis: --orpha: mangler; oppgi ORPHA-koden, f.eks. --orpha 558"),
    ],
)
def test_scaffold_explains_what_it_cannot_do(project: Path, args: list[str], message: str) -> None:
    result = sjelden(project, "new", "diagnosis", *args)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == message


def test_slug_from_norwegian_title() -> None:
    assert scaffold.slugify("Ærlig, søt & å") == "aerlig-sot-a"
    assert scaffold.slugify("22q11.2-delesjonssyndrom") == "22q11-2-delesjonssyndrom"


@pytest.mark.parametrize("kind", [k for k in schemas.kinds() if k.command])
def test_other_kinds_are_scaffolded_from_their_models(kind: schemas.ContentKind, project: Path) -> None:
    result = sjelden(project, "new", kind.command, "--slug", "testkurs")
    assert result.returncode == 0, result.stderr
    path = project / kind.new_path.format(slug="testkurs", year=2025)
    text = path.read_text(encoding="utf-8")
    for name in kind.model.model_fields:
        assert re.search(rf"^(# )?{re.escape(name)}:", text, re.M), name
    again = sjelden(project, "new", kind.command, "--slug", "testkurs")
    assert again.returncode == 1 and "finnes allerede" in again.stderr


def test_a_new_course_says_where_organisers_come_from(project: Path) -> None:
    result = sjelden(project, "new", "course", "--slug", "nytt-kurs")
    assert result.returncode == 0, result.stderr
    text = next(project.glob("courses/*/nytt-kurs.yml")).read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("arrangør:"))
    assert "data/centres.yml" in line and "data/arrangorer.yml" in line
