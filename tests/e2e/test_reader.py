"""What a reader sees on a phone (390 px) and a desktop (1280 px): layout, charts, wording.

Each point of the reader review (issue 13) has its own assertion, at both widths.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
# One page of every kind the site has.
SAMPLE = [
    "", "guide/", "guide/etape-1-mobilisation/", "fiches/", "fiches/piles/", "clusters/", "clusters/piles/",
    "labels/", "labels/6pl/", "diagnostics/", "diagnostics/6pl/", "annuaire/", "annuaire/entrepots-risloria/",
    "recherche/?q=label", "imprimer/",
]
STATUS = "[data-rse-search-status]"


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def width(request, page):
    page.set_viewport_size({"width": request.param, "height": 900})
    return request.param


def fill_diagnostic(page, base_url, rid: str) -> None:
    page.goto(f"{base_url}diagnostics/{rid}/")
    page.wait_for_selector("form[data-rse-ready]")
    criteria = page.locator(".rse-criterion")
    for i in range(criteria.count()):
        options = criteria.nth(i).locator("input[type=radio]")
        options.nth((i * 7 + 1) % options.count()).check()
    expect(page.locator("[data-rse-radar] svg:visible")).to_have_count(1)


def test_no_page_scrolls_sideways_and_the_title_is_whole(page, base_url, width):
    for path in SAMPLE:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        if path.startswith("recherche/"):
            expect(page.locator(STATUS)).to_have_text(re.compile(r"^\d+\s+résultat"))
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], f"{path} à {width} px : {sizes[0]} px de large pour {sizes[1]}"
        # The site name, never cut to "Dynami…": no ellipsis, inside the header.
        name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
        expect(name).to_have_text(re.compile(r"^\s*Dynamique RSE des pôles et clusters\s*$"))
        box = name.evaluate("""e => { const r = e.getBoundingClientRect(), h = e.closest('.md-header').getBoundingClientRect(),
            t = e.closest('.md-header__title').getBoundingClientRect();
            return {cut: e.scrollWidth > e.clientWidth, top: r.top >= h.top - 0.5, bottom: r.bottom <= h.bottom + 0.5,
                    right: r.right <= t.right + 0.5}; }""")
        assert box == {"cut": False, "top": True, "bottom": True, "right": True}, f"{path} à {width} px : {box}"


def test_diagnostic_page_after_answers_does_not_scroll_sideways(page, base_url, width):
    for rid in ("6pl", "enr"):
        fill_diagnostic(page, base_url, rid)
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], (rid, sizes)


def test_search_more_button_hidden_under_a_single_page_of_results(page, base_url, width):
    page.goto(base_url + "recherche/?q=Risloria")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^\d+\s+résultats?\s+pour"))
    assert page.locator("[data-rse-search-results] > li").count() < 10
    expect(page.locator("[data-rse-search-more]")).to_be_hidden()


@pytest.mark.parametrize("query", ["photovoltaïques", "mobilité interne"])
def test_search_finds_a_diagnostic_by_its_questions(page, base_url, width, query):
    page.goto(base_url + "recherche/?q=" + query)
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^\d+\s+résultats?\s+pour"))
    links = page.locator("[data-rse-search-results] > li a").evaluate_all("links => links.map(a => a.href)")
    assert any("/diagnostics/" in href and not href.endswith("/diagnostics/") for href in links), links


def test_label_holders_table_shows_its_status_column(page, base_url, width):
    page.goto(base_url + "labels/6pl/")
    table = page.locator("table", has=page.locator("caption", has_text="Titulaires"))
    # Material's script wraps tables in a scrolling box: neither may scroll.
    fits = table.evaluate("""t => [t, t.closest('.md-typeset__scrollwrap')].filter(Boolean)
        .every(e => e.scrollWidth <= e.clientWidth)""")
    status = table.locator("thead th").last
    expect(status).to_have_text("Statut")
    right = status.evaluate("e => e.getBoundingClientRect().right")
    assert fits and right <= width, (fits, right)


def test_radar_is_readable_whole_and_its_table_spaced(page, base_url, width):
    fill_diagnostic(page, base_url, "6pl")
    svg = page.locator("[data-rse-radar] svg:visible")
    shown = svg.evaluate("s => s.getBoundingClientRect().width")
    assert shown >= 300, shown
    # Text drawn at the screen's scale: at least 11 px (it was ~6 px on a phone).
    sizes = svg.locator(".rse-radar__label").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height / e.querySelectorAll('tspan').length)")
    assert min(sizes) >= 11, sizes
    # Every text inside the drawing: nothing cut at its edges.
    outside = svg.evaluate("""s => { const vb = s.viewBox.baseVal; return [...s.querySelectorAll('text')].map(t => t.getBBox())
        .filter(b => b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || b.y + b.height > vb.y + vb.height + 0.5)
        .length; }""")
    assert outside == 0
    # Axis names are whole where they are drawn (the wide chart): no "…".
    assert "…" not in svg.text_content()
    if width >= 1280:
        assert "Responsabilité environnementale" in re.sub(r"\s+", " ", svg.evaluate(
            "s => [...s.querySelectorAll('.rse-radar__label')].map(t => [...t.children].map(c => c.textContent).join(' ')).join(' ')"))
    # The scale labels are painted after (over) the polygons.
    order = svg.evaluate("""s => { const all = [...s.children];
        return [all.findIndex(e => e.matches('.rse-radar__current')), all.findIndex(e => e.matches('.rse-radar__scale'))]; }""")
    assert order[0] < order[1], order
    # "Score" and "Maximum" are separated by real space.
    heads = page.locator(".rse-radar-table thead th")
    expect(heads.nth(1)).to_have_text("Score")
    gap = heads.evaluate_all("""ths => { const r = (e) => { const g = document.createRange(); g.selectNodeContents(e); return g.getBoundingClientRect(); };
        return r(ths[2]).left - r(ths[1]).right; }""")
    assert gap >= 8, gap


def test_two_theme_referential_shows_bars(page, base_url, width):
    fill_diagnostic(page, base_url, "enr")
    svg = page.locator("[data-rse-radar] svg:visible")
    expect(svg).to_have_attribute("role", "img")
    expect(svg.locator("rect.rse-radar__current")).to_have_count(2)
    assert svg.evaluate("s => s.getBoundingClientRect().width") >= 300


def test_answer_options_share_one_width(page, base_url, width):
    page.goto(base_url + "diagnostics/ecoride/")
    widths = page.locator(".rse-criterion .rse-options").evaluate_all(
        "groups => groups.map(g => [...g.querySelectorAll('.rse-option')].map(o => Math.round(o.getBoundingClientRect().width)))")
    uneven = [w for w in widths if max(w) - min(w) > 1]
    assert widths and not uneven, uneven[:3]


def test_directory_says_expired_on_and_capitalises_sort_labels(page, base_url, width):
    page.goto(base_url + "annuaire/")
    page.wait_for_selector(".rse-directory__form")
    items = page.locator(".rse-company__labels > li").evaluate_all(
        "lis => lis.map(li => [li.textContent, li.querySelector('.rse-status').dataset.rseStatus])")
    expired = [text for text, status in items if status == "expire"]
    assert expired and all("expiré le" in t and "valide jusqu" not in t for t in expired), expired[:3]
    assert all("valide jusqu'au" in t for t, status in items if status in ("valide", "expire-bientot"))
    # An end date nobody knows is said so, never dated (provenance).
    assert all("date de fin à confirmer" in t for t, status in items if status == "a-confirmer")
    labels = page.locator("select[name=tri] option").all_text_contents()
    assert labels and all(t[:1].isupper() for t in labels), labels


def test_fiche_table_of_contents_lists_generated_sections(page, base_url, width):
    page.goto(base_url + "fiches/piles/")
    toc = page.locator("nav.md-nav--secondary a.md-nav__link").evaluate_all("links => links.map(a => a.hash)")
    assert "#contact" in toc and "#fiches-liees" in toc, toc
    for anchor in ("contact", "fiches-liees"):
        expect(page.locator(f"#{anchor}")).to_have_count(1)


@pytest.mark.parametrize("path", ["clusters/", "labels/6pl/"])
def test_table_rows_are_ruled_in_the_first_column(page, base_url, width, path):
    page.goto(base_url + path)
    borders = page.locator("table:not([class]) tbody tr + tr > th").evaluate_all(
        "ths => ths.map(th => parseFloat(getComputedStyle(th).borderTopWidth))")
    assert borders and min(borders) > 0, borders


@pytest.mark.parametrize("path", ["guide/", "imprimer/", "fiches/piles/", ""])
def test_every_label_names_a_control(page, base_url, width, path):
    page.goto(base_url + path)
    orphans = page.evaluate("[...document.querySelectorAll('label[for]')].filter(l => !document.getElementById(l.htmlFor)).map(l => l.htmlFor)")
    assert orphans == []


def test_french_404_under_the_site_path(page, prod_url, width):
    from tests.conftest import run_axe

    response = page.goto(prod_url + "fiches/une-page-qui-n-existe-pas/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")
    assert "Not found" not in page.content()
    # Styled (its stylesheets resolve from any depth) and searchable.
    expect(page.locator("form.rse-search input[name=q]")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.rse-search > label')).display") == "block"
    page.fill("#rse-404-q", "bourse")
    page.press("#rse-404-q", "Enter")
    expect(page).to_have_url(re.compile(re.escape(prod_url) + r"recherche/\?q=bourse$"))
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^\d+\s+résultats?\s+pour"))
    page.go_back()
    for name in ("Accueil", "Le guide", "index des fiches", "Les auto-diagnostics", "L'annuaire des entreprises labellisées"):
        link = page.locator("article").get_by_role("link", name=name, exact=True)
        assert link.evaluate("a => a.href").startswith(prod_url)
    page.locator("article").get_by_role("link", name="Les auto-diagnostics", exact=True).click()
    expect(page).to_have_url(prod_url + "diagnostics/")
    assert run_axe(page) == []


def test_own_stylesheets_only_where_used_and_after_instant_navigation(page, prod_url, width):
    sheets = "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href.split('/').pop())"
    page.goto(prod_url)
    assert not {"diagnostic.css", "directory.css", "search.css"} & set(page.evaluate(sheets))
    page.evaluate("window.__rseMarker = 1")
    page.get_by_role("link", name="Faire un auto-diagnostic").click()
    page.locator("article").get_by_role("link", name=re.compile("^Label 6PL")).first.click()
    page.wait_for_selector("form[data-rse-ready]")
    assert page.evaluate("window.__rseMarker") == 1  # instant navigation, no reload
    assert "diagnostic.css" in page.evaluate(sheets)
    # The diagnostic's styles apply: its notices bar is laid out as a flex row.
    page.wait_for_function("getComputedStyle(document.querySelector('.rse-diag-bar')).display === 'flex'")


@pytest.mark.parametrize("path", ["", "clusters/", "annuaire/"])
def test_map_regions_link_to_the_filtered_directory(page, prod_url, width, path):
    page.goto(prod_url + path)
    if path == "annuaire/":
        page.locator(".rse-map-details > summary").click()
    regions = page.locator(".rse-map a")
    assert regions.count() >= 5
    # Each link says its region and numbers; the table beside repeats them.
    labels = regions.evaluate_all("as => as.map(a => a.getAttribute('aria-label'))")
    table = dict(page.locator(".rse-map-table tbody tr").evaluate_all(
        "trs => trs.map(tr => [tr.querySelector('th').textContent.trim(), tr.querySelector('td').textContent.trim()])"))
    for label in labels:
        m = re.match(r"^(.+) : (\d+) entreprises? labellisées?, \d+ pôles? ou clusters?", label)
        assert m and table[m.group(1)] == m.group(2), (label, table)
    box = page.locator(".rse-map__svg").evaluate("s => s.getBoundingClientRect().width")
    assert box >= (300 if width > 600 else 0.9 * (width - 32)), box
    name, count = re.match(r"^(.+) : (\d+)", labels[0]).groups()
    page.evaluate("window.__rseMarker = 1")
    regions.first.click()
    page.wait_for_url(re.compile(re.escape(prod_url) + r"annuaire/\?region="))
    from urllib.parse import parse_qs, urlparse
    assert parse_qs(urlparse(page.url).query) == {"region": [name]}
    expect(page.locator(".rse-directory__count")).to_contain_text(f"{count} entreprise")
    region = page.locator("#rse-dir-region")
    assert region.evaluate("s => s.options[s.selectedIndex].text") == f"{name} ({count})"


def test_map_is_keyboard_reachable_with_visible_focus(page, base_url, width):
    page.goto(base_url)
    first = page.locator(".rse-map a").first
    # Reached by Tab from the element before the map (a link in an <svg> is focusable).
    page.locator("#carte").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    page.keyboard.press("Tab")
    assert first.evaluate("a => a === document.activeElement")
    stroke = first.locator("path").evaluate("p => parseFloat(getComputedStyle(p).strokeWidth)")
    assert stroke >= 3


def test_home_is_a_light_showcase(page, base_url, site, width):
    import gzip
    from urllib.parse import urlparse

    sizes: dict[str, int] = {}

    def on_response(response):
        path = urlparse(response.url).path.lstrip("/")
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        if file.is_file():
            sizes[path] = len(gzip.compress(file.read_bytes(), 6))

    page.on("response", on_response)
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    assert total <= 100 * 1024, sorted(sizes.items(), key=lambda kv: -kv[1])[:6]
    figures = page.locator(".rse-figures > li").all_inner_texts()
    assert len(figures) == 4 and all(re.match(r"^\d+\s", t) for t in figures), figures
    expect(page.locator(".rse-badges__item")).to_have_count(4)
    for entry in ("Lire le guide", "Faire un auto-diagnostic", "Consulter l'annuaire"):
        expect(page.get_by_role("link", name=entry)).to_be_visible()
    from tests.conftest import run_axe
    assert run_axe(page) == []
