"""Shared fixtures: a small Orphanet snapshot cut from the real one, and project trees to build."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
REAL_ORPHANET = ROOT / "data" / "orphanet"

# Every test runs on this day, whatever the machine's clock says: in-process calls take it as
# `today`, and subprocesses (mkdocs build, sjelden) inherit SOURCE_DATE_EPOCH.
TODAY = date(2026, 11, 26)
TODAY_EPOCH = str(int(datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC).timestamp()))
os.environ["SOURCE_DATE_EPOCH"] = TODAY_EPOCH

# Marfan and its neighbours (groups, subtypes), a few of the example diagnoses, and Angelman's group.
SMALL_CODES = {558, 284963, 284973, 284993, 139030, 72, 716, 881, 586, 98896, 70, 102285, 79211}


@pytest.fixture(scope="session")
def small_orphanet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot folder with the real files, cut down to SMALL_CODES (plus ORDO's inactive codes)."""
    out = tmp_path_factory.mktemp("orphanet")
    with tarfile.open(REAL_ORPHANET / "orphapackets_json.tar.gz", "r:gz") as src, tarfile.open(out / "packets.tar.gz", "w:gz") as dst:
        for member in src:
            name = member.name.rsplit("/", 1)[-1]
            if name.startswith("ORPHApacket_") and int(name[12:-5]) in SMALL_CODES:
                data = src.extractfile(member).read()  # type: ignore[union-attr]
                info = tarfile.TarInfo(f"json/{name}")
                info.size = len(data)
                dst.addfile(info, io.BytesIO(data))
    shutil.copy(REAL_ORPHANET / "mondo-ingest_ordo.sssom_2025-03-07.tsv.gz", out / "ordo.sssom.tsv.gz")
    (out / "snapshot.yml").write_text('release: "2025-12"\npackets: packets.tar.gz\nicd_mappings: ordo.sssom.tsv.gz\n', encoding="utf-8")
    return out


def make_project(tmp_path: Path, small_orphanet: Path, fixture: str | None = None) -> Path:
    """A project root in tmp_path: mkdocs.yml, docs/, data/ (small Orphanet), and content from a fixture tree."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "centres.yml", root / "data" / "centres.yml")
    shutil.copy(ROOT / "data" / "ern.yml", root / "data" / "ern.yml")
    shutil.copytree(small_orphanet, root / "data" / "orphanet")
    (root / "diagnoses").mkdir()
    if fixture is not None:
        shutil.copytree(FIXTURES / "content" / fixture, root, dirs_exist_ok=True)
    return root


FRACTION = 0.05  # every covered code and 5 % of the rest: the same templates, a fraction of the time


def _tracked(folder: str) -> list[str] | None:
    """The files git tracks under folder, or None outside a git checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", folder], cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in out.decode("utf-8").split("\0") if name]


def link_tracked(root: Path, folder: str) -> None:
    """root/folder as a copy of the repository's tracked files only: an editor's new page that is not
    yet in git (work in progress in diagnoses/) never reaches a test's sample project. Copies, not
    links: the reader refuses a symlinked page, and a test may edit its copy."""
    tracked = _tracked(folder)
    if not tracked:
        (root / folder).symlink_to(ROOT / folder)
        return
    for name in tracked:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


def sample_project(tmp: Path) -> Path:
    root = tmp / "project"
    root.mkdir()
    for name in ("docs", "data"):
        (root / name).symlink_to(ROOT / name)
    link_tracked(root, "diagnoses")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - sjelden\n", f"  - sjelden:\n      orpha_fraction: {FRACTION}\n")
    assert f"orpha_fraction: {FRACTION}" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), *extra],
        capture_output=True, text=True, timeout=900, cwd=root, env=env,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sample_project(tmp_path_factory.mktemp("build"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"




@pytest.fixture(scope="module")
def site_session(built: Path):  # type: ignore[no-untyped-def]
    """The sample site served on 127.0.0.1 and a headless Chromium: (base URL, browser)."""
    from tests.browser import browser, serve

    with serve(built) as base, browser() as b:
        yield base, b


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Chromium (deselect with -m 'not browser')")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs Chromium, so CI can run the rest with the clock two years ahead."""
    for item in items:
        needs_chromium = any("chromium" in str(m.kwargs.get("reason", "")).lower() for m in item.iter_markers("skipif"))
        if needs_chromium or "site_session" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
