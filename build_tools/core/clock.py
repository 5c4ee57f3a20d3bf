"""The build's «today», decided once per run and passed to everything that needs it.

`decide_today()` is called by the entry points only (the CLI's `main`, the engine plugin's
`on_config`); library code takes `today` as a parameter. SOURCE_DATE_EPOCH fixes it, so builds are
reproducible and tests can pin it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime


def decide_today(environ: Mapping[str, str] | None = None, system: Callable[[], date] = date.today) -> date:
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return system()
