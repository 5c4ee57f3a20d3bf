"""How hard the property tests search: a few hundred examples in a normal run; for a long fuzz run
set SJELDEN_FUZZ_EXAMPLES, e.g. `SJELDEN_FUZZ_EXAMPLES=200000 make test` (or just the fuzz tests:
`SJELDEN_FUZZ_EXAMPLES=200000 .venv/bin/python -m pytest -k "any_ or fuzz"`)."""

from __future__ import annotations

import os

EXAMPLES = int(os.environ.get("SJELDEN_FUZZ_EXAMPLES", "300"))
