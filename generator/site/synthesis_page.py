"""A referential's synthesis page (issue 14): a cluster's facilitator drops
its members' diagnostic exports and sees the collective's anonymous aggregate.

Everything is computed in the browser (synthesis.js and synthesis-core.js):
the page only carries what the script needs to find (the referential's
module, the guide's fiches for the action plan) and, without JavaScript, says
what it does and that no file leaves the browser.
"""

from __future__ import annotations

from .. import urls
from ..model import Project
from .output import GeneratedPage
from .templating import environment


def synthesis_pages(project: Project) -> list[GeneratedPage]:
    """One synthesis page per referential, out of the navigation (its diagnostic links to it)."""
    template = environment().get_template("synthesis.html")
    pages = []
    for r in project.referentials.values():
        uri = urls.synthesis(r.id)
        fiche_links = {f.slug: {"title": f.title, "url": urls.rel(uri, f.src_uri)} for f in project.fiches.values()}
        pages.append(GeneratedPage(uri, f"Synthèse des auto-diagnostics : {r.title}", template.render(
            page=uri, ref=r, module_url=urls.rel(uri, urls.scoring_module(r.id)), fiche_links=fiche_links,
            diagnostic_url=urls.rel(uri, urls.diagnostic(r.id)), filters={"type": ["Auto-diagnostic"]}),
            source=project.data_files.get(f"referentiels/{r.id}"), styles=("diagnostic", "synthesis")))
    return pages
