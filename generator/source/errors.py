"""Diagnostics: one formatter for every message an editor reads.

Every problem found in `content/` or `data/` becomes a :class:`Diagnostic`
carrying a position; the run collects them all before reporting, so an editor
fixes a whole pull request in one pass instead of one error per build.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .messages import say


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
    severity: str = "error"  # "warning": shown as such on a pull request (see workflow_command)

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
    return say("vouliez_vous_dire", close=close)[0] if close else ""


def choices_hint(word: str, candidates: Iterable[str]) -> str:
    cands = sorted(candidates)
    hint = suggest(word, cands)
    if hint:
        return hint
    shown = ", ".join(f"'{c}'" for c in cands[:12])
    more = " …" if len(cands) > 12 else ""
    return say("valeurs_possibles", shown=shown, more=more)[0] if cands else ""


# Reports for machines: GitHub's workflow commands (annotations on the pull
# request's lines), its job summary, and JSON for other tools.

def _escape_data(text: str) -> str:
    # As GitHub's toolkit does (actions/toolkit, core/src/command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(d: Diagnostic) -> str:
    """`::error file=…,line=…,col=…,title=…::message` for one diagnostic."""
    pos = d.position
    props = [f"file={_escape_property(shown(pos.path))}"] if pos.path else []
    props += [f"line={pos.line}", f"col={pos.col}", f"title={_escape_property(shown(d.message))}"]
    body = shown(d.message) + (f"\nconseil : {shown(d.hint)}" if d.hint else "")
    return f"::{d.severity} {','.join(props)}::{_escape_data(body)}"


SUMMARY_ROWS = 500  # GitHub refuses a job summary over 1 MiB; the log keeps every message
_MD_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|&~@#!"})


def _md_cell(text: str) -> str:
    """Text from data inside a Markdown table cell: literal, on one line."""
    return " ".join(shown(text).split()).translate(_MD_SPECIALS)


def step_summary(diagnostics: list[Diagnostic], ok_line: str = "") -> str:
    """The French Markdown summary GitHub shows on the run's page."""
    if not diagnostics:
        return f"### Vérification des contenus et des données\n\n{_md_cell(ok_line)}\n"
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    counts = [f"{errors} erreur{'s' if errors > 1 else ''}"] if errors else []
    counts += [f"{warnings} avertissement{'s' if warnings > 1 else ''}"] if warnings else []
    out = [f"### Vérification des contenus et des données : {' et '.join(counts)}", "",
           "Chaque message est aussi affiché sur la ligne en cause, dans l'onglet « Files changed » "
           "de la pull request (voir CONTRIBUTING.md, « Lire les messages d'erreur »).", "",
           "| Fichier | Ligne | Colonne | Message | Conseil |", "| --- | ---: | ---: | --- | --- |"]
    for d in diagnostics[:SUMMARY_ROWS]:
        kind = "" if d.severity == "error" else "avertissement : "
        out.append(f"| {_md_cell(d.position.path)} | {d.position.line} | {d.position.col} | "
                   f"{kind}{_md_cell(d.message)} | {_md_cell(d.hint)} |")
    if len(diagnostics) > SUMMARY_ROWS:
        out += ["", f"… et {len(diagnostics) - SUMMARY_ROWS} autres : voir le journal de l'étape."]
    return "\n".join(out) + "\n"


def json_report(diagnostics: list[Diagnostic]) -> str:
    """The diagnostics as JSON, for editors' tools other than GitHub."""
    items = [{"path": shown(d.position.path), "line": d.position.line, "column": d.position.col,
              "severity": d.severity, "message": shown(d.message), "hint": shown(d.hint)} for d in diagnostics]
    return json.dumps({"valid": not any(d.severity == "error" for d in diagnostics), "diagnostics": items},
                      ensure_ascii=False, indent=2)
