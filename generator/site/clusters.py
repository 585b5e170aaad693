"""The clusters' pages."""

from __future__ import annotations

from .. import urls
from ..model import Company, Project
from . import benchmarks
from .francemap import drawing, summarise
from .output import GeneratedPage, Output
from .templating import environment, render

# Label and cluster pages list this many companies and link to the directory
# for the rest: at 10,000 companies a full list weighed hundreds of KB.
LISTED = 100


def clusters(project: Project, out: Output) -> None:
    """The clusters' index with its map, and one page per cluster."""
    listed = list(project.clusters.values())
    regions, national = summarise(project)
    out.pages.append(GeneratedPage(urls.CLUSTERS_INDEX, "Pôles et clusters", render(
        "clusters_index.html", page=urls.CLUSTERS_INDEX, clusters=listed, regions=regions, national=national,
        drawing=drawing()), in_nav=True, styles=("map",)))
    members: dict[str, list[Company]] = {}
    for c in project.companies.values():
        members.setdefault(c.cluster, []).append(c)
    template = environment().get_template("cluster.html")
    for c in listed:
        uri = urls.cluster(c.id)
        out.pages.append(GeneratedPage(uri, c.name, template.render(
            page=uri, cluster=c, filters={"type": ["Cluster"], "region": [c.region]},
            fiches=[f for f in project.fiches.values() if f.cluster == c.id],
            labels=project.labels_issued_by(c.id),
            benchmarks=benchmarks.of_cluster(project, c.id),
            members=sorted(members.get(c.id, []), key=lambda m: m.name.casefold()), shown=LISTED),
            source=project.data_files.get(f"clusters/{c.id}")))
