"""Rendering: escaping of outside text, Norwegian sorting and wording, JSON-LD."""

from __future__ import annotations

import json

import jinja2

from build_tools.core import vocab
from build_tools.core.pages import TEMPLATES, md
from build_tools.kinds.catalogue.facts import jsonld
from build_tools.orphanet.model import CodeMapping, Level, OrphaCode, OrphaEntity, Relation


def test_md_escapes_html_and_markdown() -> None:
    assert md('<script>alert("x")</script> & *bold* [link](javascript:x)') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; \\*bold\\* \\[link\\](javascript:x)"
    )
    assert md("a\nb\t c") == "a b c"


def test_jsonld_in_the_theme_cannot_close_its_element() -> None:
    """The overrides write JSON-LD with Jinja's portable `tojson`, which escapes what could end the <script>."""
    overrides = TEMPLATES.parent.parent / "docs" / "overrides"
    for name in ("main.html", "redirect.html"):
        assert "page.meta.jsonld | tojson" in (overrides / name).read_text(encoding="utf-8")
    text = jinja2.Environment().from_string("{{ data | tojson }}").render(data={"name": "</script><script>alert(1)</script> & co"})
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & co"


def test_jsonld_has_orpha_and_each_icd10_code() -> None:
    e = OrphaEntity(
        code=OrphaCode(881), name="Turner syndrome", disorder_type="Malformation syndrome", level=Level.DISORDER,
        mappings=(CodeMapping("ICD-10", "Q96.0", Relation.BTNT), CodeMapping("ICD-10", "Q96.9", Relation.BTNT), CodeMapping("ICD-11", "LD50.1", Relation.E)),
    )
    data = jsonld([e], "Turners syndrom", "", ["Turner syndrome"])
    assert data["@type"] == "MedicalCondition"
    assert [(c["codingSystem"], c["codeValue"]) for c in data["code"]] == [("ORPHA", "881"), ("ICD-10", "Q96.0"), ("ICD-10", "Q96.9")]


def test_norwegian_sort_puts_ae_oe_aa_last() -> None:
    names = ["Åse", "Zebra", "Ørn", "Ærlig", "akondroplasi", "Ehlers", "Émile", "22q11"]
    assert sorted(names, key=vocab.norwegian_sort_key) == ["22q11", "akondroplasi", "Ehlers", "Émile", "Zebra", "Ærlig", "Ørn", "Åse"]
    assert [vocab.initial(n) for n in ["Émile", "Ørn", "22q11"]] == ["E", "Ø", "0–9"]


def test_prevalence_classes_in_norwegian() -> None:
    assert vocab.prevalence_class("1-5 / 10 000") == "1–5 per 10 000"
    assert vocab.prevalence_class("<1 / 1 000 000") == "under 1 per 1 000 000"
    assert vocab.prevalence_class(">1 / 1000") == "over 1 per 1 000"
    assert vocab.prevalence_class("Unknown") == "ukjent"


def test_jsonld_of_an_example_page_marks_its_description() -> None:
    e = OrphaEntity(code=OrphaCode(881), name="Turner syndrome", disorder_type="Malformation syndrome", level=Level.DISORDER)
    assert jsonld([e], "Turners syndrom", "", [], "Kort tekst.", example=True)["description"] == "[Eksempel] Kort tekst."
    assert jsonld([e], "Turners syndrom", "", [], "Kort tekst.")["description"] == "Kort tekst."
