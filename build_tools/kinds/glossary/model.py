"""The glossary: `data/ordliste.yml`, one entry per term, keyed by the term's anchor on /ordliste/.

Editors explain the words the site uses in plain Norwegian. The key is the anchor (`#autosomal-dominant`),
so links to a term stay stable when its wording changes; `andre_former` lists other forms of the word
that lead to the same entry (the fact box's «X-bundet recessiv» leads to `#x-bundet`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import Field

from build_tools.core.validate import Model, Text

GLOSSARY_FILE = "ordliste.yml"  # in the data folder
GLOSSARY_URL = "ordliste/"

FIELD_HELP = {
    "term": "ordet slik det skal stå som overskrift, f.eks. «autosomal dominant»",
    "forklaring": "en kort forklaring på enkelt norsk, én til tre setninger",
}


class GlossaryEntry(Model):
    """Et ord i ordlisten. Nøkkelen er ankeret på /ordliste/ (små bokstaver a–z, tall og bindestrek)."""

    term: Text = Field(description="Ordet slik det står som overskrift i ordlisten, f.eks. «autosomal dominant».")
    forklaring: Text = Field(description="En kort forklaring på enkelt norsk (én til tre setninger). Ingen tall eller påstander uten kilde.")
    andre_former: list[Text] = Field(default=[], description="Andre former av ordet som skal lenke hit, f.eks. «X-bundet recessiv» for X-bundet.")
    se_også: list[Text] = Field(default=[], description="Nøkler til andre ord i ordlisten, f.eks. [arvegang, genvariant].")

    FIELD_HELP: ClassVar[dict[str, str]] = FIELD_HELP


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Term:
    anchor: str
    term: str
    explanation: str  # Markdown
    forms: tuple[str, ...]
    see_also: tuple[str, ...]


@dataclass
class Glossary:
    """The validated glossary: anchor → term, in the file's order, and every form of a word → anchor."""

    terms: dict[str, Term] = field(default_factory=dict)
    forms: dict[str, str] = field(init=False, repr=False)  # casefolded word → anchor

    def __post_init__(self) -> None:
        self.forms = {_fold(f): t.anchor for t in reversed(self.terms.values()) for f in (*t.forms, t.term)}

    def anchor(self, text: str) -> str | None:
        """The anchor of the entry that explains `text` (its term or another form, any case), if any."""
        return self.forms.get(_fold(text))

    def __len__(self) -> int:
        return len(self.terms)
