"""The synthesis page in Chromium (issue 14): 30 exports of two campaigns, four
of them refused, dropped on the page; what it shows and exports is checked
against statistics computed here with Python's own `statistics` (type 7
quantiles) on the reference scorer's results, never read back from the page's
module. Also: the anonymity threshold, keyboard use, no request, axe-core."""

from __future__ import annotations

import json
import random
import re
import statistics
from collections import Counter

import pytest
from playwright.sync_api import expect

from generator.scoring import score
from generator.source.project import load_project
from tests.conftest import ROOT, run_axe

pytestmark = pytest.mark.browser

RID = "hydreos"
CAMPAIGNS = {"2026-S1": ("1er semestre 2026", 3), "2026-S2": ("2e semestre 2026", 10)}
PER_CAMPAIGN = 13
NBSP = "\u00a0"
# The page shows one decimal of the aggregate's two: up to 0.05 + 0.005 from the exact value.
TOLERANCE = 0.056


@pytest.fixture(scope="module")
def ref():
    return load_project(ROOT).referentials[RID]


def company_answers(ref, rnd):
    """Random answers: any option (abstentions included), about one criterion in ten left blank."""
    answers = {c.id: rnd.choice(c.options).value for c in ref.criteria if rnd.random() > 0.1}
    return answers or {ref.criteria[0].id: ref.criteria[0].options[0].value}


def export(ref, answers, date, **over):
    return json.dumps({"referentiel": ref.id, "version": ref.version, "date": date, "reponses": answers, **over})


def as_file(name, text):
    return {"name": name, "mimeType": "application/json", "buffer": text.encode("utf-8")}


@pytest.fixture(scope="module")
def data(ref):
    """The 30 files, and each campaign's companies' answers as the page should count them."""
    rnd = random.Random(14)
    files, kept = [], {cid: [] for cid in CAMPAIGNS}
    for cid, (_, month) in CAMPAIGNS.items():
        for k in range(PER_CAMPAIGN):
            answers = company_answers(ref, rnd)
            kept[cid].append(answers)
            files.append(as_file(f"{cid}-entreprise-{k:02d}.json", export(ref, answers, f"2026-{month:02d}-{k + 1:02d}T09:30:00.000Z")))
    refused = {
        "autre-grille.json": ("autre référentiel", export(ref, kept["2026-S1"][0], "2026-03-20T10:00:00.000Z", referentiel="enr")),
        "ancienne-version.json": ("autre version", export(ref, kept["2026-S1"][1], "2026-03-21T10:00:00.000Z", version="0.9")),
        "abime.json": ("fichier illisible", export(ref, kept["2026-S2"][0], "2026-10-20T10:00:00.000Z")[:40]),
        "copie.json": ("doublon", files[PER_CAMPAIGN + 3]["buffer"].decode("utf-8")),
    }
    files += [as_file(name, text) for name, (_, text) in refused.items()]
    assert len(files) == 30
    return {"files": files, "kept": kept, "refused": {name: kind for name, (kind, _) in refused.items()}}


def five_numbers(values):
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"min": min(values), "q1": q1, "mediane": median, "q3": q3, "max": max(values), "moyenne": statistics.fmean(values)}


def expected(ref, answer_sets, threshold=5, weakest=5):
    """One campaign's aggregate, from the reference scorer and `statistics`."""
    results = [score(ref, a) for a in answer_sets]
    themes = {t.id: five_numbers([r["themes"][i]["percent"] for r in results if r["themes"][i]["max"]])
              for i, t in enumerate(ref.themes)}
    levels = Counter(r["level"]["id"] if r["level"] else None for r in results)
    criteria = []
    for t in ref.themes:
        for c in t.criteria:
            top = max(o.points or 0 for o in c.options)
            points = {o.value: o.points for o in c.options}
            counted = [a.get(c.id) for a in answer_sets if a.get(c.id) is None or points[a[c.id]] is not None]
            if len(counted) >= threshold:
                got = sum(points[v] for v in counted if v is not None)
                criteria.append((100 * got / (len(counted) * top), len(criteria), c, t, len(counted), counted.count(None)))
            else:
                criteria.append((None, len(criteria), c, t, len(counted), 0))
    ranked = sorted((x for x in criteria if x[0] is not None), key=lambda x: (x[0], x[1]))[:weakest]
    return {"n": len(results), "complets": sum(r["complete"] for r in results),
            "ensemble": five_numbers([r["percent"] for r in results if r["max"]]), "themes": themes, "levels": levels,
            "weakest": [{"id": c.id, "text": c.text, "advice": c.advice, "part": part, "n": n, "sans_reponse": blanks}
                        for part, _, c, _t, n, blanks in ranked]}


def number(text):
    return float(text.replace(NBSP, "").replace("%", "").replace(",", ".").replace("\u2212", "-").strip())


def open_synthesis(page, base_url):
    page.goto(f"{base_url}diagnostics/{RID}/synthese/")
    page.wait_for_selector("[data-rse-synthesis][data-rse-ready]")


def drop_files(page, data):
    page.set_input_files("[data-rse-synth-files]", files=data["files"])
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("30 fichiers lus")


def table_rows(page, selector):
    return page.eval_on_selector_all(f"{selector} tbody tr", "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))")


def assert_distribution(page, ref, exp):
    rows = table_rows(page, ".rse-synth__table")
    wanted = [("Ensemble (score global)", exp["ensemble"])] + [(f"{i + 1}. {t.title}", exp["themes"][t.id]) for i, t in enumerate(ref.themes)]
    assert [r[0] for r in rows] == [w[0] for w in wanted]
    for row, (label, stats) in zip(rows, wanted):
        assert int(row[1]) == exp["n"], label
        for cell, key in zip(row[2:], ["min", "q1", "mediane", "q3", "max", "moyenne"]):
            assert abs(number(cell) - stats[key]) <= TOLERANCE, f"{label} {key}: {cell} != {stats[key]}"


def test_thirty_exports_counts_statistics_levels_plan(page, base_url, ref, data):
    open_synthesis(page, base_url)
    page.wait_for_load_state("networkidle")
    loaded = len(page.recorder.all)
    drop_files(page, data)
    s1, s2 = (expected(ref, data["kept"][c]) for c in CAMPAIGNS)
    expect(page.locator("[data-rse-synth-status]")).to_contain_text(
        "30 fichiers lus : 26 retenus, 4 écartés. 2 campagnes : 1er semestre 2026 (13 entreprises), 2e semestre 2026 (13 entreprises).")
    report = page.locator("[data-rse-synth-files-report]")
    expect(report).to_contain_text("4 fichiers écartés")
    for name, kind in data["refused"].items():
        expect(report.locator("li", has_text=name)).to_contain_text(f"({kind})")
    expect(report.locator("li", has_text="ancienne-version.json")).to_contain_text("version 0.9")
    expect(report.locator("li", has_text="copie.json")).to_contain_text("identique à « 2026-S2-entreprise-03.json »")

    # The latest campaign first: its statistics, levels and plan.
    expect(page.locator("[data-rse-synth-campaign] h3")).to_have_text("Campagne : 2e semestre 2026")
    expect(page.locator("[data-rse-synth-campaign]")).to_contain_text(f"13 entreprises, dont {s2['complets']} ")
    assert_distribution(page, ref, s2)
    expect(page.locator("[data-rse-synth-campaign] svg.rse-box:visible")).to_have_count(1)
    levels = {r[0]: int(r[1]) for r in table_rows(page, ".rse-synth__levels")}
    assert levels == {**{lv.label: s2["levels"].get(lv.id, 0) for lv in ref.levels}, "Aucun niveau atteint": s2["levels"].get(None, 0)}
    items = page.locator("[data-rse-synth-campaign] .rse-plan__item")
    expect(items).to_have_count(5)
    for i, w in enumerate(s2["weakest"]):
        expect(items.nth(i).locator(".rse-plan__title")).to_have_text(w["text"])
        expect(items.nth(i)).to_contain_text(w["advice"])
        meta = items.nth(i).locator(".rse-plan__meta").text_content()
        assert abs(number(re.search(r"collectif : ([\d,]+\u00a0%)", meta).group(1)) - w["part"]) <= TOLERANCE, meta
    fiche = items.first.locator(".rse-plan__fiches a").first
    assert fiche.get_attribute("href") == "../../../fiches/hydreos/"

    # Progress: medians of the first campaign, then of the second.
    progress = table_rows(page, ".rse-synth__progress")
    assert len(progress) == 1 + len(ref.themes)
    for row, (before, after) in zip(progress, [(s1["ensemble"], s2["ensemble"])]
                                    + [(s1["themes"][t.id], s2["themes"][t.id]) for t in ref.themes]):
        assert abs(number(row[1]) - before["mediane"]) <= TOLERANCE and abs(number(row[2]) - after["mediane"]) <= TOLERANCE

    # The other campaign, chosen in its list.
    page.select_option("[data-rse-synth-choose]", "2026-S1")
    expect(page.locator("[data-rse-synth-campaign] h3")).to_have_text("Campagne : 1er semestre 2026")
    assert_distribution(page, ref, s1)
    expect(page.locator("[data-rse-synth-choose]")).to_be_focused()

    # By year: one campaign of all 26 companies.
    page.select_option("[data-rse-synth-period]", "annee")
    expect(page.locator("[data-rse-synth-campaign] h3")).to_have_text("Campagne : 2026")
    assert_distribution(page, ref, expected(ref, data["kept"]["2026-S1"] + data["kept"]["2026-S2"]))
    expect(page.locator("[data-rse-synth-choose]")).to_have_count(0)
    after = [u for u in page.recorder.all[loaded:] if u.startswith(("http:", "https:"))]
    assert after == []


def test_exports_hold_the_aggregate_only(page, base_url, ref, data):
    open_synthesis(page, base_url)
    page.wait_for_load_state("networkidle")
    loaded = len(page.recorder.all)
    drop_files(page, data)
    s2 = expected(ref, data["kept"]["2026-S2"])
    with page.expect_download() as info:
        page.click("[data-rse-synth-act='export-json']")
    assert info.value.suggested_filename == "synthese-hydreos-2026-S2.json"
    text = open(info.value.path(), encoding="utf-8").read()
    doc = json.loads(text)
    assert list(doc) == ["type", "format", "referentiel", "version", "campagne", "seuil", "n", "complets", "ensemble",
                         "themes", "niveaux", "sans_niveau", "criteres_faibles"]
    assert (doc["type"], doc["format"], doc["referentiel"], doc["version"], doc["seuil"]) == ("synthese-autodiagnostic", 1, RID, "1.0", 5)
    assert doc["campagne"] == {"id": "2026-S2", "libelle": "2e semestre 2026", "debut": "2026-07-01", "fin": "2026-12-31"}
    assert (doc["n"], doc["complets"]) == (13, s2["complets"])
    for t in doc["themes"]:
        for k, v in s2["themes"][t["id"]].items():
            assert abs(t[k] - v) <= 0.0051, (t["id"], k)
    assert {lv["id"]: lv["n"] for lv in doc["niveaux"]} == {lv.id: s2["levels"].get(lv.id, 0) for lv in ref.levels}
    assert [(c["id"], c["n"], c["sans_reponse"]) for c in doc["criteres_faibles"]] == [(w["id"], w["n"], w["sans_reponse"]) for w in s2["weakest"]]
    # Nothing of one company: no answers, no export date, no file name.
    assert "reponses" not in text and "T09:30" not in text and ".json" not in text

    with page.expect_download() as info:
        page.click("[data-rse-synth-act='export-csv']")
    csv = open(info.value.path(), "rb").read().decode("utf-8")
    assert csv.startswith("\ufeffSynthèse d'auto-diagnostics;") and "\r\nEntreprises;13\r\n" in csv
    assert "Thème;Entreprises;Minimum (%);1er quartile (%);Médiane (%);3e quartile (%);Maximum (%);Moyenne (%)" in csv
    assert s2["weakest"][0]["text"] in csv and ".json" not in csv

    with page.expect_download() as info:
        page.click("[data-rse-synth-act='export-plan']")
    assert info.value.suggested_filename == "plan-action-hydreos-2026-S2.md"
    plan = open(info.value.path(), encoding="utf-8").read()
    assert plan.startswith("# Projet de plan d'action collectif : ")
    headings = [line for line in plan.splitlines() if line.startswith("## ")]
    assert len(headings) == 5 and headings[0].startswith("## 1. ")
    assert f"(<{base_url}fiches/hydreos/>)" in plan and ".json" not in plan
    after = [u for u in page.recorder.all[loaded:] if u.startswith(("http:", "https:"))]
    assert after == []


def test_anonymity_threshold(page, base_url, ref, data):
    open_synthesis(page, base_url)
    four = data["files"][:4]
    page.set_input_files("[data-rse-synth-files]", files=four)
    campaign = page.locator("[data-rse-synth-campaign]")
    expect(campaign).to_contain_text("moins de 5 entreprises dans cette campagne")
    expect(campaign.locator("svg, table, .rse-plan__item")).to_have_count(0)
    expect(page.locator("[data-rse-synth-act='export-json']")).to_be_disabled()
    # A fifth file: statistics appear.
    page.set_input_files("[data-rse-synth-files]", files=[data["files"][4]])
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("5 fichiers lus : 5 retenus, 0 écarté.")
    assert_distribution(page, ref, expected(ref, data["kept"]["2026-S1"][:5]))
    # Raised above the campaign's count: counts only again; below 5 is refused.
    page.fill("[data-rse-synth-threshold]", "6")
    page.press("[data-rse-synth-threshold]", "Enter")
    expect(campaign).to_contain_text("moins de 6 entreprises")
    expect(campaign.locator("svg, table")).to_have_count(0)
    page.fill("[data-rse-synth-threshold]", "3")
    page.press("[data-rse-synth-threshold]", "Tab")
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("au moins 5 entreprises : il reste à 6")
    expect(page.locator("[data-rse-synth-threshold]")).to_have_value("6")


def test_keyboard_drop_and_imported_aggregate(page, base_url, ref, data):
    # Playwright turns on file chooser interception when a listener is added, without
    # waiting for Chromium's reply: armed only by expect_file_chooser(), a chooser opened
    # at once could still go to headless Chromium's native dialog, which cancels it (seen
    # once in CI, 1 run in 14 here with the other core loaded). A listener from the start
    # has interception on long before the key press.
    page.on("filechooser", lambda chooser: None)
    open_synthesis(page, base_url)
    s1_files = data["files"][:PER_CAMPAIGN]
    page.set_input_files("[data-rse-synth-files]", files=s1_files)
    with page.expect_download() as info:
        page.focus("[data-rse-synth-act='export-json']")
        page.keyboard.press("Enter")
    s1_doc = open(info.value.path(), encoding="utf-8").read()
    page.click("[data-rse-synth-clear]")
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("Aucun fichier lu")

    # The file input, reached and opened with the keyboard.
    page.focus("[data-rse-synth-clear]")
    page.keyboard.press("Shift+Tab")
    expect(page.locator("[data-rse-synth-files]")).to_be_focused()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(files=data["files"][PER_CAMPAIGN:PER_CAMPAIGN + 6])
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("6 fichiers lus : 6 retenus")

    # Dropped on the zone: the same reading.
    page.evaluate("""(files) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(new File([f.text], f.name, { type: "application/json" }));
        document.querySelector("[data-rse-dropzone]").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }""", [{"name": f["name"], "text": f["buffer"].decode()} for f in data["files"][PER_CAMPAIGN + 6:2 * PER_CAMPAIGN]])
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("13 fichiers lus : 13 retenus")
    # Beside the zone: the browser does not open the file in place of the page.
    prevented = page.evaluate("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["{}"], "x.json", { type: "application/json" }));
        return !document.querySelector("h1").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }""")
    assert prevented
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("Déposez les fichiers dans le cadre")
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("13 fichiers lus : 13 retenus")
    # The diagnostic's CSV of results holds no answers: refused, with what to ask for instead.
    page.set_input_files("[data-rse-synth-files]", files=[{"name": "resultats.csv", "mimeType": "text/csv",
                                                           "buffer": "\ufeffThème;Score;Maximum;Pourcentage;Critères renseignés;Critères\r\n".encode()}])
    expect(page.locator("[data-rse-synth-files-report] li", has_text="resultats.csv")).to_contain_text("« Exporter mes réponses (JSON) »")

    # A published aggregate of the first campaign: progress against it.
    page.set_input_files("[data-rse-synth-aggregate]", files=[as_file("synthese.json", s1_doc)])
    progress = page.locator("[data-rse-synth-progress]")
    expect(progress).to_contain_text("1er semestre 2026 → 2e semestre 2026 (avec la synthèse importée)")
    s1, s2 = (expected(ref, data["kept"][c]) for c in CAMPAIGNS)
    row = table_rows(page, ".rse-synth__progress")[0]
    assert abs(number(row[1]) - s1["ensemble"]["mediane"]) <= TOLERANCE and abs(number(row[2]) - s2["ensemble"]["mediane"]) <= TOLERANCE
    broken = json.loads(s1_doc)
    broken["n"] = 3
    page.set_input_files("[data-rse-synth-aggregate]", files=[as_file("faux.json", json.dumps(broken))])
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("Cette synthèse ne peut pas être importée")
    page.click("[data-rse-synth-act='drop-import']")
    expect(progress).not_to_contain_text("(avec la synthèse importée)")
    expect(page.locator("[data-rse-synth-aggregate]")).to_be_focused()


def test_axe_clean_and_fits_a_phone(page, base_url, data):
    open_synthesis(page, base_url)
    assert run_axe(page) == []
    drop_files(page, data)
    assert run_axe(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("[data-rse-synth-campaign] svg.rse-box--compact")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert run_axe(page) == []
    page.emulate_media(media="print")
    expect(page.locator("[data-rse-synth-form]")).to_be_hidden()
    expect(page.locator("[data-rse-synth-print-date]")).to_contain_text("Rapport de synthèse établi le")
    expect(page.locator("[data-rse-synth-campaign] svg.rse-box--wide")).to_be_visible()


def test_without_javascript_the_page_explains(site):
    html = (site / "diagnostics" / RID / "synthese" / "index.html").read_text(encoding="utf-8")
    assert "ne sont jamais envoyés" in html and "<noscript>" in html
    assert "data-rse-synth-form hidden" in html and "data-rse-synth-results hidden" in html
    assert 'data-rse-module="../../../assets/referentiels/hydreos.js"' in html
    diagnostic = (site / "diagnostics" / RID / "index.html").read_text(encoding="utf-8")
    assert f'href="../../diagnostics/{RID}/synthese/"' in diagnostic


def test_reached_by_instant_navigation_from_its_diagnostic(page, prod_url, data):
    page.goto(f"{prod_url}diagnostics/{RID}/")
    page.wait_for_selector("form[data-rse-ready]")
    page.evaluate("window.__same_document = true")
    page.click("a[href$='synthese/']")
    page.wait_for_selector("[data-rse-synthesis][data-rse-ready]")
    assert page.evaluate("window.__same_document") is True  # Material swapped the page: no reload
    page.set_input_files("[data-rse-synth-files]", files=data["files"][:6])
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("6 fichiers lus : 6 retenus")
    page.go_back()
    page.wait_for_selector("form[data-rse-ready]")
    page.go_forward()
    page.wait_for_selector("[data-rse-synthesis][data-rse-ready]")
    # A page seen again starts afresh: the files read before stayed with the page that left.
    expect(page.locator("[data-rse-synth-status]")).to_contain_text("Aucun fichier lu")
