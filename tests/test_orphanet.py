"""The Orphanet snapshot: typed entities from the bundled data, and a cache that is never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools import orphanet
from build_tools.core.errors import ContentError
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.model import Level, OrphaCode, Relation, Status
from tests.conftest import REAL_ORPHANET


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return load_snapshot(REAL_ORPHANET, tmp_path_factory.mktemp("cache"))


def test_release_and_counts(data) -> None:  # type: ignore[no-untyped-def]
    assert (data.release, data.release_date) == ("2025-12", "2025-12-09")
    assert len(data.active()) == 9960
    assert len(data.classifications) == 32
    assert "Orphanet / INSERM" in data.credit


def test_marfan(data) -> None:  # type: ignore[no-untyped-def]
    e = data.get(OrphaCode(558))
    assert e.name == "Marfan syndrome" and e.synonyms == ("MFS",)
    assert (e.disorder_type, e.level, e.status) == ("Disease", Level.DISORDER, Status.ACTIVE)
    assert [(m.code, m.relation) for m in e.icd10] == [("Q87.4", Relation.E)]
    assert [(m.code, m.relation) for m in e.icd11] == [("LD28.01", Relation.E)]
    assert {m.code for m in e.omim} == {"154700", "610168"}
    assert [g.symbol for g in e.subtype_genes] == ["FBN1", "TGFBR1", "TGFBR2"]
    assert OrphaCode(284993) in e.parents and OrphaCode(284963) in e.children
    assert e.inheritance == ("Autosomal dominant",)
    assert any(p.frequency == "Very frequent (99-80%)" for p in e.phenotypes)
    assert any(p.prevalence_class == "1-5 / 10 000" for p in e.prevalences)
    assert e.definition.startswith("Marfan syndrome is a systemic disease")


def test_angelman_maps_to_a_broader_icd10_code(data) -> None:  # type: ignore[no-untyped-def]
    e = data.get(OrphaCode(72))
    assert [(m.code, m.relation) for m in e.icd10] == [("Q93.5", Relation.NTBT)]
    assert e.genes == () and "UBE3A" in [g.symbol for g in e.subtype_genes]  # Orphanet puts it on the subtypes


def test_groups_and_inactive_codes(data) -> None:  # type: ignore[no-untyped-def]
    assert data.get(OrphaCode(284993)).level is Level.GROUP
    assert data.get(OrphaCode(34)).status is Status.INACTIVE  # in ORDO (2025-03), gone from the 2025-12 packets


@pytest.mark.parametrize("text", ["558", "ORPHA:558", "ORPHA 558", "orpha558", "Orphanet_558", " orpha:558 "])
def test_code_forms(text: str) -> None:
    assert OrphaCode.parse(text) == OrphaCode(558)


@pytest.mark.parametrize("text", ["", "ORPHA:", "558a", "0", "-5", "Q87.4"])
def test_bad_codes(text: str) -> None:
    with pytest.raises(ValueError):
        OrphaCode.parse(text)


def test_second_load_comes_from_cache_and_a_changed_input_is_parsed_again(tmp_path: Path, small_orphanet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot = tmp_path / "orphanet"
    shutil.copytree(small_orphanet, snapshot)
    cache = tmp_path / "cache"
    parses = []
    real_parse = orphanet._parse
    monkeypatch.setattr(orphanet, "_parse", lambda *a: parses.append(1) or real_parse(*a))
    first = load_snapshot(snapshot, cache)
    second = load_snapshot(snapshot, cache)
    assert len(parses) == 1 and first.entities == second.entities
    # Change an input: the cache key changes, so the data is parsed again and the change shows.
    manifest = snapshot / "snapshot.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"2025-12"', '"2026-06"'), encoding="utf-8")
    third = load_snapshot(snapshot, cache)
    assert len(parses) == 2 and third.release == "2026-06"


def test_a_truncated_archive_is_a_clear_error(tmp_path: Path, small_orphanet: Path) -> None:
    snapshot = tmp_path / "orphanet"
    shutil.copytree(small_orphanet, snapshot)
    archive = snapshot / "packets.tar.gz"
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(ContentError) as info:
        load_snapshot(snapshot, None, root=tmp_path)
    [problem] = info.value.problems
    assert problem.path == "orphanet/packets.tar.gz"
    assert "filen er skadet eller avkortet, hent den på nytt" in problem.message


@pytest.mark.parametrize(("raw", "meant"), [
    ("Chandler\x92s syndrome", "Chandler’s syndrome"),  # U+0092: Windows-1252's right single quotation mark
    ("lipodermoid \x96 preauricular", "lipodermoid – preauricular"),  # U+0096: en dash
    ("\x93quoted\x94", "“quoted”"),
    ("a\x81b", "ab"),  # undefined in Windows-1252: dropped
    ("plain ’ text", "plain ’ text"),
])
def test_c1_control_characters_are_read_as_windows_1252(raw: str, meant: str) -> None:
    from build_tools.orphanet.text import clean

    assert clean(raw) == meant


def test_no_c1_control_character_reaches_the_site(data) -> None:  # type: ignore[no-untyped-def]
    import re

    from build_tools.kinds.catalogue.facts import jsonld

    c1 = re.compile("[\u0080-\u009f]")
    for e in data.entities.values():
        texts = [e.name, e.definition, *e.synonyms, *(g.name for g in e.genes), *(p.term for p in e.phenotypes)]
        assert not any(c1.search(t) for t in texts), e.code
    ice = data.get(OrphaCode(64734))
    assert "comprised of Chandler’s syndrome" in ice.definition
    assert "Chandler’s syndrome" in jsonld([ice], ice.name, "", list(ice.synonyms), ice.definition)["description"]


def test_subtype_counts(data) -> None:  # type: ignore[no-untyped-def]
    pku, marfan = data.get(OrphaCode(716)), data.get(OrphaCode(558))
    assert pku.subtype_count == 2 and dict(pku.subtype_causal) == {"PAH": 2}
    assert marfan.subtype_count == 2 and dict(marfan.subtype_causal) == {"FBN1": 1, "TGFBR1": 1, "TGFBR2": 1}
    assert marfan.subtypes_with(marfan.subtype_genes[0]) == 1
