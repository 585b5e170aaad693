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
from pathlib import Path

from .reader import Document, Source
from .spec import Record

Signature = tuple[int, int, int]


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

    def get(self, path: Path, kind: str) -> tuple[Source, Document, Record] | None:
        hit = self._files.get((str(path), kind))
        if hit is None or hit[0] != _signature(path):
            return None
        return hit[1], hit[2], hit[3]

    def put(self, path: Path, kind: str, src: Source, doc: Document, rec: Record) -> None:
        sig = _signature(path)
        if sig is not None:
            self._files[(str(path), kind)] = (sig, src, doc, rec)
