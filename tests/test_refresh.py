"""Refreshing the Orphanet snapshot: replaced only by data that parses and passes the sanity checks."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest

from build_tools.core.errors import ContentError
from build_tools.orphanet import load_snapshot
from build_tools.orphanet.refresh import refresh


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
