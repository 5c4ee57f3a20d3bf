"""Hostile and broken files dropped into a fresh project, one at a time (tests/fixtures/hostile/):
each gives one clear Norwegian message with path and line, exit status 1, and `site/` unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, make_project, mkdocs_build
from tests.test_build import _tree
from tests.test_check import run_check

PAGE = "diagnoses/marfans-syndrom/index.md"
EXPECTED = {
    "yaml_syntax.md": f"{PAGE}:5: YAML-syntaksfeil (mangler komma eller ] i en liste); sjekk innrykk, kolon og anførselstegn",
    "alias_bomb.md": f"{PAGE}:6: YAML-alias (*navn) er ikke tillatt; skriv verdien ut",
    "huge.md": f"{PAGE}: filen er for stor (3188901 byte, grensen er 1000000); del den opp",
    "latin1.md": f"{PAGE}:7: filen er ikke gyldig UTF-8 (kanskje Latin-1/Windows-1252); lagre den som UTF-8",
    "utf16.md": f"{PAGE}:1: filen er lagret som UTF-16; lagre den som UTF-8",
    "binary.md": f"{PAGE}:1: filen er ikke en tekstfil (inneholder NUL-tegn)",
    "duplicate_key.md": f"{PAGE}:7: senter: feltet står to ganger (første gang på linje 6); fjern det ene",
    "empty.md": f"{PAGE}: filen er tom",
    "python_tag.md": f"{PAGE}:5: YAML-tagg tag:yaml.org,2002:python/object/apply:os.system er ikke tillatt; fjern taggen",
}


def _hostile(name: str) -> bytes:
    if name == "huge.md":  # generated: 3 MB has no place in git
        return ("---\na:\n" + "".join(f"  - {i}\n" for i in range(300_000)) + "---\n").encode()
    return (FIXTURES / "hostile" / name).read_bytes()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, small_orphanet: Path) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), small_orphanet, "valid")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - sjelden\n", "  - sjelden:\n      orpha_pages: false\n"), encoding="utf-8")
    assert mkdocs_build(root).returncode == 0
    return root


NAMES = sorted({*EXPECTED, *(p.name for p in (FIXTURES / "hostile").glob("*.md"))} - {"README.md"})


@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_gives_one_clear_message_and_leaves_the_site(project: Path, name: str) -> None:
    page = project / PAGE
    original = page.read_bytes()
    before = _tree(project / "site")
    page.write_bytes(_hostile(name))
    try:
        check = run_check(project)
        build = mkdocs_build(project)
    finally:
        page.write_bytes(original)
    if name == "bom.md":  # a UTF-8 byte-order mark is harmless
        assert check.returncode == 0, check.stderr
        return
    assert check.returncode == 1 and build.returncode == 1
    assert "Traceback" not in check.stderr + build.stderr
    messages = [line for line in check.stderr.splitlines() if line.startswith(PAGE)]
    assert len(messages) == 1, check.stderr
    if name in EXPECTED:
        assert messages[0] == EXPECTED[name]
    assert _tree(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_symlink_out_of_the_repository_is_refused(project: Path) -> None:
    link = project / "diagnoses" / "lenke"
    link.symlink_to("/etc")
    try:
        result = run_check(project)
    finally:
        link.unlink()
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "diagnoses/lenke: peker ut av depotet (symlink); legg innholdet i depotet"


def test_a_slug_with_dots_is_refused(project: Path) -> None:
    folder = project / "diagnoses" / "marfan..syndrom"
    shutil.copytree(project / "diagnoses" / "marfans-syndrom", folder)
    try:
        result = run_check(project)
    finally:
        shutil.rmtree(folder)
    assert result.returncode == 1
    assert "diagnoses/marfan..syndrom: ugyldig mappenavn" in result.stderr


def test_text_from_orphanet_is_escaped_wherever_it_is_rendered(tmp_path: Path, small_orphanet: Path) -> None:
    import io
    import json
    import re
    import tarfile

    hostile = '<script>alert("x")</script> & Co\'s <b>syndrome</b>'
    snapshot = tmp_path / "orphanet"
    shutil.copytree(small_orphanet, snapshot)
    archive = snapshot / "packets.tar.gz"
    members = []
    with tarfile.open(archive) as src:
        for member in src:
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith("ORPHApacket_72.json"):
                packet = json.loads(data)
                packet["Orphapacket"]["Label"] = hostile
                packet["Orphapacket"]["Synonyms"] = [{"Synonym": "</script><img src=x onerror=alert(1)>"}]
                data = json.dumps(packet).encode()
            members.append((member.name, data))
    with tarfile.open(archive, "w:gz") as dst:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    root = make_project(tmp_path, snapshot, "valid")
    assert mkdocs_build(root).returncode == 0
    html = (root / "site/orpha/72/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>syndrome" not in html
    assert "&lt;script&gt;alert" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["name"] == hostile and data["alternateName"] == ["</script><img src=x onerror=alert(1)>"]
