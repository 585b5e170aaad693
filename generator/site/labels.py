"""The label pages."""

from __future__ import annotations

from .. import urls
from ..model import Project, Provenance
from .clusters import LISTED
from .output import GeneratedPage, Options, Output
from .templating import environment, render

# The one sentence of the label pages that is the site's, not the guide's.
EU_RULES = Provenance("hors-guide", "ajout du site : le guide ne parle pas de ces règles "
                                    "(directive (UE) 2024/825, applicable depuis septembre 2026)")


def labels(project: Project, out: Output, options: Options) -> None:
    """The labels' index and one page per label, with its holders."""
    holders: dict[str, list] = {r: [] for r in project.labels}
    for c in project.companies.values():
        for a in c.awards:
            holders[a.label].append((c, a, a.status(options.today)))
    out.pages.append(GeneratedPage(urls.LABELS_INDEX, "Les labels", render(
        "labels_index.html", page=urls.LABELS_INDEX,
        labels=[(r, len(holders[r.id])) for r in project.labels.values()]), in_nav=True))
    template = environment().get_template("label.html")
    for r in project.labels.values():
        uri = urls.label(r.id)
        rows = sorted(holders[r.id], key=lambda h: (h[0].name.casefold(), h[0].slug))
        out.pages.append(GeneratedPage(uri, f"Label {r.label.name}", template.render(
            page=uri, ref=r, issuer=project.clusters.get(r.label.issuer_cluster or ""),
            fiches=[project.fiches[s] for s in r.fiches], holders=rows, today=options.today, shown=LISTED,
            clusters=project.clusters, hors_guide_eu=EU_RULES, filters={"type": ["Label"]}), in_nav=True,
            source=project.data_files.get(f"referentiels/{r.id}")))
