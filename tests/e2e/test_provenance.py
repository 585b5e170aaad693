"""What a reader sees of provenance: an assumption is a visible word whose reason
opens from the keyboard and is announced to screen readers; an unknown date
stays « à confirmer » whatever the visitor's date."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.conftest import run_axe

pytestmark = pytest.mark.browser

MARK = "details.rse-prov"


def test_a_marker_is_a_word_whose_reason_opens_from_the_keyboard(page, base_url):
    page.goto(base_url + "labels/ecoride/")
    marker = page.locator("dd", has_text="3 ans").locator(MARK)
    summary = marker.locator("summary")
    expect(summary).to_be_visible()
    assert summary.inner_text().startswith("hypothèse")  # a word, not a colour
    reason = marker.locator(".rse-prov__reason")
    expect(reason).to_be_hidden()
    summary.focus()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(reason).to_be_visible()
    assert "ne précise pas la durée de validité" in reason.inner_text()
    # Screen readers hear what the word is about, and that it opens.
    name = page.evaluate("el => el.textContent", summary.element_handle())
    assert name == "hypothèse : durée de validité"


def test_the_directory_marks_sos_data_and_never_says_expired(page, base_url):
    page.clock.set_fixed_time(dt.datetime(2040, 1, 1, 12))
    page.goto(base_url + "annuaire/?nom=sos")
    page.wait_for_selector("[data-rse-directory][data-rse-ready]")
    row = page.locator("[data-rse-directory] .rse-companies > li", has_text="SOS Data")
    expect(row).to_have_count(1)
    expect(row.locator(".rse-status")).to_have_text("À confirmer")
    assert "date de fin à confirmer" in row.inner_text()
    expect(row.locator(f"{MARK} summary")).to_have_count(2)  # région and secteur are assumptions
    row.locator(f"{MARK} summary").first.click()
    expect(row.locator(".rse-prov__reason").first).to_be_visible()
    # The company page, re-checked by the browser in 2040: still "à confirmer".
    page.goto(base_url + "annuaire/sos-data/")
    expect(page.locator("section.rse-award .rse-status")).to_have_text("À confirmer")


@pytest.mark.parametrize("uri", ["labels/6pl/", "labels/afaq-26000/", "annuaire/sos-data/", "clusters/capenergies/",
                                 "clusters/", "sources-et-methode/", "diagnostics/afaq-26000/", "fiches/capenergies/"])
def test_pages_with_markers_are_accessible(page, base_url, uri):
    page.goto(base_url + uri)
    for summary in page.locator(f"{MARK} summary").all()[:3]:
        summary.click()  # open ones too
    assert page.locator(MARK).count() >= 1 or uri == "sources-et-methode/"  # there: a table of them
    assert run_axe(page) == []
