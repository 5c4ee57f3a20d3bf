"""Reader for Orphanet's ORPHApackets (one JSON document per entity, shipped as a tar.gz).

Takes the archive path, returns the release date and `OrphaEntity`s without ICD mappings (the
packets carry OMIM only; ICD-10/ICD-11 come from the ORDO mapping file, see `sssom.py`).
Shapes vary where a value can be one or many (a dict or a list), so every field is read defensively.
"""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

from build_tools.core.errors import ContentError, Problem
from build_tools.orphanet.model import (
    CodeMapping,
    Gene,
    OrphaCode,
    OrphaEntity,
    Phenotype,
    Prevalence,
    Relation,
    level_of,
)

_MAX_MEMBER_BYTES = 5 * 1024 * 1024  # the largest real packet is ~200 KB


def _many(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _inner(items: object, key: str) -> list[object]:
    """Unwrap `[{"Key": x}, ...]`, `{"Key": [x, ...]}` and `{"Key": x}` alike into `[x, ...]`."""
    out: list[object] = []
    for item in _many(items):
        if isinstance(item, dict) and key in item:
            out.extend(_many(item[key]))
    return out


def _text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("value", "")
    return str(value or "").strip()


def _packet(data: object) -> dict[str, object]:
    """The `Orphapacket` object of a packet document. Raises KeyError/TypeError on another shape."""
    packet = data["Orphapacket"] if isinstance(data, dict) else None
    if not isinstance(packet, dict):
        raise TypeError("Orphapacket is not an object")
    return packet


def _code(value: object) -> OrphaCode:
    return OrphaCode.parse(value if isinstance(value, int) else str(value))


def parse_packet(data: object) -> OrphaEntity:
    """One packet document (`{"Orphapacket": {...}}`) as an entity. Raises KeyError/ValueError/TypeError on bad shape."""
    p = _packet(data)
    code = _code(p["ORPHAcode"])
    disorder_type = _text(p.get("DisorderType"))
    genes = []
    for g in _inner(p.get("Genes"), "Gene"):
        if isinstance(g, dict) and g.get("Symbol"):
            genes.append(
                Gene(
                    symbol=str(g["Symbol"]),
                    name=str(g.get("Name") or g.get("Label") or ""),
                    association=str(g.get("DisorderGeneAssociationType") or ""),
                )
            )
    phenotypes = [
        Phenotype(str(ph.get("HPOId", "")), str(ph.get("HPOTerm", "")), str(ph.get("HPOFrequency", "")))
        for ph in _inner(p.get("Phenotypes"), "Phenotype")
        if isinstance(ph, dict)
    ]
    prevalences = [
        Prevalence(
            kind=str(pr.get("PrevalenceType") or ""),
            qualification=str(pr.get("PrevalenceQualification") or ""),
            prevalence_class=str(pr.get("PrevalenceClass") or ""),
            mean=str(pr.get("ValMoy") or ""),
            geographic=str(pr.get("PrevalenceGeographic") or ""),
            source=str(pr.get("Source") or ""),
        )
        for pr in _inner(p.get("Prevalences"), "Prevalence")
        if isinstance(pr, dict)
    ]
    mappings = []
    for ref in _inner(p.get("ExternalReferences"), "ExternalReference"):
        if isinstance(ref, dict) and ref.get("Source") == "OMIM" and ref.get("Reference"):
            try:
                relation = Relation.from_text(str(ref.get("DisorderMappingRelation", "")))
            except ValueError:
                continue
            mappings.append(CodeMapping("OMIM", str(ref["Reference"]), relation))
    definition = ""
    for section in _many(p.get("TextSection")):
        if isinstance(section, dict) and section.get("TextSectionType") == "Definition":
            definition = str(section.get("Contents") or "").strip()
    parents = [_code(x["ORPHAcode"]) for x in _inner(p.get("Parents"), "Parent") if isinstance(x, dict)]
    children = [_code(x["ORPHAcode"]) for x in _inner(p.get("Children"), "Child") if isinstance(x, dict)]
    return OrphaEntity(
        code=code,
        name=str(p["Label"]).strip(),
        disorder_type=disorder_type,
        level=level_of(disorder_type),
        synonyms=tuple(dict.fromkeys(s for s in (str(x).strip() for x in _inner(p.get("Synonyms"), "Synonym")) if s)),
        definition=definition,
        parents=tuple(dict.fromkeys(parents)),
        children=tuple(dict.fromkeys(children)),
        genes=tuple(genes),
        phenotypes=tuple(phenotypes),
        prevalences=tuple(prevalences),
        onsets=tuple(_text(x) for x in _inner(p.get("AverageAgeOfOnsets"), "AverageAgeOfOnset") if _text(x)),
        inheritance=tuple(_text(x) for x in _inner(p.get("TypeOfInheritances"), "TypeOfInheritance") if _text(x)),
        mappings=tuple(mappings),
    )


def read_packets(path: Path, display: str) -> tuple[str, list[OrphaEntity]]:
    """All packets in the archive: (release date "YYYY-MM-DD", entities). Raises ContentError."""
    problems: list[Problem] = []
    entities: list[OrphaEntity] = []
    release = ""
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member, data in _json_members(archive):
                try:
                    entities.append(parse_packet(data))
                    release = release or str(_packet(data).get("creationDate", ""))[:10]
                except (KeyError, ValueError, TypeError, AttributeError) as exc:
                    problems.append(Problem(display, None, member, f"uventet innhold i ORPHApacket ({exc}); hent filen på nytt"))
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ContentError([Problem(display, None, None, f"kan ikke lese arkivet ({exc}); filen er skadet eller avkortet, hent den på nytt")]) from None
    if problems:
        raise ContentError(problems)
    if not entities:
        raise ContentError([Problem(display, None, None, "arkivet inneholder ingen ORPHApackets; hent filen på nytt")])
    return release, entities


def _json_members(archive: tarfile.TarFile) -> Iterator[tuple[str, object]]:
    for member in archive:
        if not member.isfile() or not member.name.endswith(".json"):
            continue
        if member.size > _MAX_MEMBER_BYTES:
            raise ContentError([Problem(member.name, None, None, "ORPHApacket er urimelig stor; hent filen på nytt")])
        handle = archive.extractfile(member)
        if handle is None:
            continue
        try:
            yield member.name, json.loads(handle.read())
        except (ValueError, UnicodeDecodeError) as exc:
            raise ContentError([Problem(member.name, None, None, f"ugyldig JSON ({exc}); hent filen på nytt")]) from None
