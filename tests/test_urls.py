"""generator/urls.py: the generated paths and the headings' anchors that
Markdown may link to, against the pages the site stage renders."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator import urls
from generator.site.generate import generate
from generator.site.output import Options
from generator.source.project import load_project
from tests.conftest import ROOT

ELEMENT_ID = re.compile(r"<[a-z][a-z0-9]*\b[^>]*\sid=\"([^\"]+)\"")


@pytest.fixture(scope="module")
def output():
    project = load_project(ROOT)
    return project, generate(project, Options(today=dt.date(2026, 11, 26)))


def ids(html: str) -> set[str]:
    return set(ELEMENT_ID.findall(html))


def test_every_anchor_the_link_checker_accepts_is_on_its_page(output):
    """A link to `page#anchor` that the check lets through must land on a heading."""
    project, out = output
    pages = {p.uri: p for p in out.pages}
    checked = {uri: anchors for uri, anchors in urls.generated_uris(project).items() if anchors}
    assert len(checked) > 20
    for uri, anchors in checked.items():
        assert uri in pages, uri
        assert anchors <= ids(pages[uri].html), (uri, anchors - ids(pages[uri].html))


@pytest.mark.parametrize("kind", sorted(urls.ANCHORS))
def test_no_anchor_is_listed_for_nothing(output, kind):
    """Each fixed anchor of a page type is offered on at least one page of the demo: none is dead
    (the data add their own, such as a published benchmark's)."""
    project, _ = output
    uris = {"cluster": [urls.cluster(c) for c in project.clusters],
            "diagnostic": [urls.diagnostic(r) for r in project.referentials],
            "label": [urls.label(r) for r in project.labels],
            "sources": [urls.SOURCES],
            "company": [urls.company(c) for c in project.companies]}[kind]
    known = urls.generated_uris(project)
    assert urls.ANCHORS[kind] <= set().union(*(known[u] for u in uris))


def test_conditional_sections_are_not_offered_to_links(output):
    """A cluster without contacts or labels has no such section: a link there would land nowhere."""
    project, out = output
    known = urls.generated_uris(project)
    bare = [c for c in project.clusters if not project.clusters[c].contacts or not project.labels_issued_by(c)]
    assert bare, "the demo has a cluster without contact or labels"
    for c in bare:
        assert not urls.ANCHORS["cluster"] <= known[urls.cluster(c)]


def test_every_generated_page_is_known_to_the_link_checker(output):
    """A generated page missing from generated_uris would make every link to it 'broken'."""
    project, out = output
    known = urls.generated_uris(project)
    generated = {p.uri for p in out.pages}
    assert set(known) <= generated
    # The directory's other pages are linked from its first page only, never from Markdown.
    assert {u for u in generated - set(known) if not u.startswith("annuaire/page-")} == set()


@pytest.mark.parametrize(("src", "dest", "expected"), [
    ("guide/etape-1.md", "fiches/piles.md", "../../fiches/piles/"),
    ("index.md", "annuaire/index.md", "annuaire/"),
    ("annuaire/acme.md", "annuaire/index.md", "../../annuaire/"),
    ("index.md", "index.md", "./"),
    ("annuaire/acme.md", "assets/referentiels/enr.js", "../../assets/referentiels/enr.js"),
])
def test_rel_links_between_output_locations(src, dest, expected):
    assert urls.rel(src, dest) == expected


def test_directory_pages_start_with_the_directory_itself():
    assert urls.directory_page(1) == urls.DIRECTORY
    assert urls.directory_page(2) == "annuaire/page-2.md"
