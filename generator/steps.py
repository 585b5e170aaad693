"""One source for which fiches illustrate which step.

A fiche's `etapes:` tags feed the fiche card, the filters and the search; the
step pages of the guide list the same fiches by hand, each with a sentence
proper to that step. Both are kept, but they cannot disagree: a fiche listed
under a step it is not tagged with, or tagged with a step whose page does not
list it, is an error at the place to correct.
"""

from __future__ import annotations

import posixpath
import re

from .errors import Collector, Position
from .kinds import ETAPE_PAGES
from .links import LINK_RE, Page, _outside_code, heading_anchor
from .model import Project
from .schema import Record

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


def check_step_lists(pages: list[Page], project: Project, fiche_recs: dict[str, Record], collector: Collector) -> None:
    by_uri = {p.uri: p for p in pages}
    for step, uri in ETAPE_PAGES.items():
        page = by_uri.get(uri)
        if page is None:
            continue
        listed = listed_fiches(page)
        if listed is None:
            collector.error(Position(page.rel, page.body_line, 1),
                            "section « Fiches qui illustrent cette étape » introuvable",
                            "ajoutez « ## Fiches qui illustrent cette étape » et, dessous, une ligne « - [fiche](../fiches/…md) : … » "
                            "par fiche dont l'en-tête porte cette étape")
            continue
        tagged = {slug for slug, f in project.fiches.items() if step in f.steps}
        for slug, pos in sorted(listed.items(), key=lambda kv: kv[1]):
            if slug in project.fiches and slug not in tagged:
                collector.error(pos, f"la fiche '{slug}' est listée ici, mais son en-tête ne porte pas l'étape '{step}'",
                                f"ajoutez '{step}' à « etapes: » dans content/fiches/{slug}.md, ou retirez cette ligne")
        for slug in sorted(tagged - set(listed)):
            rec = fiche_recs.get(slug)
            pos = rec.pos("etapes") if rec is not None else Position(project.fiches[slug].src_uri)
            collector.error(pos, f"la fiche '{slug}' porte l'étape '{step}', mais {uri} ne la liste pas",
                            f"ajoutez-la à la section « Fiches qui illustrent cette étape » de content/{uri}, "
                            f"ou retirez '{step}' de « etapes: »")
