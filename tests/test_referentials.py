"""The shipped referentials, as the guide describes them, and what the browser gets of them."""

from __future__ import annotations

import json
import re

import pytest

from generator.site.scoring_modules import referential_data, scoring_module_source
from generator.scoring import score
from generator.source.project import load_project
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def refs():
    return load_project(ROOT).referentials


def best(ref, exclude=()):
    """The answers earning every point."""
    return {c.id: max((o for o in c.options if o.points is not None), key=lambda o: o.points).value
            for c in ref.criteria if c.id not in exclude}


def test_the_six_referentials_are_shipped(refs):
    assert sorted(refs) == ["6pl", "afaq-26000", "cluster-bio", "ecoride", "enr", "hydreos"]


def test_6pl_five_themes_of_ten_criteria_out_of_250(refs):
    ref = refs["6pl"]
    assert [len(t.criteria) for t in ref.themes] == [10] * 5
    assert ref.max_points == 250
    assert score(ref, best(ref))["score"] == 250
    assert [lv.id for lv in ref.levels] == ["labellisable"]


def test_ecoride_45_criteria_weighted_50_40_10(refs):
    ref = refs["ecoride"]
    assert len(ref.criteria) == 45
    assert [t.weight for t in ref.themes] == [50, 40, 10]
    assert [lv.id for lv in ref.levels] == ["bronze", "silver", "gold"]
    assert all(lv.indicative and lv.on == "percent" for lv in ref.levels)
    # Only the first theme at 100 %, the others at 0 %: the weighted percent is 50.
    first = {c.id: "3" for c in ref.themes[0].criteria}
    others = {c.id: "0" for t in ref.themes[1:] for c in t.criteria}
    assert score(ref, {**first, **others})["percent"] == pytest.approx(50)


def test_enr_two_parts_of_100_and_labellise_strictly_above_120(refs):
    ref = refs["enr"]
    assert [sum(c.max_points for c in t.criteria) for t in ref.themes] == [100, 100]
    (lv,) = ref.levels
    assert (lv.id, lv.on, lv.min, lv.strict, lv.indicative) == ("labellise", "score", 120, True, False)
    top = [c for c in ref.criteria if c.max_points == 10]
    exactly_120 = {c.id: next(o.value for o in c.options if o.points == 10) for c in top[:12]}
    assert score(ref, exactly_120)["score"] == 120
    assert score(ref, exactly_120)["level"] is None
    above = {**exactly_120, top[12].id: next(o.value for o in top[12].options if o.points == 3)}
    assert score(ref, above)["level"] == {"id": "labellise", "label": "Labellisé"}


def test_hydreos_26_criteria_with_a_no_opinion_abstention(refs):
    ref = refs["hydreos"]
    assert len(ref.criteria) == 26
    for c in ref.criteria:
        abstentions = [o for o in c.options if o.abstention]
        assert [(o.value, o.label) for o in abstentions] == [("ne-se-prononce-pas", "ne se prononce pas")]
    result = score(ref, {c.id: "ne-se-prononce-pas" for c in ref.criteria})
    assert (result["max"], result["percent"], result["complete"]) == (0, 0, True)


def test_afaq_26000_levels(refs):
    ref = refs["afaq-26000"]
    assert [lv.id for lv in ref.levels] == ["debutant", "intermediaire", "confirme", "expert"]
    assert [lv.label for lv in ref.levels] == ["Débutant", "Intermédiaire", "Confirmé", "Expert"]
    assert score(ref, best(ref))["level"]["id"] == "expert"


def test_cluster_bio_seven_themes_graded_a_to_d(refs):
    ref = refs["cluster-bio"]
    assert len(ref.themes) == 7
    for c in ref.criteria:
        assert [o.value for o in c.options] == ["a", "b", "c", "d"]
        assert [o.points for o in c.options] == [3, 2, 1, 0]
    assert [lv.id for lv in ref.levels] == ["d", "c", "b", "a"]
    assert score(ref, {})["level"]["id"] == "d"  # the floor grade
    assert score(ref, best(ref))["level"]["id"] == "a"


def test_levels_rise(refs):
    for ref in refs.values():
        keys = [(lv.min, lv.strict) for lv in ref.levels]
        assert keys == sorted(keys), ref.id
        assert len({lv.on for lv in ref.levels}) <= 1, ref.id


@pytest.mark.parametrize("rid", ["6pl", "afaq-26000", "cluster-bio", "ecoride", "enr", "hydreos"])
def test_module_carries_the_engine_data(refs, rid):
    ref = refs[rid]
    source = scoring_module_source(ref)
    assert 'import { scoreWith } from "../javascripts/scoring.js";' in source
    assert "export function score(answers) { return scoreWith(referential, answers); }" in source
    data = json.loads(re.search(r"export const referential = Object\.freeze\((.*)\);\n", source).group(1))
    assert data == referential_data(ref)
    assert set(data) == {"id", "title", "version", "themes", "levels"}
    crit = data["themes"][0]["criteria"][0]
    assert set(crit) == {"id", "text", "advice", "fiches", "options"}
    assert crit["advice"]  # the improvement plan shows it


def test_diagnostic_page_is_a_paper_grid(site, refs):
    """Without JavaScript: fieldsets, legends and native radios; results hidden until the script runs."""
    for ref in refs.values():
        html = (site / "diagnostics" / ref.id / "index.html").read_text(encoding="utf-8")
        assert html.count('class="rse-criterion"') == len(ref.criteria)
        assert html.count('type="radio"') == sum(len(c.options) for c in ref.criteria)
        assert f'data-rse-diagnostic="{ref.id}"' in html and f'data-rse-version="{ref.version}"' in html
        assert 'data-rse-results hidden' in html and 'role="status"' in html
        assert "data-rse-ref-fiches=" in html and 'autocomplete="off"' in html
        assert (site / "assets" / "referentiels" / f"{ref.id}.js").exists()
    for name in ("diagnostic.js", "diagnostic-core.js", "radar.js", "scoring.js"):
        assert (site / "assets" / "javascripts" / name).exists()


def test_diagnostics_index_is_linked_from_step_2_and_label_pages(site, refs):
    step2 = (site / "guide" / "etape-2-accompagnement" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../diagnostics/"' in step2
    for ref in refs.values():
        if ref.label is not None:
            html = (site / "labels" / ref.id / "index.html").read_text(encoding="utf-8")
            assert f'href="../../diagnostics/{ref.id}/"' in html
