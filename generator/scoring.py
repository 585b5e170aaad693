"""The reference scorer: the specification of scoring, in Python.

The browser runs `overrides/assets/javascripts/scoring.js`, a transcription of
this module; tests feed both the same random answers and require agreement
to 1e-9, so any change here must be mirrored there.
"""

from __future__ import annotations

import reprlib
from typing import Any, Mapping

from .source.errors import clipped
from .model import Referential

# A value that is not text is shown by its repr, bounded in depth and length
# (answers may be 1,000 nested lists or a 4,000-digit number).
_SHORT = reprlib.Repr()  # keyword arguments need Python 3.12
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxlong, _SHORT.maxother = 2, 4, 4, 60, 40, 60


class AnswerError(ValueError):
    """Answers that do not fit the referential (unknown criterion, bad value)."""


def normalise_answers(ref: Referential, answers: Mapping[str, Any]) -> dict[str, str]:
    """Check answers against the referential and map them to option values."""
    if not isinstance(answers, Mapping):
        raise AnswerError("les réponses doivent être un objet JSON {\"critère\": valeur}")
    criteria = {c.id: c for c in ref.criteria}
    out: dict[str, str] = {}
    for key, raw in answers.items():
        crit = criteria.get(key)
        if crit is None:
            raise AnswerError(f"critère inconnu '{clipped(key)}' dans le référentiel '{ref.id}'")
        if raw is None:
            continue  # explicit null: not answered
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise AnswerError(f"valeur invalide pour '{key}' : {clipped(_SHORT.repr(raw))} (attendu un texte)")
        value = str(raw)
        if value not in {o.value for o in crit.options}:
            allowed = ", ".join(o.value for o in crit.options)
            raise AnswerError(f"valeur invalide pour '{key}' : '{clipped(value)}' (valeurs possibles : {allowed})")
        out[key] = value
    return out


def _percent(score: float, maximum: float) -> float:
    return 100 * score / maximum if maximum else 0


def score(ref: Referential, answers: Mapping[str, Any]) -> dict:
    """Score answers; the result is the JSON object of the command-line contract."""
    chosen = normalise_answers(ref, answers)
    themes = []
    total_score = total_max = 0.0
    answered_all = total_all = 0
    for theme in ref.themes:
        t_score = t_max = 0.0
        answered = 0
        for crit in theme.criteria:
            value = chosen.get(crit.id)
            option = next((o for o in crit.options if o.value == value), None) if value is not None else None
            if option is None:
                t_max += crit.max_points
                continue
            answered += 1
            if option.points is not None:
                t_score += option.points
                t_max += crit.max_points
        themes.append({
            "id": theme.id, "score": t_score, "max": t_max, "percent": _percent(t_score, t_max),
            "answered": answered, "total": len(theme.criteria),
        })
        total_score += t_score
        total_max += t_max
        answered_all += answered
        total_all += len(theme.criteria)
    if ref.themes and all(t.weight is not None for t in ref.themes):
        pairs = [(t.weight, r["percent"]) for t, r in zip(ref.themes, themes) if r["max"] != 0]
        weights = sum(w for w, _ in pairs)
        percent = sum(w * p for w, p in pairs) / weights if weights else 0
    else:
        percent = _percent(total_score, total_max)
    level = None
    for lv in ref.levels:
        value = total_score if lv.on == "score" else percent
        if (value > lv.min) if lv.strict else (value >= lv.min):
            level = {"id": lv.id, "label": lv.label}
    return {
        "referential": ref.id, "score": total_score, "max": total_max, "percent": percent,
        "answered": answered_all, "total": total_all, "complete": answered_all == total_all,
        "level": level, "themes": themes,
    }
