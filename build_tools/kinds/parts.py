"""The parts kinds load, and what a kind's `load` may read of the kinds loaded before it.

Each kind's `load` returns its own typed part (a small frozen dataclass, or its model object) and
its problems; it reads Orphanet's data and the parts of the kinds it `requires` from a read-only
`Loaded`, never from a half-built site. The pipeline assembles one frozen `Site` from the parts at
the end (kinds/site.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from build_tools.orphanet.model import OrphaData

P = TypeVar("P")


def part_of(parts: Mapping[str, object], name: str, cls: type[P]) -> P:
    """The part of the kind `name`, as its type `cls`; a kind that reads a part it did not `require` is a programming error."""
    part = parts.get(name)
    if not isinstance(part, cls):
        raise LookupError(f"no {cls.__name__} loaded for the content kind {name!r}: name it in the reading kind's `requires`")
    return part


@dataclass(frozen=True)
class Loaded:
    """What a kind's `load` reads: Orphanet's data and the parts of the kinds it requires, by name."""

    orpha: OrphaData
    parts: Mapping[str, object]

    def part(self, name: str, cls: type[P]) -> P:
        return part_of(self.parts, name, cls)
