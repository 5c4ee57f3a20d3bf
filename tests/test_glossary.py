"""The glossary (/ordliste/): data/ordliste.yml validated with path and line, the page's anchors,
and every link to it from the site."""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.core.settings import settings_from_options
from build_tools.kinds.catalogue.facts import term
from build_tools.kinds.glossary.load import read_glossary
from build_tools.kinds.glossary.model import Glossary, Term
from build_tools.kinds.site import Site
from tests.conftest import ROOT

# Words the site uses that the glossary must explain (issue 14).
REQUIRED = [
    "autosomal dominant", "autosomal recessiv", "X-bundet recessiv", "genvariant", "mosaikk", "forekomst", "undertype",
    "habilitering", "individuell plan", "koordinator", "kompetansesenter", "ORPHA-kode", "ICD-10", "ICD-11", "HPO",
    "debut", "arvegang", "de novo", "bærer", "gen",
]


def _glossary(root: Path, text: str) -> tuple[Glossary, list[str]]:
    (root / "data").mkdir(exist_ok=True)
    (root / "data" / "ordliste.yml").write_text(text, encoding="utf-8")
    glossary, problems = read_glossary(settings_from_options(root, {}))
    return glossary, [str(p) for p in problems]


def test_the_sites_glossary_is_valid_and_explains_at_least_40_words() -> None:
    glossary, problems = read_glossary(settings_from_options(ROOT, {}))
    assert problems == []
    assert len(glossary) >= 40
    assert [word for word in REQUIRED if glossary.anchor(word) is None] == []


def test_problems_in_the_glossary_are_reported_with_path_and_line(tmp_path: Path) -> None:
    glossary, problems = _glossary(tmp_path, (
        "arvegang:\n"
        "  term: arvegang\n"
        "  forklaring: Hvordan noe arves.\n"
        "  se_også: [arvegan, genvariant]\n"
        "Gen:\n"
        "  term: gen\n"
        "  forklaring: En del av arvestoffet.\n"
        "bærer:\n"
        "  term: bærer\n"
        "  forklaring: En som har en genkopi.\n"
        "mosaikk:\n"
        "  term: mosaikk\n"
        "  forklarin: Ulike celler.\n"
        "x-bundet:\n"
        "  term: X-bundet\n"
        "  forklaring: Genet ligger på X.\n"
        "  andre_former: [Arvegang]\n"
    ))
    assert problems == [
        "data/ordliste.yml:5: Gen: ugyldig nøkkel; bruk små bokstaver a–z, tall og bindestrek (den blir ankeret på /ordliste/), f.eks. autosomal-dominant",
        "data/ordliste.yml:8: bærer: ugyldig nøkkel; bruk små bokstaver a–z, tall og bindestrek (den blir ankeret på /ordliste/), f.eks. autosomal-dominant",
        "data/ordliste.yml:12: mosaikk.forklaring: mangler; legg til feltet (en kort forklaring på enkelt norsk, én til tre setninger)",
        "data/ordliste.yml:13: mosaikk.forklarin: ukjent felt; mente du «forklaring»?",
        "data/ordliste.yml:17: x-bundet.andre_former.0: «Arvegang» er allerede brukt i «arvegang» (linje 2); et ord kan bare forklares ett sted",
        "data/ordliste.yml:4: arvegang.se_også.0: «arvegan» finnes ikke i ordlisten; mente du «arvegang»?",
        "data/ordliste.yml:4: arvegang.se_også.1: «genvariant» finnes ikke i ordlisten; bruk nøkkelen (ankeret) til et ord i ordlisten",
    ]
    assert list(glossary.terms) == ["arvegang", "x-bundet"]


def test_a_glossary_that_is_no_mapping_is_one_problem(tmp_path: Path) -> None:
    _, problems = _glossary(tmp_path, "- arvegang\n")
    assert problems == ["data/ordliste.yml:1: forventet ett oppslag per ord: <anker>: {term: ..., forklaring: ...}, f.eks. autosomal-dominant:"]


def test_words_the_glossary_explains_link_to_it_and_others_do_not() -> None:
    glossary = Glossary({"x-bundet": Term("x-bundet", "X-bundet arvegang", "…", ("X-bundet recessiv",), ())})
    site = Site(orpha=None, centres={}, diagnoses=[], by_code={}, members={}, glossary=glossary)  # type: ignore[arg-type]
    assert term("X-bundet  recessiv", "../../", site) == "[X-bundet recessiv](../../ordliste/#x-bundet)"
    assert term("Arvegang", "../../", site) == "Arvegang"
    assert term("X-bundet recessiv", "../", None) == "X-bundet recessiv"


def test_every_link_to_the_glossary_in_the_built_site_has_its_anchor(built: Path) -> None:
    glossary = (built / "ordliste/index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'<h3 id="([a-z0-9-]+)"', glossary))
    assert len(ids) >= 40
    linked: dict[str, set[str]] = {}
    for path in built.rglob("*.html"):
        for anchor in re.findall(r'href="[^"#]*ordliste/#([^"]+)"', path.read_text(encoding="utf-8")):
            linked.setdefault(anchor, set()).add(path.relative_to(built).as_posix())
    assert {"arvegang", "orpha-kode", "icd-10", "forekomst"} <= set(linked)  # the fact boxes link their labels
    assert {a: sorted(pages)[:3] for a, pages in linked.items() if a not in ids} == {}
    marfan = (built / "diagnoser/marfans-syndrom/index.html").read_text(encoding="utf-8")
    assert '<a href="../../ordliste/#autosomal-dominant">autosomal dominant</a>' in marfan
