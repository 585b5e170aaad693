"""generator/source/layout.py and files.py: the static SVG subset, and walking without links."""

from __future__ import annotations

import pytest

from generator.source.files import svg_problems, walk

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'

SAFE = [
    ("shapes", '<g fill="#0a0"><circle cx="5" cy="5" r="4"/><path d="M0 0L10 10"/></g>'),
    ("text", '<title>Logo</title><text x="1" y="9" font-family="sans-serif">RSE</text>'),
    ("gradient", '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
                 '<rect width="10" height="10" fill="url(#g)"/>'),
    ("internal-use", '<defs><circle id="c" r="1"/></defs><use xlink:href="#c"/><use href="#c"/>'),
    ("inkscape-metadata", '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'),
]


@pytest.mark.parametrize("body", [c[1] for c in SAFE], ids=[c[0] for c in SAFE])
def test_static_svg_passes(body):
    assert svg_problems(SVG.format(body).encode()) == []


UNSAFE = [
    ("script", '<script>alert(1)</script>', 1, "élément <script> interdit"),
    ("onload", '<rect onload="alert(1)" width="1"/>', 1, "attribut onload"),
    ("style-element", "<style>@import url(https://evil.example/x.css);</style>", 1, "élément <style> interdit"),
    ("foreign-object", '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>', 1,
     "élément <foreignObject> interdit"),
    ("xhtml-script", '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', 1,
     "élément <script> interdit"),
    ("external-use", '<use href="https://evil.example/x.svg#a"/>', 1, "lien vers un autre fichier"),
    ("javascript-link", '<a xlink:href="javascript:alert(1)"><text>x</text></a>', 1, "élément <a> interdit"),
    ("image", '<image href="https://evil.example/t.png"/>', 1, "élément <image> interdit"),
    ("animate-href", '<set attributeName="href" to="javascript:alert(1)"/>', 1, "élément <set> interdit"),
    ("css-url", '<rect style="fill:url(https://evil.example/t)"/>', 1, "valeur interdite dans l'attribut style"),
]


@pytest.mark.parametrize("body, line, message", [c[1:] for c in UNSAFE], ids=[c[0] for c in UNSAFE])
def test_unsafe_svg_is_refused_with_its_position(body, line, message):
    problems = svg_problems(SVG.format(body).encode())
    assert problems, body
    got_line, col, text, hint = problems[0]
    assert got_line == line and message in text, problems
    assert col > 1 and "statique" in hint


def test_doctype_and_entities_are_refused_before_expansion():
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')
    problems = svg_problems(bomb.encode())
    line, _col, message, _hint = problems[0]
    assert (line, message) == (2, "déclaration <!DOCTYPE> interdite (elle peut définir des entités)")
    assert len(problems) == 1  # parsing stopped there: nothing was expanded


def test_malformed_and_non_svg_files_are_refused():
    assert "SVG mal formé" in svg_problems(b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>")[0][2]
    assert "commence par l'élément <svg>" in svg_problems(b"<html><body>x</body></html>")[0][2]
    assert svg_problems(b"")[0][2].startswith("SVG mal formé")


def test_walk_reports_links_and_never_enters_them(tmp_path):
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "secret.md").write_text("secret", encoding="utf-8")
    content = tmp_path / "root" / "content"
    (content / "guide").mkdir(parents=True)
    (content / "guide" / "a.md").write_text("a", encoding="utf-8")
    (content / "lien").symlink_to(outside)
    (content / "guide" / "b.md").symlink_to(outside / "deep" / "secret.md")
    (content / ".cache").mkdir()
    (content / ".cache" / "x.md").write_text("hidden", encoding="utf-8")
    seen = {p.relative_to(content).as_posix(): link for p, link in walk(tmp_path / "root", "content")}
    assert seen == {"lien": True, "guide/a.md": False, "guide/b.md": True}
