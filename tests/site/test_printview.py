"""generator/site/printview.py: the whole dossier as one Markdown page, in the
guide's reading order, headings one level down, links working from its place."""

from __future__ import annotations

import posixpath
import re

import pytest

from generator import urls
from generator.site.printview import _demote, plain_text, print_markdown
from generator.source.layout import GUIDE_ORDER
from generator.source.project import load_project
from tests.conftest import ROOT

LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


@pytest.fixture(scope="module")
def printed():
    project = load_project(ROOT)
    return project, print_markdown(project)


def test_one_title_then_the_guide_in_its_reading_order(printed):
    project, md = printed
    assert [line for line in md.splitlines() if line.startswith("# ")] == [md.splitlines()[0]]
    sections = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    titles = [re.search(r"^# (.+)$", project.guide_pages[u].body, re.M).group(1)
              for u in GUIDE_ORDER if u in project.guide_pages]
    assert sections[: len(titles)] == titles
    assert sections[len(titles)] == "Les fiches des pôles et clusters"


def test_every_fiche_follows_in_the_project_order(printed):
    project, md = printed
    fiches = [line[4:] for line in md.split("## Les fiches des pôles et clusters\n", 1)[1].splitlines()
              if line.startswith("### ")]
    assert fiches == [plain_text(f.title) for f in project.fiches.values()]


def test_links_resolve_from_the_print_page(printed):
    """Links were written from each source's place; here they start from imprimer/."""
    project, md = printed
    targets = {m.group(1) for m in LINK.finditer(md) if "://" not in m.group(1) and not m.group(1).startswith("mailto:")}
    assert targets
    here = posixpath.dirname(urls.PRINT)
    known = set(project.guide_pages) | {f.src_uri for f in project.fiches.values()} | set(urls.generated_uris(project))
    for target in targets:
        resolved = posixpath.normpath(posixpath.join(here, target))
        assert resolved in known or (ROOT / "content" / resolved).exists(), target


def test_headings_go_down_one_level_but_not_inside_code():
    body = "# Titre\n\n```\n# commentaire\n```\n## Sous-titre\n~~~\n## pas un titre\n~~~\n"
    assert _demote(body) == "## Titre\n\n```\n# commentaire\n```\n### Sous-titre\n~~~\n## pas un titre\n~~~\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("[clic](javascript:alert(1))", r"\[clic\]\(javascript:alert\(1\)\)"),
    ("Titre {#id .classe}", r"Titre \{\#id \.classe\}"),
    ("<b>gras</b> & co", "&lt;b&gt;gras&lt;/b&gt; &amp; co"),
    ("deux\n\nlignes", "deux lignes"),
])
def test_a_plain_text_field_stays_literal(text, expected):
    assert plain_text(text) == expected
