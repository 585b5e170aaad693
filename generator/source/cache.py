"""Data files already parsed and valid, kept between two checks of one process.

`mkdocs serve` validates the whole project on every edit: re-reading 10,000
unchanged company files was most of the wait. A file is reused while its stat
(mtime, size, inode) is the same. Only files valid on their own are kept:
their errors would need replaying. The adapter owns the cache and passes it
in; without one, every file is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .reader import Document, Source
from .spec import Record

Signature = tuple[int, int, int]
T = TypeVar("T")


def _signature(path: Path) -> Signature | None:
    """None for a symbolic link (never read: files.check_links_absent) or a missing file."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return None if stat.S_ISLNK(st.st_mode) else (st.st_mtime_ns, st.st_size, st.st_ino)


class ParsedFiles:
    def __init__(self) -> None:
        self._files: dict[tuple[str, str], tuple[Signature, Source, Document, Record]] = {}
        # The companies of the previous check, with the record each came from and
        # what its checks read beyond it: an unchanged company stays the same
        # object, which the render cache then compares by identity.
        self._companies: dict[str, tuple[Record, object]] = {}
        self._companies_context: object = None
        self._companies_next: dict[str, tuple[Record, object]] = {}

    def get(self, path: Path, kind: str) -> tuple[Source, Document, Record] | None:
        hit = self._files.get((str(path), kind))
        if hit is None or hit[0] != _signature(path):
            return None
        return hit[1], hit[2], hit[3]

    def put(self, path: Path, kind: str, src: Source, doc: Document, rec: Record) -> None:
        sig = _signature(path)
        if sig is not None:
            self._files[(str(path), kind)] = (sig, src, doc, rec)

    def start_companies(self, context: object) -> None:
        """A new check of the companies; `context` is everything `company()` reads
        besides the record (known clusters and labels): when it changed, nothing is reused."""
        if context != self._companies_context:
            self._companies = {}
        self._companies_context, self._companies_next = context, {}

    def company(self, slug: str, rec: Record, make: Callable[[], T | None]) -> T | None:
        """The company made from this very record in the same context, or `make()`.
        Only a valid company is kept: an invalid one's errors must be reported again."""
        hit = self._companies.get(slug)
        found = hit[1] if hit is not None and hit[0] is rec else make()
        if found is not None:
            self._companies_next[slug] = (rec, found)
        return found  # type: ignore[return-value]

    def end_companies(self) -> None:
        self._companies, self._companies_next = self._companies_next, {}
