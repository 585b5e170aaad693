"""generator/adapter/shell.py and the plugin's use of it: pages outside the
navigation are written from one Material page per layout, and read the same."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from generator import urls
from generator.adapter.shell import CONTENT, EDIT, OWN_H1, TITLE, Layout, Shell, index_document, sitemap
from generator.site.output import GeneratedPage


@pytest.mark.parametrize("uri", ["recherche.md", "annuaire/acme.md", "annuaire/page-3.md", "a/b/c.md"])
def test_a_shell_sits_at_the_depth_of_its_pages(uri):
    page = GeneratedPage(uri, "T", "<p>x</p>")
    layout = Layout.of(page, editable=False)
    assert urls.page_dir(layout.uri).count("/") == urls.page_dir(uri).count("/")
    assert urls.rel(layout.uri, "fiches/piles.md") == urls.rel(uri, "fiches/piles.md")


def test_layouts_differ_by_what_material_renders_differently():
    a = Layout.of(GeneratedPage("annuaire/a.md", "A", "<p>a</p>", styles=("directory",)), editable=False)
    b = Layout.of(GeneratedPage("clusters/b.md", "B", "<p>b</p>", styles=("directory",)), editable=False)
    assert a == b and a.uri == b.uri
    others = [Layout.of(GeneratedPage("annuaire/a.md", "A", "<h1>A</h1>"), editable=False),
              Layout.of(GeneratedPage("annuaire/a.md", "A", "<p>a</p>", indexed=False), editable=False),
              Layout.of(GeneratedPage("annuaire/a.md", "A", "<p>a</p>"), editable=True)]
    assert len({a.uri, *(o.uri for o in others)}) == 4


SHELL = (f'<link rel="canonical" href="https://x.example/rse-gabarit/i-t-e/"><title>{TITLE} - Site</title>'
         f'<a href="{EDIT}">Modifier</a><article><h1>{TITLE}</h1>{CONTENT}</article>')


def test_fill_puts_each_value_in_its_place_escaped():
    layout = Layout(2, (), True, False, True)
    shell = Shell(SHELL, layout, "https://x.example/rse-gabarit/i-t-e/", ())
    html = shell.fill("A & <B>", "<p>contenu</p>", "https://x.example/annuaire/a/",
                      "https://github.com/o/r/edit/main/data/entreprises/a.yml")
    assert html == ('<link rel="canonical" href="https://x.example/annuaire/a/"><title>A &amp; &lt;B&gt; - Site</title>'
                    '<a href="https://github.com/o/r/edit/main/data/entreprises/a.yml">Modifier</a>'
                    '<article><h1>A &amp; &lt;B&gt;</h1><p>contenu</p></article>')


def test_content_that_looks_like_a_marker_is_not_filled_again():
    layout = Layout(2, (), True, False, False)
    shell = Shell(f"<title>{TITLE}</title>{CONTENT}", layout, None, ())
    assert shell.fill("T", f"<p>{TITLE}</p>", None, None) == f"<title>T</title><p>{TITLE}</p>"


def test_a_shell_without_its_markers_is_refused():
    with pytest.raises(ValueError, match="marqueurs"):
        Shell(f"<title>{TITLE}</title>", Layout(2, (), True, False, False), None, ())
    with pytest.raises(ValueError, match="marqueurs"):
        Shell(f"{TITLE}{CONTENT}{CONTENT}", Layout(2, (), True, False, False), None, ())
    # A shell for pages with their own <h1> carries the comment that keeps Material's out.
    Shell(f"{TITLE}{CONTENT}{OWN_H1}", Layout(2, (), True, True, False), None, ())


def entry(loc: str, mod: str = "2026-12-03") -> str:
    return f"    <url>\n         <loc>{loc}</loc>\n         <lastmod>{mod}</lastmod>\n    </url>\n"


def test_sitemap_puts_written_pages_back_in_order_and_drops_shells():
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    xml = head + entry("https://x/") + entry("https://x/b/") + entry("https://x/rse-gabarit/s/") + "</urlset>"
    out = sitemap(xml, ["https://x/", "https://x/a/", "https://x/b/", "https://x/c/", "https://x/rse-gabarit/s/"],
                  written={"https://x/a/", "https://x/c/"}, shells={"https://x/rse-gabarit/s/"})
    assert out == head + entry("https://x/") + entry("https://x/a/") + entry("https://x/b/") + entry("https://x/c/") \
        + "</urlset>"


class _Refused(Exception):
    pass


def test_content_written_from_a_shell_is_verified_like_any_page(tmp_path, monkeypatch):
    """Defence in depth: a page that holds a script the templates did not write
    is refused, though it never goes through MkDocs' page loop."""
    from mkdocs.exceptions import PluginError

    from generator.adapter.plugin import RsePlugin
    from generator.site.output import Output

    plugin = RsePlugin()
    layout = Layout(2, (), True, False, False)
    page = GeneratedPage("annuaire/a.md", "A", "<p>a</p><script>alert(1)</script>")
    plugin.output = Output()
    plugin.written = {page.uri: (page, SimpleNamespace(url="annuaire/a/", abs_dest_path=str(tmp_path / "a.html")), layout)}
    plugin.shells = {layout.uri: Shell(f"<title>{TITLE}</title>{CONTENT}", layout, None, ())}
    with pytest.raises(PluginError, match="contient du code"):
        plugin.on_post_build(SimpleNamespace(site_url=""))
    assert not (tmp_path / "a.html").exists()


PAGE = (f'<!doctype html><html lang="fr" class="no-js"><head><title>{TITLE} - Site</title>'
        f'<script src="x.js"></script></head><body><nav>Menu</nav><article><a href="{EDIT}">Modifier</a>'
        f'<div data-pagefind-body><h1>{TITLE}</h1>{CONTENT}</div></article><footer>Pied</footer></body></html>')


def test_pagefind_reads_the_language_the_title_and_the_indexed_region_only():
    assert index_document(PAGE) == (f'<!doctype html><html lang="fr" class="no-js"><head><meta charset="utf-8">'
                                    f'<title>{TITLE} - Site</title></head><body>'
                                    f'<div data-pagefind-body><h1>{TITLE}</h1>{CONTENT}</div></body></html>')
    shell = Shell(PAGE, Layout(2, (), True, False, False), None, ())
    lean = shell.fill("A & B", "<p>Texte</p>", None, None, shell.index_parts)
    assert "<title>A &amp; B - Site</title>" in lean and "<h1>A &amp; B</h1><p>Texte</p></div>" in lean
    assert "Menu" not in lean and "x.js" not in lean and "Pied" not in lean and "Modifier" not in lean


@pytest.mark.parametrize("change", [
    ("<nav>", '<nav data-pagefind-filter="type:X">'),  # a filter outside the region
    ("</footer>", "</footer><div data-pagefind-body>Autre</div>"),  # a second region
    ("<div data-pagefind-body>", "<div>"),  # none
    ("</article>", ""),  # not where Material puts the content
    ('<html lang="fr" class="no-js">', ""),  # no language
])
def test_a_page_with_more_for_pagefind_is_indexed_whole(change):
    assert index_document(PAGE.replace(*change)) is None


def test_pages_outside_the_index_have_no_lean_document():
    assert Shell(PAGE, Layout(2, (), False, False, False), None, ()).index_parts is None


def test_the_build_writes_a_lean_document_for_each_indexed_page_of_a_shell(tmp_path, site):
    from generator.adapter.driver import mkdocs_build

    from tests.conftest import ROOT, TODAY

    monkey = pytest.MonkeyPatch()
    monkey.setenv("RSE_AUJOURDHUI", TODAY)
    monkey.setenv("RSE_QUIET", "1")
    try:
        mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", index_mirror=tmp_path / "mirror")
    finally:
        monkey.undo()
    lean = {p.relative_to(tmp_path / "mirror").as_posix() for p in (tmp_path / "mirror").rglob("*.html")}
    assert "annuaire/sos-data/index.html" in lean and "clusters/piles/index.html" in lean
    assert "index.html" not in lean  # the guide's pages go through MkDocs: the build links them whole
    page = (site / "annuaire" / "sos-data" / "index.html").read_text(encoding="utf-8")
    doc = (tmp_path / "mirror" / "annuaire" / "sos-data" / "index.html").read_text(encoding="utf-8")
    assert doc == index_document(page) and len(doc) < len(page) / 2


# --- the built site ------------------------------------------------------------

def test_no_shell_and_no_marker_is_published(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "RSE-GABARIT" not in text and "rse-gabarit" not in text, path
    assert not list(site.glob("rse-gabarit*"))


def test_a_written_page_reads_as_its_own(site):
    html = (site / "annuaire" / "sos-data" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/rse-clusters/annuaire/sos-data/">' in html
    title = re.search(r"<title>([^<]*)</title>", html).group(1)
    assert title.startswith("SOS Data") and title.endswith(" - Dynamique RSE des pôles et clusters")
    assert html.count('http-equiv="Content-Security-Policy"') == 1
    assert "data-pagefind-body" in html


def test_the_short_navigation_links_from_every_folder(site):
    """The short sidebar was rendered once per depth and reused: from a cluster
    page its « Annuaire » link went to ../ (the clusters' folder)."""
    for rel in ("clusters/piles/index.html", "annuaire/sos-data/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        links = re.findall(r'<a href="([^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">Annuaire', html)
        assert links == ["../../annuaire/"], rel


def test_the_sitemap_lists_every_page(site):
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", xml)
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")
             if not p.relative_to(site).as_posix().startswith(("pagefind/", "assets/"))}
    assert {loc.removeprefix("https://example.org/rse-clusters/").rstrip("/") for loc in locs} == \
        {"" if p == "." else p for p in pages}
    assert len(locs) == len(set(locs))
