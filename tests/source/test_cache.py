"""ParsedFiles across the checks of one preview: unchanged files are not read
again, and an unchanged company stays the same object."""

from __future__ import annotations

import os

import pytest

from generator.source.cache import ParsedFiles
from generator.source.errors import ValidationError
from generator.source.project import load_project
from tests.conftest import copy_project


def _touch(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a new signature even on a coarse clock


@pytest.fixture
def root(tmp_path):
    return copy_project(tmp_path / "project")


def test_unchanged_companies_are_the_same_objects(root):
    cache = ParsedFiles()
    first = load_project(root, cache=cache)
    again = load_project(root, cache=cache)
    assert again.companies == first.companies
    assert all(again.companies[s] is c for s, c in first.companies.items())


def test_an_edited_company_is_made_again_and_only_it(root):
    cache = ParsedFiles()
    first = load_project(root, cache=cache)
    slug = sorted(first.companies)[0]
    _touch(root / "data" / "entreprises" / f"{slug}.yml", "nom: ", "nom: Aaa ")
    again = load_project(root, cache=cache)
    assert again.companies[slug].name.startswith("Aaa ")
    assert [s for s, c in again.companies.items() if c is not first.companies[s]] == [slug]


def test_a_changed_label_makes_every_company_again(root):
    """A label's validity decides the expiry of the companies that hold it: their
    files did not change, their objects must."""
    cache = ParsedFiles()
    first = load_project(root, cache=cache)
    _touch(root / "data" / "referentiels" / "enr.yml", "validite_ans: 2", "validite_ans: 3")
    again = load_project(root, cache=cache)
    assert all(again.companies[s] is not c for s, c in first.companies.items())
    assert again.companies == load_project(root).companies
    assert again.companies != first.companies


def test_an_invalid_company_is_reported_at_every_check(root):
    cache = ParsedFiles()
    first = load_project(root, cache=cache)
    slug = sorted(first.companies)[0]
    cluster = first.companies[slug].cluster
    _touch(root / "data" / "entreprises" / f"{slug}.yml", f"cluster: {cluster}", "cluster: inconnu")
    for _ in range(2):
        with pytest.raises(ValidationError) as err:
            load_project(root, cache=cache)
        assert f"data/entreprises/{slug}.yml" in err.value.report() and "inconnu" in err.value.report()
