"""Evaluation forms (`courses/forms/<id>.yml`): a bank of question kinds, validation, and HTML.

A form is a versioned list of questions drawn from the kinds used in Norwegian course evaluation
(background choices, an overall 0–10 rating, a labelled 5-step relevance scale per programme item
with «deltok ikke», benefit scales, yes/no, free text). `read_forms` returns `{id: Form}` and
problems; `Form.columns(course)` gives the question ids as they appear as CSV columns in response
exports, with the values each accepts; `render_form_page` writes the accessible HTML form (one
fieldset with a legend per question, errors tied to their fields) for a course.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Protocol

import jinja2
from pydantic import Field, model_validator

from build_tools.core.errors import Problem
from build_tools.core.pages import h, md
from build_tools.core.read import Document, read_yaml_folder
from build_tools.core.state import Templates
from build_tools.core.validate import Model, Text, line_of, messages, validate

FORMS_DIR = "courses/forms"
QUESTION_ID_RE = r"^[a-z][a-z0-9_]{0,39}$"

# The fixed scales of the question bank: value (as in the CSV) → label.
SCALE_0_10 = {str(i): str(i) for i in range(11)}
RELEVANCE = {"1": "Ikke relevant", "2": "Lite relevant", "3": "Noe relevant", "4": "Relevant", "5": "Svært relevant", "deltok_ikke": "Deltok ikke"}
BENEFIT = {"1": "Ingen nytte", "2": "Liten nytte", "3": "Noe nytte", "4": "Stor nytte", "5": "Svært stor nytte"}
AGREEMENT = {"1": "Helt uenig", "2": "Litt uenig", "3": "Verken enig eller uenig", "4": "Litt enig", "5": "Helt enig"}
YES_NO = {"ja": "Ja", "nei": "Nei", "vet_ikke": "Vet ikke"}
SCALES = {"skala-0-10": SCALE_0_10, "relevans": RELEVANCE, "nytte": BENEFIT, "enighet": AGREEMENT, "ja-nei": YES_NO, "programpunkter": RELEVANCE}
NUMERIC = {"skala-0-10", "relevans", "nytte", "enighet", "programpunkter"}  # these get a mean


class Choice(Model):
    verdi: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
    tekst: Text


class Question(Model):
    id: Annotated[str, Field(pattern=QUESTION_ID_RE)]
    type: Literal["valg", "skala-0-10", "relevans", "nytte", "enighet", "ja-nei", "programpunkter", "fritekst"]
    tekst: Text
    hjelp: Text | None = None
    påkrevd: bool = False
    alternativer: list[Choice] = []
    ytterpunkter: Annotated[list[Text], Field(min_length=2, max_length=2)] | None = None  # labels of 0 and 10

    @model_validator(mode="after")
    def _choices(self) -> Question:
        if self.type == "valg" and len(self.alternativer) < 2:
            raise ValueError("choices_missing")
        if self.type != "valg" and self.alternativer:
            raise ValueError("choices_not_allowed")
        if len({c.verdi for c in self.alternativer}) != len(self.alternativer):
            raise ValueError("choices_duplicate")
        return self


class FormMeta(Model):
    tittel: Text
    versjon: Annotated[int, Field(ge=1)]
    innledning: Text | None = None
    spørsmål: Annotated[list[Question], Field(min_length=1)]
    eksempeltekst: bool = False


messages({
    "choices_missing": "spørsmål av typen «valg» trenger minst to «alternativer» (verdi og tekst)",
    "choices_not_allowed": "bare spørsmål av typen «valg» kan ha «alternativer»; fjern dem",
    "choices_duplicate": "samme «verdi» står to ganger i «alternativer»; gi hvert alternativ sin egen verdi",
})


@dataclass(frozen=True)
class Column:
    """One CSV column of a response export: the question it answers and the values it accepts."""

    id: str
    question: Question
    label: str  # what the column asks, for result pages
    values: dict[str, str]  # accepted value → label; empty for free text
    numeric: bool


class RatedItem(Protocol):
    """A programme item the evaluation asks about (`kinds.courses.model.ProgrammeItem`)."""

    @property
    def tittel(self) -> str: ...


class ExampleMarked(Protocol):
    @property
    def eksempeltekst(self) -> bool: ...


class EvaluatedCourse(Protocol):
    """What an evaluation form and its results read of a course: `kinds.courses.model.Course`, which
    imports this module (so this module names the course by what it needs, not by its class)."""

    @property
    def slug(self) -> str: ...

    @property
    def meta(self) -> ExampleMarked: ...

    @property
    def form(self) -> Form | None: ...

    def programme_columns(self) -> Sequence[tuple[int, RatedItem]]: ...


def form_of(course: EvaluatedCourse) -> Form:
    """The course's evaluation form; asking for the form page or results of a course without one is a bug."""
    if course.form is None:
        raise ValueError(f"course {course.slug} has no evaluation form")
    return course.form


@dataclass
class Form:
    id: str
    doc: Document
    meta: FormMeta

    @property
    def version(self) -> int:
        return self.meta.versjon

    def columns(self, course: EvaluatedCourse) -> list[Column]:
        """The CSV columns for a course: programme questions expand to `<id>_<n>` per rated item."""
        out: list[Column] = []
        for q in self.meta.spørsmål:
            if q.type == "programpunkter":
                for position, item in course.programme_columns():
                    out.append(Column(f"{q.id}_{position}", q, f"{item.tittel}", RELEVANCE, True))
            elif q.type == "valg":
                out.append(Column(q.id, q, q.tekst, {c.verdi: c.tekst for c in q.alternativer}, False))
            elif q.type == "fritekst":
                out.append(Column(q.id, q, q.tekst, {}, False))
            else:
                out.append(Column(q.id, q, q.tekst, SCALES[q.type], q.type in NUMERIC))
        return out


def read_forms(root: Path) -> tuple[dict[str, Form], list[Problem]]:
    forms: dict[str, Form] = {}
    documents, problems = read_yaml_folder(root, root / FORMS_DIR, "ugyldig filnavn; bruk courses/forms/<id>.yml med små bokstaver a–z, tall og bindestrek")
    for doc in documents:
        path, display = doc.path, doc.display
        meta, found = validate(FormMeta, doc)
        problems += found
        if meta is None:
            continue
        seen: dict[str, int] = {}
        for index, q in enumerate(meta.spørsmål):
            line = line_of(doc.data, ("spørsmål", index, "id"), doc.meta_line)
            if q.id in seen:
                problems.append(Problem(display, line, f"spørsmål.{index}.id", f"id «{q.id}» er brukt før (linje {seen[q.id]}); hvert spørsmål trenger sin egen id, den blir kolonnenavnet i svarfilen"))
            seen[q.id] = line
        forms[path.stem] = Form(id=path.stem, doc=doc, meta=meta)
    return forms, problems


# --- HTML ----------------------------------------------------------------------------------------


def _fieldset(column: Column, paper: bool) -> str:
    """One question as a fieldset (or a labelled textarea), with its hint and an error slot."""
    q = column.question
    qid = column.id
    hint_id, err_id = f"{qid}-hjelp", f"{qid}-feil"
    hint = q.hjelp
    if q.type == "skala-0-10" and q.ytterpunkter:
        hint = f"0 = {q.ytterpunkter[0]}, 10 = {q.ytterpunkter[1]}" + (f". {q.hjelp}" if q.hjelp else "")
    described = " ".join(x for x in (hint_id if hint else "", err_id) if x)
    required = ' data-required="true"' if q.påkrevd else ""
    mark = " (må besvares)" if q.påkrevd else ""
    lines = []
    if q.type == "fritekst":
        lines.append(f'<div class="sjelden-question" id="{qid}-sporsmal"{required}>')
        lines.append(f'<label for="{qid}"><strong>{h(column.label)}</strong>{mark}</label>')
        if hint:
            lines.append(f'<p class="sjelden-hint" id="{hint_id}">{h(hint)}</p>')
        lines.append(f'<p class="sjelden-field-error" id="{err_id}" hidden></p>')
        lines.append(f'<textarea id="{qid}" name="{qid}" rows="{8 if paper else 4}" aria-describedby="{described}"></textarea>')
        lines.append("</div>")
        return "\n".join(lines)
    legend = column.label
    if q.type == "programpunkter":
        legend = f"{q.tekst}: {column.label}"
    lines.append(f'<fieldset class="sjelden-question" id="{qid}-sporsmal" aria-describedby="{described}"{required}>')
    lines.append(f"<legend><strong>{h(legend)}</strong>{mark}</legend>")
    if hint:
        lines.append(f'<p class="sjelden-hint" id="{hint_id}">{h(hint)}</p>')
    lines.append(f'<p class="sjelden-field-error" id="{err_id}" hidden></p>')
    for n, (value, label) in enumerate(column.values.items()):
        input_id = f"{qid}-{n}"
        lines.append(f'<div class="sjelden-choice"><input type="radio" id="{input_id}" name="{qid}" value="{h(value)}"><label for="{input_id}">{h(label)}</label></div>')
    lines.append("</fieldset>")
    return "\n".join(lines)


def form_html(course: EvaluatedCourse, receiver: str) -> str:
    """The form as one raw-HTML block (no blank lines, so Markdown leaves it alone)."""
    form = form_of(course)
    paper = not receiver
    parts = []
    if paper:
        parts.append('<div class="sjelden-form sjelden-form--paper">')
    else:
        parts.append(f'<form class="sjelden-form" method="post" action="{h(receiver)}" novalidate>')
        parts.append(f'<input type="hidden" name="kurs" value="{h(course.slug)}">')
        parts.append(f'<input type="hidden" name="skjema" value="{h(form.id)}">')
        parts.append(f'<input type="hidden" name="skjemaversjon" value="{form.version}">')
        parts.append('<div class="sjelden-error-summary" role="alert" tabindex="-1" hidden><h2>Noe mangler</h2><ul></ul></div>')
    for column in form.columns(course):
        parts.append(_fieldset(column, paper))
    if paper:
        parts.append("</div>")
    else:
        parts.append('<p><button type="submit" class="md-button md-button--primary">Send svarene</button></p>')
        parts.append("</form>")
    return "\n".join(p for p in parts if p)


def render_form_page(env: Templates | jinja2.Environment, course: EvaluatedCourse, receiver: str) -> str:
    form = form_of(course)
    return env.get_template("form.md.j2").render(
        c=course, form=form, receiver=receiver, form_html=form_html(course, receiver), md=md,
        notice=form.meta.eksempeltekst or course.meta.eksempeltekst,
    )

