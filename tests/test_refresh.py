"""Refreshing the Orphanet snapshot: replaced only by data that parses and passes the sanity checks."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest
import yaml

from build_tools.core.errors import ContentError
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.model import OrphaCode
from build_tools.orphanet.refresh import refresh
from tests.conftest import FIXTURES, TODAY_EPOCH, make_project, sjelden


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _download(small_orphanet: Path, tmp_path: Path, date: str, keep: int | None = None) -> Path:
    """A download folder like an operator's: the packets re-dated to `date`, optionally cut to `keep` entities."""
    out = tmp_path / f"download-{date}-{keep}"
    out.mkdir()
    with tarfile.open(small_orphanet / "packets.tar.gz") as src, tarfile.open(out / "orphapackets_json.tar.gz", "w:gz") as dst:
        for i, member in enumerate(m for m in src if m.isfile()):
            if keep is not None and i >= keep:
                break
            data = src.extractfile(member).read().replace(b'"creationDate": "2025-12-09', f'"creationDate": "{date}'.encode())  # type: ignore[union-attr]
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    shutil.copy(small_orphanet / "ordo.sssom.tsv.gz", out / "ordo.sssom.tsv.gz")
    return out


@pytest.fixture
def data_dir(tmp_path: Path, small_orphanet: Path) -> Path:
    target = tmp_path / "data" / "orphanet"
    shutil.copytree(small_orphanet, target)
    return target


def test_a_newer_complete_release_replaces_the_snapshot(data_dir: Path, small_orphanet: Path, tmp_path: Path) -> None:
    result = refresh(data_dir, _download(small_orphanet, tmp_path, "2026-06-10"))
    assert (result.old_release, result.new_release) == ("2025-12", "2026-06")
    assert load_snapshot(data_dir).release_date == "2026-06-10"
    assert sorted(p.name for p in data_dir.parent.iterdir()) == ["orphanet"]


@pytest.mark.parametrize(
    ("date", "keep", "message"),
    [
        ("2025-06-01", None, "utgaven (2025-06-01) er ikke nyere enn den vi har (2025-12-09); ingenting er endret"),
        ("2026-06-10", 3, "den nye utgaven har bare 3 aktive enheter mot 12 i dag; nedlastingen er trolig ufullstendig, last ned på nytt"),
    ],
)
def test_an_older_or_collapsed_release_changes_nothing(data_dir: Path, small_orphanet: Path, tmp_path: Path, date: str, keep: int | None, message: str) -> None:
    before = _files(data_dir)
    with pytest.raises(ContentError) as info:
        refresh(data_dir, _download(small_orphanet, tmp_path, date, keep))
    assert [p.message for p in info.value.problems] == [message]
    assert _files(data_dir) == before
    assert sorted(p.name for p in data_dir.parent.iterdir()) == ["orphanet"]


def test_a_truncated_download_changes_nothing(data_dir: Path, small_orphanet: Path, tmp_path: Path) -> None:
    source = _download(small_orphanet, tmp_path, "2026-06-10")
    archive = source / "orphapackets_json.tar.gz"
    archive.write_bytes(archive.read_bytes()[:2000])
    before = _files(data_dir)
    with pytest.raises(ContentError) as info:
        refresh(data_dir, source)
    assert "skadet eller avkortet" in info.value.problems[0].message
    assert _files(data_dir) == before


PRODUCT1 = FIXTURES / "orphanet_xml" / "definitions_product1.xml"  # made-up definitions with commas
PACKET_558 = "Marfan syndrome is a systemic disease of connective tissue characterized by a variable combination of cardiovascular musculo-skeletal ophthalmic and pulmonary manifestations."


@pytest.mark.parametrize("product1", [True, False], ids=["with-product1", "packets-only"])
def test_product1_definitions_take_precedence_over_the_packets(product1: bool, tmp_path: Path, small_orphanet: Path) -> None:
    root = make_project(tmp_path, small_orphanet, "valid")
    data_dir = root / "data" / "orphanet"
    source = _download(small_orphanet, tmp_path, "2026-06-10")
    if product1:
        shutil.copy(PRODUCT1, source / "en_product1.xml")
    refresh(data_dir, source)
    manifest = yaml.safe_load((data_dir / "snapshot.yml").read_text(encoding="utf-8"))
    assert manifest["definitions"] == ("nomenclature" if product1 else "packets")
    data = load_snapshot(data_dir)
    # 586 has no definition in the fixture's product1: the packet's text stays.
    assert data.entities[OrphaCode(586)].definition.startswith("A rare genetic pulmonary disorder characterized by sweat thick mucus")
    out = tmp_path / "pages"
    result = sjelden("--root", str(root), "build-pages", str(out), env={"SOURCE_DATE_EPOCH": TODAY_EPOCH})
    assert result.returncode == 0, result.stderr
    page = (out / "docs/diagnoser/marfans-syndrom/index.md").read_text(encoding="utf-8")
    definition = next(line[2:] for line in page.splitlines() if line.startswith("> ") and "{:" not in line)
    if product1:
        assert definition == "A made-up test definition, with its commas kept: heart, eyes, skeleton and lungs."
        assert data.entities[OrphaCode(881)].definition == "Another made-up test definition, with a comma."
    else:
        assert definition == PACKET_558


def test_the_manifest_can_keep_the_packets_definitions(tmp_path: Path, small_orphanet: Path) -> None:
    data_dir = tmp_path / "orphanet"
    shutil.copytree(small_orphanet, data_dir)
    shutil.copy(PRODUCT1, data_dir / "en_product1.xml")
    manifest = (data_dir / "snapshot.yml").read_text(encoding="utf-8") + "nomenclature: en_product1.xml\n"
    (data_dir / "snapshot.yml").write_text(manifest, encoding="utf-8")
    assert load_snapshot(data_dir).entities[OrphaCode(558)].definition.endswith("skeleton and lungs.")
    (data_dir / "snapshot.yml").write_text(manifest + "definitions: packets\n", encoding="utf-8")
    assert load_snapshot(data_dir).entities[OrphaCode(558)].definition == PACKET_558
    (data_dir / "snapshot.yml").write_text(manifest + "definitions: orphanet.org\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_snapshot(data_dir)
    assert info.value.problems[0].field == "definitions"
