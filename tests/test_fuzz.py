"""Property tests that search for failures in the readers: front matter and Orphanet packets.

Any input either parses or gives a `ContentError` (a message for the editor); never another
exception. The number of examples is set by SJELDEN_FUZZ_EXAMPLES (see tests/fuzz.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import tarfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.core.errors import ContentError
from build_tools.core.read import read_markdown
from build_tools.core.validate import check_sections, validate
from build_tools.kinds.diagnoses.model import DIAGNOSIS_SECTIONS, DiagnosisMeta
from build_tools.orphanet.packets import read_packets
from tests.fuzz import EXAMPLES

_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

_front_matter_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates().map(str),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@_SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_as_a_diagnosis_page(tmp_path: Path, raw: bytes) -> None:
    page = tmp_path / "index.md"
    page.write_bytes(b"---\n" + raw)
    with contextlib.suppress(ContentError):
        doc = read_markdown(page, "index.md")
        validate(DiagnosisMeta, doc)
        check_sections(doc, DIAGNOSIS_SECTIONS)


@_SETTINGS
@given(st.dictionaries(st.sampled_from([*DiagnosisMeta.model_fields, "ukjent"]), _front_matter_values, max_size=12), st.text(max_size=300))
def test_any_front_matter_validates_or_gives_problems(tmp_path: Path, meta: dict, body: str) -> None:
    import yaml

    page = tmp_path / "index.md"
    page.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    try:
        doc = read_markdown(page, "index.md")
    except ContentError:
        return
    model, problems = validate(DiagnosisMeta, doc)
    assert (model is None) == bool(problems)
    for problem in problems:
        assert problem.path == "index.md" and problem.message


_packet_values = st.recursive(
    st.none() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["Gene", "Symbol", "Parent", "ORPHAcode", "value", "Synonym", "Prevalence", "x"]), inner, max_size=3),
    max_leaves=10,
)


@_SETTINGS
@given(st.dictionaries(st.sampled_from(["ORPHAcode", "Label", "DisorderType", "Synonyms", "Genes", "Parents", "Children", "Prevalences", "Phenotypes", "TextSection", "TypeOfInheritances"]), _packet_values, max_size=8))
def test_any_packet_shape_parses_or_gives_a_content_error(tmp_path: Path, packet: dict) -> None:
    archive = tmp_path / "packets.tar.gz"
    data = json.dumps({"Orphapacket": packet}).encode()
    with tarfile.open(archive, "w:gz") as out:
        info = tarfile.TarInfo("json/ORPHApacket_1.json")
        info.size = len(data)
        out.addfile(info, io.BytesIO(data))
    with contextlib.suppress(ContentError):
        read_packets(archive, "packets.tar.gz")
