"""Tests for build_tools.orphanet.xml: Orphadata's official XML products read into the typed model."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.core.errors import ContentError
from build_tools.orphanet.model import (
    Classification,
    CodeMapping,
    Level,
    OrphaCode,
    OrphaEntity,
    Relation,
    Status,
)
from build_tools.orphanet.xml import ReleaseInfo, read_product1, read_product3
from tests.fuzz import EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "orphanet_xml"
EXCERPT_1 = FIXTURES / "en_product1.xml.gz"
EXCERPT_3 = FIXTURES / "en_product3_156.xml.gz"
HANDMADE_1 = FIXTURES / "handmade_product1.xml"
DEC2024_201 = FIXTURES / "2024-12_en_product3_201.xml.gz"
DEC2024_235 = FIXTURES / "2024-12_en_product3_235.xml.gz"
PACK2024_235 = FIXTURES / "pack2024_ORPHAclassification_235_en_2024.xml.gz"

REDOWNLOAD = "last ned filen på nytt fra Orphadata"
FORBIDDEN = (
    "filen inneholder en DOCTYPE/entitetsdeklarasjon, som ikke er tillatt av sikkerhetshensyn; bruk den offisielle filen fra Orphadata"
)


def C(value: int) -> OrphaCode:
    return OrphaCode(value)


def error_of(reader, path: Path) -> str:
    """The text an editor sees (every problem, `path:line: message`)."""
    with pytest.raises(ContentError) as caught:
        reader(path)
    return str(caught.value)


def by_code(entities: list[OrphaEntity]) -> dict[int, OrphaEntity]:
    return {entity.code.value: entity for entity in entities}


# --- product1 ---------------------------------------------------------------------------------


def test_product1_excerpt_release() -> None:
    release, entities = read_product1(EXCERPT_1)
    assert release == ReleaseInfo(date="2025-12-09", version="1.3.42 / 4.1.8 [2025-03-03]")
    assert [entity.code for entity in entities] == [C(166024), C(58)]


def test_product1_excerpt_reads_every_field() -> None:
    _, entities = read_product1(EXCERPT_1)
    assert entities[0] == OrphaEntity(
        code=C(166024),
        name="Multiple epiphyseal dysplasia-macrocephaly-facial dysmorphism syndrome",
        disorder_type="Disease",
        level=Level.DISORDER,
        status=Status.ACTIVE,
        synonyms=("Multiple epiphyseal dysplasia, Al-Gazali type",),
        definition=(
            "A rare primary bone dysplasia characterized by the association of multiple epiphyseal "
            "dysplasia with macrocephaly and dysmorphic facial features."
        ),
        # File order; MONDO and UMLS references are not kept.
        mappings=(
            CodeMapping("ICD-11", "LD24.61", Relation.NTBT),
            CodeMapping("ICD-10", "Q77.3", Relation.NTBT),
            CodeMapping("OMIM", "607131", Relation.E),
        ),
    )
    assert entities[0].icd10 == (CodeMapping("ICD-10", "Q77.3", Relation.NTBT),)


def test_product1_entity_without_flag_list_is_active() -> None:
    _, entities = read_product1(EXCERPT_1)
    alexander = entities[1]
    assert (alexander.name, alexander.status, alexander.synonyms, alexander.definition) == (
        "Alexander disease",
        Status.ACTIVE,
        ("AxD", "Fibrinoid leukodystrophy"),
        "",
    )
    assert alexander.mappings == (CodeMapping("OMIM", "203450", Relation.E),)


def test_product1_release_from_extraction_date_of_latin1_file() -> None:
    release, entities = read_product1(HANDMADE_1)
    assert release == ReleaseInfo(date="2024-06-27", version="1.3.29 / 4.1.7 [2023-08-02] (orientdb version)")
    assert by_code(entities)[900001].name == "Sjögren-Larsson-like amyloid neuropathy"


def test_product1_obsolete_entity_moved_to_another() -> None:
    entities = by_code(read_product1(HANDMADE_1)[1])
    moved = entities[3332]
    assert (moved.name, moved.status, moved.moved_to) == (
        "Hypoplastic tibiae-postaxial polydactyly syndrome",
        Status.OBSOLETE,
        (C(988),),  # the "Referred to" association is not a move
    )
    # The destination carries the same association (pointing back at itself): it has not moved.
    destination = entities[988]
    assert (destination.status, destination.moved_to) == (Status.ACTIVE, ())


def test_product1_deprecated_and_non_rare() -> None:
    entities = by_code(read_product1(HANDMADE_1)[1])
    assert (entities[2950].status, entities[2950].moved_to) == (Status.DEPRECATED, ())
    non_rare = entities[802]
    assert (non_rare.name, non_rare.status, non_rare.synonyms) == (
        "Multiple sclerosis",
        Status.NON_RARE,
        ("MS",),
    )
    assert non_rare.mappings == (CodeMapping("ICD-10", "G35", Relation.E),)


def test_product1_inactive_flag_without_label_falls_back_on_the_name_prefix() -> None:
    entity = by_code(read_product1(HANDMADE_1)[1])[900003]  # OrphaNumber, the older element name
    assert (entity.name, entity.status, entity.level, entity.disorder_type) == (
        "Amyloid neuropathy, old subtype",
        Status.OBSOLETE,
        Level.SUBTYPE,  # no DisorderGroup: the level comes from the type
        "Clinical subtype",
    )


def test_product1_mappings_strip_icd10_marks_and_skip_unusable_ones() -> None:
    entity = by_code(read_product1(HANDMADE_1)[1])[900001]
    assert entity.mappings == (
        CodeMapping("ICD-10", "E85.1", Relation.NTBT),
        CodeMapping("ICD-10", "G63.3", Relation.NTBT),
        CodeMapping("ICD-11", "5D00.0Y", Relation.BTNT),
        CodeMapping("OMIM", "105210", Relation.ND),
        # OMIM 999999 has no relation and MeSH is not a system the site uses.
    )


def test_product1_definition_synonyms_and_group_level() -> None:
    entities = by_code(read_product1(HANDMADE_1)[1])
    entity = entities[900001]
    assert entity.definition == "A made-up neuropathy, for tests (Sjögren)."
    # Whitespace runs collapse, so the two spellings are one synonym.
    assert entity.synonyms == ("Amyloid neuropathy, test type",)
    group = entities[900002]
    assert (group.level, group.disorder_type, group.status) == (Level.GROUP, "Clinical group", Status.ACTIVE)


def test_product1_gzip_is_detected_by_content_not_name(tmp_path: Path) -> None:
    plain = read_product1(HANDMADE_1)
    gz = tmp_path / "en_product1.xml.gz"
    gz.write_bytes(gzip.compress(HANDMADE_1.read_bytes()))
    misnamed = tmp_path / "en_product1.xml"
    shutil.copy(gz, misnamed)
    assert read_product1(gz) == plain
    assert read_product1(misnamed) == plain


# --- product3 ---------------------------------------------------------------------------------


def test_product3_excerpt() -> None:
    release, classification, nodes = read_product3(EXCERPT_3)
    assert release == ReleaseInfo(date="2025-12-09", version="1.3.42 / 4.1.8 [2025-03-03]")
    assert classification == Classification(
        id=156,
        name="Orphanet classification of rare genetic diseases",
        head=C(158293),
        edges=((C(156), C(93419)), (C(93419), C(166024))),
    )
    assert nodes == {
        C(156): ("Rare genetic disease", "Category"),
        C(93419): ("Rare bone disease", "Category"),
        C(166024): ("Multiple epiphyseal dysplasia due to COMP mutation", "Disease"),
    }


def test_product3_latin1_polyhierarchy_deduplicated_in_first_seen_order() -> None:
    release, classification, nodes = read_product3(DEC2024_201)
    assert release == ReleaseInfo(date="2024-12-03", version="1.3.29 / 4.1.7 [2023-08-02] (orientdb version)")
    assert (classification.id, classification.name, classification.head) == (
        201,
        "Orphanet classification of rare infertility disorders",
        C(162970),
    )
    # 210 ClassificationNodes: 209 edges as written, 186 once repeated subtrees are counted once.
    assert len(classification.edges) == len(set(classification.edges)) == 186
    assert classification.edges[:3] == ((C(98047), C(98048)), (C(98048), C(98343)), (C(98343), C(48)))
    assert len(nodes) == 171
    assert [parent for parent, child in classification.edges if child == C(2965)] == [C(399572), C(399831)]
    assert nodes[C(2965)] == ("Prolactinoma", "Disease")
    assert nodes[C(3109)] == ("Mayer-Rokitansky-Küster-Hauser syndrome", "Malformation syndrome")


def test_product3_pack_root_without_disorder() -> None:
    release, classification, nodes = read_product3(PACK2024_235)
    assert release.date == "2024-06-27"  # ExtractionDate in the Pack
    assert classification == Classification(
        id=235,
        name="Orphanet classification of rare disorder without a determined diagnosis",
        head=C(616871),
        edges=(),  # the only disorder hangs under a root with no Disorder: no parent to name
    )
    assert nodes == {C(616874): ("Rare disorder without a determined diagnosis after full investigation", "Disease")}


def test_product3_same_classification_with_a_functional_head() -> None:
    _, classification, nodes = read_product3(DEC2024_235)
    assert classification.head == C(616871)
    assert classification.edges == ((C(618137), C(616874)),)
    assert set(nodes) == {C(618137), C(616874)}


def test_product3_accepts_orphanumber_for_disorders(tmp_path: Path) -> None:
    old = tmp_path / "en_product3_156.xml"
    text = gzip.decompress(EXCERPT_3.read_bytes()).decode("utf-8")
    old.write_text(text.replace("OrphaCode>", "OrphaNumber>"), encoding="utf-8")
    assert read_product3(old) == read_product3(EXCERPT_3)


# --- errors an editor sees --------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_product1, read_product3])
@pytest.mark.parametrize("name", ["hostile_xxe.xml", "hostile_billion_laughs.xml", "hostile_doctype_url.xml"])
def test_doctype_and_entities_are_refused(reader, name: str) -> None:
    path = FIXTURES / name
    assert error_of(reader, path) == f"{path.as_posix()}:2: {FORBIDDEN}"


def test_html_error_page() -> None:
    path = FIXTURES / "html_error_page.xml"
    assert error_of(read_product1, path) == (
        f"{path.as_posix()}:1: filen er en nettside (HTML), ikke XML fra Orphadata; nedlastingen mislyktes trolig; {REDOWNLOAD}"
    )


def test_truncated_xml() -> None:
    path = FIXTURES / "truncated_product1.xml"
    assert error_of(read_product1, path) == (
        f"{path.as_posix()}:67: ugyldig XML (linje 67, kolonne 40): filen ser ut til å være avkortet; {REDOWNLOAD}"
    )


def test_truncated_gzip() -> None:
    path = FIXTURES / "truncated_product1.xml.gz"
    assert error_of(read_product1, path) == f"{path.as_posix()}: gzip-filen er skadet eller avkortet; {REDOWNLOAD}"


def test_binary_file() -> None:
    path = FIXTURES / "binary.xml"
    assert error_of(read_product1, path) == (f"{path.as_posix()}:1: ugyldig XML (linje 1, kolonne 1): filen er ikke XML; {REDOWNLOAD}")


@pytest.mark.parametrize("reader", [read_product1, read_product3])
def test_empty_file(reader) -> None:
    path = FIXTURES / "empty.xml"
    assert error_of(reader, path) == f"{path.as_posix()}: filen er tom; {REDOWNLOAD}"


def test_wrong_root_element() -> None:
    path = FIXTURES / "wrong_root.xml"
    assert error_of(read_product1, path) == (
        f"{path.as_posix()}:2: rotelementet er <rss>, men filer fra Orphadata har <JDBOR>; dette er ikke en Orphadata-fil; {REDOWNLOAD}"
    )


def test_missing_and_invalid_orphacode_are_all_reported() -> None:
    path = FIXTURES / "missing_orphacode.xml"
    shown = path.as_posix()
    assert error_of(read_product1, path) == (
        f'{shown}:4: <Disorder id="17601"> har ingen OrphaCode; filen er skadet; {REDOWNLOAD}\n'
        f'{shown}:11: <Disorder id="3"> har ugyldig OrphaCode «ORPHA-x»; filen er skadet; {REDOWNLOAD}'
    )


def test_product3_disorder_without_orphacode(tmp_path: Path) -> None:
    path = tmp_path / "en_product3_156.xml"
    text = gzip.decompress(EXCERPT_3.read_bytes()).decode("utf-8")
    path.write_text(text.replace("<OrphaCode>93419</OrphaCode>", ""), encoding="utf-8")
    assert error_of(read_product3, path) == (
        f'{path.as_posix()}:26: <Disorder id="27846"> har ingen OrphaCode; filen er skadet; {REDOWNLOAD}'
    )


def test_the_wrong_product() -> None:
    assert error_of(read_product1, EXCERPT_3) == (
        f"{EXCERPT_3.as_posix()}:10: filen er en Orphanet-klassifikasjon (product3), ikke nomenklaturen "
        "(en_product1.xml); sjekk hvilken fil som er oppgitt"
    )
    assert error_of(read_product3, EXCERPT_1) == (
        f"{EXCERPT_1.as_posix()}:10: filen er nomenklaturen (product1), ikke en klassifikasjon "
        "(en_product3_<id>.xml); sjekk hvilken fil som er oppgitt"
    )


def test_missing_release_date(tmp_path: Path) -> None:
    path = tmp_path / "en_product1.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<JDBOR version="x">\n<DisorderList count="0"/>\n</JDBOR>\n')
    assert error_of(read_product1, path) == (
        f"{path.as_posix()}:2: <JDBOR> mangler utgivelsesdato (attributtet date eller ExtractionDate); {REDOWNLOAD}"
    )


def test_unreadable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "en_product1.xml"
    path.write_bytes(b'<?xml version="1.0" encoding="rot13"?>\n<JDBOR date="2025-12-09"/>\n')
    assert error_of(read_product1, path) == (
        f"{path.as_posix()}:1: XML-deklarasjonen oppgir en tegnkoding som ikke kan leses "
        f"(Orphadata bruker UTF-8 eller ISO-8859-1); {REDOWNLOAD}"
    )


def test_zip_archive_instead_of_xml(tmp_path: Path) -> None:
    path = tmp_path / "Orphanet_Nomenclature_Pack_EN.zip"
    path.write_bytes(b"PK\x03\x04" + bytes(26))
    assert error_of(read_product1, path) == (
        f"{path.as_posix()}: filen er et zip-arkiv, ikke XML; pakk det ut og bruk XML-filen som ligger i det"
    )


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "en_product1.xml"
    assert error_of(read_product1, path) == f"{path.as_posix()}: filen finnes ikke; sjekk at stien er riktig"


# --- property ---------------------------------------------------------------------------------

_REAL = gzip.decompress(EXCERPT_1.read_bytes())


def _spliced(cut: int, junk: bytes, drop: int) -> bytes:
    """The real excerpt with some bytes replaced: mostly well-formed, wrong somewhere inside."""
    cut %= len(_REAL) + 1
    return _REAL[:cut] + junk + _REAL[cut + drop :]


_ANY_INPUT = st.one_of(
    st.binary(max_size=2000),
    st.builds(_spliced, st.integers(min_value=0), st.binary(max_size=40), st.integers(0, 40)),
    st.builds(gzip.compress, st.binary(max_size=500)),
    st.builds(lambda data, cut: gzip.compress(data)[:cut], st.just(_REAL), st.integers(0, 1500)),
)


@settings(deadline=None, max_examples=EXAMPLES, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_ANY_INPUT)
def test_any_bytes_parse_or_raise_content_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "en_product1.xml"
    path.write_bytes(data)
    try:
        release, entities = read_product1(path)
    except ContentError as error:
        assert error.problems
        assert all(problem.path == path.as_posix() and problem.message for problem in error.problems)
    else:
        assert isinstance(release, ReleaseInfo)
        assert all(isinstance(entity, OrphaEntity) for entity in entities)
