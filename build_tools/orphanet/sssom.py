"""Reader for ORDO's cross-references as SSSOM TSV (mondo-ingest's `ordo.sssom.tsv`).

Takes the (gzipped) TSV, returns per ORPHAcode its ICD-10 and ICD-11 mappings with Orphanet's
mapping relation, and the English labels of every code it mentions (so codes that are in ORDO but
not among the active packets can be named as inactive).
"""

from __future__ import annotations

import gzip
from pathlib import Path

from build_tools.core.errors import ContentError, Problem
from build_tools.orphanet.model import CodeMapping, OrphaCode, Relation

# The predicate is Orphanet's mapping relation read from the ORPHA side.
_PREDICATES = {"skos:exactMatch": Relation.E, "skos:broadMatch": Relation.NTBT, "skos:narrowMatch": Relation.BTNT}
_SYSTEMS = {"ICD10": "ICD-10", "icd11": "ICD-11"}
_COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification"]


def read_sssom(path: Path, display: str) -> tuple[dict[OrphaCode, list[CodeMapping]], dict[OrphaCode, str]]:
    mappings: dict[OrphaCode, list[CodeMapping]] = {}
    labels: dict[OrphaCode, str] = {}
    opener = gzip.open if path.suffix == ".gz" else open
    header_seen = False
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            for lineno, line in enumerate(handle, 1):
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\r\n").split("\t")
                if not header_seen:
                    if cols[: len(_COLUMNS)] != _COLUMNS:
                        raise ContentError([Problem(display, lineno, None, f"uventede kolonner {cols}; forventet {_COLUMNS}")])
                    header_seen = True
                    continue
                if len(cols) < 4 or not cols[0].startswith("Orphanet:"):
                    raise ContentError([Problem(display, lineno, None, "ugyldig rad; filen er skadet, hent den på nytt")])
                code = OrphaCode.parse(cols[0].removeprefix("Orphanet:"))
                labels.setdefault(code, cols[1])
                relation = _PREDICATES.get(cols[2])
                prefix, _, value = cols[3].partition(":")
                system = _SYSTEMS.get(prefix)
                if relation is None or system is None or not value:
                    continue
                # Dagger and asterisk marks (E85.4+, I68.0*) are not part of the code people search for.
                mappings.setdefault(code, []).append(CodeMapping(system, value.rstrip("+*"), relation))
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise ContentError([Problem(display, None, None, f"kan ikke lese filen ({exc}); hent den på nytt")]) from None
    if not header_seen:
        raise ContentError([Problem(display, None, None, "filen mangler SSSOM-overskriften; hent den på nytt")])
    return mappings, labels
