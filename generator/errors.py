"""Diagnostics: one formatter for every message an editor reads.

Every problem found in `content/` or `data/` becomes a :class:`Diagnostic`
carrying a position; the run collects them all before reporting, so an editor
fixes a whole pull request in one pass instead of one error per build.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


# What no source text may hold, raw or decoded from a YAML escape: C0 controls
# but tab and newline, DEL, C1 controls, lone surrogates, the line and
# paragraph separators (YAML counts them as line breaks, editors do not: every
# position after one would be wrong) and the noncharacters U+FFFE and U+FFFF.
# Outside this set is exactly what XML 1.0 accepts (flux.xml, the SVG badges)
# and what a terminal prints as text.
FORBIDDEN_CHARS = re.compile(r"[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def char_name(c: str) -> str:
    return f"U+{ord(c):04X}"


def shown(text: str) -> str:
    """`text` safe for a terminal: each forbidden character as <U+XXXX>. A raw
    ESC would drive the terminal, a lone surrogate cannot even be encoded."""
    return FORBIDDEN_CHARS.sub(lambda m: f"<{char_name(m.group())}>", text) if FORBIDDEN_CHARS.search(text) else text


def clipped(text: str, width: int = 80) -> str:
    """`text` cut to `width` characters for a one-line message: a hostile
    value of 5 MB must not become 5 MB of messages."""
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    message: str
    hint: str = ""
    source_line: str | None = None

    def format(self) -> str:
        pos = self.position
        out = [f"{shown(pos.path)}:{pos.line}:{pos.col}: erreur : {shown(self.message)}"]
        if self.source_line is not None:
            gutter = f"{pos.line:>5} | "
            line, col = _window(self.source_line.rstrip("\r\n"), pos.col)
            out.append(gutter + shown(line))
            # Tabs before the caret keep it aligned in terminals; an escaped
            # character is as wide as its <U+XXXX>.
            prefix = "".join(c if c == "\t" else " " for c in shown(line[: col - 1]))
            out.append(" " * (len(gutter) - 2) + "| " + prefix + "^")
        if self.hint:
            out.append(f"      conseil : {shown(self.hint)}")
        return "\n".join(out)


SHOWN_WIDTH = 120


def _window(line: str, col: int) -> tuple[str, int]:
    """The part of a long line around `col` (a minified or hostile line would
    flood the terminal), and the caret's column in that part."""
    if len(line) <= SHOWN_WIDTH:
        return line, col
    start = max(0, min(col - 1 - SHOWN_WIDTH // 2, len(line) - SHOWN_WIDTH))
    part = line[start : start + SHOWN_WIDTH]
    head = "…" if start > 0 else ""
    tail = "…" if start + SHOWN_WIDTH < len(line) else ""
    return head + part + tail, col - start + len(head)


class ValidationError(Exception):
    """Raised when a run ends with diagnostics; carries all of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: d.position)
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.diagnostics)
        body = "\n\n".join(d.format() for d in self.diagnostics)
        plural = "s" if n > 1 else ""
        return f"{body}\n\n{n} erreur{plural} trouvée{plural}."


@dataclass
class Collector:
    """Collects diagnostics for a run and knows the source text of each file,
    so that a message can quote the offending line."""

    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _texts: dict[str, str] = field(default_factory=dict)
    _lines: dict[str, list[str]] = field(default_factory=dict)
    _said: set[tuple[Position, str]] = field(default_factory=set)

    def register_source(self, rel: str, text: str) -> None:
        # Split only when a message quotes the file: most files have no error.
        self._texts[rel] = text
        self._lines.pop(rel, None)

    def error(self, position: Position, message: str, hint: str = "") -> None:
        # Two checks may meet the same fault (a linked data file is both a
        # link in a source folder and an unreadable data file): say it once.
        if (position, message) in self._said:
            return
        self._said.add((position, message))
        lines = self._lines.get(position.path)
        if lines is None and position.path in self._texts:
            # Not splitlines(): it also breaks at \x0c, \x1c, \x85, \u2028..., and
            # the quoted line would not be the one the position counts.
            lines = self._texts[position.path].split("\n")
            if lines and not lines[-1]:
                lines.pop()
            self._lines[position.path] = lines
        src = None
        if lines is not None and 1 <= position.line <= len(lines):
            src = lines[position.line - 1]
        self.diagnostics.append(Diagnostic(position, message, hint, src))

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise ValidationError(self.diagnostics)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate an editor most likely meant, if one is close enough."""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, candidates: Iterable[str]) -> str:
    """A French 'did you mean' hint, or an empty string."""
    close = closest(word, candidates)
    return f"vouliez-vous dire '{close}' ?" if close else ""


def choices_hint(word: str, candidates: Iterable[str]) -> str:
    cands = sorted(candidates)
    hint = suggest(word, cands)
    if hint:
        return hint
    shown = ", ".join(f"'{c}'" for c in cands[:12])
    more = " …" if len(cands) > 12 else ""
    return f"valeurs possibles : {shown}{more}" if cands else ""
