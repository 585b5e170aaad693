"""Site search (Pagefind) in the browser: French stemming, filters, keyboard, instant navigation."""

from __future__ import annotations

import functools
import re
import threading
import time

import pytest
from playwright.sync_api import expect

from tests.conftest import _Handler, run_axe

pytestmark = pytest.mark.browser

FICHE = "fiches/mont-blanc-industries/"
STATUS = "[data-rse-search-status]"
RESULT_LINKS = "[data-rse-search-results] > li a"


def at(url: str) -> re.Pattern:
    """The page at `url`, whatever anchor Material's navigation.tracking appended."""
    return re.compile(re.escape(url) + r"(#.*)?$")


def counted(query: str) -> re.Pattern:
    """The status line once a search for `query` is done ("12 résultats pour « bourse »")."""
    return re.compile(rf"^(\d+)\s+résultats?\s+pour\s+«\s*{re.escape(query)}\s*»")


def result_count(page) -> int:
    return int(re.match(r"\d+", page.locator(STATUS).inner_text()).group(0))


def hrefs(page) -> list[str]:
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")


def test_french_query_finds_the_fiche_first(page, base_url):
    page.goto(base_url + "recherche/?q=bourse")
    expect(page.locator(STATUS)).to_have_text(counted("bourse"))
    assert base_url + FICHE in hrefs(page)[:3]
    # Filters only appear once the index answered: they are useless without it.
    expect(page.locator("[data-rse-search-filters]")).to_be_visible()
    first = page.locator("[data-rse-search-results] > li").first
    expect(first.locator("mark").first).to_have_text(re.compile("bourse", re.I))
    # Excerpts keep Pagefind's <mark> and nothing else from its HTML.
    tags = page.locator(".rse-search__excerpt *").evaluate_all("els => [...new Set(els.map(e => e.tagName))]")
    assert tags == ["MARK"]


def test_excerpts_keep_only_text_and_marks(page, base_url):
    page.goto(base_url + "recherche/")
    html = page.evaluate("""async (root) => {
        const { excerptNodes } = await import(root + "assets/javascripts/search.js");
        const p = document.createElement("p");
        p.append(excerptNodes('a &lt;b&gt; <img src=x onerror="window.__rsePwned = 1"><mark class="x" onclick="1">m<i>n</i></mark>'
            + '<script>window.__rsePwned = 1</script><a href="javascript:1">z</a>'));
        return p.innerHTML;
    }""", base_url)
    assert html == "a &lt;b&gt; <mark>mn</mark>window.__rsePwned = 1z"
    assert page.evaluate("window.__rsePwned") is None


def test_index_has_filters_and_french_stems(page, base_url):
    page.goto(base_url + "recherche/")
    expect(page.locator("[data-rse-search-filters]")).to_be_visible()
    found = page.evaluate("""async (root) => {
        const pf = await import(root + "pagefind/pagefind.js");
        const urls = async (q, filters = {}) => {
            const s = await pf.search(q, { filters });
            return Promise.all(s.results.slice(0, 10).map(async r => (await r.data()).url));
        };
        return {
            filters: await pf.filters(),
            bourse: await urls("bourse"),
            labels: await urls("labels"),
            label: await urls("label"),
            fichesValorisation: await urls(null, { type: "Fiche", etape: "Valorisation" }),
        };
    }""", base_url)
    filters = found["filters"]
    assert set(filters["type"]) == {"Guide", "Fiche", "Auto-diagnostic", "Label", "Cluster", "Entreprise", "Annuaire"}
    assert set(filters["etape"]) == {"Mobilisation", "Accompagnement", "Valorisation"}
    assert filters["type"]["Fiche"] == 12 and filters["type"]["Label"] == 4 and filters["type"]["Cluster"] == 12
    assert "Auvergne-Rhône-Alpes" in filters["region"] and "Provence-Alpes-Côte d'Azur" in filters["region"]
    assert found["bourse"][0] == "/" + FICHE  # "Club BouRSE" in the fiche
    # The plural finds the singular ("Label 6PL") through the French stemmer.
    assert {u for u in found["labels"] if u.startswith("/labels/")} >= {"/labels/6pl/", "/labels/ecoride/", "/labels/enr/"}
    assert set(found["labels"]) & set(found["label"])
    assert found["fichesValorisation"] and all(u.startswith("/fiches/") for u in found["fichesValorisation"])
    # The search page itself is not a result.
    assert "/recherche/" not in found["labels"]


def test_filters_narrow_results_and_go_in_the_url(page, base_url):
    page.goto(base_url + "recherche/?q=rse")
    status = page.locator(STATUS)
    expect(status).to_have_text(counted("rse"))
    everything = result_count(page)

    page.select_option("#rse-f-type", "Fiche")
    expect(status).to_contain_text("(Fiche)")
    fiches = result_count(page)
    assert 0 < fiches < everything
    assert all("/fiches/" in h for h in hrefs(page))

    page.select_option("#rse-f-etape", "Valorisation")
    expect(status).to_contain_text("(Fiche, Valorisation)")
    valorisation = result_count(page)
    assert 0 < valorisation < fiches
    assert "type=Fiche" in page.url and "etape=Valorisation" in page.url and "q=rse" in page.url

    # The URL is shareable: opened afresh, it gives the same search.
    shared = page.url
    page.goto(base_url)
    page.goto(shared)
    expect(status).to_contain_text("(Fiche, Valorisation)")
    assert result_count(page) == valorisation
    expect(page.locator("#rse-f-etape")).to_have_value("Valorisation")

    # Filters alone list every matching page.
    page.fill("#rse-q", "")
    page.locator("#rse-q").press("Enter")
    expect(status).to_have_text(re.compile(r"^\d+\s+pages?\s+\(Fiche, Valorisation\)"))
    assert "q=" not in page.url


def test_no_result_and_more_results(page, base_url):
    page.goto(base_url + "recherche/?q=zzzqxw")
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^Aucun résultat pour «\s*zzzqxw\s*»"))
    expect(page.locator("[data-rse-search-results] > li")).to_have_count(0)

    page.goto(base_url + "recherche/?q=labels")
    expect(page.locator(STATUS)).to_have_text(counted("labels"))
    total = result_count(page)
    assert total > 20
    items = page.locator("[data-rse-search-results] > li")
    expect(items).to_have_count(20)
    more = page.locator("[data-rse-search-more]")
    more.focus()
    page.keyboard.press("Enter")
    expect(items).to_have_count(min(total, 40))
    # Keyboard users continue from the first new result, not from a button that may vanish.
    expect(items.nth(20).locator("a")).to_be_focused()
    assert len(set(hrefs(page))) == min(total, 40)


def test_search_by_keyboard_alone(page, base_url):
    page.goto(base_url + "guide/")
    page.keyboard.press("/")
    expect(page.locator("#rse-header-q")).to_be_focused()
    page.keyboard.type("bourse")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=bourse$"))
    expect(page.locator("#rse-q")).to_be_focused()
    expect(page.locator("#rse-q")).to_have_value("bourse")
    expect(page.locator(STATUS)).to_have_text(counted("bourse"))

    order = []
    for _ in range(8):
        page.keyboard.press("Tab")
        order.append(page.evaluate("""() => {
            const el = document.activeElement;
            return el.closest("[data-rse-search-results]") ? "result" : (el.id || el.tagName);
        }"""))
        if order[-1] == "result":
            break
    assert order == ["BUTTON", "rse-f-type", "rse-f-etape", "rse-f-region", "result"]
    assert page.evaluate("document.activeElement.href") == base_url + FICHE
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + FICHE)
    expect(page.locator("h1")).to_contain_text("Mont-Blanc Industries")


def test_instant_navigation_runs_the_search(page, prod_url):
    page.goto(prod_url + "guide/")
    page.evaluate("window.__rseMarker = 'same document'")
    page.locator(".md-nav--primary a.md-nav__link", has_text="Rechercher").first.click()
    page.wait_for_url(at(prod_url + "recherche/"))
    # Material swapped the page without reloading, and app.js ran init anyway.
    assert page.evaluate("window.__rseMarker") == "same document"
    expect(page.locator("#rse-q")).to_be_focused()
    page.keyboard.type("bourse")
    expect(page.locator(STATUS)).to_have_text(counted("bourse"))
    assert at(prod_url + "recherche/?q=bourse").match(page.url)
    # Under the site's sub-path, result links keep it.
    assert hrefs(page)[0] == prod_url + FICHE

    # Still typing when following a result: the pending search belongs to the page left.
    page.keyboard.type(" club")
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_url(at(prod_url + FICHE))
    expect(page.locator("article h1")).to_contain_text("Mont-Blanc Industries")
    page.wait_for_timeout(500)
    assert at(prod_url + FICHE).match(page.url), "une recherche en attente a réécrit l'adresse de la fiche"
    page.go_back()
    # The search for "bourse club" may have finished before the click (a slow
    # moment on a loaded machine): the page left then holds that query, which
    # is right too. What must not happen is checked above: the fiche kept its URL.
    page.wait_for_url(re.compile(re.escape(prod_url + "recherche/?q=bourse") + r"((%20|\+)club)?(#.*)?$"))
    query = "bourse club" if "club" in page.url else "bourse"
    expect(page.locator(STATUS)).to_have_text(counted(query))
    if query == "bourse":
        assert hrefs(page)[0] == prod_url + FICHE
    page.locator("#rse-q").fill("labels")
    expect(page.locator(STATUS)).to_have_text(counted("labels"))
    assert page.evaluate("window.__rseMarker") == "same document"
    assert len(hrefs(page)) == len(set(hrefs(page)))


def test_init_is_idempotent(page, prod_url):
    page.goto(prod_url + "recherche/?q=bourse")
    expect(page.locator(STATUS)).to_have_text(counted("bourse"))
    # A second init on the same page (app.js calls it on every page change) must not
    # double the listeners: one Enter, one search.
    runs = page.evaluate("""async (root) => {
        const search = await import(root + "assets/javascripts/search.js");
        search.init(document);
        search.init(document);
        const list = document.querySelector("[data-rse-search-results]");
        window.__rseRuns = 0;
        const setAttribute = list.setAttribute.bind(list);
        list.setAttribute = (name, value) => {
            if (name === "aria-busy") window.__rseRuns++;  // each search marks the list busy once
            setAttribute(name, value);
        };
        return window.__rseRuns;
    }""", prod_url)
    assert runs == 0
    page.locator("#rse-q").press("Enter")
    expect(page.locator(STATUS)).to_have_text(counted("bourse"))
    page.wait_for_timeout(400)
    assert page.evaluate("window.__rseRuns") == 1


def test_header_search_after_instant_navigation(page, prod_url):
    page.goto(prod_url + "recherche/")
    page.evaluate("window.__rseMarker = 'same document'")
    # Instant navigation keeps the header (and its form) from the first page.
    page.locator(".md-nav--primary a.md-nav__link", has_text="Le guide").first.click()
    page.wait_for_url(at(prod_url + "guide/"))
    page.locator("article a", has_text="Étape 1").first.click()
    page.wait_for_url(at(prod_url + "guide/etape-1-mobilisation/"))
    expect(page.locator("article h1")).to_contain_text("Étape 1")
    assert page.evaluate("window.__rseMarker") == "same document"
    page.keyboard.press("/")
    page.keyboard.type("labels")
    page.keyboard.press("Enter")
    page.wait_for_url(at(prod_url + "recherche/?q=labels"))
    expect(page.locator(STATUS)).to_have_text(counted("labels"))
    expect(page.locator("#rse-q")).to_have_value("labels")


@pytest.fixture(scope="module")
def slow_url(site):
    """The site served with Pagefind's result fragments delayed on demand."""
    import http.server

    delay = threading.Event()

    class Slow(_Handler):
        def do_GET(self):
            if delay.is_set() and "/pagefind/fragment/" in self.path:
                time.sleep(1.5)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Slow, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", delay
    server.shutdown()


def test_a_slow_old_search_never_overwrites_a_newer_one(page, slow_url):
    url, delay = slow_url
    page.goto(url + "recherche/")
    expect(page.locator("[data-rse-search-filters]")).to_be_visible()
    delay.set()
    try:
        page.select_option("#rse-f-type", "Label")  # lists the label pages: slow fragments
        page.fill("#rse-q", "zzzqxw")
        page.locator("#rse-q").press("Enter")  # no result, no fragment: fast
        expect(page.locator(STATUS)).to_have_text(re.compile(r"^Aucun résultat pour «\s*zzzqxw\s*» \(Label\)"))
        page.wait_for_timeout(2500)  # the label fragments have arrived meanwhile
    finally:
        delay.clear()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^Aucun résultat pour «\s*zzzqxw\s*»"))
    expect(page.locator("[data-rse-search-results] > li")).to_have_count(0)


def test_missing_index_is_explained(page, base_url):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404, body="absent"))
    page.goto(base_url + "recherche/?q=bourse")
    expect(page.locator(STATUS)).to_contain_text("La recherche est indisponible")
    expect(page.locator("[data-rse-search-filters]")).to_be_hidden()
    assert any(e.startswith("[rse-search]") for e in errors), errors


def test_search_page_with_results_is_accessible(page, base_url):
    page.goto(base_url + "recherche/?q=bourse")
    expect(page.locator(STATUS)).to_have_text(counted("bourse"))
    assert run_axe(page) == []


def test_company_pages_index_the_company_not_their_boilerplate(page, base_url):
    page.goto(base_url + "recherche/")
    expect(page.locator("[data-rse-search-filters]")).to_be_visible()
    found = page.evaluate(r"""async (root) => {
        const pf = await import(root + "pagefind/pagefind.js");
        const data = async (q) => Promise.all((await pf.search(q)).results.map(r => r.data()));
        const companies = async (q) => (await data(q)).filter(d => /^\/annuaire\/[^/]+\/$/.test(d.url)).map(d => d.url);
        return {
            name: (await data("Aquarhéna"))[0],
            real: (await data("SOS Data")).find(d => d.url === "/annuaire/sos-data/"),
            sector: await companies("micropolluants"),
            label: await companies("AFAQ"),
            embed: await companies("copier"),
            verification: await companies("vérification"),
            issuer: await companies("AFNOR"),
        };
    }""", base_url)
    assert found["name"]["url"] == "/annuaire/aquarhena-traitement/"
    # The example notice is not indexed, but the result still says it is one.
    assert found["name"]["meta"]["exemple"] == "Exemple fictif"
    assert "exemple" not in found["real"]["meta"]
    assert found["sector"] == ["/annuaire/aquarhena-traitement/"]
    assert "/annuaire/aquarhena-traitement/" in found["label"]
    # The embed code, the verification notice and the label's details are the
    # same on every company page: no company is a result for them.
    assert found["embed"] == [] and found["verification"] == [] and found["issuer"] == []
    page.goto(base_url + "recherche/?q=Aquarh%C3%A9na")
    first = page.locator("[data-rse-search-results] > li").first
    expect(first.locator(".rse-search__meta")).to_have_text("Entreprise · Exemple fictif · Grand Est")
