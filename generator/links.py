"""Check internal Markdown links and anchors before anything is built.

MkDocs only warns about a broken link, and only for files it knows; editors
need the file, line and column of the link, so the check runs on the sources.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify

from .errors import Collector, Position, choices_hint, suggest

LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target><[^>\n]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING_RE = re.compile(r"^(#{1,6})\s+(?P<title>.+?)\s*(?:\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
SAFE_SCHEMES = ("http:", "https:", "mailto:")


@dataclass(frozen=True)
class Page:
    rel: str  # path in the repository, for messages
    uri: str  # path under content/
    body: str
    body_line: int


def anchors_of(body: str) -> set[str]:
    """Heading ids as the toc extension makes them (duplicates get _1, _2...)."""
    out: set[str] = set()
    counts: dict[str, int] = {}
    for line in _outside_code(body):
        m = HEADING_RE.match(line[1])
        if not m:
            continue
        anchor = m.group("id") or slugify(re.sub(r"[*_`]", "", m.group("title")), "-")
        if anchor in counts:
            counts[anchor] += 1
            anchor = f"{anchor}_{counts[anchor]}"
        else:
            counts[anchor] = 0
        out.add(anchor)
    return out


def _outside_code(body: str):
    fenced = False
    for n, line in enumerate(body.split("\n")):
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield n, line


def rewrite_links(body: str, from_uri: str, to_uri: str) -> str:
    """Rewrite relative links of a page's Markdown as seen from another page (print view)."""

    def fix(m: re.Match) -> str:
        target = m.group("target").strip("<>")
        if SCHEME_RE.match(target) or target.startswith("#") or target.startswith("/"):
            return m.group(0)
        path, sep, anchor = target.partition("#")
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(from_uri), path))
        new = posixpath.relpath(absolute, posixpath.dirname(to_uri) or ".")
        return m.group(0).replace(m.group("target"), new + sep + anchor, 1)

    return LINK_RE.sub(fix, body)


def check_links(pages: list[Page], generated: dict[str, set[str] | None], collector: Collector) -> None:
    """Report links to missing pages, missing anchors and unsafe schemes.

    `generated` maps the URIs of pages the generator adds to their anchors
    (None: anchors not checked)."""
    anchors: dict[str, set[str] | None] = {p.uri: anchors_of(p.body) for p in pages}
    anchors.update(generated)
    for page in pages:
        for n, line in _outside_code(page.body):
            for m in LINK_RE.finditer(line):
                target = m.group("target").strip("<>")
                pos = Position(page.rel, page.body_line + n, m.start("target") + 1)
                _check_one(page, target, pos, anchors, collector)


def _check_one(page: Page, target: str, pos: Position, anchors: dict[str, set[str] | None], collector: Collector) -> None:
    if SCHEME_RE.match(target):
        if not target.lower().startswith(SAFE_SCHEMES):
            collector.error(pos, f"lien non autorisé '{target}'", "seuls les liens http(s), mailto et les liens vers d'autres pages du site sont acceptés")
        return
    path, _, anchor = target.partition("#")
    if not path:
        uri = page.uri
    else:
        if path.startswith("/"):
            collector.error(pos, f"lien absolu '{target}'", "écrivez un lien relatif vers le fichier .md, par exemple ../fiches/piles.md")
            return
        uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.uri), path))
        if uri.endswith("/") or not uri.endswith(".md"):
            if not posixpath.splitext(uri)[1]:
                uri = posixpath.join(uri, "index.md")
        if uri not in anchors:
            if uri.endswith(".md") or uri.endswith("/index.md"):
                rel_candidates = [posixpath.relpath(u, posixpath.dirname(page.uri) or ".") for u in anchors]
                collector.error(pos, f"lien vers une page inexistante '{path}'",
                                suggest(path, rel_candidates) or "vérifiez le chemin : il est relatif au fichier qui contient le lien, par exemple ../fiches/piles.md")
            return
    if anchor:
        known = anchors.get(uri)
        if known is not None and anchor not in known:
            collector.error(pos, f"ancre '#{anchor}' introuvable dans {uri}", choices_hint(anchor, known))
