"""The browser's engine (scoring.js) and the specification (scoring.py) agree.

One long-lived Node.js process per test module scores JSON lines, so
hundreds of random answer sets cost milliseconds each. The modules come
from the built site: what ships is what is tested.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import Criterion, Level, Option, Referential, Theme
from generator.site.scoring_modules import referential_data
from generator.scoring import AnswerError, score
from generator.source.project import load_project
from tests.conftest import ROOT

NODE = shutil.which("node") or "/usr/bin/node"
SHIPPED = ["6pl", "afaq-26000", "cluster-bio", "ecoride", "enr", "hydreos"]
EXAMPLES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Engine:
    def __init__(self, site):
        if not os.path.exists(NODE):
            pytest.fail("Node.js manquant : les tests du moteur JavaScript en ont besoin (paquet nodejs)")
        self.proc = subprocess.Popen([NODE, str(ROOT / "tests" / "js" / "score_server.mjs"), str(site)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(self, query: dict) -> dict:
        self.proc.stdin.write(json.dumps(query, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"le processus node s'est arrêté (code {self.proc.poll()})")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def engine(site):
    e = Engine(site)
    yield e
    e.close()


@pytest.fixture(scope="module")
def refs():
    return load_project(ROOT).referentials


def assert_same(py, js, path="$"):
    if isinstance(py, dict):
        assert isinstance(js, dict) and set(py) == set(js), f"{path}: {py!r} != {js!r}"
        for k in py:
            assert_same(py[k], js[k], f"{path}.{k}")
    elif isinstance(py, list):
        assert isinstance(js, list) and len(py) == len(js), f"{path}: {py!r} != {js!r}"
        for i, (a, b) in enumerate(zip(py, js)):
            assert_same(a, b, f"{path}[{i}]")
    elif py is None or isinstance(py, (bool, str)):
        assert py == js, f"{path}: {py!r} != {js!r}"
    else:
        assert isinstance(js, (int, float)) and not isinstance(js, bool), f"{path}: {py!r} != {js!r}"
        assert math.isclose(py, js, rel_tol=1e-9, abs_tol=1e-9), f"{path}: {py!r} != {js!r}"


def both(engine, ref, answers, query):
    """Python's result or None on AnswerError, checked against Node's."""
    try:
        expected = score(ref, answers)
    except AnswerError:
        expected = None
    got = engine.ask(query)
    if expected is None:
        assert got.get("kind") == "AnswerError", got
    else:
        assert "ok" in got, got
        assert_same(expected, got["ok"])
    return expected


def answers_for(ref: Referential):
    """Random answers: per criterion an option, nothing, null, or the option as an integer
    when its value is one ({"c": 3} for "3", as the CLI accepts). One list of small integers
    per example keeps generation cheap for the 50-criterion grids."""
    criteria = ref.criteria

    def build(codes: list[int]) -> dict:
        out = {}
        for c, code in zip(criteria, codes):
            n = len(c.options)
            k = code % (n + 3)
            if k == n:
                continue
            if k == n + 1:
                out[c.id] = None
            elif k == n + 2:
                value = c.options[code % n].value
                out[c.id] = int(value) if re.fullmatch(r"0|[1-9][0-9]{0,5}", value) else value
            else:
                out[c.id] = c.options[k].value
        return out

    return st.lists(st.integers(0, 255), min_size=len(criteria), max_size=len(criteria)).map(build)


@pytest.mark.parametrize("rid", SHIPPED)
def test_module_data_is_the_referential(engine, refs, rid):
    got = engine.ask({"dump": rid})
    assert got["ok"] == json.loads(json.dumps(referential_data(refs[rid])))


@pytest.mark.parametrize("rid", SHIPPED)
def test_engines_agree_on_shipped_referentials(engine, refs, rid):
    ref = refs[rid]

    @EXAMPLES
    @given(answers=answers_for(ref))
    def check(answers):
        both(engine, ref, answers, {"ref": rid, "answers": answers})

    check()


@pytest.mark.parametrize("rid", SHIPPED)
def test_engines_agree_on_extreme_answers(engine, refs, rid):
    ref = refs[rid]
    for pick in (min, max):
        answers = {c.id: pick(c.options, key=lambda o: (o.points is not None, o.points or 0)).value for c in ref.criteria}
        both(engine, ref, answers, {"ref": rid, "answers": answers})
    both(engine, ref, {}, {"ref": rid, "answers": {}})


JUNK = st.one_of(st.just(True), st.just(False), st.just("nope"), st.just(""), st.just(-1), st.lists(st.just("a"), max_size=1),
                 st.dictionaries(st.just("v"), st.just("a"), max_size=1))


@pytest.mark.parametrize("rid", ["enr", "hydreos"])
def test_engines_reject_the_same_answers(engine, refs, rid):
    """Unknown criteria and invalid values are errors in both engines (floats aside: JSON
    cannot tell 1.0 from 1 in JavaScript)."""
    ref = refs[rid]
    ids = [c.id for c in ref.criteria]

    @EXAMPLES
    @given(good=answers_for(ref), key=st.sampled_from(ids + ["inconnu", "zz-99"]), junk=JUNK)
    def check(good, key, junk):
        answers = {**good, key: junk}
        both(engine, ref, answers, {"ref": rid, "answers": answers})

    check()


def written(lo: float, hi: float):
    """Numbers a YAML file can hold: the spec refuses exponents of three digits
    (spec._digits), so no 1e-308 whose quotients overflow to an infinity that
    JSON cannot carry from Node (hypothesis found points of 2.2e-308 and -1)."""
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or abs(x) >= 1e-99)


# Negative points are refused by the spec but kept here: both engines must still agree on them.
points = st.one_of(st.none(), st.integers(-5, 20), written(-10, 100))
weights = written(0, 100)


@st.composite
def random_referentials(draw) -> Referential:
    mode = draw(st.sampled_from(["aucun", "tous", "mélangés"]))
    themes, k = [], 0
    for t in range(draw(st.integers(0, 4))):
        criteria = []
        for _ in range(draw(st.integers(0, 5))):
            pts = draw(st.lists(points, min_size=1, max_size=4))
            criteria.append(Criterion(f"c{k}", f"Critère {k}", None, "Conseil", (),
                                      tuple(Option(f"o{j}", f"option {j}", p) for j, p in enumerate(pts))))
            k += 1
        weight = None if mode == "aucun" or (mode == "mélangés" and t % 2) else draw(weights)
        themes.append(Theme(f"t{t}", f"Thème {t}", weight, tuple(criteria)))
    levels = tuple(
        Level(f"n{i}", f"Niveau {i}", draw(written(-10, 300)),
              draw(st.sampled_from(["score", "percent"])), draw(st.booleans()), draw(st.booleans()))
        for i in range(draw(st.integers(0, 4))))
    return Referential("aleatoire", "Aléatoire", "0", "", False, None, (), tuple(themes), levels)


@EXAMPLES
@given(data=st.data(), ref=random_referentials())
def test_engines_agree_on_random_referentials(engine, data, ref):
    answers = data.draw(answers_for(ref))
    both(engine, ref, answers, {"data": referential_data(ref), "answers": answers})


def test_node_unit_tests(site):
    """tests/js/*.test.mjs (node --test) against the built modules, so `make test` runs them."""
    files = sorted(str(p) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files
    proc = subprocess.run([NODE, "--test", *files], env={**os.environ, "RSE_SITE_DIR": str(site)},
                          capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_scoring_benchmark_budgets():
    """benchmarks/scoring_bench.mjs, briefly: re-scoring under 2 ms, code under 30 KB gzipped."""
    proc = subprocess.run([NODE, str(ROOT / "benchmarks" / "scoring_bench.mjs"), "--runs", "300"],
                          capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
