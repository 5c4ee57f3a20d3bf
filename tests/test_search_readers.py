"""Search for every reader (issue 21): nynorsk forms looked up in bokmål (Python and the worker on
the same cases), a word that matches nothing no longer empties the list, half-typed and split
words, lay names and Norwegian ICD-10 names in the index. Ranking runs in the worker (Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.derived.search.index import SearchDoc, build_search_files, stem, tokenize
from build_tools.derived.search.norsk import lexicon_for, nynorsk, with_norwegian_names
from tests.conftest import ROOT
from tests.test_search_index import run_worker

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
CASES = json.loads((Path(__file__).parent / "fixtures" / "search" / "nynorsk_cases.json").read_text(encoding="utf-8"))


def nn(word: str) -> str:
    return nynorsk(tokenize(word)[0])


@pytest.mark.parametrize(("nynorsk_form", "bokmal"), CASES["exact"])
def test_nynorsk_forms_become_bokmal(nynorsk_form: str, bokmal: str) -> None:
    assert nn(nynorsk_form) == tokenize(bokmal)[0]


@pytest.mark.parametrize("word", CASES["unchanged"])
def test_bokmal_words_stay_as_they_are(word: str) -> None:
    assert nn(word) == tokenize(word)[0]


@pytest.mark.parametrize(("nynorsk_form", "bokmal"), CASES["stem"])
def test_inflected_nynorsk_meets_bokmal_after_stemming(nynorsk_form: str, bokmal: str) -> None:
    assert stem(nn(nynorsk_form)) == stem(tokenize(bokmal)[0])


NN_RUNNER = r"""
const path = require("path");
const m = require(path.join(process.argv[2], "assets/sjelden/workers/search.js"));
const words = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
console.log(JSON.stringify(words.map(w => m.nbNynorsk(m.tokenize(w)[0] || ""))));
"""


@needs_node
def test_the_worker_normalises_nynorsk_like_python(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel, data in build_search_files([SearchDoc(url="orpha/1/", title="X", kind="orpha", orpha=(1,))]).items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    words = [a for a, _ in CASES["exact"]] + CASES["unchanged"] + [a for a, _ in CASES["stem"]]
    (tmp_path / "words.json").write_text(json.dumps(words), encoding="utf-8")
    (tmp_path / "run.js").write_text(NN_RUNNER, encoding="utf-8")
    out = subprocess.run([NODE or "node", str(tmp_path / "run.js"), str(site), str(tmp_path / "words.json")], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [nn(w) for w in words]


# --- queries against a small index ---------------------------------------------------------------

DOCS = with_norwegian_names(
    [
        SearchDoc(url="orpha/273/", title="Steinert myotonic dystrophy", kind="orpha", names_en=("Steinert myotonic dystrophy",), orpha=(273,)),
        SearchDoc(url="orpha/139489/", title="Hereditary hemochromatosis", kind="orpha", names_en=("Hereditary hemochromatosis", "Haemochromatosis"), orpha=(139489,)),
        SearchDoc(url="orpha/716/", title="Phenylketonuria", kind="orpha", names_en=("Phenylketonuria", "PKU"), orpha=(716,)),
        SearchDoc(url="orpha/567/", title="22q11.2 deletion syndrome", kind="orpha", names_en=("22q11.2 deletion syndrome", "DiGeorge syndrome"), orpha=(567,)),
        SearchDoc(url="orpha/558/", title="Marfan syndrome", kind="orpha", names_en=("Marfan syndrome",), orpha=(558,)),
        SearchDoc(url="grupper/448/", title="Hemophilia", kind="gruppe", names_en=("Hemophilia",), orpha=(448,)),
        SearchDoc(url="orpha/98878/", title="Hemophilia A", kind="orpha", names_en=("Hemophilia A",), orpha=(98878,)),
        SearchDoc(url="orpha/1489/", title="Whooping cough", kind="orpha", names_en=("Whooping cough",), orpha=(1489,), text="A bacterial infection."),
        SearchDoc(url="kurs/nn/", title="Kurs for born med hjartefeil", kind="side", names=("Kurs for born med hjartefeil",)),
        SearchDoc(url="grupper/97929/", title="Sjeldne hjertesykdommer", kind="gruppe", names=("Sjeldne hjertesykdommer",), names_en=("Rare cardiac disease",), orpha=(97929,)),
    ],
    {448: ["blødersyke"], 98878: ["Arvelig mangel på koagulasjonsfaktor VIII"], 273: ["Steinerts sykdom"]},
    {1489: ["Uspesifisert kikhoste"]},
)


@needs_node
def test_readers_queries(tmp_path: Path) -> None:
    files = build_search_files(DOCS, lexicon_for(ROOT / "data", ROOT))
    expected = {
        "Steinerts sjukdom": "orpha/273/",  # nynorsk: sjukdom is sykdom
        "sjukdomar i hjartet": "grupper/97929/",
        "hemokromat": "orpha/139489/",  # prefix after the spelling key
        "fenyl ketonuri": "orpha/716/",  # split words joined
        "Di George": "orpha/567/",
        "marfan s": "orpha/558/",  # a one-letter last word is being typed
        "blødersyke": "grupper/448/",  # a lay name
        "kikhoste": "orpha/1489/",  # a narrower ICD-10 code's Norwegian text
        "marfans syndrom qqqzx": "orpha/558/",  # a word that matches nothing is left out
        "kurs barn hjertefeil": "kurs/nn/",  # the index: a nynorsk name is found by its bokmål words
    }
    got = run_worker(tmp_path, DOCS, list(expected), files=files)
    for query, url in expected.items():
        assert got[query][:1] == [url], query


NOTE_RUNNER = r"""
const fs = require("fs"), path = require("path");
const site = process.argv[2];
globalThis.self = { location: { href: "file://" + path.join(site, "assets/sjelden/workers/search.js") } };
globalThis.fetch = async url => ({ ok: true, json: async () => JSON.parse(fs.readFileSync(new URL(url).pathname, "utf8")) });
const m = require(path.join(site, "assets/sjelden/workers/search.js"));
(async () => {
  const out = {};
  for (const q of JSON.parse(process.argv[3])) out[q] = (await m.search(q)).items.map(it => it[0].text);
  console.log(JSON.stringify(out));
})();
"""


@needs_node
def test_results_say_which_word_they_lack(tmp_path: Path) -> None:
    for rel, data in build_search_files(DOCS, lexicon_for(ROOT / "data", ROOT)).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    (tmp_path / "run.js").write_text(NOTE_RUNNER, encoding="utf-8")
    queries = ["Marfan Qqqzx", "marfan syndrome", "ørqqzxsyndrom", "qqqzxwv"]
    out = subprocess.run([NODE or "node", str(tmp_path / "run.js"), str(tmp_path), json.dumps(queries)], capture_output=True, text=True, check=True, timeout=60)
    got = json.loads(out.stdout)
    assert got["Marfan Qqqzx"] and all("Viser treff uten «qqqzx»" in text for text in got["Marfan Qqqzx"])
    assert not any("Viser treff uten" in text for text in got["marfan syndrome"])
    # a compound of an unknown and a known word is searched as the known part, naming the letters left out as typed
    assert got["ørqqzxsyndrom"] and all("Viser treff uten «ørqqzx»" in text for text in got["ørqqzxsyndrom"])
    assert got["qqqzxwv"] == []  # nothing known in it: nothing to show
