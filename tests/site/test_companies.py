"""The built showcase: company pages, badges, label and cluster pages, navigation.

Built once per process with RSE_AUJOURDHUI=2026-11-26 (tests.conftest.TODAY).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from generator.source.project import load_project
from tests.conftest import ROOT, TODAY, build, copy_project
from tests.site.test_directory import index_rows

pytestmark = pytest.mark.build

SVG = "{http://www.w3.org/2000/svg}"
COMPANY_FILES = sorted((ROOT / "data" / "entreprises").glob("*.yml"))
LABELS = ["6pl", "ecoride", "enr", "afaq-26000"]


class Links(HTMLParser):
    """hrefs of the links inside <nav> elements, and of all links."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.in_nav: list[str] = []
        self.all: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self.depth += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.all.append(href)
            if self.depth:
                self.in_nav.append(href)

    def handle_endtag(self, tag):
        if tag == "nav" and self.depth:
            self.depth -= 1


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def hrefs(uri: str, html: str) -> set[str]:
    """Site paths the page links to, resolved from the page's own URL."""
    return {urljoin(f"/{uri}/", h) for h in re.findall(r'href="([^"]*)"', html)}


def content(html: str) -> str:
    """The page's own content, without the theme's navigation."""
    start = html.index('<article')
    return html[start:html.index("</article>", start)]


def jsonld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def statuses(html: str) -> list[str]:
    return re.findall(r'class="rse-status rse-status--([a-z-]+)"', html)


@pytest.fixture(scope="module")
def model():
    return load_project(ROOT)


def test_every_company_has_a_page(site):
    assert COMPANY_FILES
    for path in COMPANY_FILES:
        html = page(site, f"annuaire/{path.stem}")
        name = yaml.safe_load(path.read_text(encoding="utf-8"))["nom"]
        assert re.search(r"<h1[^>]*>" + re.escape(name.replace("'", "&#39;")) + "</h1>", html), path.name


# Was test_sos_data_page_shows_its_expired_label: "Expiré" came from an invented
# date (2018-01-01); the guide only says SOS Data has held ENR "depuis plus de
# 4 ans" in 2018. The page now says what is known, and marks what is assumed.
def test_sos_data_page_shows_what_the_guide_says_and_no_expiry(site):
    html = content(page(site, "annuaire/sos-data"))
    assert "SOS Data" in html
    assert statuses(html) == ["a-confirmer"]
    assert ">À confirmer</span>" in html and "Expiré" not in html
    assert "data-rse-expires" not in html  # nothing for the browser to turn into "expiré"
    assert "avant 2014" in html and "<dt>Détenu en</dt><dd>2018</dd>" in html
    assert re.search(r'<details class="rse-prov rse-prov--hypothese"><summary>hypothèse'
                     r'<span class="rse-visually-hidden"> : date d&#39;obtention</span></summary> '
                     r'<span class="rse-prov__reason">le guide cite SOS Data', html)
    assert "exemple fictif" not in html.lower()  # a real company


def test_demo_companies_are_marked_as_fictitious(site):
    demos = [p.stem for p in COMPANY_FILES if yaml.safe_load(p.read_text(encoding="utf-8")).get("exemple")]
    assert len(demos) >= 30
    for slug in demos:
        assert "Exemple fictif" in content(page(site, f"annuaire/{slug}")), slug
    directory = content(page(site, "annuaire"))
    assert directory.count("exemple fictif") == len(demos)


def test_build_statuses_follow_the_build_date(site, model):
    today = dt.date.fromisoformat(TODAY)
    for slug, company in model.companies.items():
        expected = [a.status(today) for a in company.awards]
        assert statuses(content(page(site, f"annuaire/{slug}"))) == expected, slug
    seen = {a.status(today) for c in model.companies.values() for a in c.awards}
    assert seen == {"valide", "expire-bientot", "expire", "a-confirmer"}, "the demo data should show every status"


def _badges(site: Path) -> list[Path]:
    return sorted(site.glob("annuaire/*/*.svg"))


def test_one_badge_per_award(site, model):
    expected = {f"annuaire/{c.slug}/{a.label}.svg" for c in model.companies.values() for a in c.awards}
    assert {p.relative_to(site).as_posix() for p in _badges(site)} == expected


def test_badges_are_self_contained_svg(site, model):
    today = dt.date.fromisoformat(TODAY)
    for path in _badges(site):
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)  # well-formed XML
        assert root.tag == f"{SVG}svg"
        title = root.find(f"{SVG}title")
        assert title is not None and title.text
        company = model.companies[path.parent.name]
        award = next(a for a in company.awards if a.label == path.stem)
        label = model.referentials[award.label].label
        assert label.name in title.text and company.name in title.text
        shown = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        if award.status(today) == "expire":
            assert "expiré" in shown and "expiré" in title.text
        elif award.status(today) == "a-confirmer":
            assert "à confirmer" in shown and "expiré" not in shown and "valide" not in shown
        else:
            assert "valide jusqu'au" in shown and "valide jusqu'au" in title.text
        # Nothing fetched from elsewhere: an embedded badge must not track or break.
        assert root.find(f".//{SVG}image") is None
        assert "@font-face" not in text and "@import" not in text
        assert not re.search(r"url\(\s*['\"]?(?!#)", text), path
        for el in root.iter():
            for name, value in el.attrib.items():
                if name.endswith("href") or name == "src":
                    assert value.startswith("#"), (path, name, value)


def test_company_jsonld(site, model):
    for slug, company in model.companies.items():
        data = jsonld(page(site, f"annuaire/{slug}"))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Organization"
        assert data["name"] == company.name
        certs = data["hasCertification"]
        assert len(certs) == len(company.awards)
        for cert, award in zip(certs, company.awards):
            label = model.referentials[award.label].label
            assert cert["@type"] == "Certification"
            # issuedBy is who awards the label (not who evaluates), and only when it is not an assumption.
            if label.prov("emetteur").marked:
                assert "issuedBy" not in cert
            else:
                assert cert["issuedBy"] == {"@type": "Organization", "name": label.issuer}
                assert label.issuer != label.evaluator
            assert cert.get("validFrom") == (award.obtained.isoformat() if award.obtained and not award.prov("obtenu").marked else None)
            assert cert.get("expires") == (award.expires.isoformat() if award.expires_known else None)
            status = award.status(dt.date.fromisoformat(TODAY))
            expected = {"a-confirmer": None, "expire": "CertificationInactive"}.get(status, "CertificationActive")
            assert cert.get("certificationStatus") == expected
    # Was "CertificationInactive", from an invented date: nothing is claimed now.
    sos = jsonld(page(site, "annuaire/sos-data"))["hasCertification"][0]
    assert "certificationStatus" not in sos and "expires" not in sos and "validFrom" not in sos
    assert sos["issuedBy"]["name"] == "France IT"  # ENR: the CIRIDD evaluates, France IT awards
    assert "issuedBy" not in jsonld(page(site, "annuaire/entrepots-risloria"))["hasCertification"][0]  # 6PL: assumed


def test_company_page_embed_code_points_at_the_verification_page(site):
    html = page(site, "annuaire/datalpix")
    (code,) = re.findall(r'<textarea id="embed-enr"[^>]*>(.*?)</textarea>', html, re.S)
    assert code.startswith("&lt;a href=&#34;https://example.org/rse-clusters/annuaire/datalpix/&#34;&gt;&lt;img src=")
    assert "annuaire/datalpix/enr.svg" in code


@pytest.mark.parametrize("label", LABELS)
def test_label_pages(site, model, label):
    html = content(page(site, f"labels/{label}"))
    ref = model.referentials[label]
    holders = [c for c in model.companies.values() if any(a.label == label for a in c.awards)]
    assert holders
    known = [c for c in holders for a in c.awards if a.label == label and a.expires_known]
    assert html.count("<tr data-rse-expires=") == len(known)  # the browser re-checks only real dates
    assert {f"/annuaire/{c.slug}/" for c in holders} <= hrefs(f"labels/{label}", html)
    assert 'id="processus"' in html
    steps = re.search(r'id="processus".*?<ol>(.*?)</ol>', html, re.S).group(1)
    assert steps.count("<li>") == len(ref.label.steps) > 0
    assert 'id="transparence"' in html and "Qui évalue, qui délivre, sur quels critères ?" in html
    assert ref.label.evaluator.replace("'", "&#39;") in html
    # Two facts, two entries: who evaluates the candidates, who awards the label.
    assert f"<dt>Qui évalue les candidats</dt><dd>{ref.label.evaluator}" in html.replace("&#39;", "'")
    assert "<dt>Qui délivre le label</dt>" in html
    assert "<dt>Émetteur</dt>" not in html and "<dt>Évaluation</dt>" not in html


def test_cluster_pages_exist_for_every_cluster_file(site, model):
    files = sorted(p.stem for p in (ROOT / "data" / "clusters").glob("*.yml"))
    assert files
    for cid in files:
        html = content(page(site, f"clusters/{cid}"))
        members = [c for c in model.companies.values() if c.cluster == cid]
        assert 'id="membres-labellises"' in html
        assert {f"/annuaire/{c.slug}/" for c in members} <= hrefs(f"clusters/{cid}", html), cid


COMPANY_LINK = re.compile(r"(?:^|/)annuaire/(?!page-\d)[a-z0-9-]+/?$")


def test_company_pages_are_not_in_the_navigation(site, model):
    for uri in ("", "annuaire", "labels/enr", "annuaire/sos-data"):
        nav = links(page(site, uri) if uri else (site / "index.html").read_text(encoding="utf-8")).in_nav
        assert nav, "no navigation found"
        bad = [h for h in nav if COMPANY_LINK.search(h.split("#")[0])]
        assert bad == [], (uri, bad)
    # ... while the directory itself is there.
    home = links((site / "index.html").read_text(encoding="utf-8")).in_nav
    assert any(h.rstrip("/").endswith("annuaire") for h in home)


def test_directory_first_page_without_javascript(site, model):
    html = content(page(site, "annuaire"))
    static = html[html.index("data-rse-directory-static"):]
    assert static.count('<li class="rse-company">') == len(model.companies) <= 50
    assert "rse-pagination" not in static  # one page: no pager
    (index, base) = re.search(r'data-rse-directory="([^"]*)" data-rse-base="([^"]*)"', html).groups()
    assert (urljoin("/annuaire/", index), urljoin("/annuaire/", base)) == ("/annuaire/index.json", "/annuaire/")
    # Every award of the list can be checked again by the browser.
    known = sum(1 for c in model.companies.values() for a in c.awards if a.expires_known)
    assert static.count("data-rse-expires=") == known
    unknown = sum(1 for c in model.companies.values() for a in c.awards if not a.expires_known)
    assert unknown and static.count("date de fin à confirmer") == unknown
    assert {f"/annuaire/{f}" for f in ("entreprises.csv", "schema.json", "entreprises.json", "flux.xml")} \
        <= hrefs("annuaire", html)


def test_examples_can_be_switched_off(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "exemples: true" in text
    config.write_text(text.replace("exemples: true", "exemples: false"), encoding="utf-8")
    site = tmp_path / "site"
    build(project, site)
    companies = sorted(p.parent.name for p in site.glob("annuaire/*/index.html") if not p.parent.name.startswith("page-"))
    assert companies == ["sos-data"]
    _, rows = index_rows(lambda name: (site / "annuaire" / name).read_text(encoding="utf-8"))
    assert [r[0] for r in rows] == ["sos-data"]
    csv_lines = (site / "annuaire" / "entreprises.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == 2 and csv_lines[1].startswith("sos-data,")
    assert "exemple fictif" not in content(page(site, "annuaire")).lower()
    assert not list(site.glob("annuaire/aquarhena-traitement*"))
    assert "aquarhena" not in content(page(site, "labels/afaq-26000"))
