"""Lay words for a diagnosis (issue 21, point 3): Norwegian compounds of an organ and «kreft» or
«svulst» meet the one English word of the name through combining forms in the lexicon
(«netthinnekreft» = netthinne (retino-) + kreft (-blastoma) = Retinoblastoma), and a lay name
leads to its specific diagnosis. Python builds what the worker gets; the worker (Node) joins."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.core.errors import ContentError
from build_tools.derived.search.documents import english_names
from build_tools.derived.search.index import SearchDoc, build_search_files
from build_tools.derived.search.norsk import Lexicon, affix, fuse, key, lexicon_for, lexicon_index, load_lexicon, with_norwegian_names
from tests.conftest import ROOT
from tests.test_search_index import run_worker

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
CASES = json.loads((Path(__file__).parent / "fixtures" / "search" / "fuse_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize(("head", "tail", "word"), CASES)
def test_combining_forms_join(head: str, tail: str, word: str) -> None:
    assert fuse(head, tail) == word


def test_affix_is_a_beginning_or_an_end_with_a_hyphen() -> None:
    assert affix("retino-") == "retino"
    assert affix("-blastoma") == "blastoma"
    assert affix("x-linked") == ""  # a word with a hyphen inside is a word
    assert affix("bone marrow") == ""
    assert affix("-a") == ""  # too short to be an ending of its own


def test_lexicon_index_ships_combining_forms_the_names_use() -> None:
    lexicon = Lexicon(words={"netthinne": ("retina", "retino-"), "kreft": ("cancer", "-blastoma", "-sarcoma"), "lever": ("liver", "hepato-")})
    nb = lexicon_index(lexicon, ["retinoblastoma", "retina", "cancer", "liver"])
    assert nb["a"] == {key("netthinne"): "retino"}  # no word begins with "hepato": not shipped
    assert nb["z"] == {key("kreft"): "blastoma"}  # no word ends with "sarcoma"
    assert nb["w"][key("kreft")] == "cancer"  # combining forms are no translations of their own
    assert nb["w"][key("netthinne")] == "retina"


def test_the_real_lexicon_loads_with_combining_forms() -> None:
    lexicon = load_lexicon(ROOT / "data" / "leksikon" / "medisinsk-nb-en.yml", ROOT)
    assert "retino-" in lexicon.words["netthinne"]
    assert "-blastoma" in lexicon.words["kreft"]


def test_a_combining_form_alone_is_checked_like_any_term(tmp_path: Path) -> None:
    path = tmp_path / "leksikon.yml"
    path.write_text("ord:\n  kreft: [-blastoma]\n  svulst: 3\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_lexicon(path, tmp_path)
    assert [str(p) for p in err.value.problems] == ["leksikon.yml:3: svulst: forventet en liste med engelske ord, for eksempel [disease]"]


FUSE_RUNNER = r"""
const path = require("path");
const m = require(path.join(process.argv[2], "assets/sjelden/workers/search.js"));
const cases = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
console.log(JSON.stringify(cases.map(([h, t]) => m.nbFuse(h, t))));
"""


@needs_node
def test_the_worker_joins_like_python(tmp_path: Path) -> None:
    for rel, data in build_search_files([SearchDoc(url="orpha/1/", title="X", kind="orpha", orpha=(1,))]).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "cases.json").write_text(json.dumps(CASES), encoding="utf-8")
    (tmp_path / "run.js").write_text(FUSE_RUNNER, encoding="utf-8")
    out = subprocess.run([NODE or "node", str(tmp_path / "run.js"), str(tmp_path), str(tmp_path / "cases.json")], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [fuse(h, t) for h, t, _ in CASES]


def _doc(code: int, name: str, kind: str = "orpha", text: str = "") -> SearchDoc:
    return SearchDoc(url=f"{'grupper' if kind == 'gruppe' else 'orpha'}/{code}/", title=name, kind=kind, names_en=(name,), orpha=(code,), text=text)


DOCS = [
    _doc(790, "Retinoblastoma", text="A malignant tumor of the retina in young children."),
    _doc(71505, "Cancer-associated retinopathy"),
    _doc(654, "Nephroblastoma", text="A malignant tumor of the kidney in childhood."),
    _doc(93619, "Rare renal tumor", "gruppe"),
    _doc(449, "Hepatoblastoma", text="A malignant liver tumor of childhood."),
    _doc(668, "Osteosarcoma"),
    _doc(223727, "Bone sarcoma", "gruppe"),
    _doc(55880, "Chondrosarcoma"),
    _doc(175, "Cartilage-hair hypoplasia"),
    _doc(69078, "Liposarcoma"),
    _doc(29073, "Multiple myeloma"),
    _doc(733, "Familial adenomatous polyposis"),
    _doc(558, "Marfan syndrome"),
    _doc(707, "Plague"),
    _doc(449285, "Snakebite envenomation"),
    _doc(576370, "Variant Creutzfeldt-Jakob disease"),
    _doc(204, "Sporadic Creutzfeldt-Jakob disease"),
    _doc(31826, "Ethylene glycol poisoning"),
    SearchDoc(url="diagnoser/akondroplasi/", title="Akondroplasi", kind="diagnose", names=("Akondroplasi",), names_en=("Achondroplasia",), orpha=(15,)),
    _doc(139021, "Malformation syndrome with short stature", "gruppe"),
]


@needs_node
def test_lay_compounds_find_the_specific_diagnosis(tmp_path: Path) -> None:
    expected = {
        "netthinnekreft": "orpha/790/",  # netthinne (retino-) + kreft (-blastoma)
        "kreft i netthinnen": "orpha/790/",  # two words, either order, a stop word between
        "netthinne kreft": "orpha/790/",
        "nyresvulst": "orpha/654/",  # nyre (nephro-) + svulst (-blastoma)
        "nyrekreft hos barn": "orpha/654/",  # «hos» and «barn» are optional
        "leverkreft": "orpha/449/",
        "bruskkreft": "orpha/55880/",  # not the cartilage syndrome
        "fettkreft": "orpha/69078/",
        "beinkreft": "orpha/668/",  # a compound the lexicon has is joined too
        "beinmargskreft": "orpha/29073/",  # linking s
        "arvelige tarmpolypper": "orpha/733/",
        "marfan": "orpha/558/",  # English queries are unchanged
        "svartedauden": "orpha/707/",  # everyday and old names of infections and poisonings
        "slangebitt": "orpha/449285/",
        "kugalskap": "orpha/576370/",
        "frostvæskeforgiftning": "orpha/31826/",  # frostvæske + forgiftning
        "kortvoksthet": "diagnoser/akondroplasi/",  # a lay name reaches the authored page of its code
    }
    docs = with_norwegian_names(DOCS, {15: ["kortvoksthet"]})
    files = build_search_files(docs, lexicon_for(ROOT / "data", ROOT))
    got = run_worker(tmp_path, docs, list(expected), files=files)
    for query, url in expected.items():
        assert got[query][:1] == [url], (query, got[query][:3])


def _en(code: int, *names: str, kind: str = "orpha") -> SearchDoc:
    """A document whose English names are read as the site reads Orphanet's (`english_names`)."""
    return SearchDoc(url=f"{'grupper' if kind == 'gruppe' else 'orpha'}/{code}/", title=names[0], kind=kind, names_en=english_names(list(names)), orpha=(code,))


WHOLE_NAME_DOCS = [
    _en(888, "Van der Woude syndrome", "Cleft lip/palate with mucous cysts of lower lip"),
    _en(3253, "Cleft lip/palate-ectodermal dysplasia syndrome"),
    _en(2001, "Cleft lip/palate-intestinal malrotation-cardiopathy syndrome"),
    _en(1991, "Cleft lip with or without cleft palate", kind="gruppe"),
    _en(2953, "Musculocontractural Ehlers-Danlos syndrome", "Adducted thumb clubfoot syndrome"),
    _en(293144, "Familial clubfoot due to 5q31 microdeletion"),
    _en(376, "Gordon syndrome", "Camptodactyly cleft palate clubfoot syndrome"),
    _en(199315, "Familial clubfoot with or without associated lower limb anomalies"),
]


@needs_node
def test_a_concept_finds_the_diagnosis_whose_whole_name_it_is(tmp_path: Path) -> None:
    # «leppespalte» is «cleft lip»: the diagnosis named so comes before the syndromes that merely
    # contain it («Cleft lip/palate-...» is no name «Cleft lip»), and «klumpfot» before «... clubfoot syndrome»
    files = build_search_files(WHOLE_NAME_DOCS, lexicon_for(ROOT / "data", ROOT))
    got = run_worker(tmp_path, WHOLE_NAME_DOCS, ["leppespalte", "cleft lip", "klumpfot", "clubfoot"], files=files)
    assert got["leppespalte"][:1] == ["grupper/1991/"], got["leppespalte"][:3]
    assert got["cleft lip"][:1] == ["grupper/1991/"], got["cleft lip"][:3]
    assert got["klumpfot"][:1] == ["orpha/199315/"], got["klumpfot"][:3]
    assert got["clubfoot"][:1] == ["orpha/199315/"], got["clubfoot"][:3]


GROUP_DOCS = [
    _en(100, "Hypertrophic cardiomyopathy", kind="gruppe"),
    _en(101, "Hypertrophic cardiomyopathy"),
    _en(223735, "Lymphoma", kind="gruppe"),
    _en(52417, "MALT lymphoma"),
    _en(543, "Burkitt lymphoma"),
]


@needs_node
def test_a_group_bonus_never_beats_a_diagnosis_named_as_wholly(tmp_path: Path) -> None:
    got = run_worker(tmp_path, GROUP_DOCS, ["hypertrophic cardiomyopathy", "lymphoma"])
    # the words name the group and the diagnosis alike: the specific diagnosis first
    assert got["hypertrophic cardiomyopathy"][:2] == ["orpha/101/", "grupper/100/"]
    # only the group is named wholly: it keeps its place
    assert got["lymphoma"][:1] == ["grupper/223735/"]


NEVER_NOTHING_DOCS = [
    _en(700, "Alopecia totalis"),
    SearchDoc(url="diagnoser/x/", title="Xsyndrom", kind="diagnose", names=("Xsyndrom",), orpha=(1,), text="Utslett over hele kroppen."),
    SearchDoc(url="diagnoser/y/", title="Ysyndrom", kind="diagnose", names=("Ysyndrom",), orpha=(2,), text="Vondt i hele ryggen."),
]


@needs_node
def test_four_words_that_never_meet_still_give_the_pages_that_lack_fewest(tmp_path: Path) -> None:
    # no page has three of «alopecia», «over», «hele», «ryggen»: the list is not empty (before, a
    # query of three or more words allowed one missing word at most and showed nothing)
    got = run_worker(tmp_path, NEVER_NOTHING_DOCS, ["alopecia over hele ryggen"])
    assert got["alopecia over hele ryggen"][:1] == ["orpha/700/"]
