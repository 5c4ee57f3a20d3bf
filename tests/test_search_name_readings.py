"""English Orphanet names and the further names they stand for (documents.name_readings)."""

from __future__ import annotations

import pytest

from build_tools.derived.search.documents import name_readings


@pytest.mark.parametrize(
    ("name", "readings"),
    [
        # two names joined by a slash
        (
            "Charcot-Marie-Tooth disease/Hereditary motor and sensory neuropathy",
            ["Charcot-Marie-Tooth disease", "Hereditary motor and sensory neuropathy"],
        ),
        # a slash between two words of one name: "Cleft lip" is no name of the syndrome
        ("Cleft lip/palate-ectodermal dysplasia syndrome", []),
        ("Sporadic pheochromocytoma/secreting paraganglioma", []),
        # the optional part is not the diagnosis; "Familial" only qualifies it
        ("Cleft lip with or without cleft palate", ["Cleft lip"]),
        (
            "Familial clubfoot with or without associated lower limb anomalies",
            ["Familial clubfoot", "Clubfoot"],
        ),
        # the optional part runs on into a longer name
        ("Auricular abnormalities-cleft lip with or without cleft palate-ocular abnormalities syndrome", []),
        ("Marfan syndrome", []),
    ],
)
def test_name_readings(name: str, readings: list[str]) -> None:
    assert name_readings(name) == readings
