"""What the site adds to the guide's own pages: the fiches' card and footer, the
step pages' lists, search filters, the fiches' index and the home's showcase.
The Markdown itself goes through the adapter's Markdown pipeline.
"""

from __future__ import annotations

from .. import urls
from ..model import STEP_NAMES, Fiche, Project
from ..source.layout import STEP_PAGES
from ..source.links import Page
from ..source.steps import listed_fiches
from .francemap import drawing, summarise
from .output import FicheParts, GeneratedPage, Output
from .templating import environment, render

HOME = "index.md"


def _listed(project: Project, uri: str) -> set[str]:
    gp = project.guide_pages.get(uri)
    found = listed_fiches(Page(uri, uri, gp.body, 1)) if gp is not None else None
    return set(found or ())


def unlisted(project: Project, step: str) -> list[Fiche]:
    """Fiches tagged with `step` that its page does not list, by title."""
    listed = _listed(project, STEP_PAGES[step])
    return sorted((f for f in project.fiches.values() if step in f.steps and f.slug not in listed),
                  key=lambda f: (f.title.casefold(), f.slug))


def has_section(project: Project, step: str) -> bool:
    gp = project.guide_pages.get(STEP_PAGES[step])
    return gp is not None and listed_fiches(Page("", STEP_PAGES[step], gp.body, 1)) is not None


def _related(project: Project, slug: str) -> list[tuple]:
    """Fiches sharing the most themes and steps with this one, best first."""
    me = project.fiches[slug]
    scored = []
    for other in project.fiches.values():
        if other.slug == slug:
            continue
        themes = set(me.themes) & set(other.themes)
        steps = set(me.steps) & set(other.steps)
        weight = 2 * len(themes) + len(steps) + (1 if other.region == me.region else 0)
        if themes or steps:
            why = ", ".join(project.themes[t] for t in sorted(themes)) or "même étape"
            scored.append((-weight, other.slug, other, why))
    scored.sort(key=lambda x: (x[0], x[1]))
    return [(f, why) for _, _, f, why in scored[:5]]


def guide_pages(project: Project, out: Output) -> None:
    """Search filters of the guide's pages; the fiches a step page does not list yet."""
    for uri, gp in project.guide_pages.items():
        filters = {"type": ["Guide"]}
        if gp.step:
            filters["etape"] = [STEP_NAMES[gp.step]]
        out.filters[uri] = filters
    for step, uri in STEP_PAGES.items():
        # The fiches' tags decide; a fiche the page does not list yet is added.
        missing = unlisted(project, step)
        if uri in project.guide_pages:
            out.after[uri] = render("step_fiches.html", page=uri, step=step, fiches=missing,
                                    level=3 if has_section(project, step) else 2) if missing else ""


def fiches(project: Project, out: Output) -> None:
    """Each fiche's card and footer, from data; the index of fiches."""
    env = environment()
    fiche_header = env.get_template("fiche_header.html")
    fiche_footer = env.get_template("fiche_footer.html")
    for slug, f in project.fiches.items():
        filters = {"type": ["Fiche"], "etape": [STEP_NAMES[s] for s in f.steps], "region": [f.region]}
        ctx = dict(page=f.src_uri, fiche=f, cluster=project.clusters[f.cluster], themes=project.themes,
                   referentials=[project.referentials[r] for r in f.referentials], filters=filters,
                   STEP_PAGES=STEP_PAGES)
        cluster, related = project.clusters[f.cluster], _related(project, slug)
        sections = ((("contact", "Contact"),) if cluster.contacts or cluster.site else ()) \
            + ((("fiches-liees", "Fiches liées"),) if related else ())
        out.fiches[f.src_uri] = FicheParts(
            f.title, fiche_header.render(ctx),
            fiche_footer.render(page=f.src_uri, related=related, cluster=cluster), sections,
        )
        out.filters[f.src_uri] = filters
    listed = list(project.fiches.values())
    out.pages.append(GeneratedPage(urls.FICHES_INDEX, "Index des fiches", render(
        "fiches_index.html", page=urls.FICHES_INDEX, fiches=listed, regions=sorted({f.region for f in listed}),
        themes=project.themes, clusters=project.clusters), in_nav=True))


def home(project: Project, out: Output) -> None:
    """The home's showcase, after its Markdown: figures, labels and the map."""
    holders = {r: 0 for r in project.labels}
    for c in project.companies.values():
        for a in c.awards:
            holders[a.label] += 1
    regions, national = summarise(project)
    out.after[HOME] = render(
        "home.html", page=HOME, companies=len(project.companies), clusters=len(project.clusters),
        clusters_by_id=project.clusters,
        diagnostics=len(project.referentials), labels=[(r, holders[r.id]) for r in project.labels.values()],
        regions=regions, national=national, drawing=drawing())
    out.styles[HOME] = ("map",)
