"""Text from data is shown as text everywhere it goes.

Validation refuses HTML in plain-text fields (first line of defence); these
tests bypass it, building model objects directly, to check the second line:
every renderer escapes what it writes.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from generator import urls
from generator.site.generate import generate as emit
from generator.site.output import Options
from tests.site.test_directory import index_rows
from generator.source.errors import ValidationError
from generator.model import Award
from generator.source.project import load_project
from tests.conftest import ROOT, copy_project

EVIL = "<script>alert(1)</script> & Cie"
EVIL_HTML = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie"
EVIL_REGION = 'Région "citée" <b>'
TODAY = dt.date(2026, 11, 26)
SLUG = "cie-evil"


@pytest.fixture(scope="module")
def output():
    project = load_project(ROOT)
    evil = dataclasses.replace(
        project.companies["sos-data"], slug=SLUG, name=EVIL, region=EVIL_REGION, sector="Secteur </textarea>",
        description="Description <img src=x onerror=alert(2)>", site="https://evil.example/?a=1&b=<2>",
        # Recent and soon expiring: the company appears in both kinds of feed entries.
        awards=(Award("enr", "labellise", TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=30)),),
    )
    project = dataclasses.replace(project, companies={SLUG: evil, **project.companies})
    out = emit(project, Options(TODAY, site_url="https://example.org/rse-clusters/"))
    return {p.uri: p.html for p in out.pages}, {f.uri: f.content for f in out.files}


def _no_raw_markup(text: str) -> None:
    assert "<script>alert" not in text
    assert "<b>" not in text
    assert "<img src=x" not in text
    assert "Secteur </textarea>" not in text


@pytest.mark.parametrize("uri", [urls.company(SLUG), urls.DIRECTORY, urls.label("enr"), urls.cluster("france-it")])
def test_pages_show_the_name_as_text(output, uri):
    html = output[0][uri]
    assert EVIL_HTML in html
    _no_raw_markup(html)


def test_company_page_attributes_and_textarea(output):
    html = output[0][urls.company(SLUG)]
    assert 'data-pagefind-filter="region:Région &#34;citée&#34; &lt;b&gt;"' in html
    assert "Description &lt;img src=x onerror=alert(2)&gt;" in html
    assert 'href="https://evil.example/?a=1&amp;b=&lt;2&gt;"' in html
    # The embed code is HTML shown as text: escaped once for the code, once for the page.
    (code,) = re.findall(r'<textarea id="embed-enr"[^>]*>(.*?)</textarea>', html, re.S)
    assert "&amp;lt;script&amp;gt;alert(1)" in code
    assert "<" not in code


def test_jsonld_cannot_close_its_script(output):
    html = output[0][urls.company(SLUG)]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S | re.I)
    assert len(blocks) == 1
    (block,) = blocks
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)  # the whole object, not a piece cut at a fake </script>
    assert data["name"] == EVIL
    assert data["description"] == "Description <img src=x onerror=alert(2)>"


def test_badge_svg(output):
    svg = output[1][urls.badge(SLUG, "enr")]
    _no_raw_markup(svg)
    root = ET.fromstring(svg)
    title = root.find("{http://www.w3.org/2000/svg}title").text
    assert title.startswith(EVIL + " : Label ENR")


def test_open_data_files(output):
    files = output[1]
    rows = list(csv.DictReader(io.StringIO(files["annuaire/entreprises.csv"], newline="")))
    row = next(r for r in rows if r["entreprise"] == SLUG)
    assert row["nom"] == EVIL and row["region"] == EVIL_REGION
    data = json.loads(files["annuaire/entreprises.json"])
    assert next(e for e in data["entreprises"] if e["id"] == SLUG)["nom"] == EVIL
    _, rows = index_rows(lambda name: files["annuaire/" + name])
    assert any(r[1] == EVIL for r in rows)
    feed = files["annuaire/flux.xml"]
    _no_raw_markup(feed)
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in ET.fromstring(feed)]
    mine = [t for t in titles if t and EVIL in t]
    assert len(mine) == 2  # obtained recently, expires soon


def test_csv_neutralises_spreadsheet_formulas():
    project = load_project(ROOT)
    sos = project.companies["sos-data"]
    project = dataclasses.replace(project, companies={"sos-data": dataclasses.replace(sos, name="=HYPERLINK(1)")})
    out = emit(project, Options(TODAY))
    csv_text = next(f.content for f in out.files if f.uri == "annuaire/entreprises.csv")
    assert next(csv.DictReader(io.StringIO(csv_text)))["nom"] == "'=HYPERLINK(1)"


def test_validation_refuses_html_in_a_company_name(tmp_path):
    project = copy_project(tmp_path)
    path = project / "data" / "entreprises" / "balise.yml"
    path.write_text("nom: Cie <script>alert(1)</script>\nregion: Bretagne\nsecteur: Test\ncluster: france-it\n"
                    "labels:\n  - label: enr\n    obtenu: 2025-01-01\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_project(project)
    report = err.value.report()
    assert "data/entreprises/balise.yml:1:6: erreur : HTML interdit" in report
    assert [d.position.path for d in err.value.diagnostics] == ["data/entreprises/balise.yml"]


def test_theme_escapes_generated_titles(tmp_path, monkeypatch):
    """The page title goes through the theme's templates, which MkDocs does not
    autoescape (<title>, header): the adapter hands them escaped text."""
    import generator.adapter.plugin as plugin
    from generator.adapter.driver import mkdocs_build

    real = plugin.load_project

    def with_evil(root, include_examples=True, cache=None):
        project = real(root, include_examples, cache)
        evil = dataclasses.replace(project.companies["sos-data"], slug=SLUG, name=EVIL)
        return dataclasses.replace(project, companies={**project.companies, SLUG: evil})

    monkeypatch.setattr(plugin, "load_project", with_evil)
    monkeypatch.setenv("RSE_AUJOURDHUI", "2026-11-26")
    site = tmp_path / "site"
    mkdocs_build(ROOT / "mkdocs.yml", site)
    html = (site / "annuaire" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert f"<title>{EVIL_HTML} - " in html
