"""A one-line progress indicator for long builds, shown only on a terminal.

In CI or when output is redirected it stays silent, so logs are stable."""

from __future__ import annotations

import os
import sys
import time


class Progress:
    def __init__(self, label: str, total: int, stream=None, every: float = 0.25):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and self.stream.isatty() and not os.environ.get("CI")
        self.every, self._last = every, 0.0

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= self.every or self.done == self.total:
            self._last = now
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
