"""A site built from hostile sources, loaded page by page in Chromium: no
dialog opens, no script of the sources runs, no request leaves loopback
(the `page` fixture fails the test on any request off localhost)."""

from __future__ import annotations

import pytest

from tests.conftest import serve
from tests.hostile import MARK

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    server, url = serve(hostile_site)
    yield url
    server.shutdown()


def test_no_page_runs_the_sources_scripts(page, hostile_site, hostile_url):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html")
                   if not p.relative_to(hostile_site).as_posix().startswith("pagefind/"))
    assert any(p.startswith("guide/attaque-") for p in pages)
    ran = []
    for rel in pages:
        page.goto(hostile_url + rel.removesuffix("index.html"), wait_until="load")
        if page.evaluate(f"typeof window.{MARK} !== 'undefined'"):
            ran.append(rel)
        page.mouse.move(10, 10)
        page.mouse.move(400, 300)  # hover handlers, had any survived
    assert ran == []
    assert dialogs == []
    # Nothing was even attempted: the sanitiser removed it before the policy had to.
    assert violations == []
    assert len(pages) > 80
