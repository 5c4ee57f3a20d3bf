"""Shared fixtures: a small Orphanet snapshot cut from the real one, and project trees to build."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from filelock import FileLock

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


def shared_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name` that make(folder) fills once per test session, however many pytest-xdist
    workers ask: the first takes the lock and makes it, the others wait and reuse it (the pattern
    pytest-xdist documents for session fixtures). Without xdist it is an ordinary session folder.
    Whoever uses it only reads it. A failure is kept, so every worker fails with the same message."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by the workers of this run, and by no other run
    folder, done, failed = base / name, base / f"{name}.done", base / f"{name}.failed"
    with FileLock(str(base / f"{name}.lock")):
        if failed.is_file():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException as exc:
                failed.write_text(f"{name}: {exc}", encoding="utf-8")
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def small_orphanet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot folder with the real files, cut down to SMALL_CODES (plus ORDO's inactive codes)."""
    folder = shared_once(tmp_path_factory, "orphanet", _cut_orphanet)
    _PARSED[folder / "snapshot"] = next((folder / "parsed").glob("orphanet-*.pickle"))
    return folder / "snapshot"


# Snapshot folder → the build's own parsed cache of it (.cache/sjelden/orphanet-<key>.pickle, keyed by
# the files' contents and the parser's code): a project made from the folder starts with it, so its
# first build or check reads the pickle instead of parsing again. A test that changes the snapshot
# changes the key, and that build parses its own.
_PARSED: dict[Path, Path] = {}


def _seed_parsed_snapshot(root: Path, snapshot: Path) -> None:
    parsed = _PARSED.get(snapshot)
    if parsed is None or not parsed.is_file():
        return
    cache = root / ".cache" / "sjelden"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / parsed.name).symlink_to(parsed)


@functools.cache
def _real_parsed_snapshot() -> None:
    """The real snapshot parsed once into the repository's own cache (where `make site` keeps it),
    for every sample project to start from; a lock keeps two xdist workers from parsing it twice."""
    from build_tools.orphanet import load_snapshot

    cache = ROOT / ".cache" / "sjelden"
    cache.mkdir(parents=True, exist_ok=True)
    with FileLock(str(cache / "tests.lock")):
        key = load_snapshot(REAL_ORPHANET, cache, ROOT).key
    _PARSED[REAL_ORPHANET] = cache / f"orphanet-{key}.pickle"


def _cut_orphanet(folder: Path) -> None:
    from build_tools.orphanet import load_snapshot

    out = folder / "snapshot"
    out.mkdir()
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
    load_snapshot(out, folder / "parsed", out)


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
    _seed_parsed_snapshot(root, small_orphanet)
    (root / "diagnoses").mkdir()
    if fixture is not None:
        shutil.copytree(FIXTURES / "content" / fixture, root, dirs_exist_ok=True)
    return root


FRACTION = 0.05  # every covered code and 5 % of the rest: the same templates, a fraction of the time


def _tracked(folder: str, source: Path = ROOT) -> list[str] | None:
    """The files git tracks under source/folder, or None outside a git checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", folder], cwd=source, capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [name for name in out.decode("utf-8").split("\0") if name]


def link_tracked(root: Path, folder: str, source: Path = ROOT) -> None:
    """root/folder as a copy of the repository's tracked files only: an editor's new page that is not
    yet in git (work in progress in diagnoses/) never reaches a test's sample project. Copies, not
    links: the reader refuses a symlinked page, and a test may edit its copy."""
    tracked = _tracked(folder, source)
    if not tracked:
        (root / folder).symlink_to(source / folder)
        return
    for name in tracked:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)


def sample_project(tmp: Path, source: Path = ROOT) -> Path:
    """The repository's site (source: another checkout) with `orpha_fraction`, in tmp/project."""
    root = tmp / "project"
    root.mkdir()
    for name in ("docs", "data"):
        (root / name).symlink_to(source / name)
    link_tracked(root, "diagnoses", source)
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - sjelden\n", f"  - sjelden:\n      orpha_fraction: {FRACTION}\n")
    assert f"orpha_fraction: {FRACTION}" in config
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    _real_parsed_snapshot()
    _seed_parsed_snapshot(root, REAL_ORPHANET)
    return root


def sjelden(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`sjelden ARGS` run in this process (build_tools.cli.main) with its exit code, stdout and stderr,
    as a subprocess would give them, without starting Python and importing the package for every call.
    env adds to the environment and cwd is the working folder, both for the call only."""
    from build_tools.cli import main

    # Text streams over bytes, like a process's: a command may write bytes to sys.stdout.buffer (CSV).
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2))
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.update(env or {})
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: a usage error (2), or --help (0)
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    text = [stream.buffer.getvalue().decode("utf-8").replace("\r\n", "\n") for stream in (out, err)]  # type: ignore[attr-defined]
    return subprocess.CompletedProcess(["sjelden", *args], code, *text)


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), *extra],
        capture_output=True, text=True, timeout=900, cwd=root, env=env,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built by `mkdocs build`, once per session (shared by the xdist workers);
    tests only read it."""
    return shared_once(tmp_path_factory, "build", _build_sample) / "project" / "site"


def _build_sample(tmp: Path) -> None:
    root = sample_project(tmp)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr[-3000:]




@pytest.fixture(scope="module")
def site_session(built: Path):  # type: ignore[no-untyped-def]
    """The sample site served on 127.0.0.1 and a headless Chromium: (base URL, browser)."""
    from tests.browser import browser, serve

    with serve(built) as base, browser() as b:
        yield base, b


def _page_visits(built: Path, name: str):  # type: ignore[no-untyped-def]
    from tests.browser import axe_path, visit_page_types

    return visit_page_types(built, axe_path(), name)


# Every page type of the sample loaded once per palette and width in headless Chromium, with what each
# load showed (axe-core's violations, requests, cookies, headings, widths): tests/browser.py. Three
# fixtures, so that under pytest-xdist the three passes can run on different workers.
@pytest.fixture(scope="session")
def visits_light(built: Path):  # type: ignore[no-untyped-def]
    return _page_visits(built, "light")


@pytest.fixture(scope="session")
def visits_dark(built: Path):  # type: ignore[no-untyped-def]
    return _page_visits(built, "dark")


@pytest.fixture(scope="session")
def visits_320(built: Path):  # type: ignore[no-untyped-def]
    return _page_visits(built, "320")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Chromium (deselect with -m 'not browser')")


# pytest-xdist (`make test` runs `-n 2`): how the work is cut into units, each run whole on one worker.
# A unit is a test module, so a module-scoped fixture (a project built or a site loaded for the module)
# is made once; except the tests that read one pass of the page visits (a session fixture each, in
# memory: visits_light, visits_dark, visits_320), which are a unit per pass, whatever their module.
VISIT_PASSES = {
    "tests/test_accessibility.py::test_no_axe_violations_on_any_page_type[light]": "light",
    "tests/test_accessibility.py::test_one_h1_a_skip_link_and_norwegian_on_every_page_type": "light",
    "tests/test_privacy.py::test_every_page_type_requests_only_its_own_origin_and_sets_no_cookies": "light",
    "tests/test_accessibility.py::test_no_axe_violations_on_any_page_type[dark]": "dark",
    "tests/test_accessibility.py::test_usable_at_320_px_without_sideways_scrolling": "320",
    "tests/test_accessibility.py::test_no_axe_violations_at_320_px": "320",
}
_BUILD_FIXTURES = {"built", "site_session", "visits_light", "visits_dark", "visits_320"}


def work_unit(nodeid: str) -> str:
    if nodeid in VISIT_PASSES:
        return f"page visits: {VISIT_PASSES[nodeid]}"
    return nodeid.split("::", 1)[0]


def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """Units as work_unit() cuts them, handed out in the order of collection (see below). (xdist's own
    `--dist loadgroup` would need the nodeid changed, which pytest 9 no longer lets it do.)"""
    from xdist.scheduler import LoadScopeScheduling

    class WorkUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False  # our order, not the biggest unit first
    return WorkUnits(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs Chromium, so CI can run the rest with the clock two years ahead.

    And the order of the work, for pytest-xdist: first the light pass of the page visits (one worker
    starts the sample build at once), then the units that do not need the build (the other worker
    has them meanwhile), then the dark and 320 px passes, then the rest."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        needs_chromium = any("chromium" in str(m.kwargs.get("reason", "")).lower() for m in item.iter_markers("skipif"))
        if needs_chromium or {"site_session", "visits_light", "visits_dark", "visits_320"} & fixtures:
            item.add_marker(pytest.mark.browser)
        for name in {"light", "dark", "320"}:
            if f"visits_{name}" in fixtures:
                assert VISIT_PASSES.get(item.nodeid) == name, f"{item.nodeid} reads visits_{name}: add it to VISIT_PASSES in tests/conftest.py"

    waiting = {work_unit(item.nodeid) for item in items if _BUILD_FIXTURES & set(getattr(item, "fixturenames", ()))}

    def rank(item: pytest.Item) -> int:
        unit = work_unit(item.nodeid)
        if unit == "page visits: light":
            return 0
        if unit not in waiting:
            return 1
        return 2 if unit.startswith("page visits") else 3

    items.sort(key=rank)  # stable: within a rank, the order of collection
