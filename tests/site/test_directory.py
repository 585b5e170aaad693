"""The directory's server side: static pages (the no-JavaScript fallback) and the browser index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from urllib.parse import urljoin

import pytest

from generator import urls
from generator.site.directory import FILTER_PART, LINES_PART, PAGE_SIZE, directory_pages, page_window, search_key, sort_key
from generator.urls import DIRECTORY_INDEX as INDEX, directory_page as page_uri
from generator.site.output import Options
from generator.model import SOON_DAYS, Award, Company
from generator.source.project import load_project
from tests.conftest import ROOT

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def shipped():
    return load_project(ROOT)


def grow(project, n: int):
    """The shipped project with `n` synthetic companies instead of the demo ones."""
    regions = ["Bretagne", "Normandie", "Occitanie", "Île-de-France"]
    companies = {}
    for i in range(n):
        slug = f"synthetique-{i:05d}"
        label = ["enr", "6pl", "ecoride", "afaq-26000"][i % 4]
        level = project.referentials[label].levels[0].id if project.referentials[label].levels else None
        expires = TODAY + dt.timedelta(days=(i % 400) - 100)
        companies[slug] = Company(slug, f"Entreprise {i:05d}", None, regions[i % 4], "Test", "france-it",
                                  None, True, (Award(label, level, expires - dt.timedelta(days=700), expires),))
    return dataclasses.replace(project, companies=companies)


def index_rows(read) -> tuple[dict, list]:
    """The head of the browser index and every row of its lignes parts, in order;
    `read(name)` gives a file of annuaire/ (the head names its parts relative to it)."""
    head = json.loads(read("index.json"))
    return head, [r for uri in head["parts"]["lignes"]["uris"] for r in json.loads(read(uri))]


def reader(files):
    by_uri = {f.uri: f.content for f in files}
    return lambda name: by_uri["annuaire/" + name]


def links(page, pattern=r'<a href="([^"]*)"([^>]*)>') -> list[tuple[str, str]]:
    """(site path, rest of the tag) of the page's links, resolved from the page's own URL."""
    here = "/" + urls.page_dir(page.uri)
    return [(urljoin(here, href), rest) for href, rest in re.findall(pattern, page.html)]


def test_page_window():
    assert page_window(1, 1) == [1]
    assert page_window(1, 4) == [1, 2, 3, 4]
    assert page_window(1, 200) == [1, 2, 3, None, 200]
    assert page_window(100, 200) == [1, None, 98, 99, 100, 101, 102, None, 200]
    assert page_window(200, 200) == [1, None, 198, 199, 200]
    assert page_window(4, 200) == [1, 2, 3, 4, 5, 6, None, 200]


def test_sort_key_ignores_accents_and_case():
    names = ["Zeta", "Écoride", "eco", "Alpha", "Île verte", "ilot"]
    assert sorted(names, key=sort_key) == ["Alpha", "eco", "Écoride", "Île verte", "ilot", "Zeta"]


def test_static_pages_link_each_other(shipped):
    project = grow(shipped, 2 * PAGE_SIZE + 7)
    pages, files = directory_pages(project, Options(TODAY))
    assert [p.uri for p in pages] == [page_uri(1), "annuaire/page-2.md", "annuaire/page-3.md"]
    assert [p.in_nav for p in pages] == [True, False, False]
    counts = [p.html.count('<li class="rse-company">') for p in pages]
    assert counts == [PAGE_SIZE, PAGE_SIZE, 7]
    first, second, last = (p.html for p in pages)
    # Only the first page carries the browser's filters.
    assert "data-rse-directory=" in first and "data-rse-directory=" not in second
    assert "data-rse-directory-static" in first and "data-rse-directory-static" in second
    assert '<nav class="rse-pagination" aria-label="Pages de l\'annuaire">' in first
    assert "page 2 sur 3 (51 à 100)" in second
    nav = [links(p)[-5:] for p in pages]  # the pager closes each page
    assert nav[0][-4:] == [("/annuaire/", ' aria-current="page"'), ("/annuaire/page-2/", ""),
                           ("/annuaire/page-3/", ""), ("/annuaire/page-2/", ' rel="next"')]
    assert nav[1] == [("/annuaire/", ' rel="prev"'), ("/annuaire/", ""), ("/annuaire/page-2/", ' aria-current="page"'),
                      ("/annuaire/page-3/", ""), ("/annuaire/page-3/", ' rel="next"')]
    assert nav[2][-4:] == [("/annuaire/page-2/", ' rel="prev"'), ("/annuaire/", ""), ("/annuaire/page-2/", ""),
                           ("/annuaire/page-3/", ' aria-current="page"')]
    assert 'aria-current="page"><span class="rse-visually-hidden">Page </span>2</a>' in second
    # Company links resolve from each page's own folder.
    companies = [links(p, r'<h2 class="rse-company__name"><a href="([^"]*)"()>') for p in pages]
    assert companies[0][0][0] == "/annuaire/synthetique-00000/"
    assert companies[1][0][0] == "/annuaire/synthetique-00050/"
    assert files[0].uri == INDEX


def test_static_pager_stays_small_at_10000(shipped):
    project = grow(shipped, 10_000)
    pages, _ = directory_pages(project, Options(TODAY))
    assert len(pages) == 200
    for html in (pages[0].html, pages[99].html, pages[-1].html):
        pager = html[html.index('<nav class="rse-pagination"'):]
        assert pager.count("<li>") <= 11
    # The first page is what a visitor downloads before anything else. The
    # regions map it carries has a fixed size, whatever the number of companies.
    first = pages[0].html
    start = first.index('<details class="rse-map-details">')
    regions_map = first[start:first.index("</details>", start)]
    assert len(regions_map.encode("utf-8")) < 20_000  # 18 regions: paths ~8 KB, their links and table
    assert len(first.encode("utf-8")) - len(regions_map.encode("utf-8")) < 40_000


def test_index_order_is_the_static_order(shipped):
    project = dataclasses.replace(shipped, companies={
        **shipped.companies,
        "eclair": dataclasses.replace(shipped.companies["sos-data"], slug="eclair", name="Éclair"),
        "ecume": dataclasses.replace(shipped.companies["sos-data"], slug="ecume", name="ecume"),
    })
    pages, files = directory_pages(project, Options(TODAY))
    head, rows = index_rows(reader(files))
    slugs = [r[0] for r in rows]
    assert slugs == [c.slug for c in sorted(project.companies.values(), key=lambda c: (sort_key(c.name), c.slug))]
    assert slugs.index("eclair") < slugs.index("ecume") < slugs.index("havrelune-portuaire")
    static = [path for path, _ in links(pages[0], r'<h2 class="rse-company__name"><a href="([^"]*)"()>')]
    assert static == [f"/annuaire/{slug}/" for slug in slugs[:PAGE_SIZE]]
    assert head["first"] == rows[:PAGE_SIZE]
    names = json.loads(reader(files)(head["parts"]["noms"]["uris"][0]))
    assert names == [search_key(project.companies[s].name) for s in slugs]
    assert search_key("Éclair d’Été ŒUVRE") == "eclair d'ete œuvre"


def _step_at(step, day: int) -> int:
    base, gaps, changes = step
    count, at = base, 0
    for gap, change in zip(gaps, changes):
        at += gap
        if at > day:
            break
        count += change
    return count


def test_head_status_counts_follow_the_day(shipped):
    """The head's step functions give, on any day, the companies holding a label of each
    status as model.Award.status says; awards close together and far apart, boundaries included."""
    extra = {}
    for i, gaps in enumerate([(0, 30), (0, 200), (0, SOON_DAYS + 1), (0, 10, 400)]):
        awards = tuple(Award(label, None, None, TODAY + dt.timedelta(days=g))
                       for label, g in zip(["6pl", "ecoride", "enr"], gaps))
        extra[f"x{i}"] = dataclasses.replace(shipped.companies["sos-data"], slug=f"x{i}", name=f"X {i}", awards=awards)
    project = dataclasses.replace(shipped, companies={**shipped.companies, **extra})
    _, files = directory_pages(project, Options(TODAY))
    steps = json.loads(files[0].content)["steps"]
    epoch = dt.date(1970, 1, 1)
    expiries = {a.expires for c in project.companies.values() for a in c.awards if a.expires_known}
    days = sorted({e + dt.timedelta(days=k) for e in expiries for k in (-SOON_DAYS - 1, -SOON_DAYS, -1, 0, 1)})
    for day in days + [dt.date(2000, 1, 1), dt.date(2100, 1, 1)]:
        for status, step in steps.items():
            want = sum(1 for c in project.companies.values() if any(a.status(day) == status for a in c.awards))
            assert _step_at(step, (day - epoch).days) == want, (day, status)


def test_index_head_does_not_grow_with_the_directory(shipped):
    heads, parts = {}, {}
    for n in (1_000, 10_000):
        _, files = directory_pages(grow(shipped, n), Options(TODAY))
        heads[n] = len(files[0].content.encode("utf-8"))
        parts[n] = {f.uri: f.content for f in files}
    # Ten times the companies: only the counts' digits grow (the same 400 expiry days).
    assert heads[10_000] < 1.1 * heads[1_000] and heads[10_000] < 40_000, heads
    assert len(parts[10_000]) == 1 + 1 + 1 + -(-10_000 // LINES_PART)
    head, rows = index_rows(lambda name: parts[10_000]["annuaire/" + name])
    assert set(head) == {"v", "page_size", "total", "facets", "labels", "clusters", "counts", "steps",
                         "columns", "label_columns", "first", "parts"}
    assert head["v"] == 4 and head["total"] == len(rows) == 10_000
    assert head["parts"]["filtres"] == {"rows": FILTER_PART, "uris": ["index.filtres.1.json"]}
    filters = json.loads(parts[10_000]["annuaire/index.filtres.1.json"])
    assert len(filters["region"]) == 10_000 and sum(filters["labels"]) == len(filters["expire"])
    assert filters["expire"][0] == (TODAY - dt.timedelta(days=100) - dt.date(1970, 1, 1)).days
    assert rows[0][6][0][2] == (TODAY - dt.timedelta(days=100)).isoformat()
    # Counts with no filter, each value's: the head is enough for the plain list.
    assert head["counts"]["region"] == [2500] * 4 and sum(head["counts"]["label"]) == 10_000
    assert "statut" not in json.dumps(head["columns"] + head["label_columns"] + sorted(filters))


def test_index_bytes_are_deterministic(shipped):
    project = grow(shipped, 1_200)
    one = [(f.uri, f.content) for f in directory_pages(project, Options(TODAY))[1]]
    two = [(f.uri, f.content) for f in directory_pages(project, Options(TODAY))[1]]
    assert one == two and len(one) == 1 + 1 + 1 + 3
