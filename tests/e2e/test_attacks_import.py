"""Hostile files imported through the diagnostic page's file input (issue 9).

Any JSON, whatever its shape, must give a French notice and change nothing:
not the answers checked, not the answers saved in localStorage, not the
comparison already shown. The pure parsing is covered case by case in
tests/js/diagnostic-core.test.mjs; this test proves the page wires it so.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BIG = "x" * 500_000
HOSTILE = [
    ("tostring.json", '{"referentiel": {"toString": 1}}'),  # the reproduction
    ("tostring-reponses.json",
     '{"referentiel": {"toString": 1}, "version": {"toString": 1}, "reponses": {"prat-01": {"toString": 1}}}'),
    ("tableau.json", "[]"),
    ("null.json", "null"),
    ("nombre.json", "1e999"),
    ("imbrication.json", "[" * 100_000 + "]" * 100_000),
    ("proto.json", '{"reponses": {"__proto__": {"prat-01": "justifiee"}}}'),
    ("valeurs.json", '{"reponses": {"prat-01": true, "prat-02": 1.5, "prat-03": ["a"]}}'),
    ("cle-geante.json", json.dumps({"reponses": {BIG: "a"}})),
    ("pas-du-json.json", "{pas du json"),
]


def test_hostile_imports_give_a_notice_and_change_nothing(page, base_url, tmp_path):
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{base_url}diagnostics/enr/")
    page.wait_for_selector("form[data-rse-ready]")
    mine = {"prat-01": "justifiee", "client-01": "satisfait"}
    for cid, value in mine.items():
        page.check(f"input[name='{cid}'][value='{value}']")
    # A comparison is on screen: a bad file must not replace it either.
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps({"referentiel": "enr", "version": "1.0", "reponses": {"prat-01": "ponctuelle"}}),
                        encoding="utf-8")
    page.set_input_files("input[data-rse-import]", str(exported))
    compare = page.locator("[data-rse-compare]")
    expect(compare).to_be_visible()
    shown_before = compare.inner_text()
    saved_before = page.evaluate("() => localStorage.getItem('rse:diag:enr:1.0')")
    assert json.loads(saved_before)["reponses"] == {"prat-01": "justifiee", "client-01": "satisfait"}

    alert = page.locator("[data-rse-action-status] [role='alert']")
    for name, content in HOSTILE:
        # Clear the previous notice, so that each file is seen to give its own.
        page.evaluate("() => { document.querySelector('[data-rse-action-status]').textContent = ''; }")
        page.set_input_files("input[data-rse-import]",
                             files=[{"name": name, "mimeType": "application/json", "buffer": content.encode()}])
        expect(alert).to_have_count(1)
        text = alert.inner_text()
        assert text.startswith(("Ce fichier", "Les réponses de ce fichier")), f"{name}: {text}"
        assert len(text) < 300, f"{name}: {len(text)} caractères"
        checked = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
            'form[data-rse-diagnostic] input:checked')].map((i) => [i.name, i.value]))""")
        assert checked == mine, name
        assert page.evaluate("() => localStorage.getItem('rse:diag:enr:1.0')") == saved_before, name
        assert compare.inner_text() == shown_before, name
    assert console_errors == []
    # page.js_errors (no uncaught exception) is asserted by the fixture.
