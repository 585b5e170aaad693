"""The directory page: server-rendered pages that work without JavaScript,
plus one compact index that the browser filters.

At 10,000 companies the whole list cannot be in one page (budget: 300 KB
before the first interaction), so the HTML holds one page of results and
links to the following static pages; the browser fetches a compact,
dictionary-encoded index and filters it in memory.
"""

from __future__ import annotations

import json

from . import urls
from .model import STATUS_LABELS, Project
from .render import environment

PAGE_SIZE = 50
INDEX = "annuaire/index.json"


def page_uri(n: int) -> str:
    return urls.DIRECTORY if n == 1 else f"annuaire/page-{n}.md"


def _index(project: Project, companies, today) -> str:
    """Columns with facet values replaced by their position in a dictionary."""
    facets = {
        "label": sorted(project.labels), "cluster": sorted(project.clusters),
        "region": sorted({c.region for c in companies}), "secteur": sorted({c.sector for c in companies}),
    }
    pos = {k: {v: i for i, v in enumerate(vals)} for k, vals in facets.items()}
    levels = {r.id: [lv.id for lv in r.levels] for r in project.labels.values()}
    rows = []
    for c in companies:
        rows.append([
            c.slug, c.name, pos["region"][c.region], pos["secteur"][c.sector], pos["cluster"][c.cluster],
            1 if c.example else 0,
            [[pos["label"][a.label], levels[a.label].index(a.level) if a.level else -1,
              a.obtained.isoformat(), a.expires.isoformat()] for a in c.awards],
        ])
    data = {
        "v": 1,
        "today": today.isoformat(),
        "facets": facets,
        "labels": {r.id: {"name": r.label.name, "levels": [[lv.id, lv.label] for lv in r.levels]} for r in project.labels.values()},
        "clusters": {cid: c.name for cid, c in project.clusters.items()},
        "statuses": STATUS_LABELS,
        "columns": ["slug", "nom", "region", "secteur", "cluster", "exemple", "labels"],
        "rows": rows,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def directory_pages(project: Project, options):
    from .emit import GeneratedFile, GeneratedPage

    companies = sorted(project.companies.values(), key=lambda c: (c.name.casefold(), c.slug))
    pages_count = max(1, -(-len(companies) // PAGE_SIZE))
    template = environment().get_template("directory.html")
    labels = project.labels
    out_pages = []
    for n in range(1, pages_count + 1):
        uri = page_uri(n)
        chunk = companies[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
        rows = [(c, [(a, labels[a.label], a.status(options.today)) for a in c.awards]) for c in chunk]
        out_pages.append(GeneratedPage(
            uri, "Annuaire des entreprises labellisées" + ("" if n == 1 else f" (page {n})"),
            template.render(page=uri, rows=rows, n=n, pages_count=pages_count, page_uri=page_uri,
                            total=len(companies), first=(n - 1) * PAGE_SIZE + 1, today=options.today,
                            project=project, index_url=urls.rel(uri, INDEX), labels=labels,
                            regions=sorted({c.region for c in companies}),
                            sectors=sorted({c.sector for c in companies}),
                            filters={"type": ["Annuaire"]} if n == 1 else {}),
            in_nav=(n == 1)))
    return out_pages, [GeneratedFile(INDEX, _index(project, companies, options.today))]
