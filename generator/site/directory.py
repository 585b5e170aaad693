"""The directory page: server-rendered pages that work without JavaScript,
plus one compact index that the browser filters.

At 10,000 companies the whole list cannot be in one page (budget: 300 KB
before the first interaction), so the HTML holds one page of results and
links to the following static pages; the browser fetches a compact,
dictionary-encoded index and filters it in memory.
"""

from __future__ import annotations

import json
import unicodedata

from .. import urls
from ..model import STATUS_LABELS, Project
from .cache import RenderCache
from .francemap import drawing, summarise
from .opendata import atom_feed, csv_table, json_export, table_schema
from .output import GeneratedFile, GeneratedPage, Options
from .templating import environment

PAGE_SIZE = 50
INDEX_VERSION = 3


def sort_key(name: str) -> str:
    """Accent-blind order ("Éco…" among the E), the one the browser keeps:
    directory-model.js trusts the index order instead of sorting 10,000 names again."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def page_window(n: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link, None for a gap: 200 links on every page would
    weigh more than the page of results itself."""
    keep = {1, count, *range(max(1, n - around), min(count, n + around) + 1)}
    out: list[int | None] = []
    for k in sorted(keep):
        if out and out[-1] is not None and k > out[-1] + 1:
            out.append(None)
        out.append(k)
    return out


def _index(project: Project, companies) -> str:
    """Columns with facet values replaced by their position in a dictionary.

    No status in it: the browser computes it from today's date, so a build
    that is months old still tells the truth. Dates the list does not show
    (obtained) are left out to keep the file small. An expiry that is not a
    fact (unknown, or estimated from an assumption) is "": the browser then
    says "à confirmer", as the server does. `marques` holds the company's
    values marked as assumptions, [field, kind, reason], usually none.
    """
    facets = {
        "label": sorted(project.labels), "cluster": sorted(project.clusters),
        "region": sorted({c.region for c in companies}), "secteur": sorted({c.sector for c in companies}),
    }
    pos = {k: {v: i for i, v in enumerate(vals)} for k, vals in facets.items()}
    levels = {r.id: [lv.id for lv in r.levels] for r in project.labels.values()}
    rows = [
        [c.slug, c.name, pos["region"][c.region], pos["secteur"][c.sector], pos["cluster"][c.cluster],
         1 if c.example else 0,
         [[pos["label"][a.label], levels[a.label].index(a.level) if a.level else -1,
           a.expires.isoformat() if a.expires_known else ""]
          for a in c.awards],
         [[k, p.kind, p.reason] for k, p in c.assumptions if k in ("region", "secteur")]]
        for c in companies
    ]
    data = {
        "v": INDEX_VERSION,
        "page_size": PAGE_SIZE,
        "facets": facets,
        "labels": {r.id: {"name": r.label.name, "levels": [[lv.id, lv.label] for lv in r.levels]}
                   for r in project.labels.values()},
        "clusters": {cid: c.name for cid, c in project.clusters.items()},
        "statuses": STATUS_LABELS,
        "columns": ["slug", "nom", "region", "secteur", "cluster", "exemple", "labels", "marques"],
        "label_columns": ["label", "niveau", "expire"],
        "rows": rows,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def directory_pages(project: Project, options: Options) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    companies = sorted(project.companies.values(), key=lambda c: (sort_key(c.name), c.slug))
    pages_count = max(1, -(-len(companies) // PAGE_SIZE))
    template = environment().get_template("directory.html")
    regions, national = summarise(project)
    labels = project.labels
    out_pages = []
    for n in range(1, pages_count + 1):
        uri = urls.directory_page(n)
        chunk = companies[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
        rows = [(c, [(a, labels[a.label], a.status(options.today)) for a in c.awards]) for c in chunk]
        out_pages.append(GeneratedPage(
            uri, "Annuaire des entreprises labellisées" + ("" if n == 1 else f" (page {n})"),
            template.render(page=uri, rows=rows, n=n, pages_count=pages_count, page_uri=urls.directory_page,
                            window=page_window(n, pages_count), total=len(companies),
                            first=(n - 1) * PAGE_SIZE + 1, today=options.today, project=project,
                            index_url=urls.rel(uri, urls.DIRECTORY_INDEX), filters={"type": ["Annuaire"]} if n == 1 else {},
                            regions=regions, national=national, drawing=drawing()),
            # Pages 2..N repeat the company pages: out of the search index.
            in_nav=(n == 1), indexed=(n == 1), styles=("directory", "map") if n == 1 else ("directory",)))
    return out_pages, [GeneratedFile(urls.DIRECTORY_INDEX, _index(project, companies))]


def _listing(project: Project, options: Options) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    pages, files = directory_pages(project, options)
    companies = list(project.companies.values())
    files = [*files,
             GeneratedFile(urls.OPEN_CSV, csv_table(project, companies, options.today)),
             GeneratedFile(urls.OPEN_JSON, json_export(project, companies, options.today)),
             GeneratedFile(urls.OPEN_SCHEMA, table_schema(project)),
             GeneratedFile(urls.FEED, atom_feed(project, companies, options))]
    return pages, files


def directory(project: Project, options: Options, cache: RenderCache) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    """The directory's pages, its index and open data, reused from the cache
    while no company, cluster or label changed."""
    key = (tuple(project.companies.values()), tuple(project.clusters.values()),
           tuple((r.id, r.label, r.levels) for r in project.labels.values()), options.today, options.site_url)
    listing = cache.listing.get(key)
    if listing is None:
        listing = _listing(project, options)
        cache.listing.clear()
        cache.listing[key] = listing
    return listing
