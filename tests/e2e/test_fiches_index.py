"""The fiches index: filters by step, region and theme, state in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from generator.source.project import load_project
from tests.conftest import ROOT, run_axe

pytestmark = pytest.mark.browser

FORM = "[data-rse-filter-form]"
ITEMS = "[data-rse-filter-list] > li"
COUNT = "[data-rse-filter-count]"


@pytest.fixture(scope="module")
def fiches():
    return list(load_project(ROOT).fiches.values())


def open_index(page, url, query=""):
    page.goto(url + "fiches/" + query)
    page.wait_for_selector(f"{FORM}[data-rse-ready]")


def visible_titles(page) -> list[str]:
    return page.locator(f"{ITEMS}:not([hidden]) h2").all_inner_texts()


def want(fiches, etape=None, region=None, theme=None) -> list[str]:
    return [f.title for f in fiches if (etape is None or etape in f.steps) and (region is None or f.region == region)
            and (theme is None or theme in f.themes)]


def noun(n: int) -> str:
    return "fiche" + ("s" if n > 1 else "")


def test_filters(page, base_url, fiches):
    total = len(fiches)
    open_index(page, base_url)
    assert page.locator(FORM).is_visible()
    assert page.locator(COUNT).inner_text() == f"{total} fiches"
    assert page.locator(COUNT).get_attribute("role") == "status"
    assert len(visible_titles(page)) == total

    page.select_option("#f-etape", "valorisation")
    titles = want(fiches, etape="valorisation")
    assert 0 < len(titles) < total
    assert visible_titles(page) == titles
    assert page.locator(COUNT).inner_text() == f"{len(titles)} {noun(len(titles))} sur {total}"

    region = fiches[0].region
    page.select_option("#f-region", region)
    assert visible_titles(page) == want(fiches, etape="valorisation", region=region)

    page.select_option("#f-etape", "")
    page.select_option("#f-region", "")
    theme = fiches[0].themes[0]
    page.select_option("#f-theme", theme)
    assert visible_titles(page) == want(fiches, theme=theme)
    assert {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()} == {"theme": theme}


def test_url_state_round_trip(page, base_url, fiches):
    f = fiches[-1]
    query = f"?etape={f.steps[0]}&theme={f.themes[0]}&autre=1"
    open_index(page, base_url, query)
    assert page.locator("#f-etape").input_value() == f.steps[0]
    assert page.locator("#f-theme").input_value() == f.themes[0]
    assert visible_titles(page) == want(fiches, etape=f.steps[0], theme=f.themes[0])
    page.select_option("#f-theme", "")
    assert parse_qs(urlparse(page.url).query) == {"etape": [f.steps[0]], "autre": ["1"]}
    # An unknown value selects nothing and hides nothing.
    open_index(page, base_url, "?region=Atlantide")
    assert page.locator("#f-region").input_value() == ""
    assert len(visible_titles(page)) == len(fiches)


def test_nothing_found_and_accessibility(page, base_url, fiches):
    open_index(page, base_url)
    combos = [(s, t) for s in ("mobilisation", "accompagnement", "valorisation")
              for t in sorted({t for f in fiches for t in f.themes}) if not want(fiches, etape=s, theme=t)]
    if combos:
        page.select_option("#f-etape", combos[0][0])
        page.select_option("#f-theme", combos[0][1])
        assert visible_titles(page) == []
        assert page.locator(COUNT).inner_text() == f"0 fiche sur {len(fiches)}"
    assert run_axe(page) == []


def test_back_from_a_fiche_restores_the_filters(page, prod_url, fiches):
    page.goto(prod_url + "fiches/")
    page.wait_for_selector(f"{FORM}[data-rse-ready]")
    page.select_option("#f-etape", "valorisation")
    titles = want(fiches, etape="valorisation")
    page.evaluate("window.__sameDocument = true")
    page.locator(f"{ITEMS}:not([hidden]) h2 a").first.click()
    expect(page.locator("[data-rse-filter-list]")).to_have_count(0)
    page.go_back()
    page.wait_for_selector(f"{FORM}[data-rse-ready]")
    assert page.evaluate("window.__sameDocument === true")
    assert page.locator("#f-etape").input_value() == "valorisation"
    assert visible_titles(page) == titles


def test_without_javascript_everything_shows(browser, base_url, fiches):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "fiches/?etape=valorisation")
        assert page.locator(FORM).is_hidden()
        assert page.locator(f"{ITEMS}:not([hidden])").count() == len(fiches)
    finally:
        context.close()
