"""The self-diagnostic pages: a referential's form, and the module that scores it."""

from __future__ import annotations

from .. import urls
from ..model import Project
from . import benchmarks
from .output import GeneratedFile, GeneratedPage, Output
from .scoring_modules import scoring_module_source
from .templating import environment, render


def diagnostics(project: Project, out: Output) -> None:
    """The diagnostics' index, one page per referential and its scoring module."""
    refs = list(project.referentials.values())
    out.pages.append(GeneratedPage(urls.DIAGNOSTICS_INDEX, "Auto-diagnostics", render(
        "diagnostics_index.html", page=urls.DIAGNOSTICS_INDEX, referentials=refs), in_nav=True))
    template = environment().get_template("diagnostic.html")
    for r in refs:
        uri = urls.diagnostic(r.id)
        fiche_links = {f.slug: {"title": f.title, "url": urls.rel(uri, f.src_uri)} for f in project.fiches.values()}
        out.pages.append(GeneratedPage(uri, r.title, template.render(
            page=uri, ref=r, weighted=all(t.weight is not None for t in r.themes),
            module_url=urls.rel(uri, urls.scoring_module(r.id)),
            fiches=[project.fiches[s] for s in r.fiches], fiche_links=fiche_links,
            benchmarks=benchmarks.of_referential(project, r),
            filters={"type": ["Auto-diagnostic"]}), in_nav=True, source=project.data_files.get(f"referentiels/{r.id}"),
            styles=("diagnostic",)))
        out.files.append(GeneratedFile(urls.scoring_module(r.id), scoring_module_source(r)))
        out.files.extend(benchmarks.files_of_referential(project, r))
