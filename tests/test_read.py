"""The reader: line numbers kept, and hostile or broken files refused with one clear message."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.core.errors import ContentError
from build_tools.core.read import decode, parse_yaml, read_markdown
from tests.fuzz import EXAMPLES


def problems(fn, *args) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as info:
        fn(*args)
    return [str(p) for p in info.value.problems]


def test_keys_and_items_keep_their_lines() -> None:
    data = parse_yaml("a: 1\nb:\n  - x\n  - y\nc: 2025-02-30\n", "f.yml", offset=1)
    assert data.lines == {"a": 2, "b": 3, "c": 6}
    assert data["b"].lines == [4, 5]
    assert data["c"] == "2025-02-30"  # dates stay text; the models judge them


def test_duplicate_keys_are_refused() -> None:
    assert problems(parse_yaml, "a: 1\nb: 2\na: 3\n", "f.yml") == ["f.yml:3: a: feltet står to ganger (første gang på linje 1); fjern det ene"]


def test_aliases_are_refused_before_anything_is_built() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    assert problems(parse_yaml, bomb, "f.yml") == ["f.yml:2: YAML-alias (*navn) er ikke tillatt; skriv verdien ut"]


def test_python_tags_are_not_constructed() -> None:
    [message] = problems(parse_yaml, "x: !!python/object/apply:os.system ['true']\n", "f.yml")
    assert message == "f.yml:1: YAML-tagg tag:yaml.org,2002:python/object/apply:os.system er ikke tillatt; fjern taggen"


def test_huge_documents_are_refused() -> None:
    text = "a:\n" + "".join(f"  - {i}\n" for i in range(60_000))
    [message] = problems(parse_yaml, text, "f.yml")
    assert message.endswith("dokumentet er for stort; del det opp")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("æ: 1\n".encode("utf-16"), "f.md:1: filen er lagret som UTF-16; lagre den som UTF-8"),
        (b"a: 1\nb: bl\xe5\n", "f.md:2: filen er ikke gyldig UTF-8 (kanskje Latin-1/Windows-1252); lagre den som UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "f.md:3: filen er ikke en tekstfil (inneholder NUL-tegn)"),
        (b"", "f.md: filen er tom"),
        (b"  \n\n", "f.md: filen er tom"),
    ],
)
def test_encodings_and_binary_files(raw: bytes, expected: str) -> None:
    assert problems(decode, raw, "f.md") == [expected]


def test_a_utf8_bom_is_accepted() -> None:
    assert decode("\ufeffa: 1\n".encode(), "f.md") == "a: 1\n"


def test_front_matter_body_line_and_missing_delimiters(tmp_path: Path) -> None:
    page = tmp_path / "index.md"
    page.write_text("---\ntittel: X\n---\n\n## Kort\nTekst\n", encoding="utf-8")
    doc = read_markdown(page, "index.md")
    assert doc.data.lines == {"tittel": 2} and doc.body_line == 4
    page.write_text("tittel: X\n", encoding="utf-8")
    assert problems(read_markdown, page, "index.md") == ["index.md:1: filen må begynne med front matter: en linje med --- , feltene, og en linje med ---"]
    page.write_text("---\ntittel: X\n", encoding="utf-8")
    assert problems(read_markdown, page, "index.md") == ["index.md:1: front matter avsluttes ikke; legg til en linje med --- etter feltene"]


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("---\na: 1\n---\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(tmp_path / "real.md")
    assert problems(read_markdown, tmp_path / "link.md", "link.md") == ["link.md: er ikke en vanlig fil; bruk en vanlig fil, ikke en snarvei (symlink)"]


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_gives_a_content_error(text: str) -> None:
    try:
        parse_yaml(text, "f.yml")
    except ContentError as exc:
        assert all(p.path == "f.yml" for p in exc.problems)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_give_a_content_error(raw: bytes) -> None:
    with contextlib.suppress(ContentError):
        decode(raw, "f.md")
