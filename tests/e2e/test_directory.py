"""The directory in the browser: filters, counts, URL state, pagination, statuses
re-checked against the visitor's date, keyboard, accessibility."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from generator.model import SOON_DAYS, Award
from generator.source.project import load_project
from tests.conftest import ROOT, TODAY, build, copy_project, run_axe, serve

pytestmark = pytest.mark.browser

DAY = dt.date.fromisoformat(TODAY)
# The browser's clock, pinned to the build date, so counts by status are known.
NOON = dt.datetime(DAY.year, DAY.month, DAY.day, 12, 0)
DIRECTORY = "[data-rse-directory]"
COUNT = f"{DIRECTORY} [role=status]"
ROWS = f"{DIRECTORY} .rse-companies > li"


@pytest.fixture(scope="module")
def model():
    return load_project(ROOT)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def expected(model, label=None, level=None, status=None, region=None, name=None, today=DAY) -> list[str]:
    """Slugs the directory should show, by the rule of directory.js (label, level
    and status apply to one same award)."""
    out = []
    for c in model.companies.values():
        if region and c.region != region:
            continue
        if name and not all(t in fold(c.name) for t in fold(name).split()):
            continue
        if any((label is None or a.label == label) and (level is None or a.level == level)
               and (status is None or a.status(today) == status) for a in c.awards):
            out.append(c.slug)
    return out


def open_directory(page, url, query="", today=NOON):
    page.clock.set_fixed_time(today)
    page.goto(url + "annuaire/" + query)
    page.wait_for_selector(f"{DIRECTORY}[data-rse-ready]")


def shown(page) -> list[str]:
    hrefs = page.locator(f"{ROWS} h2 a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def count_text(page) -> str:
    return page.locator(COUNT).inner_text()


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def assert_query(page, want: dict, timeout_ms: int = 3000) -> None:
    """directory.js writes the address a moment after the view (replaceState
    on every keystroke is slow and throttled): wait for it."""
    for _ in range(timeout_ms // 50):
        if query(page) == want:
            return
        page.wait_for_timeout(50)
    assert query(page) == want


def option_texts(page, name) -> list[str]:
    return page.locator(f"#rse-dir-{name} option").all_inner_texts()


def test_ready_page_replaces_the_static_list(page, base_url, model):
    open_directory(page, base_url)
    assert page.locator("[data-rse-directory-static]").is_hidden()
    n = len(model.companies)
    assert count_text(page) == f"{n} entreprises."
    assert page.locator(ROWS).count() == n
    assert page.locator(f"{DIRECTORY} .rse-pagination").is_hidden()
    # The order of the static list (accent-blind, by name).
    assert shown(page) == list(sorted(model.companies, key=lambda s: (fold(model.companies[s].name), s)))
    # Links lead to the company pages.
    first = page.locator(f"{ROWS} h2 a").first
    assert first.get_attribute("href") == f"/annuaire/{shown(page)[0]}/"
    # Requests: the page, its assets and the index, nothing else of the directory's data.
    assert any(u.endswith("/annuaire/index.json") for u in page.recorder.all)
    assert not any(u.endswith(("entreprises.json", "entreprises.csv")) for u in page.recorder.all)


def test_filter_by_label_and_level(page, base_url, model):
    open_directory(page, base_url)
    level = page.locator("#rse-dir-niveau")
    assert level.is_disabled()
    page.select_option("#rse-dir-label", "afaq-26000")
    want = expected(model, label="afaq-26000")
    assert shown(page) == want
    assert count_text(page) == f"{len(want)} entreprises sur {len(model.companies)}."
    assert level.is_enabled()
    levels = [lv for lv in model.referentials["afaq-26000"].levels]
    assert option_texts(page, "niveau") == ["Tous les niveaux"] + [
        f"{lv.label} ({len(expected(model, label='afaq-26000', level=lv.id))})" for lv in levels]
    page.select_option("#rse-dir-niveau", "intermediaire")
    assert shown(page) == expected(model, label="afaq-26000", level="intermediaire")
    assert_query(page, {"label": "afaq-26000", "niveau": "intermediaire"})
    # Another label drops the level, which belonged to the first one.
    page.select_option("#rse-dir-label", "enr")
    assert_query(page, {"label": "enr"})
    assert shown(page) == expected(model, label="enr")


def test_filter_by_status_is_computed_in_the_browser(page, base_url, model):
    open_directory(page, base_url)
    for status, text in (("expire", "Expiré"), ("expire-bientot", "Expire bientôt"), ("valide", "Valide"),
                         ("a-confirmer", "À confirmer")):
        want = expected(model, status=status)
        assert want, status
        assert f"{text} ({len(want)})" in option_texts(page, "statut")
        page.select_option("#rse-dir-statut", status)
        assert shown(page) == want
        for row in page.locator(ROWS).all():
            assert row.locator(f".rse-status--{status}").count() >= 1
    # Was: SOS Data listed as "expire", from an invented date; the guide gives none.
    assert "sos-data" in expected(model, status="a-confirmer") and "sos-data" not in expected(model, status="expire")


def test_filter_by_region_with_counts(page, base_url, model):
    open_directory(page, base_url)
    regions = sorted({c.region for c in model.companies.values()})
    texts = option_texts(page, "region")
    for region in regions:
        assert f"{region} ({len(expected(model, region=region))})" in texts
    page.select_option("#rse-dir-region", "Normandie")
    want = expected(model, region="Normandie")
    assert shown(page) == want and "Normandie (4)" in option_texts(page, "region")
    # Counts of the other facets follow the region; the region's own counts do not shrink.
    for label in model.labels:
        n = len(expected(model, label=label, region="Normandie"))
        name = model.labels[label].label.name
        assert f"{name} ({n})" in option_texts(page, "label")
    assert option_texts(page, "region") == texts


def test_text_filter_ignores_case_and_accents(page, base_url, model):
    open_directory(page, base_url)
    page.fill("#rse-dir-nom", "DATA")
    assert shown(page) == expected(model, name="data") == ["datalpix", "sos-data"]
    page.fill("#rse-dir-nom", "pepinieres")
    assert shown(page) == ["pepinieres-brivalonne"]
    assert_query(page, {"nom": "pepinieres"})
    page.fill("#rse-dir-nom", "aucune entreprise de ce nom")
    assert shown(page) == []
    assert count_text(page).startswith("Aucune entreprise ne correspond")
    page.fill("#rse-dir-nom", "")
    assert_query(page, {})


def test_sort_by_expiry(page, base_url, model):
    open_directory(page, base_url)
    page.select_option("#rse-dir-tri", "expiration")
    got = shown(page)
    # An expiry that is not a fact (à confirmer) sorts last: was "sos-data" first, from an invented date.
    never = dt.date.max

    def known(a):
        return a.expires if a.expires_known else never

    firsts = [min(known(a) for a in model.companies[s].awards) for s in got]
    assert firsts == sorted(firsts) and firsts[got.index("sos-data")] == never
    page.select_option("#rse-dir-label", "ecoride")
    got = shown(page)
    days = [next(known(a) for a in model.companies[s].awards if a.label == "ecoride") for s in got]
    assert days == sorted(days) and len(got) == len(expected(model, label="ecoride"))


def test_url_state_round_trip(page, base_url, model):
    open_directory(page, base_url, "?label=enr&statut=valide&region=Occitanie&tri=expiration&inconnu=1")
    assert page.locator("#rse-dir-label").input_value() == "enr"
    assert page.locator("#rse-dir-statut").input_value() == "valide"
    assert page.locator("#rse-dir-region").input_value() == "Occitanie"
    assert page.locator("#rse-dir-tri").input_value() == "expiration"
    assert shown(page) == expected(model, label="enr", status="valide", region="Occitanie")
    # Values that do not exist are ignored, unknown parameters kept.
    open_directory(page, base_url, "?label=nope&region=Atlantide&page=-3&inconnu=1")
    assert page.locator("#rse-dir-label").input_value() == ""
    assert len(shown(page)) == len(model.companies)
    page.select_option("#rse-dir-statut", "expire")
    assert_query(page, {"inconnu": "1", "statut": "expire"})
    # What the address bar says is what a new visitor gets.
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector(f"{DIRECTORY}[data-rse-ready]")
    assert shown(page) == expected(model, status="expire")


def test_back_and_forward_restore_the_view(page, prod_url, model):
    """Through Material's instant navigation: the directory comes back filtered."""
    page.clock.set_fixed_time(NOON)
    page.goto(prod_url + "annuaire/")
    page.wait_for_selector(f"{DIRECTORY}[data-rse-ready]")
    page.select_option("#rse-dir-region", "Normandie")
    page.select_option("#rse-dir-statut", "valide")
    want = expected(model, region="Normandie", status="valide")
    assert shown(page) == want
    page.evaluate("window.__sameDocument = true")
    page.locator(f"{ROWS} h2 a").first.click()
    page.wait_for_url(re.compile(rf"/annuaire/{want[0]}/$"))
    page.wait_for_selector("h1:has-text('Labels'), #labels")
    page.go_back()
    page.wait_for_url(re.compile(r"/annuaire/\?"))
    page.wait_for_selector(f"{DIRECTORY}[data-rse-ready]")
    assert page.evaluate("window.__sameDocument === true"), "instant navigation expected"
    assert page.locator("#rse-dir-region").input_value() == "Normandie"
    assert shown(page) == want
    assert page.locator(f"{DIRECTORY} form").count() == 1
    page.go_forward()
    page.wait_for_url(re.compile(rf"/annuaire/{want[0]}/$"))
    page.wait_for_selector(".rse-award")


def test_init_twice_renders_once(page, base_url):
    open_directory(page, base_url, "?region=Bretagne")
    before = shown(page)
    page.evaluate("""async () => {
        const m = await import('/assets/javascripts/directory.js');
        m.init(document); m.init(document);
    }""")
    assert page.locator(f"{DIRECTORY} form").count() == 1
    assert shown(page) == before


def test_keyboard_only(page, base_url, model):
    open_directory(page, base_url)
    page.focus("#rse-dir-label")
    page.keyboard.press("ArrowDown")  # a closed select changes on arrows, as with a mouse
    first_label = page.locator("#rse-dir-label").input_value()
    assert first_label
    assert shown(page) == expected(model, label=first_label)
    page.keyboard.press("Tab")  # the level, now enabled
    assert page.evaluate("document.activeElement.id") == "rse-dir-niveau"
    for _ in range(4):  # statut, cluster, region, secteur
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "rse-dir-nom"
    page.keyboard.type("zzz")
    page.keyboard.press("Enter")  # no submission, no reload
    assert page.locator(f"{DIRECTORY}[data-rse-ready]").count() == 1
    assert shown(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Effacer les filtres"
    page.keyboard.press("Enter")
    assert len(shown(page)) == len(model.companies)
    assert_query(page, {})


@pytest.mark.parametrize("day", [DAY, DAY + dt.timedelta(days=400)])
def test_status_rule_is_the_generators(page, base_url, day):
    """status.js and model.Award.status agree, boundaries included."""
    page.goto(base_url)
    cases = [day + dt.timedelta(days=k) for k in (-400, -1, 0, 1, SOON_DAYS - 1, SOON_DAYS, SOON_DAYS + 1, 500)]
    got = page.evaluate("""async ([today, dates]) => {
        const s = await import('/assets/javascripts/status.js');
        return dates.map((d) => s.statusOf(s.dayNumber(d), s.dayNumber(today)));
    }""", [day.isoformat(), [d.isoformat() for d in cases]])
    assert got == [Award("x", None, dt.date(2000, 1, 1), d).status(day) for d in cases]
    # An expiry the page does not carry (unknown, or estimated) is "à confirmer" on both sides.
    unknown = page.evaluate("""async (today) => {
        const s = await import('/assets/javascripts/status.js');
        return [s.statusOf(s.dayNumber(""), s.dayNumber(today)), s.STATUS_TEXT["a-confirmer"]];
    }""", day.isoformat())
    assert unknown == [Award("x", None, None, None).status(day), "À confirmer"]


def test_an_old_build_does_not_show_an_expired_label_as_valid(page, base_url, model):
    award = next(a for a in model.companies["datalpix"].awards if a.label == "enr")
    assert award.status(DAY) == "valide"
    badge = "section.rse-award .rse-status"
    page.goto(base_url + "annuaire/datalpix/")
    assert page.locator(badge).get_attribute("data-rse-status") == "valide"
    # The same build, read the day after expiry...
    page.clock.set_fixed_time(dt.datetime.combine(award.expires + dt.timedelta(days=1), dt.time(9)))
    page.goto(base_url + "annuaire/datalpix/")
    expect(page.locator(badge)).to_have_text("Expiré")
    assert page.locator(badge).get_attribute("class") == "rse-status rse-status--expire"
    # ...on the expiry day itself, and within 90 days of it.
    page.clock.set_fixed_time(dt.datetime.combine(award.expires, dt.time(23, 30)))
    page.goto(base_url + "annuaire/datalpix/")
    expect(page.locator(badge)).to_have_attribute("data-rse-status", "expire-bientot")
    assert page.locator(badge).inner_text() == "Expire bientôt"


def test_label_holders_and_directory_follow_the_clock(page, base_url, model):
    later = dt.datetime(2031, 1, 1, 12)
    page.clock.set_fixed_time(later)
    page.goto(base_url + "labels/enr/")
    holders = [c for c in model.companies.values() if any(a.label == "enr" and a.expires_known for a in c.awards)]
    expect(page.locator("tr[data-rse-expires] .rse-status")).to_have_text(["Expiré"] * len(holders))
    # SOS Data's date is unknown: years later it is still "à confirmer", never "expiré".
    expect(page.locator("tr:has(a[href$='annuaire/sos-data/']) .rse-status")).to_have_text("À confirmer")
    open_directory(page, base_url, "?statut=valide", today=later)
    assert shown(page) == expected(model, status="valide", today=later.date())
    # The static fallback list was re-checked too, though hidden.
    assert page.locator("[data-rse-directory-static] .rse-status--valide").count() == \
        len([a for c in model.companies.values() for a in c.awards if a.status(later.date()) == "valide"])


def test_status_after_instant_navigation(page, prod_url, model):
    """Pages reached without a reload are checked too (app.js calls init on each page)."""
    award = next(a for a in model.companies["datalpix"].awards if a.label == "enr")
    page.clock.set_fixed_time(dt.datetime.combine(award.expires + dt.timedelta(days=1), dt.time(9)))
    page.goto(prod_url + "labels/enr/")
    page.wait_for_selector("tr[data-rse-expires] .rse-status")
    page.evaluate("window.__sameDocument = true")
    page.locator("a[href$='annuaire/datalpix/']").first.click()
    page.wait_for_url(re.compile(r"/annuaire/datalpix/$"))
    expect(page.locator("section.rse-award .rse-status")).to_have_text("Expiré")
    assert page.evaluate("window.__sameDocument === true")


@pytest.mark.parametrize("uri", ["annuaire/", "annuaire/sos-data/", "annuaire/datalpix/", "labels/enr/", "clusters/france-it/"])
def test_accessibility(page, base_url, uri):
    page.clock.set_fixed_time(NOON)
    page.goto(base_url + uri)
    if uri == "annuaire/":
        page.wait_for_selector(f"{DIRECTORY}[data-rse-ready]")
        page.select_option("#rse-dir-label", "afaq-26000")
    assert run_axe(page) == []


def test_badges_fit_their_frame(page, site):
    """Badges are drawn with the viewer's fonts: no line may run out of the 240 px frame."""
    paths = sorted(site.glob("annuaire/*/*.svg"))
    assert paths
    # All of them inline in one document: measuring is the same, and one load instead of fifty.
    page.set_content("".join(f'<div data-badge="{p.relative_to(site).as_posix()}">{p.read_text(encoding="utf-8")}</div>'
                             for p in paths))
    widths = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-badge]')].map(d =>
        [d.dataset.badge, Math.max(...[...d.querySelectorAll('text')].map(t => { const b = t.getBBox(); return b.x + b.width; }))]))""")
    assert len(widths) == len(paths)
    assert {k: v for k, v in widths.items() if v > 236} == {}


# --- more than one page: a copy of the project with synthetic companies ------

EXTRA = 110  # with the shipped ones: three pages of 50


@pytest.fixture(scope="module")
def big_url(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("big"))
    folder = root / "data" / "entreprises"
    for i in range(EXTRA):
        (folder / f"synthetique-{i:03d}.yml").write_text(
            f"nom: Synthétique {i:03d}\nregion: {'Bretagne' if i % 2 else 'Normandie'}\nsecteur: Test\n"
            f"cluster: france-it\nexemple: true\nlabels:\n  - label: enr\n    obtenu: 2025-{1 + i % 12:02d}-15\n",
            encoding="utf-8")
    site = root / "site"
    build(root, site)
    server, url = serve(site)
    yield url
    server.shutdown()


def test_pagination(page, big_url, model):
    total = len(model.companies) + EXTRA
    open_directory(page, big_url)
    pager = page.locator(f"{DIRECTORY} nav.rse-pagination")
    assert pager.get_attribute("aria-label") == "Pages des résultats"
    assert page.locator(ROWS).count() == 50
    assert count_text(page) == f"{total} entreprises, page 1 sur 3 (1 à 50)."
    assert pager.locator("[aria-current=page]").text_content() == "Page 1"
    assert len(set(pager.locator("li").evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))"))) == 1
    first_page = shown(page)
    pager.get_by_role("link", name="Page 2", exact=True).click()
    assert count_text(page) == f"{total} entreprises, page 2 sur 3 (51 à 100)."
    assert pager.locator("[aria-current=page]").text_content() == "Page 2"
    assert_query(page, {"page": "2"})
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert not set(shown(page)) & set(first_page)
    pager.get_by_role("link", name="Page suivante").click()
    assert page.locator(ROWS).count() == total - 100
    assert_query(page, {"page": "3"})
    assert pager.get_by_role("link", name="Page suivante").count() == 0
    # A filter starts again from page 1; a page past the end is brought back.
    page.select_option("#rse-dir-region", "Bretagne")
    assert_query(page, {"region": "Bretagne"})
    open_directory(page, big_url, "?page=99")
    assert pager.locator("[aria-current=page]").text_content() == "Page 3"
    # Keyboard: Enter on a focused page link.
    pager.get_by_role("link", name="Page 1", exact=True).focus()
    page.keyboard.press("Enter")
    assert pager.locator("[aria-current=page]").text_content() == "Page 1"
    assert run_axe(page) == []


def test_static_pages_without_javascript(browser, big_url, model):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(big_url + "annuaire/")
        static = page.locator("[data-rse-directory-static]")
        assert static.is_visible()
        assert static.locator(".rse-companies > li").count() == 50
        page.locator(".rse-pagination a[rel=next]").click()
        page.wait_for_url(re.compile(r"/annuaire/page-2/$"))
        assert page.locator(".rse-pagination [aria-current=page]").text_content() == "Page 2"
        tops = page.locator(".rse-pagination li").evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
        assert len(tops) == 5 and len(set(tops)) == 1  # one row: previous, 1, 2, 3, next
        assert page.locator(".rse-companies > li").count() == 50
    finally:
        context.close()


def test_label_and_cluster_pages_lead_to_the_filtered_directory(page, big_url):
    """Long holder lists stop on the label page and continue in the directory, filtered."""
    from generator.site import clusters as emit

    holders = {"labels/enr/": ("label", "enr", 8 + EXTRA), "clusters/france-it/": ("cluster", "france-it", None)}
    for uri, (name, value, n) in holders.items():
        page.clock.set_fixed_time(NOON)
        page.goto(big_url + uri)
        link = page.locator(f"a[href$='annuaire/?{name}={value}']")
        if n is not None and n <= getattr(emit, "LISTED", 100):
            assert link.count() == 0
            continue
        link.click()
        page.wait_for_selector(f"{DIRECTORY}[data-rse-ready]")
        assert page.locator(f"#rse-dir-{name}").input_value() == value
        if n is not None:
            assert count_text(page).startswith(f"{n} entreprises sur ")
