"""The regions map: shapes shipped with their licence, drawn whole, counts from the data."""

from __future__ import annotations

import re

import pytest

from generator.regions import NATIONAL, OVERSEAS, SHAPES, closest_region, region_names
from generator.site.francemap import drawing, summarise, unplaced
from generator.source.project import load_project
from tests.conftest import ROOT

MAINLAND = {"Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Corse",
            "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
            "Pays de la Loire", "Provence-Alpes-Côte d'Azur"}


def test_every_region_of_france_is_drawn_inside_the_frame():
    assert set(region_names()) == MAINLAND | set(OVERSEAS)
    d = drawing()
    assert {r.name for r in d.regions} == set(region_names())
    for r in d.regions:
        xs, ys = [], []
        for ring in re.findall(r"M[^z]+z", r.path):  # absolute start, then relative steps
            numbers = [int(v) for v in re.findall(r"-?\d+", ring)]
            x, y = numbers[0], numbers[1]
            xs.append(x), ys.append(y)
            for dx, dy in zip(numbers[2::2], numbers[3::2]):
                x, y = x + dx, y + dy
                xs.append(x), ys.append(y)
        assert len(xs) >= 10, r.name
        assert 0 <= min(xs) and max(xs) <= d.width and 0 <= min(ys) and max(ys) <= d.height, r.name
        assert r.overseas == (r.name in OVERSEAS)
        x, y = r.label
        assert min(xs) <= x <= max(xs) and min(ys) <= y <= max(ys), r.name


def test_shapes_ship_with_their_licence_and_derivation():
    licence = (SHAPES.parent / "LICENCE.md").read_text(encoding="utf-8")
    assert "Natural Earth" in licence and "domaine public" in licence
    assert (ROOT / "tools" / "regions_from_natural_earth.py").is_file()


@pytest.mark.parametrize("name, official", [("Ile-de-France", "Île-de-France"), ("provence alpes cote d’azur",
                                            "Provence-Alpes-Côte d'Azur"), ("Atlantide", None)])
def test_misspelt_regions_are_recognised(name, official):
    assert closest_region(name) == official


def test_counts_come_from_the_data():
    project = load_project(ROOT)
    rows, national = summarise(project)
    assert sum(r.companies for r in rows.values()) + national.companies == len(project.companies)
    assert sum(len(r.clusters) for r in rows.values()) + len(national.clusters) == len(project.clusters)
    for name, row in rows.items():
        assert row.companies == sum(1 for c in project.companies.values() if c.region == name)
        assert (row.level == 0) == (row.companies == 0)
    assert [c.id for c in national.clusters] == sorted(c.id for c in project.clusters.values() if c.region == NATIONAL)


def test_a_region_without_shape_is_reported_and_tabled():
    import dataclasses

    project = load_project(ROOT)
    assert unplaced(project) == []
    company = next(iter(project.companies.values()))
    odd = dataclasses.replace(company, region="Atlantide")
    project = dataclasses.replace(project, companies={**project.companies, company.slug: odd})
    assert unplaced(project) == ["Atlantide"]
    rows, _ = summarise(project)
    assert rows["Atlantide"].companies == 1
