"""A published benchmark on its diagnostic page, in Chromium: the comparison
after answering, the table without JavaScript, the cluster page's list; no
request leaves the page, axe-core is clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from generator.scoring import score
from generator.site.benchmarks import percent_text as percent  # the table's; the browser must write the same
from generator.source.project import load_project
from tests.conftest import ROOT, run_axe

pytestmark = pytest.mark.browser

BENCHMARK = "hydreos-hydreos-2026"
HEADING = "Vous / les entreprises de Hydreos (n = 12, campagne 2e semestre 2026)"


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def standing(p: float, s) -> str:
    return "sous le 1er quartile" if p < s.q1 else "au-dessus du 3e quartile" if p > s.q3 else "dans la moitié centrale"


def test_comparison_after_answering_without_requests(page, base_url, project):
    ref, b = project.referentials["hydreos"], project.benchmarks[BENCHMARK]
    page.goto(f"{base_url}diagnostics/hydreos/")
    page.wait_for_selector("form[data-rse-ready]")
    page.wait_for_load_state("networkidle")
    loaded = len(page.recorder.all)
    box = page.locator("[data-rse-benchmark]")
    expect(box).to_contain_text("Dès vos premières réponses")
    answers = {"gouv-01": "tout-a-fait-d-accord", "gouv-02": "plutot-d-accord", "soc-01": "pas-du-tout-d-accord",
               "env-01": "plutot-pas-d-accord", "eco-01": "tout-a-fait-d-accord", "eco-02": "tout-a-fait-d-accord"}
    for cid, value in answers.items():
        page.check(f"input[name='{cid}'][value='{value}']")
    result = score(ref, answers)
    expect(box.locator("h3")).to_have_text(f"{HEADING} exemple fictif")
    expect(box).to_contain_text("Données de démonstration")
    rows = box.locator("li.rse-bench")
    expect(rows).to_have_count(len(ref.themes) + 1)
    stats = dict(b.themes)
    for i, t in enumerate(ref.themes):
        mine, s = result["themes"][i]["percent"], stats[t.id]
        expect(rows.nth(i).locator(".rse-bench__label")).to_have_text(t.title)
        expect(rows.nth(i).locator(".rse-bench__value")).to_have_text(
            f"Vous : {percent(mine)} · médiane {percent(s.median)}, moitié centrale de {percent(s.q1)} à "
            f"{percent(s.q3)} · vous êtes {standing(mine, s)}")
    overall = rows.nth(len(ref.themes))
    expect(overall.locator(".rse-bench__label")).to_have_text("Score global")
    expect(overall.locator(".rse-bench__value")).to_have_text(
        f"Vous : {percent(result['percent'])} · médiane {percent(b.overall.median)}, moitié centrale de "
        f"{percent(b.overall.q1)} à {percent(b.overall.q3)} · vous êtes {standing(result['percent'], b.overall)}")
    page.wait_for_timeout(300)
    assert [u for u in page.recorder.all[loaded:] if u.startswith(("http:", "https:"))] == []
    assert run_axe(page) == []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        box.scroll_into_view_if_needed()
        box.screenshot(path=f"/tmp/benchmark-compare-{width}.png")
        page.locator("#reperes").screenshot(path=f"/tmp/benchmark-table-{width}.png")
        assert run_axe(page) == [], width  # the table scrolls sideways at 390 px: its region takes the focus


def test_figures_readable_without_javascript(browser, base_url, project):
    b = project.benchmarks[BENCHMARK]
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        pg = context.new_page()
        pg.goto(f"{base_url}diagnostics/hydreos/")
        table = pg.locator(f"#repere-{BENCHMARK} table")
        expect(table).to_be_visible()
        expect(pg.get_by_role("table", name="Pourcentages obtenus par les entreprises de Hydreos")).to_be_visible()
        expect(pg.locator(f"#repere-{BENCHMARK}-legende")).to_have_text(
            "Pourcentages obtenus par les entreprises de Hydreos (n = 12, campagne 2e semestre 2026), par thème")
        gouvernance = dict(b.themes)["gouvernance"]
        cells = table.locator("tbody tr").first.locator("td")
        expect(cells).to_have_text([str(gouvernance.n)] + [percent(x) for x in (
            gouvernance.min, gouvernance.q1, gouvernance.median, gouvernance.q3, gouvernance.max)])
        expect(pg.locator(f"#repere-{BENCHMARK}")).to_contain_text("Données de démonstration")
        expect(pg.locator("[data-rse-results]")).to_be_hidden()
        link = pg.locator(f"#repere-{BENCHMARK} a[download]")
        expect(link).to_have_text("Télécharger cette synthèse (JSON)")
        doc = pg.request.get(pg.url + link.get_attribute("href")).json()
        assert (doc["type"], doc["n"], doc["campagne"]["id"]) == ("synthese-autodiagnostic", 12, "2026-S2")
    finally:
        context.close()


def test_cluster_page_lists_its_benchmarks(page, base_url):
    page.goto(f"{base_url}clusters/hydreos/")
    item = page.locator("#syntheses + p + ul li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("campagne 2e semestre 2026, 12 entreprises exemple fictif")
    item.locator("a").click()
    page.wait_for_url(f"**/diagnostics/hydreos/#repere-{BENCHMARK}")
    expect(page.locator(f"#repere-{BENCHMARK}")).to_be_visible()


def test_a_theme_answered_only_by_abstentions_is_not_compared(page, base_url, project):
    """The synthesis leaves such a company out of the theme's figures: "0 %" beside them would be false."""
    ref = project.referentials["hydreos"]
    page.goto(f"{base_url}diagnostics/hydreos/")
    page.wait_for_selector("form[data-rse-ready]")
    for c in ref.themes[0].criteria:
        page.check(f"input[name='{c.id}'][value='ne-se-prononce-pas']")
    first = page.locator("[data-rse-benchmark] li.rse-bench").first
    expect(first.locator(".rse-bench__value")).to_have_text(
        f"Vous : aucun critère compté (réponses « ne se prononce pas » ou « non applicable ») · médiane des entreprises "
        f"{percent(dict(project.benchmarks[BENCHMARK].themes)[ref.themes[0].id].median)}")
    expect(first.locator(".rse-bench__track")).to_have_count(0)
