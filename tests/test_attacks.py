"""Attack catalogue (issue #9): what a hostile pull request tries, and where it stops.

A pull request is untrusted input. Every case below is something it could
add or change, with the reproduction that worked before the trust model.
Each ends one of two ways: `check` refuses it, naming the file and the
position, or it builds and the built site holds no executable vector.
Control characters, CSV formulas and the command line have their own
catalogue in test_attacks_inputs.py.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.adapter.build import BuildFailed, MARKER, build_site, output_problem
from generator.adapter.csp import verify
from generator.source.errors import ValidationError
from generator.source.project import load_project
from tests.conftest import ROOT, copy_project
from tests.hostile import DESCRIPTION, FICHE_SUMMARY, MARK, PAGES


@dataclass(frozen=True)
class Link:
    """A symbolic link; `to` is relative to the test's tmp_path, or 'project/…'."""

    to: str


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, bytes | str | Link]
    where: str
    message: str
    hint: str = ""
    also: tuple[str, ...] = field(default=())


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">\n{}\n</svg>\n'

REFUSED = [
    # Files that are not Markdown were published as they are.
    Case("html-page", {"content/guide/page.html": "<script>alert(1)</script>"}, "content/guide/page.html:1:1",
         "type de fichier non accepté dans content/ : .html", "Markdown"),
    Case("htm-page", {"content/page.htm": "<p>x</p>"}, "content/page.htm:1:1",
         "type de fichier non accepté dans content/ : .htm"),
    Case("javascript-file", {"content/js/evil.js": "alert(1)"}, "content/js/evil.js:1:1",
         "type de fichier non accepté dans content/ : .js"),
    Case("markdown-other-extension", {"content/guide/x.markdown": "# x"}, "content/guide/x.markdown:1:1",
         "type de fichier non accepté dans content/ : .markdown"),
    Case("uppercase-extension", {"content/guide/x.MD": "# x"}, "content/guide/x.MD:1:1",
         "type de fichier non accepté dans content/ : .MD", "minuscules"),
    Case("html-named-png", {"content/images/logo.png": "<html><script>alert(1)</script>"},
         "content/images/logo.png:1:1", "le contenu de ce fichier n'est pas du PNG"),
    Case("pdf-that-is-html", {"content/docs/guide.pdf": "<html>"}, "content/docs/guide.pdf:1:1",
         "le contenu de ce fichier n'est pas du PDF"),
    # A file at a theme or project path replaced it, and 'self' then trusted it.
    Case("shadow-project-script", {"content/assets/javascripts/app.js": "alert(1)"},
         "content/assets/javascripts/app.js:1:1", "dossier réservé : content/assets/", "content/images/"),
    Case("shadow-theme-image", {"content/assets/images/favicon.png": PNG},
         "content/assets/images/favicon.png:1:1", "dossier réservé : content/assets/"),
    Case("shadow-search-index", {"content/pagefind/pagefind.js": "alert(1)"},
         "content/pagefind/pagefind.js:1:1", "dossier réservé : content/pagefind/"),
    Case("shadow-generated-index", {"content/fiches/index.md": "# Fausses fiches\n"}, "content/fiches/index.md:1:1",
         "cette page remplacerait une page que le site génère (fiches/index.md)"),
    Case("shadow-company-page", {"content/annuaire/sos-data.md": "# SOS Data\n"}, "content/annuaire/sos-data.md:1:1",
         "cette page remplacerait une page que le site génère (annuaire/sos-data.md)"),
    # SVG runs script when opened.
    Case("svg-onload", {"content/images/x.svg": SVG.format('<rect width="1" height="1" onload="alert(1)"/>')},
         "content/images/x.svg:2:1", "attribut onload interdit (il exécute du code)", "statique"),
    Case("svg-script", {"content/images/x.svg": SVG.format("<script>alert(1)</script>")},
         "content/images/x.svg:2:1", "élément <script> interdit dans un SVG publié"),
    Case("svg-remote-image", {"content/images/x.svg": SVG.format('<image href="https://evil.example/p.png"/>')},
         "content/images/x.svg:2:1", "élément <image> interdit dans un SVG publié"),
    # Symbolic links published any file of the machine, or unchecked folders.
    Case("link-to-system-file", {"content/guide/mots-de-passe.md": Link("outside/secret.txt")},
         "content/guide/mots-de-passe.md:1:1", "lien symbolique refusé", "copie"),
    Case("link-to-outside-folder", {"content/annexes": Link("outside")}, "content/annexes:1:1",
         "lien symbolique refusé"),
    Case("link-to-folder-inside-repository", {"content/donnees": Link("project/data")}, "content/donnees:1:1",
         "lien symbolique refusé"),
    Case("link-to-image", {"content/images/logo.png": Link("outside/logo.png")}, "content/images/logo.png:1:1",
         "lien symbolique refusé"),
    Case("link-in-data", {"data/referentiels/zz.yml": Link("outside/secret.txt")}, "data/referentiels/zz.yml:1:1",
         "lien symbolique refusé"),
    Case("linked-data-folder", {"data/archives": Link("outside")}, "data/archives:1:1", "lien symbolique refusé"),
    Case("link-in-overrides", {"overrides/partials/evil.html": Link("outside/secret.txt")},
         "overrides/partials/evil.html:1:1", "lien symbolique refusé"),
]


def _apply(project: Path, tmp: Path, files: dict) -> list[Path]:
    outside = tmp / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("root:x:0:0\n", encoding="utf-8")
    (outside / "logo.png").write_bytes(PNG)
    made = []
    for rel, value in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, Link):
            target = project / value.to[len("project/"):] if value.to.startswith("project/") else tmp / value.to
            path.symlink_to(target)
        elif isinstance(value, bytes):
            path.write_bytes(value)
        else:
            path.write_text(value, encoding="utf-8")
        made.append(path)
    return made


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("attaques") / "project")


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.id)
def test_refused_by_check_with_file_and_position(project, tmp_path, case):
    made = _apply(project, tmp_path, case.files)
    try:
        with pytest.raises(ValidationError) as info:
            load_project(project)
    finally:
        for path in made:
            path.unlink()
    diags = info.value.diagnostics
    shown = "\n".join(d.format() for d in diags)
    first = diags[0]
    assert f"{first.position.path}:{first.position.line}:{first.position.col}" == case.where, shown
    assert case.message in first.message, shown
    assert case.hint in first.hint, shown
    assert len(diags) == 1, shown  # one fault, one message


# --- built, and nothing runs ------------------------------------------------

def _pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("pagefind/")]


def test_hostile_markdown_builds_without_executable_vector(hostile_site):
    for name in PAGES:
        html = (hostile_site / "guide" / f"attaque-{name}" / "index.html").read_text(encoding="utf-8")
        body = html.split('<article', 1)[1].split("</article>", 1)[0]
        assert not re.search(r"<script|onerror", body, re.I), (name, body[:500])


def test_no_built_page_holds_a_vector_the_policy_would_not_stop(hostile_site):
    csp = re.compile(r'http-equiv="Content-Security-Policy" content="[^"]*script-src ([^;]*);')
    for path in _pages(hostile_site):
        html = path.read_text(encoding="utf-8")
        hashes = [h for h in csp.search(html).group(1).split() if h.startswith("'sha256-")]
        assert verify(html, hashes) == [], path
        assert not re.search(rf"<script[^>]*>[^<]*{MARK}", html), path


def test_print_view_shows_plain_text_fields_as_text(hostile_site):
    html = (hostile_site / "imprimer" / "index.html").read_text(encoding="utf-8")
    article = html.split('<article', 1)[1]
    assert "evil.example" not in re.findall(r'href="([^"]*)"', article).__str__()
    assert "[Mettez à jour votre mot de passe](https://evil.example/connexion)" in article
    assert not re.search(r"<[a-z0-9]+\s[^>]*style=", article), "an attribute list became an attribute"
    assert 'Titre {: style="position:fixed;inset:0;background:red" }</h3>' in article
    assert FICHE_SUMMARY.split("]")[0][1:] in article


def test_front_matter_cannot_break_out_of_the_theme_attributes(hostile_site):
    html = (hostile_site / "guide" / "attaque-description" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in html
    assert "onmouseover=" not in html.replace("onmouseover=&#34;", "").replace("onmouseover=&quot;", "")
    assert DESCRIPTION.split('"')[0] in html


# --- the output folder is never a source ------------------------------------

@pytest.mark.parametrize("target", [".", "..", "content", "content/guide", "data", "generator", "overrides",
                                    ".git", "tests", "data/../content"])
def test_output_folder_inside_or_above_the_sources_is_refused(target):
    problem = output_problem(ROOT, ROOT / target)
    assert problem is not None and ("contient le projet" in problem or "est dans les sources" in problem)


def test_cli_refuses_a_source_folder_and_deletes_nothing(tmp_path):
    import subprocess
    import sys

    project = copy_project(tmp_path / "project")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build", "--site-dir",
                             str(project / "data")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "est dans les sources (data/)" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_folder_the_build_did_not_make_is_never_replaced(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "rapport.odt").write_text("précieux", encoding="utf-8")
    with pytest.raises(BuildFailed, match="pas de fichier .rse-site"):
        build_site(ROOT, folder, log=lambda *_: None)
    assert [p.name for p in folder.iterdir()] == ["rapport.odt"]
    assert output_problem(ROOT, tmp_path / "vide") is None
    (tmp_path / "vide").mkdir()
    assert output_problem(ROOT, tmp_path / "vide") is None  # an empty folder holds nothing to lose


@pytest.mark.build
def test_builds_replace_their_own_output_and_collect_killed_builds(tmp_path):
    os.environ["RSE_AUJOURDHUI"] = "2026-11-26"
    site = tmp_path / "site"
    dead = 2 ** 22 + 17  # above the default pid_max: no such process
    while True:
        try:
            os.kill(dead, 0)
            dead += 1
        except ProcessLookupError:
            break
        except PermissionError:
            dead += 1
    killed = tmp_path / f".site-build-{dead}-abc123"
    legacy = tmp_path / ".site-build-k3j2h1"  # named before builds carried their pid
    running = tmp_path / f".site-build-{os.getpid()}-running"
    for folder in (killed, legacy, running):
        (folder / "assets").mkdir(parents=True)
    build_site(ROOT, site, log=lambda *_: None)
    assert (site / MARKER).is_file()
    assert not killed.exists() and not legacy.exists()
    assert running.exists()  # a build of a live process is left alone
    build_site(ROOT, site, log=lambda *_: None)  # the marker lets the next build replace it
    assert (site / "index.html").is_file()
    shutil.rmtree(running)
