"""The synthesis page's module (synthesis-core.js) and its Python reference
(generator/synthesis.py) agree: same aggregates from the same exports, same
problems in the same places for a damaged aggregate.

The browser side runs in the long-lived Node.js process of
test_engines_agree.py (tests/js/score_server.mjs), on the built modules.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import synthesis
from generator.scoring import normalise_answers
from generator.source.project import load_project
from tests.conftest import ROOT
from tests.test_engines_agree import EXAMPLES, SHIPPED, answers_for, assert_same
from tests.test_engines_agree import engine, refs  # noqa: F401 - fixtures: one Node.js process, the referentials

FEW = settings(EXAMPLES, max_examples=25)
START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def export_text(ref, answers, moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.timezone.utc)
    iso = utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    doc = {"referentiel": ref.id, "version": ref.version, "date": iso, "reponses": answers}
    return json.dumps(doc, ensure_ascii=False)


@st.composite
def campaigns(draw, ref):
    """Up to 30 companies' answers over two years, each export at its own minute (no duplicates)."""
    count = draw(st.integers(0, 30))
    minutes = draw(st.lists(st.integers(0, 2 * 365 * 24 * 60), min_size=count, max_size=count, unique=True))
    return [(draw(answers_for(ref)), START + dt.timedelta(minutes=m, milliseconds=draw(st.integers(0, 999))))
            for m in minutes]


def python_documents(ref, companies, period, **options):
    """One aggregate per campaign, oldest first; exports without an answer are refused as the page does."""
    groups: dict[str, list] = {}
    for answers, moment in companies:
        if normalise_answers(ref, answers):
            groups.setdefault(synthesis.campaign_of(moment, period)["id"], []).append((answers, moment))
    return [synthesis.aggregate_document(ref, groups[k], period=period, **options) for k in sorted(groups)]


@pytest.mark.parametrize("rid", SHIPPED)
def test_engines_agree_on_aggregates(engine, refs, rid):  # noqa: F811
    ref = refs[rid]

    @FEW
    @given(companies=campaigns(ref), period=st.sampled_from(synthesis.PERIODS[:3]), threshold=st.integers(5, 8),
           weakest=st.integers(0, 12))
    def check(companies, period, threshold, weakest):
        files = [{"name": f"e{i}.json", "text": export_text(ref, a, m)} for i, (a, m) in enumerate(companies)]
        for precision in (2, None):
            options = {"threshold": threshold, "weakest": weakest, "precision": precision}
            got = engine.ask({"synthesis": rid, "files": files, "options": {**options, "period": period}})
            assert "ok" in got, got
            expected = python_documents(ref, companies, period, **options)
            if precision is None:
                assert_same(expected, got["ok"]["campagnes"])
            else:
                assert expected == got["ok"]["campagnes"]  # rounded: the same bytes
            for doc in expected:
                problems = synthesis.aggregate_problems(doc, ref, threshold)
                assert (problems == []) == (doc["n"] >= threshold), problems

    check()


def test_known_aggregate():
    """Five companies on ENR, values worked out by hand."""
    ref = load_project(ROOT).referentials["enr"]
    first = ref.themes[0].criteria[0]  # prat-01: 0, 3, 6 or 10 points
    picks = ["absente", "ponctuelle", "ponctuelle", "formalisee", "absente"]
    companies = [({first.id: v}, dt.datetime(2026, 10, 1 + i)) for i, v in enumerate(picks)]
    doc = synthesis.aggregate_document(ref, companies)
    points = sorted(o.points for v in picks for o in first.options if o.value == v)
    theme_max = sum(c.max_points for c in ref.themes[0].criteria)
    percents = [100 * p / theme_max for p in points]
    assert doc["campagne"] == synthesis.campaign_from_id("2026-S2") == {
        "id": "2026-S2", "libelle": "2e semestre 2026", "debut": "2026-07-01", "fin": "2026-12-31"}
    assert (doc["n"], doc["complets"]) == (5, 0)
    assert doc["themes"][0]["mediane"] == round(percents[2], 2)
    assert doc["themes"][0]["q1"] == round(percents[1], 2)  # n = 5: the quartiles fall on values
    assert doc["criteres_faibles"][0]["id"] != first.id  # the criteria left blank score 0
    assert doc["niveaux"] == [{"id": "labellise", "n": 0}] and doc["sans_niveau"] == 5
    assert synthesis.aggregate_problems(doc, ref) == []
    assert synthesis.aggregate_document(ref, companies[:4]).keys() == {
        "type", "format", "referentiel", "version", "campagne", "seuil", "n", "complets"}


@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=60))
def test_quartiles_are_statistics_inclusive(values):
    s = synthesis.summary(values)
    q = statistics.quantiles(values, n=4, method="inclusive")
    for got, want in zip((s["q1"], s["mediane"], s["q3"]), q):
        assert got == pytest.approx(want, abs=1e-9)
    assert s["min"] <= s["q1"] <= s["mediane"] <= s["q3"] <= s["max"]
    assert s["min"] <= s["moyenne"] <= s["max"]


def test_campaigns_round_trip():
    for moment, period, ident in [("2026-06-30T23:59:59Z", "semestre", "2026-S1"),
                                  ("2026-06-30T23:30:00-02:00", "semestre", "2026-S2"),
                                  ("2024-02-10", "mois", "2024-02"), ("2026-11-26T00:00:00Z", "trimestre", "2026-T4"),
                                  ("2026-11-26T00:00:00Z", "annee", "2026")]:
        c = synthesis.campaign_of(moment, period)
        assert c["id"] == ident and synthesis.campaign_from_id(ident) == c
    assert synthesis.campaign_of("2024-02-10", "mois")["fin"] == "2024-02-29"
    assert synthesis.campaign_from_id("2026-S3") is None


PATHS = st.sampled_from([
    ("type",), ("format",), ("referentiel",), ("version",), ("campagne",), ("campagne", "fin"), ("seuil",), ("n",),
    ("complets",), ("ensemble",), ("ensemble", "q1"), ("ensemble", "max"), ("ensemble", "moyenne"), ("themes",),
    ("themes", 0), ("themes", 0, "id"), ("themes", 0, "n"), ("themes", -1, "mediane"), ("niveaux",),
    ("niveaux", 0, "n"), ("niveaux", 0, "id"), ("sans_niveau",), ("criteres_faibles",), ("criteres_faibles", 0, "part"),
    ("criteres_faibles", 0, "id"), ("criteres_faibles", 0, "n"), ("criteres_faibles", -1, "sans_reponse"),
])
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 120), st.floats(-1, 101, allow_nan=False),
                   st.sampled_from(["", "x", "2026-S3", "1.0", "gouvernance"]), st.just([]), st.just({}))


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        if isinstance(node, list) and not node:
            return
        node = node[key]
    if isinstance(node, list) and not node:
        return
    node[path[-1]] = value


@pytest.mark.parametrize("rid", ["hydreos", "ecoride"])
def test_engines_find_the_same_problems(engine, refs, rid):  # noqa: F811
    ref = refs[rid]

    @FEW
    @given(companies=campaigns(ref), changes=st.lists(st.tuples(PATHS, VALUES), min_size=1, max_size=3),
           with_ref=st.booleans())
    def check(companies, changes, with_ref):
        docs = python_documents(ref, companies, "annee")
        if not docs:
            return
        doc = copy.deepcopy(max(docs, key=lambda d: d["n"]))
        for path, value in changes:
            try:
                _set(doc, path, value)
            except (KeyError, IndexError, TypeError):
                pass  # the path does not exist in this document (counts only, no criteria)
        expected = [[list(p), m] for p, m in synthesis.aggregate_problems(doc, ref if with_ref else None)]
        got = engine.ask({"problems": rid if with_ref else None, "document": doc})
        assert got.get("ok") == expected, (doc, got)

    check()
