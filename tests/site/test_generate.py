"""generator/site/generate.py: Project -> Output, whole, sorted, deterministic,
and nothing of the directory in the navigation."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import urls
from generator.site.cache import RenderCache
from generator.site.generate import generate
from generator.site.output import Options
from generator.source.project import load_project
from tests.conftest import ROOT

OPTIONS = Options(today=dt.date(2026, 11, 26), site_url="https://example.org/")


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def output(project):
    return generate(project, OPTIONS)


def test_the_same_project_gives_the_same_output(project, output):
    again = generate(project, OPTIONS)
    assert again.pages == output.pages
    assert again.files == output.files


def test_a_warm_cache_changes_nothing(project, output):
    cache = RenderCache()
    generate(project, OPTIONS, cache)
    warm = generate(project, OPTIONS, cache)
    assert warm.pages == output.pages and warm.files == output.files


def test_pages_and_files_are_sorted_and_unique(output):
    pages = [p.uri for p in output.pages]
    files = [f.uri for f in output.files]
    assert pages == sorted(set(pages))
    assert files == sorted(set(files))
    assert not set(pages) & set(files)


def test_one_page_per_cluster_referential_label_and_company(project, output):
    pages = {p.uri for p in output.pages}
    expected = ({urls.cluster(c) for c in project.clusters} | {urls.diagnostic(r) for r in project.referentials}
                | {urls.label(r) for r in project.labels} | {urls.company(c) for c in project.companies})
    assert expected <= pages
    assert {urls.scoring_module(r) for r in project.referentials} <= {f.uri for f in output.files}


def test_the_navigation_holds_no_page_that_grows_with_the_data(project, output):
    """MkDocs renders its navigation on every page: company and directory pages
    there would make the build quadratic in the number of companies."""
    in_nav = {p.uri for p in output.pages if p.in_nav}
    assert not {urls.company(c) for c in project.companies} & in_nav
    assert not {u for u in in_nav if u.startswith("annuaire/")} - {urls.DIRECTORY}
    assert not {urls.cluster(c) for c in project.clusters} & in_nav
    assert len(in_nav) <= len(project.referentials) + len(project.labels) + 10


def test_every_page_has_a_title_and_content(output):
    for p in output.pages:
        assert p.title.strip(), p.uri
        assert (p.html if p.markdown is None else p.markdown).strip() or p.uri == urls.PRINT, p.uri
