"""generator/adapter/csp.py: the policy comes from the templates, and a page holding
anything else that runs fails the build."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from generator.adapter.csp import Allowlist, TemplateScript, script_hash, template_scripts, verify
from tests.conftest import ROOT, build, copy_project

OK = script_hash("ok()")

VERIFY_CASES = [
    ("unknown-inline-script", "<script>bad()</script>", "script en ligne inconnu"),
    ("module-inline-script", '<script type="module">bad()</script>', "script en ligne inconnu"),
    ("importmap", '<script type="importmap">{"imports":{}}</script>', "script en ligne inconnu"),
    ("uppercase-script", "<SCRIPT>bad()</SCRIPT>", "script en ligne inconnu"),
    ("script-from-other-host", '<script src="https://cdn.example/x.js"></script>', "hors du site"),
    ("protocol-relative-script", '<script src="//cdn.example/x.js"></script>', "hors du site"),
    ("onclick", '<a href="#" onclick="bad()">x</a>', "attribut onclick"),
    ("slash-onerror", "<img/onerror=bad() src=x>", "attribut onerror"),
    ("handler-after-quoted-gt", '<a title="a>b" onmouseover="bad()">x</a>', "attribut onmouseover"),
    ("javascript-href", '<a href="javascript:bad()">x</a>', "adresse non autorisée"),
    ("entity-javascript-href", '<a href="&#106;avascript:bad()">x</a>', "adresse non autorisée"),
    ("tab-javascript-href", '<a href="java\tscript:bad()">x</a>', "adresse non autorisée"),
    ("data-html-href", '<a href="data:text/html,x">x</a>', "adresse non autorisée"),
    ("form-action", '<form action="javascript:bad()"></form>', "adresse non autorisée"),
    ("iframe", '<iframe src="page.html"></iframe>', "<iframe> interdit"),
    ("object", '<object data="x"></object>', "<object> interdit"),
    ("base", '<base href="https://evil.example/">', "<base> interdit"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example">', "refresh"),
]


@pytest.mark.parametrize("html, expected", [c[1:] for c in VERIFY_CASES], ids=[c[0] for c in VERIFY_CASES])
def test_verify_reports_what_runs(html, expected):
    problems = verify(f"<html><head></head><body>\n{html}\n</body></html>", [OK])
    assert problems and expected in problems[0], problems
    assert problems[0].startswith("ligne 2 : ")


CLEAN = [
    ("allowed-inline", "<script>ok()</script>"),
    ("own-module", '<script type="module" src="../assets/javascripts/app.js"></script>'),
    ("json-data", '<script type="application/json">{"a": "<\\/script>"}</script>'),
    ("json-ld", '<script type="application/ld+json">{"@type": "Organization"}</script>'),
    ("text-mentions-handlers", "<p>onclick=bad() and javascript:bad() are only words here</p>"),
    ("attribute-value-mentions", '<a title="x onclick=bad()" href="https://exemple.fr">x</a>'),
    ("data-image", '<img src="data:image/png;base64,AAAA">'),
    ("csp-meta", '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'),
]


@pytest.mark.parametrize("html", [c[1] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_verify_lets_the_templates_own_markup_through(html):
    assert verify(f"<html><head></head><body>{html}</body></html>", [OK]) == []


def test_scripts_that_depend_on_a_page_are_not_allowed():
    """Material's redirect page prints page.meta.location inside a script:
    front matter must never decide what the policy allows."""
    scripts = [TemplateScript("a.html", 'x("{{ base_url }}")'), TemplateScript("b.html", 'go("{{ page.meta.location }}")')]
    names = {'x("{{ base_url }}")': {"base_url"}, 'go("{{ page.meta.location }}")': {"page"}}
    allow = Allowlist(scripts, variables=lambda body: names[body],
                      render=lambda body, ctx: body.replace("{{ base_url }}", ctx["base_url"]))
    assert allow.hashes("../..") == (script_hash('x("../..")'),)


def test_material_templates_have_inline_scripts_to_allow():
    import material

    found = template_scripts([Path(material.__file__).parent / "templates"])
    assert any("__md_scope" in s.body for s in found)


# --- on the built site --------------------------------------------------------

CSP_RE = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE_RE = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.S)


def _expected_hashes(base_url: str) -> set[str]:
    """Independently of csp.py: every inline script of the theme's and the
    project's template files, with the page's base URL put in by hand."""
    import material

    out = set()
    folders = [Path(material.__file__).parent / "templates", ROOT / "overrides", ROOT / "generator" / "site" / "templates"]
    for folder in folders:
        for path in folder.rglob("*.html"):
            for attrs, body in INLINE_RE.findall(path.read_text(encoding="utf-8")):
                if "src=" in (attrs or "") or "type=" in (attrs or ""):
                    continue
                body = body.replace("{{ config.extra.scope | d(base_url) }}", base_url).replace("{{ base_url }}", base_url)
                if "{{" in body or "{%" in body:
                    continue  # depends on something else than the page's depth: never allowed
                digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
                out.add(f"'sha256-{digest}'")
    return out


def _base_url(rel: str) -> str:
    if rel == "404.html":
        return "/rse-clusters/"
    depth = rel.count("/")
    return "/".join([".."] * depth) if depth else "."


def test_policy_lists_exactly_the_templates_scripts(site):
    checked = 0
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        html = path.read_text(encoding="utf-8")
        policy = CSP_RE.search(html).group(1)
        script_src = policy.split("script-src", 1)[1].split(";", 1)[0].split()
        hashes = {s for s in script_src if s.startswith("'sha256-")}
        assert hashes == _expected_hashes(_base_url(rel)), rel
        assert set(script_src) - hashes == {"'self'", "'wasm-unsafe-eval'"}, rel
        # And the browser's view: every inline script of the page is allowed.
        for attrs, body in INLINE_RE.findall(html):
            if "src=" in (attrs or "") or "application/" in (attrs or ""):
                continue
            assert script_hash(body) in hashes, (rel, body[:60])
        checked += 1
    assert checked > 50


@pytest.mark.build
def test_a_template_script_that_depends_on_the_page_fails_the_build(tmp_path, capfd):
    from generator.adapter.build import BuildFailed

    project = copy_project(tmp_path / "project")
    main = project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8")
                    + '\n{% block extrahead %}<script>var here = "{{ page.url }}";</script>{% endblock %}\n',
                    encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(project, tmp_path / "site")
    err = capfd.readouterr().err
    assert "script en ligne inconnu des gabarits" in err
    assert "contient du code que les gabarits du projet n'ont pas écrit" in err
    assert not (tmp_path / "site").exists()
