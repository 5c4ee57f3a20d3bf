"""Atomic site output: build into a staging folder beside the site, and replace the site only on success.

A build that fails (bad content, a strict-mode warning, an exception) removes its staging folder and
leaves the previous site untouched; readers of `site/` never see a half-written site.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class AtomicOutput:
    def __init__(self, final: Path):
        self.final = final.resolve()
        self.staging = self.final.with_name(self.final.name + ".tmp-build")
        self.failed = False
        shutil.rmtree(self.staging, ignore_errors=True)

    def discard(self) -> None:
        self.failed = True
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self) -> None:
        """Swap the staging folder in; keep the old site until the new one is in place."""
        if self.failed or not self.staging.is_dir():
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        old = self.final.with_name(self.final.name + ".old-build")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            os.replace(self.final, old)
        os.replace(self.staging, self.final)
        shutil.rmtree(old, ignore_errors=True)
