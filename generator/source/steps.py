"""One source for which fiches illustrate which step: the fiches' tags.

A fiche's `etapes:` tags feed the fiche card, the filters and the search. A
step page of the guide lists those fiches by hand, each with a sentence proper
to that step; it cannot disagree with the tags:

- a fiche the page lists without the tag is an error, at the link to fix;
- a tagged fiche the page does not list is added to the page by the build,
  with its summary (site/guide.py `unlisted`): a new fiche shows on its steps at once.
"""

from __future__ import annotations

import posixpath
import re

from .errors import Collector, Position
from .layout import STEP_PAGES
from .links import LINK_RE, Page, _outside_code, heading_anchor
from ..model import Project

SECTION = "fiches-qui-illustrent-cette-etape"
ITEM_RE = re.compile(r"^\s*[-*+]\s+")
LEVEL_RE = re.compile(r"^(#+)\s")


def listed_fiches(page: Page) -> dict[str, Position] | None:
    """Fiches a step page lists (the first link of each item of its section
    « Fiches qui illustrent cette étape »), with positions; None without it."""
    found: dict[str, Position] | None = None
    level = 0
    for n, line in _outside_code(page.body):
        heading = LEVEL_RE.match(line)
        if heading is not None:
            depth = len(heading.group(1))
            if found is not None and depth <= level:
                break
            if heading_anchor(line) == SECTION:
                found, level = {}, depth
            continue
        if found is None or not ITEM_RE.match(line):
            continue
        m = LINK_RE.search(line)
        if m is None:
            continue
        target = m.group("target").strip("<>").partition("#")[0]
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page.uri), target))
        if path.startswith("fiches/") and path.endswith(".md"):
            found.setdefault(posixpath.basename(path)[:-3], Position(page.rel, page.body_line + n, m.start("target") + 1))
    return found


def check_step_lists(pages: list[Page], project: Project, collector: Collector) -> None:
    """A step page may not list a fiche whose tags do not name that step."""
    by_uri = {p.uri: p for p in pages}
    for step, uri in STEP_PAGES.items():
        page = by_uri.get(uri)
        listed = listed_fiches(page) if page is not None else None
        for slug, pos in sorted((listed or {}).items(), key=lambda kv: kv[1]):
            if slug in project.fiches and step not in project.fiches[slug].steps:
                collector.error(pos, f"la fiche '{slug}' est listée ici, mais son en-tête ne porte pas l'étape '{step}'",
                                f"ajoutez '{step}' à « etapes: » dans content/fiches/{slug}.md, ou retirez cette ligne : "
                                "les étapes d'une fiche se décident dans son en-tête")
