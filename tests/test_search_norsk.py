"""Tests for build_tools/derived/search/norsk.py: the orthographic key (and its twin in norsk.js, run in
Node), the lexicon and its editor messages, Norwegian names for catalogue documents, and Norwegian
queries against a built index (ranking runs in the worker; those tests are skipped without Node)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.core.errors import ContentError
from build_tools.derived.search.index import SearchDoc, build_search_files, tokenize
from build_tools.derived.search.norsk import (
    LEXICON_PATH,
    Lexicon,
    alternatives,
    key,
    lexicon_for,
    lexicon_index,
    lexicon_problems,
    load_lexicon,
    with_norwegian_names,
)
from tests.conftest import ROOT
from tests.test_search_index import run_worker

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
CASES = json.loads((Path(__file__).parent / "fixtures" / "search" / "normalise_cases.json").read_text(encoding="utf-8"))


def k(word: str) -> str:
    return key(tokenize(word)[0])


# --- the key ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("norwegian", "english"), CASES["same_key"])
def test_both_spellings_meet(norwegian: str, english: str) -> None:
    assert k(norwegian) == k(english)


@pytest.mark.parametrize(("word", "expected"), sorted(CASES["keys"].items()))
def test_key(word: str, expected: str) -> None:
    assert k(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("sykdom", "syndrom"), ("lever", "liver"), ("anemi", "anomali"), ("marfan", "martin"), ("cyste", "kyste")],
)
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert k(a) != k(b)


@pytest.mark.parametrize(("word", "expected"), sorted(CASES["alternatives"].items()))
def test_alternatives_of_the_shared_cases(word: str, expected: list[str]) -> None:
    assert alternatives(tokenize(word)[0]) == expected


def test_codes_and_short_words_are_their_own_key() -> None:
    assert [key(w) for w in ["q87", "fbn1", "og", "hud", "558"]] == ["q87", "fbn1", "og", "hud", "558"]


def test_alternatives() -> None:
    assert k("neurological") in alternatives("nevrologisk")  # -isk: -ical
    assert k("sensory") in alternatives("sensorisk")  # -isk: -y
    assert k("motor") in alternatives("motorisk")  # -isk: nothing
    assert k("primary") in alternatives("primaer")  # -ær: -ary
    assert k("mitochondrial") in alternatives("mitokondriell")  # -ell: -al
    assert k("essential") in alternatives("essensiell")
    assert k("sclerosing") in alternatives("skleroserende")
    assert k("neurogenic") in alternatives("nevrogen")  # -gen: -genic
    assert k("morquio") in alternatives("morquios")  # genitive s after a vowel
    assert alternatives("syndrom") == [] and alternatives("q87") == []


# --- the lexicon ------------------------------------------------------------------------------


def test_the_lexicon_loads_and_has_general_words() -> None:
    lexicon = load_lexicon(ROOT / "data" / LEXICON_PATH, ROOT)
    words = lexicon.words
    assert len(words) >= 300
    assert "disease" in words["sykdom"] and "congenital" in words["medfødt"] and "hereditary" in words["arvelig"]
    assert words["blødersykdom"][0] == "hemophilia" and words["ryggmargsbrokk"] == ("spina bifida",)
    assert {"liver", "hepatic"} <= set(words["lever"])
    assert "sjelden" in lexicon.optional
    # every translation is English (no Norwegian letters), every entry has one
    assert all(e and not set("æøå") & set(e) for v in words.values() for e in v)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data" / "leksikon" / "medisinsk-nb-en.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_lexicon(write(tmp_path, text), tmp_path)
    return [str(p) for p in err.value.problems]


def test_bad_entries_are_named_with_file_line_and_field(tmp_path: Path) -> None:
    text = "valgfrie: [sjelden, to ord]\nord:\n  sykdom: [disease]\n  lever: liver\n  hjerte: []\n  nyre: [kidney, 3]\n  hud: [hud]\n  '---': [x]\n  Sykdom: [disorder]\n"
    assert messages(tmp_path, text) == [
        "data/leksikon/medisinsk-nb-en.yml:1: valgfrie: «to ord» er ikke ett ord; skriv ett ord per linje",
        "data/leksikon/medisinsk-nb-en.yml:5: hjerte: forventet en liste med engelske ord, for eksempel [disease]",
        "data/leksikon/medisinsk-nb-en.yml:6: nyre: «3» er ikke et engelsk ord; skriv ord i anførselstegn ved behov",
        "data/leksikon/medisinsk-nb-en.yml:7: hud: «hud» er det samme ordet; ord som skrives likt på begge språk trengs ikke",
        "data/leksikon/medisinsk-nb-en.yml:8: ---: det norske ordet må inneholde bokstaver",
        "data/leksikon/medisinsk-nb-en.yml:9: Sykdom: står allerede i ordlisten som «sykdom»; slå sammen oppføringene",
    ]


def test_a_lexicon_of_the_wrong_shape(tmp_path: Path) -> None:
    assert messages(tmp_path, "- sykdom\n- disease\n") == [
        "data/leksikon/medisinsk-nb-en.yml:1: forventet to felt: «valgfrie:» (en liste med ord) og «ord:» (norsk ord: [engelske ord])"
    ]
    assert messages(tmp_path, "ord: [sykdom, disease]\n") == ["data/leksikon/medisinsk-nb-en.yml:1: ord: forventet oppslag: norsk ord: [engelsk ord, ...]"]


def test_yaml_mistakes_come_from_the_reader(tmp_path: Path) -> None:
    assert messages(tmp_path, "ord:\n  sykdom: [disease]\n  sykdom: [disorder]\n") == [
        "data/leksikon/medisinsk-nb-en.yml:3: sykdom: feltet står to ganger (første gang på linje 2); fjern det ene"
    ]


def test_a_single_english_word_may_stand_without_brackets(tmp_path: Path) -> None:
    lexicon = load_lexicon(write(tmp_path, "ord:\n  lever: liver\n"), tmp_path)
    assert lexicon == Lexicon(words={"lever": ("liver",)}, optional=())


def test_lexicon_index_keeps_what_can_match_and_keys_the_vocabulary() -> None:
    lexicon = Lexicon(
        words={"sykdom": ("disease", "malady"), "sykdommer": ("diseases",), "leppe kjeve ganespalte": ("cleft lip and palate",)},
        optional=("sjeldne",),
    )
    vocab = ["disease", "cleft", "lip", "palate", "hypophosphatasia", "og"]
    got = lexicon_index(lexicon, vocab)
    assert got["w"] == {k("sykdom"): "disease"}  # "malady" and "diseases" are not in the names
    assert got["p"] == {"lep kjev ganespalt": "cleft lip and palate"}
    assert got["o"] == [k("sjeldne")]
    assert got["k"].split("\n") == ["diseas", "kleft", "", "palat", "hipofosfatasi", ""]


def test_a_project_without_lexicon_gets_spelling_keys_only(tmp_path: Path) -> None:
    assert lexicon_for(tmp_path / "data", tmp_path)(["liver", "syndrome"]) == {"k": "liv\nsindrom", "w": {}, "p": {}, "o": [], "a": {}, "z": {}}
    write(tmp_path, "ord:\n  lever: [liver]\n")
    assert lexicon_for(tmp_path / "data", tmp_path)(["liver"])["w"] == {"lev": "liver"}


# --- Norwegian names for catalogue documents ----------------------------------------------------


def test_with_norwegian_names() -> None:
    docs = [
        SearchDoc(url="orpha/905/", title="Wilson disease", kind="orpha", names_en=("Wilson disease",), orpha=(905,)),
        SearchDoc(url="grupper/89826/", title="Sjeldne hudsykdommer", kind="gruppe", names=("Sjeldne hudsykdommer",), orpha=(89826,)),
        SearchDoc(url="diagnoser/x/", title="X", kind="diagnose", names=("X",), orpha=(905,)),
    ]
    got = with_norwegian_names(docs, {905: ["Wilsons sykdom", " ", "Wilsons sykdom"], 89826: ["Sjeldne hudsykdommer", "Hudsykdommer"]})
    assert got[0].names == ("Wilsons sykdom",) and got[0].title == "Wilson disease"
    assert got[1].names == ("Sjeldne hudsykdommer", "Hudsykdommer")
    # an authored page keeps its own names first and gains those of the codes it covers (lay names
    # in data/folkelige-navn.yml for a code with an authored page are found there)
    assert got[2].names == ("X", "Wilsons sykdom") and got[2].title == "X"


# --- shared cases: Python and the worker ------------------------------------------------------

KEY_RUNNER = r"""
const path = require("path");
const m = require(path.join(process.argv[2], "assets/sjelden/workers/search.js"));
const words = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
console.log(JSON.stringify(words.map(w => { const t = m.tokenize(w)[0] || ""; return [m.nbKey(t), m.nbAlternatives(t)]; })));
"""


def _random_words(n: int) -> list[str]:
    # Letters weighted towards the ones the key rewrites, so every rule meets odd neighbours.
    rng = random.Random(12)
    alphabet = "aeiouyphtrcqxzsnlkmgbdfvjw" + "aeioyhctrsne" * 3 + "æøå"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16))) for _ in range(n)]


@needs_node
def test_worker_keys_words_like_python(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel, data in build_search_files([SearchDoc(url="orpha/1/", title="X", kind="orpha", orpha=(1,))]).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    words = sorted(CASES["keys"]) + [w for pair in CASES["same_key"] for w in pair] + _random_words(4000)
    (tmp_path / "words.json").write_text(json.dumps(words), encoding="utf-8")
    (tmp_path / "run.js").write_text(KEY_RUNNER, encoding="utf-8")
    out = subprocess.run([NODE, str(tmp_path / "run.js"), str(site), str(tmp_path / "words.json")], capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(out.stdout)
    for word, (js_key, js_alt) in zip(words, got, strict=True):
        t = (tokenize(word) or [""])[0]
        assert (js_key, js_alt) == (key(t), alternatives(t)), word
    assert {w: got[words.index(w)][0] for w in CASES["keys"]} == CASES["keys"]


# --- Norwegian queries against a built index --------------------------------------------------

DOCS = [
    SearchDoc(url="orpha/905/", title="Wilson disease", kind="orpha", names_en=("Wilson disease", "Hepatolenticular degeneration"), orpha=(905,)),
    SearchDoc(url="orpha/232/", title="Sickle cell anemia", kind="orpha", names_en=("Sickle cell anemia",), orpha=(232,)),
    SearchDoc(url="grupper/448/", title="Hemophilia", kind="gruppe", names_en=("Hemophilia",), orpha=(448,)),
    SearchDoc(url="orpha/436/", title="Hypophosphatasia", kind="orpha", names_en=("Hypophosphatasia",), orpha=(436,)),
    SearchDoc(url="orpha/171/", title="Primary sclerosing cholangitis", kind="orpha", names_en=("Primary sclerosing cholangitis",), orpha=(171,)),
    SearchDoc(url="orpha/511/", title="Maple syrup urine disease", kind="orpha", names_en=("Maple syrup urine disease", "MSUD"), orpha=(511,)),
    SearchDoc(url="orpha/60/", title="Alpha-1-antitrypsin deficiency", kind="orpha", names_en=("Alpha-1-antitrypsin deficiency",), orpha=(60,)),
    SearchDoc(url="orpha/199306/", title="Cleft lip/palate", kind="orpha", names_en=("Cleft lip/palate", "Cleft lip and palate"), orpha=(199306,)),
    SearchDoc(url="orpha/95/", title="Friedreich ataxia", kind="orpha", names_en=("Friedreich ataxia",), orpha=(95,)),
    SearchDoc(url="grupper/89826/", title="Sjeldne hudsykdommer", kind="gruppe", names=("Sjeldne hudsykdommer",), names_en=("Rare skin disease",), orpha=(89826,)),
    SearchDoc(url="grupper/68381/", title="Neuromuscular disease", kind="gruppe", names_en=("Neuromuscular disease",), orpha=(68381,)),
    SearchDoc(url="grupper/97242/", title="Congenital muscular dystrophy", kind="gruppe", names_en=("Congenital muscular dystrophy",), orpha=(97242,)),
    SearchDoc(url="orpha/98896/", title="Duchenne muscular dystrophy", kind="orpha", names_en=("Duchenne muscular dystrophy",), orpha=(98896,)),
    SearchDoc(url="orpha/558/", title="Marfan syndrome", kind="orpha", names_en=("Marfan syndrome",), orpha=(558,), genes=("FBN1",)),
    SearchDoc(url="orpha/324/", title="Fabry disease", kind="orpha", names_en=("Fabry disease",), orpha=(324,)),
]


@needs_node
def test_norwegian_queries_find_english_names(tmp_path: Path) -> None:
    nb = lexicon_for(ROOT / "data", ROOT)
    files = build_search_files(DOCS, nb)
    expected = {
        "wilsons sykdom": "orpha/905/",
        "Wilson's disease": "orpha/905/",
        "sigdcelleanemi": "orpha/232/",
        "blødersykdom": "grupper/448/",
        "hypofosfatasi": "orpha/436/",
        "primær skleroserende kolangitt": "orpha/171/",
        "lønnesirupsykdom": "orpha/511/",
        "alfa-1-antitrypsinmangel": "orpha/60/",
        "leppe-kjeve-ganespalte": "orpha/199306/",
        "friedreichs ataksi": "orpha/95/",
        "sjelden hudsykdom": "grupper/89826/",
        "hudsykdommer": "grupper/89826/",
        "sjeldne muskelsykdommer": "grupper/68381/",
        "medfødt muskeldystrofi": "grupper/97242/",
        "fabrys sykdom": "orpha/324/",
        # English, codes and genes as before
        "Wilson disease": "orpha/905/",
        "marfan syndrome": "orpha/558/",
        "FBN1": "orpha/558/",
        "ORPHA:905": "orpha/905/",
    }
    got = run_worker(tmp_path, DOCS, list(expected), files=files)
    for query, url in expected.items():
        assert got[query][:1] == [url], query


@needs_node
def test_without_a_lexicon_spelling_keys_still_work(tmp_path: Path) -> None:
    files = build_search_files(DOCS, lexicon_for(tmp_path / "data", tmp_path))
    got = run_worker(tmp_path, DOCS, ["hypofosfatasi", "blødersykdom"], files=files)
    assert got["hypofosfatasi"][:1] == ["orpha/436/"]
    assert got["blødersykdom"] == []  # a lay name needs the lexicon


def test_sjelden_check_reports_lexicon_problems(tmp_path: Path) -> None:
    assert lexicon_problems(tmp_path / "data", tmp_path) == []  # no lexicon: nothing to report
    write(tmp_path, "ord:\n  lever: [liver]\n  hjerte: []\n")
    assert [str(p) for p in lexicon_problems(tmp_path / "data", tmp_path)] == [
        "data/leksikon/medisinsk-nb-en.yml:3: hjerte: forventet en liste med engelske ord, for eksempel [disease]"
    ]
    assert lexicon_problems(ROOT / "data", ROOT) == []  # the project's own lexicon is clean
