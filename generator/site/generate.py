"""Project -> Output: every generated page and file, sorted and deterministic.

Pages are rendered to HTML here, from compiled templates: they do not go
through the Markdown pipeline, which is what keeps 10,000 company pages fast.
Each page type has its module; this one only puts them together.
"""

from __future__ import annotations

from .. import urls
from ..model import STEP_NAMES, Project
from . import guide
from .cache import RenderCache
from .clusters import clusters
from .companies import company_pages
from .diagnostics import diagnostics
from .directory import directory
from .labels import labels
from .output import GeneratedPage, Options, Output
from .printview import print_markdown
from .proposal import proposal_page
from .provenance import sources_page
from .synthesis_page import synthesis_pages
from .templating import render
from .vocabulary import vocabulary_module

SEARCH_TYPES = ["Guide", "Fiche", "Auto-diagnostic", "Label", "Cluster", "Entreprise", "Annuaire"]


def generate(project: Project, options: Options, cache: RenderCache | None = None) -> Output:
    """Everything the site publishes beyond the Markdown's own HTML; `cache`
    (the adapter's, kept across a preview's rebuilds) saves re-rendering."""
    cache = RenderCache() if cache is None else cache
    out = Output()
    guide.guide_pages(project, out)
    guide.fiches(project, out)
    guide.home(project, out)
    clusters(project, out)
    diagnostics(project, out)
    out.pages.extend(synthesis_pages(project))
    labels(project, out, options)
    for pages, files in (company_pages(project, options, cache), directory(project, options, cache)):
        out.pages.extend(pages)
        out.files.extend(files)
    out.pages.append(sources_page(project))
    out.files.append(vocabulary_module())
    regions = sorted({f.region for f in project.fiches.values()} | {c.region for c in project.companies.values()}
                     | {c.region for c in project.clusters.values()})
    out.pages.append(GeneratedPage(urls.SEARCH, "Rechercher", render(
        "search.html", page=urls.SEARCH, types=SEARCH_TYPES, steps=list(STEP_NAMES.values()), regions=regions),
        styles=("search",)))
    title, html = proposal_page(project, regions, options.repo_url, options.branch)
    out.pages.append(GeneratedPage(urls.PROPOSE, title, html, in_nav=True))
    out.pages.append(GeneratedPage(urls.PRINT, "Version imprimable du guide", "", markdown=print_markdown(project),
                                   indexed=False))
    cache.sweep()
    out.pages.sort(key=lambda p: p.uri)
    out.files.sort(key=lambda f: f.uri)
    return out
