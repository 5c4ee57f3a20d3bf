"""Joining authored diagnosis pages with Orphanet entities and centres.

Unknown or inactive ORPHA codes, unknown centres, a centre whose list in `data/centres.yml` does
not name the diagnosis (with its source), unknown European Reference Networks and two pages for the
same code are problems that name the file and line that made the reference.
"""

from __future__ import annotations

import difflib

from build_tools.core.errors import Problem
from build_tools.core.read import LineDict, LineList
from build_tools.kinds.diagnoses.model import Centre, DiagnosesPart, Diagnosis, Ern
from build_tools.orphanet.classification import graph_of
from build_tools.orphanet.model import OrphaCode, OrphaData
from build_tools.orphanet.resolve import CodeProblem, resolve


def join(orpha: OrphaData, centres: dict[str, Centre], diagnoses: list[Diagnosis], erns: dict[str, Ern] | None = None) -> tuple[DiagnosesPart, list[Problem]]:
    """The diagnoses kind's part: the pages joined with Orphanet, their centres and networks; and the problems found."""
    erns = erns or {}
    problems: list[Problem] = []
    by_code: dict[OrphaCode, Diagnosis] = {}
    for diagnosis in sorted(diagnoses, key=lambda d: d.doc.display):
        data = diagnosis.doc.data
        orpha_line = data.lines.get("orpha", diagnosis.doc.meta_line) if isinstance(data, LineDict) else diagnosis.doc.meta_line
        raw_codes = data.get("orpha") if isinstance(data, LineDict) else None
        item_lines = raw_codes.lines if isinstance(raw_codes, LineList) else []
        for index, code in enumerate(diagnosis.meta.orpha):
            line = item_lines[index] if index < len(item_lines) else orpha_line
            entity = resolve(orpha, code)
            if isinstance(entity, CodeProblem):
                problems.append(Problem(diagnosis.doc.display, line, "orpha", entity.message))
                continue
            other = by_code.get(code)
            if other is not None:
                problems.append(Problem(diagnosis.doc.display, line, "orpha", f"{code} har allerede en side: {other.doc.display}; slå sidene sammen eller fjern koden her"))
                continue
            by_code[code] = diagnosis
            diagnosis.entities.append(entity)
        centre = centres.get(diagnosis.meta.senter)
        if centre is None:
            close = difflib.get_close_matches(diagnosis.meta.senter, list(centres), n=1)
            hint = f"mente du «{close[0]}»?" if close else f"gyldige er {', '.join(sorted(centres))}"
            line = data.lines.get("senter", diagnosis.doc.meta_line) if isinstance(data, LineDict) else diagnosis.doc.meta_line
            problems.append(Problem(diagnosis.doc.display, line, "senter", f"ukjent senter «{diagnosis.meta.senter}» (se data/centres.yml); {hint}"))
        elif diagnosis.entities and centre.assignment(diagnosis.codes) is None:
            line = data.lines.get("senter", diagnosis.doc.meta_line) if isinstance(data, LineDict) else diagnosis.doc.meta_line
            first = diagnosis.codes[0].value
            problems.append(Problem(
                diagnosis.doc.display, line, "senter",
                f"senteret «{diagnosis.meta.senter}» har ikke diagnosen på sin liste i data/centres.yml, så ansvaret har ingen kilde; "
                f"legg til «- {{orpha: {first}, kilde: https://...}}» under {diagnosis.meta.senter}.diagnoser, med adressen til senterets egen side om diagnosen",
            ))
        diagnosis.centre = centre
        diagnosis.erns = []
        raw_erns = data.get("ern") if isinstance(data, LineDict) else None
        ern_lines = raw_erns.lines if isinstance(raw_erns, LineList) else []
        for index, ern_id in enumerate(diagnosis.meta.ern):
            network = erns.get(ern_id)
            if network is None:
                line = ern_lines[index] if index < len(ern_lines) else (data.lines.get("ern", diagnosis.doc.meta_line) if isinstance(data, LineDict) else diagnosis.doc.meta_line)
                close = difflib.get_close_matches(ern_id, list(erns), n=1)
                hint = f"mente du «{close[0]}»?" if close else (f"gyldige er {', '.join(sorted(erns))}" if erns else "data/ern.yml finnes ikke")
                problems.append(Problem(diagnosis.doc.display, line, "ern", f"ukjent nettverk «{ern_id}» (se data/ern.yml); {hint}"))
            else:
                diagnosis.erns.append(network)

    part = DiagnosesPart(
        centres=centres,
        diagnoses=sorted(diagnoses, key=lambda d: d.slug),
        by_code=by_code,
        members=graph_of(orpha).members,
        erns=erns,
    )
    return part, problems
