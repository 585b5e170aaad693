"""generator/site/generate.py: Project -> Output, whole, sorted, deterministic,
and nothing of the directory in the navigation."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from generator import parallel, urls
from generator.parallel import MIN_ITEMS
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


def _rename_company(project):
    slug = sorted(project.companies)[len(project.companies) // 2]
    c = project.companies[slug]
    # "Aaa" moves it to the first directory page and the first rows of every part.
    return dataclasses.replace(project, companies={**project.companies, slug: dataclasses.replace(c, name="Aaa Renommée")})


def _rename_cluster(project):
    cid = min(c.cluster for c in project.companies.values())  # one the directory shows
    cl = dataclasses.replace(project.clusters[cid], name="Cluster renommé")
    return dataclasses.replace(project, clusters={**project.clusters, cid: cl})


def _rename_label(project):
    rid = min(a.label for c in project.companies.values() for a in c.awards)
    r = project.referentials[rid]
    renamed = dataclasses.replace(r, label=dataclasses.replace(r.label, name="Label renommé"))
    return dataclasses.replace(project, referentials={**project.referentials, rid: renamed})


def _drop_company(project):
    companies = dict(project.companies)
    companies.pop(sorted(companies)[0])
    return dataclasses.replace(project, companies=companies)


LATER = dataclasses.replace(OPTIONS, today=dt.date(2031, 1, 1))  # statuses change: expired labels


@pytest.mark.parametrize("edit, options, shown", [
    (_rename_company, OPTIONS, "Aaa Renommée"), (_rename_cluster, OPTIONS, "Cluster renommé"),
    (_rename_label, OPTIONS, "Label renommé"),
    (_drop_company, OPTIONS, None), (lambda p: p, LATER, None)])
def test_a_cache_warmed_before_an_edit_gives_what_a_cold_build_gives(project, output, edit, options, shown):
    """The preview's incremental rebuild: every piece whose inputs changed is
    rendered again, and the result is the same as without a cache."""
    cache = RenderCache()
    generate(project, OPTIONS, cache)
    edited = edit(project)
    warm, cold = generate(edited, options, cache), generate(edited, options)
    assert warm.pages == cold.pages and warm.files == cold.files
    assert warm.files != output.files
    if shown:  # in the company and directory pages, which the cache holds
        assert any(shown in p.html for p in warm.pages if p.uri.startswith("annuaire/") and p.uri != urls.directory_page(1))


def test_a_warm_cache_reuses_what_did_not_change(project):
    cache = RenderCache()
    first = generate(project, OPTIONS, cache)
    again = generate(project, OPTIONS, cache)
    kept = {p.uri: p for p in first.pages}
    reused = [p for p in again.pages if kept.get(p.uri) is p]
    assert {urls.company(c) for c in project.companies} | {urls.directory_page(1)} <= {p.uri for p in reused}


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


def test_several_processes_give_the_same_output(project):
    """Company pages rendered by forked children (parallel.py) come back whole and in order."""
    from tests.site.test_directory import grow

    grown = grow(project, 2 * MIN_ITEMS + 3)
    serial = generate(grown, OPTIONS)
    forked = generate(grown, dataclasses.replace(OPTIONS, workers=2))
    assert forked.pages == serial.pages and forked.files == serial.files


def test_a_warm_cache_with_workers_renders_only_what_is_missing(project, monkeypatch):
    from tests.site.test_directory import grow

    grown = grow(project, 2 * MIN_ITEMS + 3)
    options = dataclasses.replace(OPTIONS, workers=2)
    cache = RenderCache()
    first = generate(grown, options, cache)
    asked: list[int] = []
    real = parallel.forked_map
    monkeypatch.setattr("generator.site.cache.forked_map",
                        lambda fn, items, workers: asked.append(len(items)) or real(fn, items, workers))
    edited = _rename_company(grown)
    again = generate(edited, options, cache)
    assert asked == [1]  # the renamed company, nothing else
    assert again.pages == generate(edited, OPTIONS).pages
    kept = {p.uri: p for p in first.pages}
    assert sum(kept.get(p.uri) is p for p in again.pages) >= 2 * MIN_ITEMS
