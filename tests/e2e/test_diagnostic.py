"""The self-diagnostic pages in Chromium: keyboard, autosave, exports, share links, privacy, a11y."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from generator.scoring import score
from generator.source.project import load_project
from tests.conftest import ROOT, run_axe

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
# enr: ten practices (0/3/6/10 points) then ten client questions (0/3/7/10): option indices.
ENR_KEYS = [3, 3, 3, 3, 3, 2, 1, 0, 0, 0] + [3, 3, 3, 3, 3, 3, 1, 0, 0, 0]  # 59 + 63 = 122 points


@pytest.fixture(scope="module")
def refs():
    return load_project(ROOT).referentials


def open_diagnostic(page, base_url, rid):
    page.goto(f"{base_url}diagnostics/{rid}/")
    page.wait_for_selector("form[data-rse-ready]")


def answers_from_indices(ref, indices):
    return {c.id: c.options[i].value for c, i in zip(ref.criteria, indices)}


def checked(page):
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('form[data-rse-diagnostic] input:checked')]
        .map((i) => [i.name, i.value]))""")


def wait_checked(page, expected):
    """Material's instant navigation may swap the page once more: wait for the radios to settle."""
    page.wait_for_function("""(expected) => {
        const got = Object.fromEntries([...document.querySelectorAll('form[data-rse-diagnostic] input:checked')].map((i) => [i.name, i.value]));
        return JSON.stringify(got) === JSON.stringify(expected); }""", arg=expected)


def answer(page, answers):
    for cid, value in answers.items():
        page.check(f"input[name='{cid}'][value='{value}']")


def live(page):
    return page.locator("[data-rse-live]")


def test_keyboard_only_fill_scores_and_restores(page, base_url, refs):
    ref = refs["enr"]
    open_diagnostic(page, base_url, "enr")
    expect(page.locator("[data-rse-results]")).to_be_visible()
    # Focus lands on the first radio; from there, only keys: Space checks, arrows move, Tab leaves the group.
    page.locator("input[name='prat-01']").first.focus()
    for index in ENR_KEYS:
        page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    expected = answers_from_indices(ref, ENR_KEYS)
    assert checked(page) == expected
    result = score(ref, expected)
    assert (result["score"], result["percent"], result["level"]["id"]) == (122, 61, "labellise")
    expect(live(page)).to_have_text(f"Score : 122 sur 200 points, 61{NBSP}%, niveau Labellisé.")
    summary = page.locator("[data-rse-summary]")
    expect(summary).to_contain_text("Niveau atteint : Labellisé")
    expect(summary).to_contain_text("Vous avez atteint le niveau le plus élevé : Labellisé.")
    expect(page.locator("[data-rse-progress='pratiques']")).to_have_text("10 / 10 renseignés ✓")
    expect(page.locator("[data-rse-progress-total]")).to_contain_text("20 critères renseignés sur 20")

    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    assert checked(page) == expected
    expect(live(page)).to_contain_text("niveau Labellisé")
    # One step down on client-06 (10 -> 7 points): 119, below the strict threshold.
    page.locator("input[name='client-06']:checked").focus()
    page.keyboard.press("ArrowUp")
    expect(live(page)).to_have_text(f"Score : 119 sur 200 points, 59,5{NBSP}%, aucun niveau atteint.")
    expect(page.locator("[data-rse-summary]")).to_contain_text("Il vous manque plus de 1 point pour atteindre Labellisé.")


def test_results_plan_and_themes(page, base_url, refs):
    ref = refs["ecoride"]
    open_diagnostic(page, base_url, "ecoride")
    first = ref.themes[0].criteria
    answers = {c.id: "3" for c in first[:20]} | {first[20].id: "1", first[21].id: "na"}
    answer(page, answers)
    result = score(ref, answers)
    bars = page.locator("[data-rse-themes] li")
    expect(bars).to_have_count(3)
    expect(bars.first).to_contain_text(f"{round(result['themes'][0]['percent'], 1)}".replace(".", ",") + f"{NBSP}%")
    expect(bars.first).to_contain_text("22 / 22 renseignés")
    expect(page.locator("[data-rse-summary]")).to_contain_text("Résultat provisoire : 23 critères sur 45")
    expect(page.locator("[data-rse-summary]")).to_contain_text("points de pourcentage pour atteindre")
    radar = page.locator("[data-rse-radar] svg[role='img']:visible")
    expect(radar).to_have_count(1)
    assert radar.locator("title").text_content().startswith("Profil par thème")
    expect(page.locator("[data-rse-radar] table tbody tr")).to_have_count(3)
    plan = page.locator("[data-rse-plan] .rse-plan__item")
    expect(plan).to_have_count(10)
    # Weakest first: an answered criterion at 0 would come first; here the "1 of 3" one and the
    # unanswered ones are all below the full ones, and the answered 1/3 is not the weakest.
    expect(plan.first).to_contain_text("Non renseigné")
    expect(plan.first.locator(".rse-plan__advice")).to_contain_text("Conseil :")
    expect(plan.first.locator(".rse-plan__fiches a")).to_have_text("EuroSIMA : le label environnemental ECORIDE")
    page.locator("[data-rse-plan] details summary").click()
    expect(page.locator("[data-rse-plan] .rse-plan__item")).to_have_count(1 + 23)


def test_export_then_import_compares(page, base_url, refs, tmp_path):
    ref = refs["enr"]
    open_diagnostic(page, base_url, "enr")
    before = answers_from_indices(ref, [1] * 4)  # 4 practices at 3 points
    answer(page, before)
    with page.expect_download() as info:
        page.click("[data-rse-act='export-json']")
    download = info.value
    assert download.suggested_filename.startswith("autodiagnostic-enr-") and download.suggested_filename.endswith(".json")
    doc = json.loads(open(download.path(), encoding="utf-8").read())
    assert list(doc) == ["referentiel", "version", "date", "reponses"]
    assert (doc["referentiel"], doc["version"], doc["reponses"]) == ("enr", "1.0", before)
    with page.expect_download() as info:
        page.click("[data-rse-act='export-csv']")
    csv = open(info.value.path(), "rb").read().decode("utf-8")
    assert csv.startswith("\ufeffThème;Score;Maximum;Pourcentage")
    assert "\r\nTotal;12;200;6;4;20\r\n" in csv

    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(doc), encoding="utf-8")
    answer(page, {"prat-01": "justifiee"})  # 3 -> 10 points
    page.set_input_files("input[data-rse-import]", str(exported))
    compare = page.locator("[data-rse-compare]")
    expect(compare).to_be_visible()
    expect(compare).to_contain_text("Total : +7 points")
    expect(page.locator("[data-rse-themes] li").first).to_contain_text("+7 points")
    expect(page.locator("[data-rse-themes] li").nth(1)).to_contain_text("±0 point")

    # Another referential or version: a warning, the comparison still holds when the criteria fit.
    other = tmp_path / "autre.json"
    other.write_text(json.dumps({**doc, "referentiel": "ancien", "version": "0.9"}), encoding="utf-8")
    page.set_input_files("input[data-rse-import]", str(other))
    expect(compare).to_contain_text("autre référentiel")
    expect(compare).to_contain_text("version 0.9")
    expect(compare).to_contain_text("+7 points")

    page.set_input_files("input[data-rse-import]", files=[{"name": "casse.json", "mimeType": "application/json", "buffer": b"{pas du json"}])
    expect(page.locator("[data-rse-action-status] [role='alert']")).to_contain_text("n'est pas un fichier JSON valide")
    page.set_input_files("input[data-rse-import]", files=[{"name": "autre.json", "mimeType": "application/json",
                                                           "buffer": json.dumps({"reponses": {"gouv-01": "a"}}).encode()}])
    expect(page.locator("[data-rse-action-status] [role='alert']")).to_contain_text("ne correspondent pas aux critères")

    page.click("text=Retirer la comparaison")
    expect(compare).to_be_hidden()


def test_share_link_round_trip(page, base_url, refs):
    ref = refs["hydreos"]
    open_diagnostic(page, base_url, "hydreos")
    shared = answers_from_indices(ref, [0, 1, 2, 3, 4, 0])
    answer(page, shared)
    page.click("[data-rse-act='share']")
    link = page.locator("[data-rse-share-url]").input_value()
    path, _, fragment = link.partition("#")
    assert path == f"{base_url}diagnostics/hydreos/"  # no answer before the fragment: never sent
    assert fragment == "r=012340~1.0"  # one character per criterion: the option's index

    page.once("dialog", lambda d: d.accept())
    page.click("[data-rse-act='reset']")
    mine = answers_from_indices(ref, [4] * 3)
    answer(page, mine)

    # A fresh load from the link: the shared answers are shown, not saved.
    page.goto("about:blank")
    page.goto(link)
    page.wait_for_selector("form[data-rse-ready]")
    expect(page.locator("[data-rse-notices]")).to_contain_text("viennent d'un lien de partage")
    assert checked(page) == shared
    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    assert checked(page) == shared  # the fragment stays while its answers are shown
    page.click("text=Revenir à mes réponses enregistrées")
    assert checked(page) == mine
    assert page.evaluate("location.hash") == ""
    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    assert checked(page) == mine

    # Pasted on the same page; changing an answer makes the shown answers this device's own.
    page.goto(link)
    page.wait_for_load_state("networkidle")
    wait_checked(page, shared)
    page.check("input[name='gouv-01'][value='plutot-d-accord']")
    expect(page.locator("[data-rse-notices] [data-rse-shared-notice]")).to_have_count(0)
    assert page.evaluate("location.hash") == ""
    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    assert checked(page) == {**shared, "gouv-01": "plutot-d-accord"}

    page.goto(f"{base_url}diagnostics/hydreos/#r=012~0.1")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector("form[data-rse-ready]")
    expect(page.locator("[data-rse-notices]")).to_contain_text("version 0.1")
    assert checked(page) == {**shared, "gouv-01": "plutot-d-accord"}


def test_bad_saves_show_a_notice_without_errors(page, base_url):
    open_diagnostic(page, base_url, "enr")
    page.evaluate("localStorage.setItem('rse:diag:enr:1.0', '{pas du json')")
    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    expect(page.locator("[data-rse-notices]")).to_contain_text("n'ont pas été reprises")
    assert checked(page) == {}
    page.check("input[name='prat-01'][value='ponctuelle']")  # the bad save is replaced
    assert json.loads(page.evaluate("localStorage.getItem('rse:diag:enr:1.0')"))["reponses"] == {"prat-01": "ponctuelle"}

    page.evaluate("""() => { localStorage.clear();
        localStorage.setItem('rse:diag:enr:0.9', JSON.stringify({referentiel: 'enr', version: '0.9', reponses: {}})); }""")
    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    expect(page.locator("[data-rse-notices]")).to_contain_text("version précédente de ce référentiel (version 0.9)")

    page.evaluate("""localStorage.setItem('rse:diag:enr:1.0', JSON.stringify({referentiel: 'enr', version: '1.0',
        reponses: {'prat-01': 'supprime'}}))""")
    page.reload()
    page.wait_for_selector("form[data-rse-ready]")
    expect(page.locator("[data-rse-notices]")).to_contain_text("ne correspondent pas aux critères")
    page.locator("[data-rse-notices] .rse-notice__close").first.click()
    expect(page.locator("[data-rse-notices] .rse-notice")).to_have_count(0)


def test_storage_that_throws_is_survived(page, base_url):
    page.add_init_script("""Object.defineProperty(window, 'localStorage', {
        get() { throw new DOMException('bloqué', 'SecurityError'); } });""")
    open_diagnostic(page, base_url, "enr")
    expect(page.locator("[data-rse-notices]")).to_contain_text("L'enregistrement automatique n'est pas disponible")
    page.check("input[name='prat-01'][value='justifiee']")
    expect(live(page)).to_contain_text("Score : 10 sur 200 points")


def test_no_request_after_load(page, base_url, tmp_path):
    open_diagnostic(page, base_url, "enr")
    page.wait_for_load_state("networkidle")
    loaded = len(page.recorder.all)
    module_loads = [u for u in page.recorder.all if u.endswith("/assets/referentiels/enr.js")]
    assert len(module_loads) == 1
    answer(page, {"prat-01": "justifiee", "client-01": "satisfait", "client-02": "tres-satisfait"})
    with page.expect_download() as info:
        page.click("[data-rse-act='export-json']")
    page.set_input_files("input[data-rse-import]", info.value.path())
    expect(page.locator("[data-rse-compare]")).to_be_visible()
    with page.expect_download():
        page.click("[data-rse-act='export-csv']")
    page.click("[data-rse-act='share']")
    page.click("a[href='#critere-prat-02']")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-rse-act='reset']")
    expect(live(page)).to_contain_text("Score : 0 sur 200 points")
    page.wait_for_timeout(300)
    after = [u for u in page.recorder.all[loaded:] if u.startswith(("http:", "https:"))]
    assert after == []


def test_axe_clean_with_results(page, base_url, tmp_path):
    open_diagnostic(page, base_url, "ecoride")
    answer(page, {"me-01": "3", "me-02": "1", "me-03": "na", "ef-01": "2", "ee-01": "0"})
    exported = tmp_path / "avant.json"
    exported.write_text(json.dumps({"referentiel": "ecoride", "version": "1.0", "date": "2026-01-01T00:00:00Z",
                                    "reponses": {"me-01": "1"}}), encoding="utf-8")
    page.set_input_files("input[data-rse-import]", str(exported))
    page.click("[data-rse-act='share']")
    expect(page.locator("[data-rse-compare]")).to_contain_text("Comparaison avec l'export du 1 janvier 2026")
    expect(page.locator("[data-rse-radar] svg:visible .rse-radar__previous")).to_have_count(1)
    assert run_axe(page) == []


def test_print_shows_the_report_or_the_paper_grid(page, base_url):
    open_diagnostic(page, base_url, "enr")
    page.emulate_media(media="print")
    expect(page.locator("form.rse-diag")).to_be_visible()  # nothing answered: the paper grid
    expect(page.locator("[data-rse-results]")).to_be_hidden()
    page.emulate_media(media="screen")
    page.check("input[name='prat-01'][value='justifiee']")
    page.emulate_media(media="print")
    expect(page.locator("form.rse-diag")).to_be_hidden()
    expect(page.locator("[data-rse-results]")).to_be_visible()
    expect(page.locator("[data-rse-print-date]")).to_contain_text("Rapport d'auto-diagnostic établi le")
    expect(page.locator("[data-rse-actions]")).to_be_hidden()


def test_init_is_idempotent_and_follows_instant_navigation(page, prod_url):
    page.goto(f"{prod_url}diagnostics/enr/")
    page.wait_for_selector("form[data-rse-ready]")
    page.evaluate("async () => (await import(new URL('../../assets/javascripts/diagnostic.js', location.href))).init(document)")
    page.check("input[name='prat-01'][value='justifiee']")
    expect(page.locator("[data-rse-act='export-json']")).to_have_count(1)
    expect(live(page)).to_contain_text("Score : 10 sur 200 points")

    page.evaluate("window.rseSamePage = true")
    page.locator(".md-nav a[href$='diagnostics/hydreos/']").first.click()
    expect(page.locator("h1")).to_contain_text("HYDREOS", ignore_case=True)
    page.wait_for_selector("form[data-rse-diagnostic='hydreos'][data-rse-ready]")
    assert page.evaluate("window.rseSamePage") is True  # instant navigation, not a page load
    page.check("input[name='gouv-01'][value='tout-a-fait-d-accord']")
    expect(live(page)).to_contain_text("Score : 4 sur")
    keys = page.evaluate("Object.keys(localStorage).sort()")
    assert keys == ["rse:diag:enr:1.0", "rse:diag:hydreos:1.0"]

    page.go_back()
    page.wait_for_selector("form[data-rse-diagnostic='enr'][data-rse-ready]")
    assert checked(page) == {"prat-01": "justifiee"}
    expect(page.locator("[data-rse-act='export-json']")).to_have_count(1)

    # Through a page without a diagnostic and back: the page's listeners went with it, none doubled.
    page.locator(".md-nav a[href$='diagnostics/']").first.click()
    expect(page.locator("h1")).to_have_text("Auto-diagnostics")
    page.go_back()
    page.wait_for_selector("form[data-rse-diagnostic='enr'][data-rse-ready]")
    page.check("input[name='prat-02'][value='ponctuelle']")
    expect(live(page)).to_contain_text("Score : 13 sur 200 points")
    assert page.evaluate("window.rseSamePage") is True
