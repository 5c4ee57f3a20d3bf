"""The shape of JSON data, for code that writes JSON (open data, JSON-LD, schemas) or reads it.

`JsonValue` is what `json.loads` returns and `json.dumps` takes: a recursive alias, so a schema or
a JSON-LD block is typed all the way down.
"""

from __future__ import annotations

from typing import TypeAlias

JsonValue: TypeAlias = "dict[str, JsonValue] | list[JsonValue] | str | int | float | bool | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"
