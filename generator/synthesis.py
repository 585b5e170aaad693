"""The reference of a cluster synthesis's statistics (issue 14), in Python.

The synthesis page runs `overrides/assets/javascripts/synthesis-core.js`; this
module computes the same anonymous aggregate from the same answers, with the
same arithmetic in the same order, so tests require both to agree, and it
checks a published aggregate's values (`aggregate_problems`, which lives in
source/aggregates.py: data/syntheses/ files are checked with it). The reasons for
each rule (type 7 quartiles, half-year campaigns in UTC, the anonymity
threshold, how criteria are counted) are in the JavaScript module's header.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping

from .model import Referential
from .scoring import normalise_answers, score
from .source.aggregates import (  # noqa: F401 - the synthesis's names; the checks belong to the source stage
    DEFAULT_THRESHOLD, FORMAT, FORMAT_VERSION, MIN_THRESHOLD, PERIODS, STAT_KEYS, Problem, aggregate_problems,
    campaign_from_id, campaign_of,
)

DEFAULT_WEAKEST = 5
DEFAULT_PRECISION = 2


def quantile(ordered: list[float], p: float) -> float:
    """Type 7 quantile of sorted values (statistics.quantiles' "inclusive" method)."""
    h = (len(ordered) - 1) * p
    lo = math.floor(h)
    a, b = ordered[lo], ordered[min(lo + 1, len(ordered) - 1)]
    return min(max(a + (h - lo) * (b - a), a), b)


def summary(values: Iterable[float]) -> dict:
    """Count, extremes, quartiles and mean of a non-empty list of numbers."""
    s = sorted(values)
    total = 0.0
    for v in s:  # not sum(): from Python 3.12 it compensates, and the browser does not
        total += v
    return {"n": len(s), "min": s[0], "q1": quantile(s, 0.25), "mediane": quantile(s, 0.5), "q3": quantile(s, 0.75),
            "max": s[-1], "moyenne": min(max(total / len(s), s[0]), s[-1])}


def _rounded(x: float, digits: int | None) -> float:
    return x if digits is None else math.floor(x * 10 ** digits + 0.5) / 10 ** digits


def criterion_stats(ref: Referential, answers_list: list[Mapping[str, str]]) -> list[dict]:
    """Every criterion worth points, in grid order: companies counted, share of its maximum (percent)."""
    out = []
    for theme in ref.themes:
        for c in theme.criteria:
            if c.max_points <= 0:
                continue
            counted = blanks = abstentions = 0
            points = 0.0
            for answers in answers_list:
                value = answers.get(c.id)
                option = next((o for o in c.options if o.value == value), None) if value is not None else None
                if option is not None and option.points is None:
                    abstentions += 1
                    continue
                counted += 1
                if option is not None:
                    points += option.points
                else:
                    blanks += 1
            out.append({"id": c.id, "theme": theme.id, "n": counted,
                        "part": 100 * points / (counted * c.max_points) if counted else None,
                        "sans_reponse": blanks, "abstentions": abstentions})
    return out


def aggregate_document(ref: Referential, entries: Iterable[tuple[Mapping[str, Any], Any]], *,
                       threshold: int = DEFAULT_THRESHOLD, weakest: int = DEFAULT_WEAKEST,
                       precision: int | None = DEFAULT_PRECISION, period: str = "semestre") -> dict:
    """The anonymous aggregate of one campaign's (answers, export date) pairs, scored here."""
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < MIN_THRESHOLD:
        raise ValueError(f"threshold: an integer of at least {MIN_THRESHOLD}")
    entries = [(normalise_answers(ref, answers), campaign_of(moment, period)) for answers, moment in entries]
    if len({c["id"] for _, c in entries}) > 1:
        raise ValueError("aggregate_document: entries of one campaign only")
    results = [score(ref, answers) for answers, _ in entries]
    doc: dict[str, Any] = {
        "type": FORMAT, "format": FORMAT_VERSION, "referentiel": ref.id, "version": ref.version,
        "campagne": entries[0][1] if entries else None, "seuil": threshold, "n": len(entries),
        "complets": sum(1 for r in results if r["complete"]),
    }
    if len(entries) < threshold:
        return doc

    def stats(ident: str | None, values: list[float]) -> dict:
        head = {} if ident is None else {"id": ident}
        if len(values) < threshold:
            return {**head, "n": len(values)}
        s = summary(values)
        return {**head, "n": s["n"], **{k: _rounded(s[k], precision) for k in (*STAT_KEYS, "moyenne")}}

    doc["ensemble"] = stats(None, [r["percent"] for r in results if r["max"] != 0])
    doc["themes"] = [stats(t.id, [r["themes"][i]["percent"] for r in results if r["themes"][i]["max"] != 0])
                     for i, t in enumerate(ref.themes)]
    doc["niveaux"] = [{"id": lv.id, "n": sum(1 for r in results if r["level"] and r["level"]["id"] == lv.id)}
                      for lv in ref.levels]
    doc["sans_niveau"] = sum(1 for r in results if not r["level"])
    ranked = sorted(((c, i) for i, c in enumerate(criterion_stats(ref, [a for a, _ in entries]))
                     if c["part"] is not None and c["n"] >= threshold), key=lambda ci: (ci[0]["part"], ci[1]))
    doc["criteres_faibles"] = [{"id": c["id"], "theme": c["theme"], "n": c["n"], "part": _rounded(c["part"], precision),
                                "sans_reponse": c["sans_reponse"]} for c, _ in ranked[:weakest]]
    return doc
