"""The directory page: server-rendered pages that work without JavaScript,
plus a browser index in parts that the browser fetches as it needs them.

At 10,000 companies the whole list cannot be in one page (budget: 300 KB
before the first interaction), so the HTML holds one page of results and
links to the following static pages. At 100,000 the whole index cannot be
fetched either (1.5 MB gzipped): the page fetches a head of fixed size, then
the columns a filter needs and the rows a page shows (_index; measured in
benchmarks/README.md, "Directory at 100,000 companies").
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import unicodedata

from .. import urls
from ..model import SOON_DAYS, Project
from .cache import RenderCache
from .francemap import drawing, summarise
from .opendata import atom_feed, csv_table, json_export, table_schema
from .output import GeneratedFile, GeneratedPage, Options
from .templating import environment

PAGE_SIZE = 50
INDEX_VERSION = 4
# Companies per part of the browser index. A filter part at 25,000 companies is
# about 130 KB gzipped; a lignes part is what a few pages of results show.
FILTER_PART = 25_000
LINES_PART = 500
EPOCH = dt.date(1970, 1, 1)


def sort_key(name: str) -> str:
    """Accent-blind order ("Éco…" among the E), the one the browser keeps:
    directory-model.js trusts the index order instead of sorting 10,000 names again."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_key(name: str) -> str:
    """The name as the name filter compares it: directory-index.js's fold(), done
    once by the build (folding 100,000 names took the browser most of a second)."""
    decomposed = unicodedata.normalize("NFD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return bare.replace("\u2019", "'").replace("\u2018", "'").lower()


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


def _facets(project: Project, companies) -> dict[str, list[str]]:
    return {"label": sorted(project.labels), "cluster": sorted(project.clusters),
            "region": sorted({c.region for c in companies}), "secteur": sorted({c.sector for c in companies})}


def _line(c, pos, levels) -> list:
    """What the browser shows of one company (lignes parts, and the first page in the head).

    An expiry that is not a fact (unknown, or estimated from an assumption) is
    "": the browser then says "à confirmer", as the server does. `marques` holds
    the company's values marked as assumptions, [field, kind, reason], usually none."""
    return [c.slug, c.name, pos["region"][c.region], pos["secteur"][c.sector], pos["cluster"][c.cluster],
            1 if c.example else 0,
            [[pos["label"][a.label], levels[a.label].index(a.level) if a.level else -1,
              a.expires.isoformat() if a.expires_known else ""] for a in c.awards],
            [[k, p.kind, p.reason] for k, p in c.assumptions if k in ("region", "secteur")]]


def _day(a) -> int | None:
    """Days since 1970-01-01, status.js's dayNumber; None when the expiry is not a fact."""
    return (a.expires - EPOCH).days if a.expires_known else None


def _filters(chunk, pos, levels) -> dict[str, list]:
    """The columns a filter reads, one entry per company (per award for the label ones)."""
    awards = [a for c in chunk for a in c.awards]
    return {"region": [pos["region"][c.region] for c in chunk], "secteur": [pos["secteur"][c.sector] for c in chunk],
            "cluster": [pos["cluster"][c.cluster] for c in chunk], "labels": [len(c.awards) for c in chunk],
            "label": [pos["label"][a.label] for a in awards], "expire": [_day(a) for a in awards],
            "niveau": [levels[a.label].index(a.level) if a.level else -1 for a in awards]}


def _steps(companies) -> dict[str, list]:
    """How many companies hold a label of each status, as a function of the visitor's day.

    The head cannot carry statuses (the build can be months old) nor every date
    (that grows with the directory). Each status count is a step function of
    "today": [count before any step, days (each the gap from the previous one),
    change on that day]. It has at most one step a day for each status, so its
    size is bounded by the span of the dates, not by the number of companies.
    The rule is status.js's statusOf: expired from the day after the expiry,
    "expire bientôt" from SOON_DAYS before it to the day itself, valid before."""
    deltas: dict[str, dict[int, int]] = {"valide": {}, "expire-bientot": {}, "expire": {}}
    base = {"valide": 0, "expire-bientot": 0, "expire": 0, "a-confirmer": 0}

    def step(status: str, day: int, change: int) -> None:
        deltas[status][day] = deltas[status].get(day, 0) + change

    for c in companies:
        days = sorted(d for a in c.awards if (d := _day(a)) is not None)
        base["a-confirmer"] += len(days) < len(c.awards)
        if not days:
            continue
        step("expire", days[0] + 1, 1)
        base["valide"] += 1
        step("valide", days[-1] - SOON_DAYS, -1)
        start, end = days[0] - SOON_DAYS, days[0]
        for d in days[1:]:  # the union of [d - SOON_DAYS, d] over the awards
            if d - SOON_DAYS > end + 1:
                step("expire-bientot", start, 1)
                step("expire-bientot", end + 1, -1)
                start = d - SOON_DAYS
            end = d
        step("expire-bientot", start, 1)
        step("expire-bientot", end + 1, -1)
    out: dict[str, list] = {"a-confirmer": [base["a-confirmer"], [], []]}
    for status, changes in deltas.items():
        days = sorted(d for d, v in changes.items() if v)
        out[status] = [base[status], [d - p for d, p in zip(days, [0, *days])], [changes[d] for d in days]]
    return out


def _counts(companies, pos) -> dict[str, list[int]]:
    """Each facet value's count with no filter (the level needs a label: none)."""
    counts = {name: [0] * len(values) for name, values in pos.items()}
    for c in companies:
        counts["region"][pos["region"][c.region]] += 1
        counts["secteur"][pos["secteur"][c.sector]] += 1
        counts["cluster"][pos["cluster"][c.cluster]] += 1
        for a in c.awards:  # a label is listed once per company (source.companies)
            counts["label"][pos["label"][a.label]] += 1
    return counts


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _parts(kind: str, companies, size: int, make, memo, key: tuple) -> tuple[dict, list[GeneratedFile]]:
    """`memo` (RenderCache.memo) reuses a part whose companies and `key` (what
    every part depends on: the facets' dictionaries) did not change."""
    files = []
    for k, i in enumerate(range(0, len(companies), size)):
        chunk = tuple(companies[i:i + size])
        uri = urls.directory_part(kind, k + 1)
        files.append(memo(("directory-part", uri, chunk, key), lambda: GeneratedFile(uri, _dump(make(chunk)))))  # noqa: B023
    # Relative to the head (annuaire/index.json), which sits in the same folder.
    return {"rows": size, "uris": [posixpath.basename(f.uri) for f in files]}, files


def _index(project: Project, companies, memo) -> list[GeneratedFile]:
    """The head the page fetches, and the parts fetched when they are needed.

    The head's size does not depend on the number of companies: the facets'
    dictionaries, each value's count with no filter, the status counts as step
    functions of the day, the first page of the list and the parts' names. The
    parts, in the list's order: `filtres` (the facet columns of every company,
    fetched on the first filter or sort), `noms` (the names folded, on the first name
    search) and `lignes` (what a page of results shows, LINES_PART companies
    each, fetched for the pages shown). No status anywhere: the browser computes
    it from today's date, so a build that is months old still tells the truth.
    """
    facets = _facets(project, companies)
    pos = {k: {v: i for i, v in enumerate(vals)} for k, vals in facets.items()}
    levels = {r.id: [lv.id for lv in r.levels] for r in project.labels.values()}
    line = functools.partial(_line, pos=pos, levels=levels)
    parts, files = {}, []
    for kind, size, make in (("filtres", FILTER_PART, lambda chunk: _filters(chunk, pos, levels)),
                             ("noms", FILTER_PART, lambda chunk: [search_key(c.name) for c in chunk]),
                             ("lignes", LINES_PART, lambda chunk: [line(c) for c in chunk])):
        parts[kind], made = _parts(kind, companies, size, make, memo, (_frozen(facets), _frozen(levels)))
        files += made
    head = {
        "v": INDEX_VERSION, "page_size": PAGE_SIZE, "total": len(companies), "facets": facets,
        "labels": {r.id: {"name": r.label.name, "levels": [[lv.id, lv.label] for lv in r.levels]}
                   for r in project.labels.values()},
        "clusters": {cid: c.name for cid, c in project.clusters.items()},
        "counts": _counts(companies, pos), "steps": _steps(companies),
        "columns": ["slug", "nom", "region", "secteur", "cluster", "exemple", "labels", "marques"],
        "label_columns": ["label", "niveau", "expire"],
        "first": [line(c) for c in companies[:PAGE_SIZE]], "parts": parts,
    }
    return [GeneratedFile(urls.DIRECTORY_INDEX, _dump(head)), *files]


def _frozen(mapping: dict) -> tuple:
    return tuple((k, tuple(v)) for k, v in mapping.items())


def _shared(project: Project, options: Options) -> tuple:
    """What every directory page and open data row depends on beyond its own companies."""
    return (tuple(project.clusters.values()), tuple((r.id, r.label, r.levels) for r in project.labels.values()),
            options.today, options.site_url)


def directory_pages(project: Project, options: Options,
                    cache: RenderCache | None = None) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    cache = RenderCache() if cache is None else cache
    companies = sorted(project.companies.values(), key=lambda c: (sort_key(c.name), c.slug))
    pages_count = max(1, -(-len(companies) // PAGE_SIZE))
    regions, national = summarise(project)
    # Only the first page draws the map from the regions' counts.
    drawn = tuple((name, r.companies, r.level, tuple(r.clusters)) for name, r in [*regions.items(), ("", national)])
    shared = _shared(project, options)
    out_pages = []
    for n in range(1, pages_count + 1):
        chunk = tuple(companies[(n - 1) * PAGE_SIZE : n * PAGE_SIZE])
        key = ("directory-page", n, pages_count, len(companies), chunk, shared, drawn if n == 1 else None)
        out_pages.append(cache.memo(key, lambda: _directory_page(  # noqa: B023 (called at once)
            project, options, n, pages_count, chunk, len(companies), (regions, national))))
    return out_pages, _index(project, companies, cache.memo)


def _directory_page(project: Project, options: Options, n: int, pages_count: int, chunk, total: int,
                    summary) -> GeneratedPage:
    labels = project.labels
    regions, national = summary
    uri = urls.directory_page(n)
    rows = [(c, [(a, labels[a.label], a.status(options.today)) for a in c.awards]) for c in chunk]
    template = environment().get_template("directory.html")
    return GeneratedPage(
        uri, "Annuaire des entreprises labellisées" + ("" if n == 1 else f" (page {n})"),
        template.render(page=uri, rows=rows, n=n, pages_count=pages_count, page_uri=urls.directory_page,
                        window=page_window(n, pages_count), total=total,
                        first=(n - 1) * PAGE_SIZE + 1, today=options.today, project=project,
                        index_url=urls.rel(uri, urls.DIRECTORY_INDEX), filters={"type": ["Annuaire"]} if n == 1 else {},
                        regions=regions, national=national, drawing=drawing()),
        # Pages 2..N repeat the company pages: out of the search index.
        in_nav=(n == 1), indexed=(n == 1), styles=("directory", "map") if n == 1 else ("directory",))


def directory(project: Project, options: Options, cache: RenderCache) -> tuple[list[GeneratedPage], list[GeneratedFile]]:
    """The directory's pages, its index and open data; every piece whose
    companies (and the clusters and labels they show) did not change is reused."""
    pages, files = directory_pages(project, options, cache)
    companies = list(project.companies.values())
    rows = cache.scope(("open-data", _shared(project, options)))
    files = [*files,
             GeneratedFile(urls.OPEN_CSV, csv_table(project, companies, options.today, rows)),
             GeneratedFile(urls.OPEN_JSON, json_export(project, companies, options.today, rows)),
             GeneratedFile(urls.OPEN_SCHEMA, table_schema(project)),
             GeneratedFile(urls.FEED, atom_feed(project, companies, options))]
    return pages, files
