"""Tests for build_tools/derived/search/index.py: normalisation, stemming, compounds, the built files, and
ranking (the ranking runs in the worker, so those tests run worker.js in Node; skipped without it)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.derived.search.index import (
    WORKER_PATH,
    SearchDoc,
    build_search_files,
    normalize,
    split_compound,
    squash_code,
    stem,
    stop_words,
    tokenize,
)

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Føllings sykdom", ["follings", "sykdom"]),
        ("Ærfugl på Åsgårdstrand", ["aerfugl", "paa", "aasgaardstrand"]),
        ("Sjögren–Larsson", ["sjogren", "larsson"]),
        ("Q87.4", ["q87", "4"]),
        ("ORPHA:558", ["orpha", "558"]),
        ("MOGS-CDG", ["mogs", "cdg"]),
        ("49,XXYY syndrome", ["49", "xxyy", "syndrome"]),
    ],
)
def test_tokenize(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_ascii_spellings_meet_norwegian_letters() -> None:
    assert normalize("bløtvev") == normalize("blotvev")
    assert normalize("Ærlig") == normalize("aerlig")
    assert normalize("åre") == normalize("aare")


@pytest.mark.parametrize(
    ("written", "squashed"),
    [("ORPHA:558", "ORPHA558"), ("orpha 558", "ORPHA558"), ("Q87.4", "Q874"), ("q874", "Q874"), ("LD28.01", "LD2801")],
)
def test_squash_code(written: str, squashed: str) -> None:
    assert squash_code(written) == squashed


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("marfans", "marfan"),  # genitive s
        ("marfan", "marfan"),
        ("syndromer", "syndrom"),
        ("syndromet", "syndrom"),
        ("syndrome", "syndrom"),  # the English name meets the Norwegian one
        ("sykdommen", "sykdomm"),
        ("arvelige", "arv"),
        ("q87", "q87"),  # codes and short words are left alone
        ("og", "og"),
    ],
)
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20))
def test_stem_is_a_prefix(word: str) -> None:
    # The index ships stem lengths, not stems: this only works while every stem is a prefix.
    assert word.startswith(stem(word))


def test_stop_words_are_shipped_and_folded() -> None:
    words = stop_words()
    assert {"og", "i", "paa", "ogsaa", "of", "the"} <= words
    assert "syndrom" not in words


def test_split_compound() -> None:
    known = {"muskel", "sykdom", "arbeid", "miljo", "neuro", "retinopathy"}
    assert split_compound("muskelsykdom", known) == ("muskel", "sykdom")
    assert split_compound("arbeidsmiljo", known) == ("arbeid", "miljo")  # linking s
    assert split_compound("sykdom", known) is None
    assert split_compound("muskelxyzzy", known) is None


# --- built files ----------------------------------------------------------------------------

DOCS = [
    SearchDoc(
        url="diagnoser/marfans-syndrom/",
        title="Marfans syndrom",
        kind="diagnose",
        names=("Marfans syndrom", "Marfan syndrom"),
        names_en=("Marfan syndrome", "MFS"),
        orpha=(558,),
        icd10=(("Q87.4", "E"),),
        icd11=(("LD28.01", "E"),),
        omim=("154700",),
        genes=("FBN1",),
        text="Marfans syndrom er en arvelig bindevevssykdom. Mange har hjertefeil.",
    ),
    SearchDoc(
        url="diagnoser/fenylketonuri/",
        title="Fenylketonuri (PKU)",
        kind="diagnose",
        names=("Fenylketonuri", "PKU", "Føllings sykdom"),
        names_en=("Phenylketonuria",),
        orpha=(716,),
        icd10=(("E70.0", "E"),),
        genes=("PAH",),
        text="Fenylketonuri er en arvelig stoffskiftesykdom.",
    ),
    SearchDoc(
        url="diagnoser/duchenne/",
        title="Duchenne muskeldystrofi",
        kind="diagnose",
        names=("Duchenne muskeldystrofi",),
        orpha=(98896,),
        text="En arvelig muskelsykdom som rammer gutter.",
    ),
    SearchDoc(
        url="orpha/284979/",
        title="Neonatal Marfan syndrome",
        kind="orpha",
        names_en=("Neonatal Marfan syndrome",),
        orpha=(284979,),
        icd10=(("Q87.4", "NTBT"),),
        genes=("FBN1",),
        text="A severe form of Marfan syndrome.",
    ),
    SearchDoc(
        url="orpha/60030/",
        title="Loeys-Dietz syndrome",
        kind="orpha",
        names_en=("Loeys-Dietz syndrome", "LDS"),
        orpha=(60030,),
        icd10=(("Q87.4", "NTBT"),),
        genes=("TGFBR1", "TGFBR2", "SMAD3"),
    ),
    SearchDoc(
        url="orpha/2833/", title="Stiff skin syndrome", kind="orpha", names_en=("Stiff skin syndrome",), orpha=(2833,), genes=("FBN1",)
    ),
    SearchDoc(
        url="orpha/79330/", title="MOGS-CDG", kind="orpha", names_en=("MOGS-CDG", "CDG syndrome type IIb"), orpha=(79330,), genes=("MOGS",)
    ),
    SearchDoc(
        url="grupper/68367/",
        title="Sjeldne nevromuskulære sykdommer",
        kind="gruppe",
        names=("Sjeldne nevromuskulære sykdommer",),
        orpha=(68367,),
    ),
    SearchDoc(
        url="a-aa/",
        title="Alle diagnoser A–Å",
        kind="side",
        text=" ".join(["Marfans syndrom Fenylketonuri Duchenne muskeldystrofi Loeys-Dietz"] * 200),
    ),
]


def test_files_are_deterministic_and_independent_of_input_order() -> None:
    first = build_search_files(DOCS)
    shuffled = list(DOCS)
    random.Random(4).shuffle(shuffled)
    assert build_search_files(shuffled) == first
    assert build_search_files(DOCS) == first


def test_files_layout() -> None:
    files = build_search_files(DOCS)
    worker = files[WORKER_PATH].decode()
    assert "/*@MANIFEST@*/null" not in worker
    manifest = json.loads(worker.split("const MANIFEST = ", 1)[1].split(";\n", 1)[0])
    core_path = f"assets/sjelden/workers/search/{manifest['core']}"
    core = json.loads(files[core_path])
    assert f"assets/sjelden/workers/search/{core['codes']}" in files
    for _, shard in core["text"]:
        assert f"assets/sjelden/workers/search/{shard}" in files
    assert all(p.startswith("assets/sjelden/workers/") for p in files)
    # Only the names index sits in the core; the page text lives in the shards.
    assert "bindevevssykdom" not in core["terms"].split("\n")


def test_bad_documents_are_named() -> None:
    with pytest.raises(ValueError, match=r"search: x/: unknown kind 'page'"):
        build_search_files([SearchDoc(url="x/", title="X", kind="page")])
    with pytest.raises(ValueError, match=r"leading slash"):
        build_search_files([SearchDoc(url="/x/", title="X", kind="side")])


# --- ranking (runs worker.js in Node) ---------------------------------------------------------

RUNNER = r"""
const fs = require("fs"), path = require("path");
const site = process.argv[2];
globalThis.self = { location: { href: "file://" + path.join(site, "assets/sjelden/workers/search.js") } };
globalThis.fetch = async url => ({ ok: true, json: async () => JSON.parse(fs.readFileSync(new URL(url).pathname, "utf8")) });
const m = require(path.join(site, "assets/sjelden/workers/search.js"));
(async () => {
  const out = {};
  for (const q of JSON.parse(process.argv[3])) out[q] = (await m.search(q)).items.map(i => i[0].location);
  const words = JSON.parse(process.argv[4]);
  out["#stem"] = words.map(w => m.stem(w));
  out["#norm"] = words.map(w => m.tokenize(w).join(" "));
  console.log(JSON.stringify(out));
})();
"""


def run_worker(tmp_path: Path, docs: list[SearchDoc], queries: list[str], words: list[str] = (), files: dict[str, bytes] | None = None) -> dict:
    for rel, data in (files if files is not None else build_search_files(docs)).items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    runner = tmp_path / "runner.js"
    runner.write_text(RUNNER)
    proc = subprocess.run(
        [NODE, str(runner), str(tmp_path), json.dumps(queries), json.dumps(list(words))],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(proc.stdout)


@needs_node
def test_ranking(tmp_path: Path) -> None:
    queries = [
        "marfans syndrom",
        "Marfan",
        "marfn",
        "Q87.4",
        "Q874",
        "ORPHA:558",
        "ORPHA 558",
        "orpha558",
        "558",
        "FBN1",
        "føllings sykdom",
        "follings",
        "sykdom",
        "muskelsykdom",
        "MOGSCDG",
        "LD28.01",
        "154700",
        "CDG syndrome type IIb",
        "loeys dietz",
        "nevromuskulaer",
    ]
    got = run_worker(tmp_path, DOCS, queries)
    first = {q: (got[q][0] if got[q] else None) for q in queries}
    for q in [
        "marfans syndrom",
        "Marfan",
        "marfn",
        "Q87.4",
        "Q874",
        "ORPHA:558",
        "ORPHA 558",
        "orpha558",
        "558",
        "FBN1",
        "LD28.01",
        "154700",
    ]:
        assert first[q] == "diagnoser/marfans-syndrom/", q
    for q in ["føllings sykdom", "follings"]:
        assert first[q] == "diagnoser/fenylketonuri/", q
    assert "diagnoser/duchenne/" in got["muskelsykdom"][:2]
    assert "diagnoser/fenylketonuri/" in got["sykdom"]
    assert first["MOGSCDG"] == "orpha/79330/"
    assert first["CDG syndrome type IIb"] == "orpha/79330/"
    assert first["loeys dietz"] == "orpha/60030/"
    assert first["nevromuskulaer"] == "grupper/68367/"
    # ICD-10 shared by several pages: the exact mapping first, then the broader ones
    assert got["Q87.4"][:1] == ["diagnoser/marfans-syndrom/"]
    assert set(got["Q87.4"][1:3]) == {"orpha/284979/", "orpha/60030/"}
    # a page listing every name does not crowd the results: it comes after every page named so
    named = {"marfans syndrom": 2, "Marfan": 2, "loeys dietz": 1}
    for q, n in named.items():
        assert "a-aa/" not in got[q][:n], q


@needs_node
def test_worker_normalizes_and_stems_like_python(tmp_path: Path) -> None:
    words = sorted({w for d in DOCS for w in (d.text + " " + " ".join(d.names + d.names_en)).split()})
    words += [
        "marfans",
        "syndromene",
        "sykdommer",
        "bindevevssykdommens",
        "arvelige",
        "hjertefeilen",
        "førte",
        "Ærlig",
        "Øye",
        "Åre",
        "Sjögren",
        "naïve",
        "São",
    ]
    got = run_worker(tmp_path, DOCS, [], words)
    assert got["#norm"] == [" ".join(tokenize(w)) for w in words]
    assert got["#stem"] == [stem(w) for w in words]
    tokens = [t for w in words for t in tokenize(w)]
    assert run_worker(tmp_path, DOCS, [], tokens)["#stem"] == [stem(t) for t in tokens]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the worker")
def test_a_worker_cached_from_an_earlier_deploy_finds_the_current_index(tmp_path: Path) -> None:
    """The worker embeds the hashed core file name; after a deploy a browser may still hold the old
    worker. It then asks manifest.json (revalidated) for the current name and still answers."""
    old = build_search_files([SearchDoc(url="orpha/1/", title="Old syndrome", kind="orpha", orpha=(1,))])
    new = build_search_files([SearchDoc(url="orpha/558/", title="Marfan syndrome", kind="orpha", orpha=(558,))])
    site = tmp_path / "site"
    for rel, data in new.items():  # the deployed site...
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    (site / WORKER_PATH).write_bytes(old[WORKER_PATH])  # ...and the stale worker a browser kept
    script = tmp_path / "run.js"
    script.write_text(
        """
const path = require("path"), fs = require("fs"), url = require("url");
const site = process.argv[2];
globalThis.fetch = async (u) => {
  const file = url.fileURLToPath(u.toString());
  if (!fs.existsSync(file)) return { ok: false, status: 404 };
  const body = fs.readFileSync(file, "utf8");
  return { ok: true, status: 200, json: async () => JSON.parse(body) };
};
globalThis.self = { location: { href: "file://" + path.join(site, "assets/sjelden/workers/search.js") } };
const m = require(path.join(site, "assets/sjelden/workers/search.js"));
m.search("marfan").then(r => console.log(JSON.stringify(r.items.map(i => i[0].location))));
""",
        encoding="utf-8",
    )
    out = subprocess.run(["node", str(script), str(site)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "558" in out.stdout


@needs_node
def test_a_gene_that_does_not_cause_the_disease_finds_it_ranked_below_the_disease_it_causes(tmp_path: Path) -> None:
    docs = [
        SearchDoc(url="diagnoser/cystisk-fibrose/", title="Cystisk fibrose", kind="diagnose", names=("Cystisk fibrose",), orpha=(586,), genes=("CFTR",), genes_other=("SERPINA1", "HFE")),
        SearchDoc(url="orpha/60/", title="Alpha-1-antitrypsin deficiency", kind="orpha", names_en=("Alpha-1-antitrypsin deficiency",), orpha=(60,), genes=("SERPINA1",)),
    ]
    got = run_worker(tmp_path, docs, ["SERPINA1", "CFTR", "HFE"])
    assert got["SERPINA1"] == ["orpha/60/", "diagnoser/cystisk-fibrose/"]  # an authored page, yet below
    assert got["CFTR"][0] == "diagnoser/cystisk-fibrose/" and got["HFE"] == ["diagnoser/cystisk-fibrose/"]
