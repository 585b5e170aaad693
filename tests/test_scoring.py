"""Every rule of generator/scoring.py, on small hand-made referentials."""

from __future__ import annotations

import pytest

from generator.model import Criterion, Level, Option, Referential, Theme
from generator.scoring import AnswerError, normalise_answers, score

RESULT_KEYS = {"referential", "score", "max", "percent", "answered", "total", "complete", "level", "themes"}
THEME_KEYS = {"id", "score", "max", "percent", "answered", "total"}


def crit(cid: str, *points: float | None) -> Criterion:
    """A criterion whose option values are "0", "1", ... with the given points (None: abstention)."""
    return Criterion(cid, f"Critère {cid}", None, "Conseil", (),
                     tuple(Option(str(i), f"option {i}", p) for i, p in enumerate(points)))


def theme(tid: str, *criteria: Criterion, weight: float | None = None) -> Theme:
    return Theme(tid, f"Thème {tid}", weight, tuple(criteria))


def level(lid: str, minimum: float, on: str = "score", strict: bool = False) -> Level:
    return Level(lid, lid.capitalize(), minimum, on, strict)  # type: ignore[arg-type]


def referential(*themes: Theme, levels: tuple[Level, ...] = ()) -> Referential:
    return Referential("essai", "Essai", "1", "", False, None, (), tuple(themes), levels)


# Two themes: a (max 3 + 2) and b (max 4, with an abstention option).
REF = referential(
    theme("a", crit("a1", 0, 1, 3), crit("a2", 0, 2)),
    theme("b", crit("b1", 0, 4, None)),
)


def test_result_has_the_contract_keys():
    result = score(REF, {"a1": "2"})
    assert set(result) == RESULT_KEYS
    assert result["referential"] == "essai"
    assert [set(t) for t in result["themes"]] == [THEME_KEYS, THEME_KEYS]
    assert [t["id"] for t in result["themes"]] == ["a", "b"]


def test_unanswered_counts_zero_but_keeps_its_maximum():
    result = score(REF, {})
    assert (result["score"], result["max"], result["percent"]) == (0, 9, 0)
    assert (result["answered"], result["total"], result["complete"]) == (0, 3, False)
    assert result["themes"][0] == {"id": "a", "score": 0, "max": 5, "percent": 0, "answered": 0, "total": 2}


def test_explicit_null_is_unanswered():
    assert score(REF, {"a1": None}) == score(REF, {})


def test_answered_points_add_up():
    result = score(REF, {"a1": "2", "a2": "1", "b1": "1"})
    assert (result["score"], result["max"]) == (9, 9)
    assert result["percent"] == 100
    assert result["complete"] is True
    a = result["themes"][0]
    assert (a["score"], a["max"], a["percent"], a["answered"]) == (5, 5, 100, 2)


def test_abstention_scores_nothing_and_leaves_the_maximum():
    result = score(REF, {"a1": "2", "b1": "2"})
    b = result["themes"][1]
    assert (b["score"], b["max"], b["percent"], b["answered"]) == (0, 0, 0, 1)
    assert (result["score"], result["max"]) == (3, 5)  # a2 unanswered still counts 2
    assert result["percent"] == pytest.approx(60)
    assert result["answered"] == 2


def test_an_abstention_still_counts_as_answered_for_completeness():
    result = score(REF, {"a1": "0", "a2": "0", "b1": "2"})
    assert result["complete"] is True
    assert result["max"] == 5


def test_integer_answers_are_read_as_option_values():
    assert score(REF, {"a1": 2}) == score(REF, {"a1": "2"})


def test_percent_is_zero_when_the_maximum_is_zero():
    ref = referential(theme("a", crit("a1", 0, None)))
    result = score(ref, {"a1": "1"})
    assert (result["score"], result["max"], result["percent"]) == (0, 0, 0)
    assert result["themes"][0]["percent"] == 0


def test_empty_referential():
    result = score(referential(), {})
    assert (result["score"], result["max"], result["percent"], result["total"]) == (0, 0, 0, 0)
    assert result["complete"] is True
    assert result["themes"] == []


def test_criterion_without_points_has_maximum_zero():
    ref = referential(theme("a", crit("a1", None), crit("a2", 0, 2)))
    assert score(ref, {})["max"] == 2


# --- Weights ---------------------------------------------------------------

WEIGHTED = referential(
    theme("a", crit("a1", 0, 10), weight=50),
    theme("b", crit("b1", 0, 10, None), weight=30),
    theme("c", crit("c1", 0, 5, 10), weight=20),
)


def test_weighted_percent_is_the_weighted_mean_of_theme_percents():
    result = score(WEIGHTED, {"a1": "1", "b1": "0", "c1": "1"})  # 100 %, 0 %, 50 %
    assert result["percent"] == pytest.approx((50 * 100 + 30 * 0 + 20 * 50) / 100)
    assert (result["score"], result["max"]) == (15, 30)  # points are not weighted


def test_weights_are_renormalised_over_themes_with_a_maximum():
    result = score(WEIGHTED, {"a1": "1", "b1": "2", "c1": "1"})  # b abstains: max 0, out of the mean
    assert result["themes"][1]["max"] == 0
    assert result["percent"] == pytest.approx((50 * 100 + 20 * 50) / 70)


def test_weighted_percent_is_zero_when_every_theme_has_maximum_zero():
    ref = referential(theme("a", crit("a1", None), weight=1), theme("b", weight=3))
    assert score(ref, {"a1": "0"})["percent"] == 0


def test_zero_weights_give_zero_percent():
    ref = referential(theme("a", crit("a1", 0, 1), weight=0), theme("b", crit("b1", 0, 1), weight=0))
    assert score(ref, {"a1": "1", "b1": "1"})["percent"] == 0


def test_a_theme_without_weight_makes_the_percent_unweighted():
    ref = referential(theme("a", crit("a1", 0, 10), weight=90), theme("b", crit("b1", 0, 30)))
    assert score(ref, {"a1": "1"})["percent"] == pytest.approx(25)


def test_unweighted_percent_is_points_over_maximum():
    ref = referential(theme("a", crit("a1", 0, 10)), theme("b", crit("b1", 0, 30)))
    assert score(ref, {"a1": "1"})["percent"] == pytest.approx(25)


# --- Levels ----------------------------------------------------------------

ONE = referential(theme("a", *(crit(f"c{i}", 0, 1) for i in range(10))))


def answers_scoring(n: int) -> dict[str, str]:
    return {f"c{i}": "1" for i in range(n)}


@pytest.mark.parametrize("n, reached", [(4, False), (5, True), (6, True)])
def test_inclusive_threshold_on_score(n, reached):
    ref = referential(*ONE.themes, levels=(level("ok", 5),))
    result = score(ref, answers_scoring(n))
    assert (result["level"] == {"id": "ok", "label": "Ok"}) is reached


@pytest.mark.parametrize("n, reached", [(5, False), (6, True)])
def test_strict_threshold_on_score(n, reached):
    ref = referential(*ONE.themes, levels=(level("ok", 5, strict=True),))
    assert (score(ref, answers_scoring(n))["level"] is not None) is reached


@pytest.mark.parametrize("n, strict, reached", [(5, False, True), (5, True, False), (6, True, True), (4, False, False)])
def test_thresholds_on_percent(n, strict, reached):
    ref = referential(*ONE.themes, levels=(level("ok", 50, on="percent", strict=strict),))
    assert (score(ref, answers_scoring(n))["level"] is not None) is reached


def test_percent_threshold_reads_the_weighted_percent():
    ref = referential(*WEIGHTED.themes, levels=(level("ok", 70, on="percent"),))
    # 15 points out of 30 is 50 %, but weighted (b abstains) it is 100*50/70 + 50*20/70 = 85.7 %.
    assert score(ref, {"a1": "1", "b1": "2", "c1": "1"})["level"] == {"id": "ok", "label": "Ok"}


def test_the_highest_level_reached_wins():
    levels = (level("bronze", 2), level("silver", 5), level("gold", 8))
    ref = referential(*ONE.themes, levels=levels)
    assert score(ref, answers_scoring(1))["level"] is None
    assert score(ref, answers_scoring(2))["level"]["id"] == "bronze"
    assert score(ref, answers_scoring(7))["level"]["id"] == "silver"
    assert score(ref, answers_scoring(10))["level"] == {"id": "gold", "label": "Gold"}


def test_a_zero_threshold_is_reached_with_no_answer():
    ref = referential(*ONE.themes, levels=(level("start", 0, on="percent"),))
    assert score(ref, {})["level"]["id"] == "start"


# --- Errors ----------------------------------------------------------------

def test_unknown_criterion_is_an_error():
    with pytest.raises(AnswerError, match="critère inconnu 'zz' dans le référentiel 'essai'"):
        score(REF, {"zz": "1"})


@pytest.mark.parametrize("value", ["9", "", "un", 7])
def test_value_outside_the_options_is_an_error(value):
    with pytest.raises(AnswerError, match=r"valeur invalide pour 'a1' : '.*' \(valeurs possibles : 0, 1, 2\)"):
        score(REF, {"a1": value})


@pytest.mark.parametrize("value", [True, False, 1.0, 1.5, [1], {"v": 1}])
def test_values_that_are_not_text_or_integers_are_errors(value):
    with pytest.raises(AnswerError, match="valeur invalide pour 'a1'"):
        score(REF, {"a1": value})


@pytest.mark.parametrize("answers", [[], "a1", 3, None])
def test_answers_must_be_an_object(answers):
    with pytest.raises(AnswerError, match="objet JSON"):
        normalise_answers(REF, answers)


def test_normalise_answers_maps_to_strings():
    assert normalise_answers(REF, {"a1": 2, "a2": None, "b1": "2"}) == {"a1": "2", "b1": "2"}
