"""generator/site/sanitize.py: what Markdown output may keep, and what it loses."""

from __future__ import annotations

import markdown
import pytest

from generator.site.sanitize import sanitize_html

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]

# (name, HTML out of Markdown, fragment that must go, fragment that must stay)
REMOVED = [
    ("script", "<p>a</p><script>alert(1)</script>", "alert", "<p>a</p>"),
    ("script-uppercase", "<SCRIPT>alert(1)</SCRIPT>ok", "alert", "ok"),
    ("img-onerror", '<img src="x.png" onerror="alert(1)">', "onerror", '<img src="x.png">'),
    ("svg-onload", '<svg onload="alert(1)"><circle r="1"/></svg>txt', "onload", "txt"),
    ("javascript-link", '<a href="javascript:alert(1)">x</a>', "javascript", "<a>x</a>"),
    ("entity-javascript-link", '<a href="&#106;avascript:alert(1)">x</a>', "avascript", "<a>x</a>"),
    ("data-link", '<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:", "<a>x</a>"),
    ("other-host-image", '<img src="//evil.example/t.png">', "evil.example", "<img>"),
    ("backslash-host-link", '<a href="/\\evil.example">x</a>', "evil.example", "<a>x</a>"),
    ("iframe", '<iframe src="https://evil.example"></iframe>ok', "iframe", "ok"),
    ("object", '<object data="x.swf"></object>ok', "object", "ok"),
    ("form", '<form action="https://evil.example"><input name="q"></form>ok', "form", "ok"),
    ("style-element", "<style>body{display:none}</style>ok", "display", "ok"),
    ("style-attribute", '<p style="position:fixed;inset:0">x</p>', "position", "<p>x</p>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">ok', "refresh", "ok"),
    ("base", '<base href="https://evil.example/">ok', "base", "ok"),
    ("reserved-id-config", '<div id="__config">{}</div>', "__config", "<div>{}</div>"),
    ("reserved-id-theme", '<h2 id="md-header">t</h2>', "md-header", "<h2>t</h2>"),
    ("reserved-id-project", '<h2 id="rse-header-q">t</h2>', "rse-header-q", "<h2>t</h2>"),
    ("theme-class", '<div class="md-header admonition">x</div>', "md-header", 'class="admonition"'),
    ("comment", "<!-- <script>alert(1)</script> -->ok", "alert", "ok"),
    ("template-element", "<template><script>alert(1)</script></template>ok", "alert", "ok"),
    ("math-href", '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "javascript", ""),
]


@pytest.mark.parametrize("html, gone, kept", [c[1:] for c in REMOVED], ids=[c[0] for c in REMOVED])
def test_vectors_are_removed(html, gone, kept):
    out = sanitize_html(html)
    assert gone not in out
    assert kept in out


KEPT = [
    ("heading-anchor", '<h2 id="les-objectifs">Les objectifs</h2>'),
    ("relative-link", '<a href="../fiches/piles/#contact">PIL\'ES</a>'),
    ("https-link", '<a href="https://www.franceclusters.fr/">France Clusters</a>'),
    ("mailto-link", '<a href="mailto:contact@exemple.fr">écrire</a>'),
    ("admonition", '<div class="admonition note"><p class="admonition-title">Constat</p><p>x</p></div>'),
    ("details", '<details class="info"><summary>Plus</summary><p>x</p></details>'),
    ("cards", '<div class="grid cards"><ul><li><p>x</p></li></ul></div>'),
    ("button", '<a class="md-button" href="guide/">Lire le guide</a>'),
    ("image", '<img alt="Logo" src="../images/logo.png">'),
    ("table-alignment", '<table><thead><tr><th style="text-align:right">a</th></tr></thead></table>'),
    ("abbr", '<abbr title="Responsabilité sociétale des entreprises">RSE</abbr>'),
]


@pytest.mark.parametrize("html", [c[1] for c in KEPT], ids=[c[0] for c in KEPT])
def test_what_content_uses_is_kept_as_is(html):
    assert sanitize_html(html) == html


def test_shipped_markdown_keeps_its_markup():
    """Every guide page and fiche loses nothing but attributes' serialisation
    through the sanitiser: same tags, same links, same ids, same classes."""
    from html.parser import HTMLParser

    from tests.conftest import ROOT

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.seen: list[tuple] = []

        def handle_starttag(self, tag, attrs):
            keep = {k: v for k, v in attrs if k in ("href", "id", "class", "src")}
            self.seen.append((tag, tuple(sorted(keep.items()))))

    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]
        html = markdown.markdown(text, extensions=EXTENSIONS)
        before, after = Tags(), Tags()
        before.feed(html)
        after.feed(sanitize_html(html))
        assert after.seen == before.seen, path.name
