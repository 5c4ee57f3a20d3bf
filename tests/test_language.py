"""Issue 13 (9): the Norwegian the site shows is correct: agreement, singular, no nested
parentheses, the right words for Orphanet's groups, onset ages in age order."""

from __future__ import annotations

import re

import yaml

from build_tools.core import vocab
from build_tools.core.errors import Problem, summary
from build_tools.kinds.catalogue.facts import fact_lines
from build_tools.orphanet.model import Level, OrphaCode, OrphaEntity
from tests.conftest import ROOT

# «syndrom» is neuter (et syndrom, syndromet): «... syndrom er sjeldent», not «sjelden».
NEUTER_RARE = re.compile(r"\b(\w*-?syndrom(et)?) er sjelden\b", re.I)


def test_a_syndrome_is_sjeldent_in_every_page_and_template() -> None:
    found = []
    for path in [*ROOT.glob("diagnoses/**/*.md"), *ROOT.glob("build_tools/templates/*.j2"), *ROOT.glob("docs/**/*.md")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NEUTER_RARE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line[:60]}")
    assert found == []


def test_the_check_summary_says_one_advarsel() -> None:
    warning = Problem("a.md", 1, None, "x", "warning")
    error = Problem("a.md", 2, None, "y")
    assert summary([warning]) == "0 feil, 1 advarsel."
    assert summary([error, warning, Problem("b.md", 1, None, "z", "warning")]) == "1 feil, 2 advarsler."
    assert summary([]) == "0 feil, 0 advarsler."


def test_a_centre_line_has_no_nested_parentheses() -> None:
    """The contact box shows «navn (helseforetak)»: the owner itself must not be in parentheses."""
    centres = yaml.safe_load((ROOT / "data/centres.yml").read_text(encoding="utf-8"))
    assert [key for key, c in centres.items() if "(" in c["helseforetak"] or ")" in c["helseforetak"]] == []


def test_thoracic_surgery_is_thoraxkirurgi() -> None:
    # ORPHA:97962 «Rare surgical thoracic disease»: surgery in the chest cavity, not on the breast.
    names = yaml.safe_load((ROOT / "data/norske-navn.yml").read_text(encoding="utf-8"))
    assert names[97962]["navn"] == "Sjeldne thoraxkirurgiske sykdommer"
    assert not [code for code, entry in names.items() if "brystkirurgi" in entry["navn"]]


def test_onset_ages_are_listed_in_age_order() -> None:
    assert vocab.onset_order(("All ages", "Adult", "Infancy", "Antenatal", "Childhood", "Neonatal", "Elderly", "Adolescent")) == [
        "Antenatal", "Neonatal", "Infancy", "Childhood", "Adolescent", "Adult", "Elderly", "All ages",
    ]
    e = OrphaEntity(code=OrphaCode(558), name="Marfan syndrome", disorder_type="Disease", level=Level.DISORDER, onsets=("Adult", "Childhood", "Infancy"))
    line = next(x for x in fact_lines([e], None, [], "") if x.startswith("- **Debut:**"))
    assert line == "- **Debut:** spedbarnsalder, barndom, voksen alder"
