"""The built site as files, without a browser: completeness, language, CSP, no third party."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.build

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
CSP_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def _page(site: Path, src: str) -> Path:
    """The built file of a source page ('guide/avant-propos.md' -> guide/avant-propos/index.html)."""
    stem = src.removesuffix(".md")
    stem = stem.removesuffix("index").rstrip("/")
    return site / stem / "index.html" if stem else site / "index.html"


def _stems(folder: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / "data" / folder).glob("*.yml"))


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_home_and_search_index_exist(site):
    assert (site / "index.html").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "recherche" / "index.html").is_file()
    assert (site / "imprimer" / "index.html").is_file()


@pytest.mark.parametrize("folder", ["guide", "fiches"])
def test_every_guide_page_and_fiche_is_built(site, folder):
    sources = sorted((ROOT / "content" / folder).glob("*.md"))
    assert sources, f"content/{folder} est vide"
    missing = [s.name for s in sources if not _page(site, f"{folder}/{s.name}").is_file()]
    assert missing == []


def test_generated_pages_are_built(site):
    referentials = _stems("referentiels")
    labels = [r for r in referentials
              if "label" in yaml.safe_load((ROOT / "data" / "referentiels" / f"{r}.yml").read_text(encoding="utf-8"))]
    clusters = _stems("clusters")
    assert (len(referentials), len(labels), len(clusters)) == (6, 4, 12)
    for kind, ids in (("diagnostics", referentials), ("labels", labels), ("clusters", clusters)):
        built = sorted(p.parent.name for p in (site / kind).glob("*/index.html"))
        assert built == ids, kind
        assert (site / kind / "index.html").is_file()
    companies = _stems("entreprises")
    assert companies and all((site / "annuaire" / c / "index.html").is_file() for c in companies)


def test_every_page_is_french_with_a_csp(site):
    pages = _pages(site)
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        assert re.search(r'<html[^>]*\slang="fr"', html), rel
        m = CSP_RE.search(html)
        assert m, rel
        policy = m.group(1)
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy, rel
        assert "connect-src 'self'" in policy, rel
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0], rel
        # The policy must be the first thing in <head>, before any script runs.
        assert html.index("Content-Security-Policy") < html.find("<script"), rel


def _foreign(url: str) -> bool:
    """A URL that would reach another origin (relative and data: URLs stay home)."""
    url = url.strip().strip("'\"")
    return url.startswith("//") or urlparse(url).scheme in ("http", "https", "ftp", "ws", "wss")


class _Audit(HTMLParser):
    """Every place in the markup where another origin is named, outside plain text."""

    # Data, never run: a URL there is text (the form's messages quote https://www.exemple.fr);
    # a fetch from it would meet the CSP's connect-src 'self'.
    DATA_SCRIPTS = ("application/ld+json", "application/json")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None  # type of the <script> being read
        self._style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            # Namespace names are identifiers, never fetched.
            if not value or name == "xmlns" or name.startswith("xmlns:"):
                continue
            if name == "style":
                self._css(value, f"<{tag} style>")
            elif name == "srcset":
                for part in value.split(","):
                    if part.strip() and _foreign(part.split()[0]):
                        self.problems.append(f"<{tag} srcset={value!r}>")
            elif _foreign(value) or "://" in value:
                if (tag, name) == ("a", "href"):
                    continue
                # The canonical address names the production site, which is this site.
                if tag == "link" and a.get("rel") == "canonical" and value.startswith(SITE_URL):
                    continue
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._script = a.get("type", "")
        elif tag == "style":
            self._style = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._style:
            self._css(data, "<style>")
        elif self._script is not None and self._script not in self.DATA_SCRIPTS and "://" in data:
            named = re.findall(r"[a-z]+://[^\s\"']+", data)[:3]
            self.problems.append(f"<script type={self._script!r}> names {named}")

    def _css(self, css: str, where: str):
        self.problems.extend(f"{where}: {p}" for p in css_problems(css))


def css_problems(css: str) -> list[str]:
    problems = []
    for m in re.finditer(r"@import\s+([^;]+)", css):
        problems.append(f"@import {m.group(1)[:80]}")
    for m in re.finditer(r"url\(\s*([^)]*)\)", css):
        if _foreign(m.group(1)):
            problems.append(f"url({m.group(1)[:80]})")
    return problems


def test_no_markup_reaches_another_origin(site):
    problems = {}
    for path in _pages(site):
        audit = _Audit()
        audit.feed(path.read_text(encoding="utf-8"))
        audit.close()
        if audit.problems:
            problems[path.relative_to(site).as_posix()] = audit.problems[:5]
    assert problems == {}


def test_no_stylesheet_reaches_another_origin(site):
    sheets = sorted(site.rglob("*.css"))
    assert any(p.name == "rse.css" for p in sheets)
    problems = {p.relative_to(site).as_posix(): css_problems(p.read_text(encoding="utf-8")) for p in sheets}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_audit_catches_what_it_is_for():
    audit = _Audit()
    audit.feed('<link rel="stylesheet" href="https://cdn.example/x.css"><script src="//cdn.example/x.js"></script>'
               '<img src="http://cdn.example/i.png"><div style="background:url(https://cdn.example/b.png)"></div>'
               '<a href="https://ok.example/">https://ok.example/</a>'
               '<script type="application/ld+json">{"url": "https://ok.example"}</script>'
               '<textarea>&lt;img src="https://ok.example/badge.svg"&gt;</textarea>')
    assert len(audit.problems) == 4, audit.problems
    assert css_problems('@import "x.css"; a { background: url("data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\'/>") }') \
        == ['@import "x.css"']


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_footer_contrast_fix_is_shipped(site):
    css = (site / "assets" / "stylesheets" / "rse.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-copyright[^{]*\{([^}]*)\}", css)
    assert rule, "rse.css ne corrige plus le contraste du pied de page de Material"
    colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", rule.group(1))
    assert colour
    # Material's footer meta bar: 32 % black over its 87 % black footer, on white: about #161616.
    background = "#161616"
    l1, l2 = sorted((_luminance(colour.group(1)), _luminance(background)), reverse=True)
    assert (l1 + 0.05) / (l2 + 0.05) >= 4.5
