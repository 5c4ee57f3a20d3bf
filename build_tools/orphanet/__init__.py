"""The Orphanet layer: loads the bundled snapshot (or official Orphadata files) into `OrphaData`.

`load_snapshot(data_dir, cache_dir)` reads `data/orphanet/snapshot.yml`, which names the files of
one release, parses them once and caches the result keyed by the files' content and this
package's code, so a second build does not parse again and a stale cache is never used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

import yaml

from build_tools.core.errors import ContentError, Problem
from build_tools.orphanet.model import (
    Classification,
    Gene,
    Level,
    OrphaCode,
    OrphaData,
    OrphaEntity,
    Status,
)
from build_tools.orphanet.text import clean_entity

__all__ = ["load_snapshot", "OrphaCode", "OrphaData", "OrphaEntity", "Level", "Status"]

_CACHE_FORMAT = "2"
_MEMO: dict[str, OrphaData] = {}


def _code_fingerprint() -> str:
    h = hashlib.sha256(_CACHE_FORMAT.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        h.update(source.name.encode())
        h.update(source.read_bytes())
    return h.hexdigest()


_STAT_MEMO: dict[tuple[tuple[str, int, int, int], ...], str] = {}


def _file_fingerprint(paths: list[Path]) -> str:
    """Hash of the files' contents; within one process (`mkdocs serve`), files whose size, mtime
    and inode are unchanged are not read again."""
    stats = []
    for path in paths:
        st = path.stat()
        stats.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
    key = tuple(stats)
    if key in _STAT_MEMO:
        return _STAT_MEMO[key]
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
    _STAT_MEMO.clear()
    _STAT_MEMO[key] = h.hexdigest()
    return _STAT_MEMO[key]


def _manifest(data_dir: Path, root: Path | None) -> dict:
    path = data_dir / "snapshot.yml"
    display = _display(path, root)
    try:
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(display, None, None, f"kan ikke lese manifestet for Orphanet-data ({exc})")]) from None
    if not isinstance(manifest, dict) or not (isinstance(manifest.get("packets"), str) or isinstance(manifest.get("nomenclature"), str)):
        raise ContentError([Problem(display, None, "packets", "manifestet må angi ORPHApacket-arkivet (packets: <fil>) eller Orphadatas product1 (nomenclature: <fil>)")])
    source = definitions_source(manifest)
    if source not in DEFINITION_SOURCES or not isinstance(manifest.get(source), str):
        raise ContentError([Problem(display, None, "definitions", "må være nomenclature (product1) eller packets, og den filen må være oppgitt i manifestet")])
    return manifest


# Where the entities' definitions come from (`definitions:` in snapshot.yml). The ORPHApackets of
# December 2025 lost the commas of their definitions; product1 has Orphanet's published text.
DEFINITION_SOURCES = ("nomenclature", "packets")


def definitions_source(manifest: dict) -> str:
    """`definitions:` of the manifest; by default product1's when the snapshot has it."""
    return str(manifest.get("definitions") or ("nomenclature" if manifest.get("nomenclature") else "packets"))


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def load_snapshot(data_dir: Path, cache_dir: Path | None = None, root: Path | None = None) -> OrphaData:
    """The Orphanet release described by `data_dir/snapshot.yml`, from cache when it is current."""
    manifest = _manifest(data_dir, root)
    packets = data_dir / manifest["packets"] if manifest.get("packets") else None
    product1 = data_dir / manifest["nomenclature"] if manifest.get("nomenclature") else None
    icd = data_dir / manifest["icd_mappings"] if manifest.get("icd_mappings") else None
    product3 = sorted(data_dir.glob(manifest["classifications"])) if manifest.get("classifications") else []
    inputs = [p for p in [packets, product1, icd, *product3] if p is not None]
    missing = [p for p in inputs if not p.is_file()]
    if missing:
        raise ContentError([Problem(_display(p, root), None, None, "filen mangler; hent Orphanet-data på nytt (sjelden refresh-orphadata)") for p in missing])
    key = hashlib.sha256((_code_fingerprint() + _file_fingerprint([data_dir / "snapshot.yml", *inputs])).encode()).hexdigest()[:24]
    if key in _MEMO:  # the same process (mkdocs serve) asking again: no need to even unpickle
        return _MEMO[key]
    cache_file = None
    if cache_dir is not None:
        cache_file = cache_dir / f"orphanet-{key}.pickle"
        if cache_file.is_file():
            try:
                with cache_file.open("rb") as handle:
                    data = pickle.load(handle)
                if isinstance(data, OrphaData) and data.key == key:
                    _MEMO.clear()
                    _MEMO[key] = data
                    return data
            except Exception:  # noqa: BLE001 - a broken cache is only a cache: parse again
                pass
    data = dataclasses.replace(_parse(manifest, packets, product1, icd, product3, root), key=key)
    _MEMO.clear()
    _MEMO[key] = data
    if cache_file is not None:
        _write_cache(cache_file, data)
    return data


def _parse(manifest: dict, packets: Path | None, product1: Path | None, icd: Path | None, product3: list[Path], root: Path | None) -> OrphaData:
    from build_tools.orphanet.packets import read_packets

    release_date, entities = read_packets(packets, _display(packets, root)) if packets is not None else ("", [])
    by_code: dict[OrphaCode, OrphaEntity] = {e.code: e for e in entities}
    if product1 is not None:
        # The official nomenclature is authoritative for status, moves, ICD codes and (unless the
        # manifest says `definitions: packets`) definitions; the packets keep the names and add
        # what product1 lacks (genes, phenotypes, prevalence, parents).
        from build_tools.orphanet.xml import read_product1

        info, official = read_product1(product1)
        official_definitions = definitions_source(manifest) == "nomenclature"
        release_date = release_date or info.date
        for entry in official:
            known = by_code.get(entry.code)
            if known is None:
                by_code[entry.code] = entry
                continue
            kept = tuple(m for m in known.mappings if m.system not in {"ICD-10", "ICD-11"} or not entry.mappings)
            icd_codes = tuple(m for m in entry.mappings if m.system in {"ICD-10", "ICD-11"})
            by_code[entry.code] = dataclasses.replace(
                known, status=entry.status, moved_to=entry.moved_to, mappings=kept + icd_codes,
                synonyms=tuple(dict.fromkeys(known.synonyms + entry.synonyms)),
                definition=(entry.definition or known.definition) if official_definitions else (known.definition or entry.definition),
            )
        entities = list(by_code.values())

    # Subtype genes: Orphanet lists e.g. Marfan's FBN1 on its subtypes only. A gene that causes one
    # subtype is kept as such even where another subtype, or the entity itself, lists it in another
    # role (NF1's gene is «role in the phenotype» of NF1, and disease-causing in one of its subtypes).
    # How many subtypes a gene causes is counted per subtype (not per gene listing), so that the
    # fact box can say «hos én av 2 undertyper» (Marfan's FBN1) or nothing (PKU's PAH, on both).
    subtype_genes: dict[OrphaCode, dict[str, Gene]] = {}
    subtype_count: dict[OrphaCode, int] = {}
    subtype_causal: dict[OrphaCode, dict[str, int]] = {}
    subtype_listed: dict[OrphaCode, dict[str, int]] = {}
    for entity in entities:
        if entity.level is Level.GROUP:
            continue
        for child in entity.children:
            child_entity = by_code.get(child)
            if child_entity is None or child_entity.level is not Level.SUBTYPE:
                continue
            subtype_count[entity.code] = subtype_count.get(entity.code, 0) + 1
            counts = subtype_causal.setdefault(entity.code, {})
            for symbol in dict.fromkeys(g.symbol for g in child_entity.genes if g.causal):
                counts[symbol] = counts.get(symbol, 0) + 1
            listed = subtype_listed.setdefault(entity.code, {})
            for symbol in dict.fromkeys(g.symbol for g in child_entity.genes):
                listed[symbol] = listed.get(symbol, 0) + 1
            for gene in child_entity.genes:
                seen = subtype_genes.setdefault(entity.code, {})
                if gene.symbol not in seen or (gene.causal and not seen[gene.symbol].causal):
                    seen[gene.symbol] = gene

    mappings: dict[OrphaCode, list] = {}
    labels: dict[OrphaCode, str] = {}
    if icd is not None and product1 is None:
        from build_tools.orphanet.sssom import read_sssom

        mappings, labels = read_sssom(icd, _display(icd, root))

    result: dict[OrphaCode, OrphaEntity] = {}
    for code, entity in by_code.items():
        own = {g.symbol for g in entity.genes}
        own_causal = {g.symbol for g in entity.genes if g.causal}
        extra = tuple(g for s, g in sorted(subtype_genes.get(code, {}).items()) if s not in own or (g.causal and s not in own_causal))
        result[code] = dataclasses.replace(
            entity,
            mappings=tuple(entity.mappings) + tuple(mappings.get(code, ())),
            subtype_genes=extra,
            subtype_count=subtype_count.get(code, 0),
            subtype_causal=tuple(sorted(subtype_causal.get(code, {}).items())),
            subtype_listed=tuple(sorted(subtype_listed.get(code, {}).items())),
        )
    # Codes ORDO knows but the release's packets do not hold are no longer active.
    for code, label in labels.items():
        if code in result:
            continue
        status = Status.NON_RARE if label.upper().startswith("NON RARE IN EUROPE") else Status.INACTIVE
        name = label.split(": ", 1)[1] if status is Status.NON_RARE else label
        result[code] = OrphaEntity(code=code, name=name, disorder_type="", level=Level.DISORDER, status=status)

    classifications: list[Classification] = []
    if product3:
        from build_tools.orphanet.xml import read_product3

        for path in product3:
            _, classification, _names = read_product3(path)
            classifications.append(classification)
        classifications.sort(key=lambda c: c.id)

    result = {code: clean_entity(entity) for code, entity in result.items()}
    release = str(manifest.get("release") or release_date[:7])
    return OrphaData(
        release=release,
        release_date=release_date,
        entities=dict(sorted(result.items())),
        classifications=tuple(classifications),
        sources=tuple(str(s) for s in manifest.get("sources", [])),
    )


def _write_cache(cache_file: Path, data: OrphaData) -> None:
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
