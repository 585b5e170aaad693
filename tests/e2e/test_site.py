"""The site as a reader meets it: home, fiches, journeys, accessibility, CSP, no third party."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import expect

from tests.conftest import ROOT, run_axe

pytestmark = pytest.mark.browser

FICHE = "fiches/mont-blanc-industries/"
# Material's own script swaps pages on click (instant navigation), and the site's
# modules must not upset it: a marker set on window survives only without reload.
MARKER = "window.__rseMarker"


def at(url: str) -> re.Pattern:
    """The page at `url`, whatever anchor Material's navigation.tracking appended."""
    return re.compile(re.escape(url) + r"(#.*)?$")


def front_matter(path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def markdown_headings(path) -> list[str]:
    """The headings of a Markdown page, as text, outside code fences."""
    text = re.sub(r"^(```|~~~).*?^\1", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    out = []
    for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        h = re.sub(r"\{[^}]*\}\s*$", "", m.group(1))          # attribute lists
        h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)         # links
        out.append(re.sub(r"[*_`]", "", h).strip())
    return out


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_home_has_its_three_parts_with_working_links(page, base_url):
    page.goto(base_url)
    cards = page.locator("article .grid.cards > ul > li")
    expect(cards).to_have_count(3)
    titles = [normalise(t) for t in cards.locator("strong").all_inner_texts()]
    assert titles == ["Le guide", "Les auto-diagnostics", "L'annuaire"]
    links = page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)")
    assert len(links) >= 10
    for href in sorted(set(links)):
        assert href.startswith(base_url), href
        response = page.request.get(href)
        assert response.status == 200, href
    for label, heading in (("Lire le guide", "Le guide"), ("Faire un auto-diagnostic", "Auto-diagnostics"),
                           ("Consulter l'annuaire", "Annuaire")):
        page.goto(base_url)
        page.get_by_role("link", name=label).click()
        expect(page.locator("article h1").first).to_contain_text(heading)


def test_fiche_shows_its_card_and_related_fiches(page, base_url):
    meta = front_matter(ROOT / "content" / "fiches" / "mont-blanc-industries.md")
    themes = yaml.safe_load((ROOT / "data" / "themes.yml").read_text(encoding="utf-8"))
    cluster = yaml.safe_load((ROOT / "data" / "clusters" / f"{meta['cluster']}.yml").read_text(encoding="utf-8"))
    page.goto(base_url + FICHE)
    expect(page.locator("article h1")).to_have_text(meta["titre"])
    card = page.locator("aside.rse-card")
    expect(card).to_be_visible()
    values = dict(zip((normalise(t) for t in card.locator("dt").all_inner_texts()),
                      (normalise(t) for t in card.locator("dd").all_inner_texts())))
    assert values["Cluster"] == cluster["nom"]
    cluster_link = card.locator("dd a", has_text=cluster["nom"])
    assert cluster_link.evaluate("a => a.href") == base_url + f"clusters/{meta['cluster']}/"
    steps = card.locator("dt:has-text('Étape') + dd a").evaluate_all("links => links.map(a => a.pathname)")
    assert steps == [f"/guide/etape-{n}-{s}/" for n, s in ((1, "mobilisation"), (2, "accompagnement"),
                                                             (3, "valorisation")) if s in meta["etapes"]]
    for t in meta["themes"]:
        assert themes[t] in values["Thèmes"]
    for key, name in (("region", "Région"), ("secteur", "Secteur")):
        value = meta[key]
        if isinstance(value, dict):  # marked in the front matter: the card shows the value and its mark
            word = {"hypothese": "hypothèse", "hors-guide": "hors guide"}[value["provenance"]]
            assert values[name].startswith(f"{value['valeur']} {word}"), name
        else:
            assert values[name] == value, name

    related = page.locator("section.rse-related li a")
    assert 1 <= related.count() <= 5
    for href in related.evaluate_all("links => links.map(a => a.href)"):
        assert re.fullmatch(re.escape(base_url) + r"fiches/[a-z0-9-]+/", href) and href != base_url + FICHE
        assert page.request.get(href).status == 200


def test_step_to_fiche_to_cluster_and_back(page, prod_url):
    page.goto(prod_url + "guide/etape-1-mobilisation/")
    page.evaluate(f"{MARKER} = 1")
    page.locator("article a[href*='fiches/mont-blanc-industries/']").first.click()
    page.wait_for_url(at(prod_url + FICHE))
    expect(page.locator("article h1")).to_contain_text("Mont-Blanc Industries")
    page.locator("aside.rse-card dd a", has_text="Mont-Blanc Industries").click()
    page.wait_for_url(at(prod_url + "clusters/mont-blanc-industries/"))
    expect(page.locator("article h1")).to_have_text("Mont-Blanc Industries")
    # The cluster page leads back to its fiche, and so does the browser's Back.
    back = page.locator("#fiches ~ ul a[href*='fiches/mont-blanc-industries/']").first
    expect(back).to_be_visible()
    back.click()
    page.wait_for_url(at(prod_url + FICHE))
    expect(page.locator("aside.rse-card")).to_be_visible()
    # The URL changes before the page is swapped in: wait for the content each time.
    page.go_back()
    page.wait_for_url(at(prod_url + "clusters/mont-blanc-industries/"))
    expect(page.locator("aside.rse-card")).to_have_attribute("aria-label", "Informations sur le cluster")
    page.go_back()
    page.wait_for_url(at(prod_url + FICHE))
    expect(page.locator("aside.rse-card")).to_have_attribute("aria-label", "Informations sur la fiche")
    assert page.evaluate(MARKER) == 1  # all of it without a single reload


@pytest.mark.parametrize("path", ["", FICHE, "guide/etape-2-accompagnement/", "imprimer/"])
def test_pages_are_accessible(page, base_url, path):
    page.goto(base_url + path)
    assert run_axe(page) == []


def test_focus_is_visible(page, base_url):
    page.goto(base_url + FICHE)
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('article') && document.activeElement.tagName === 'A'"):
            break
    else:
        pytest.fail("aucun lien de l'article n'est atteignable au clavier")
    style = page.evaluate("""() => {
        const s = getComputedStyle(document.activeElement);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    }""")
    assert style["style"] != "none" and style["width"] >= 2, style


SAMPLE = ["", FICHE, "diagnostics/6pl/", "annuaire/", "annuaire/cirelande/", "labels/6pl/",
          "clusters/piles/", "recherche/?q=bourse"]


def test_no_third_party_request(page, base_url):
    page.add_init_script("""document.addEventListener("securitypolicyviolation", e =>
        (window.__rseCsp = window.__rseCsp || []).push(e.violatedDirective + " " + e.blockedURI));""")
    for path in SAMPLE:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__rseCsp || []") == [], path
    if "recherche" in SAMPLE[-1]:
        expect(page.locator("[data-rse-search-results] > li").first).to_be_visible()
    hosts = {urlparse(u).hostname for u in page.recorder.all if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}
    assert page.recorder.third_party == []
    # The sample did load the pages' own scripts and the search index.
    assert any(u.endswith("/pagefind/pagefind.js") for u in page.recorder.all)


def test_print_page_has_every_fiche_and_guide_section(page, base_url):
    page.goto(base_url + "imprimer/")
    headings = {normalise(h) for h in page.locator("article :is(h1, h2, h3, h4, h5, h6)").all_inner_texts()}
    fiches = sorted((ROOT / "content" / "fiches").glob("*.md"))
    missing = [f.name for f in fiches if normalise(front_matter(f)["titre"]) not in headings]
    assert missing == []
    guide = [p for p in sorted((ROOT / "content" / "guide").glob("*.md")) if p.name != "index.md"]
    sections = [(p.name, normalise(h)) for p in guide for h in markdown_headings(p)]
    assert len(sections) > len(guide)
    assert [s for s in sections if s[1] not in headings] == []


def test_csp_is_set_and_material_still_runs(page, prod_url):
    page.goto(prod_url + "guide/")
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    page.evaluate(f"{MARKER} = 'kept'")
    page.locator(".md-nav--primary a.md-nav__link", has_text="Avant-Propos").first.click()
    page.wait_for_url(at(prod_url + "guide/avant-propos/"))
    expect(page.locator("article h1")).to_have_text("Avant-Propos")
    assert page.evaluate(MARKER) == "kept"
    # The header title follows the page: Material's own script did the swap.
    expect(page.locator("[data-md-component=header-topic]")).to_contain_text("Avant-Propos")


def test_relative_links_resolve_under_the_sub_path(page, prod_url):
    page.goto(prod_url)
    for href in page.locator("article a[href]").evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith(prod_url), href
    expect(page.locator("form[data-rse-header-search]")).to_have_attribute("action", "recherche/")
