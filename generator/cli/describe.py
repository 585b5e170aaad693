"""The `describe` JSON of the command-line contract."""

from __future__ import annotations

from .. import urls
from ..model import Referential


def describe(ref: Referential) -> dict:
    return {
        "id": ref.id,
        "title": ref.title,
        "version": ref.version,
        "module": urls.scoring_module(ref.id),
        "themes": [
            {"id": t.id, "title": t.title, "weight": t.weight, "criteria": [
                {"id": c.id, "text": c.text,
                 "options": [{"value": o.value, "label": o.label, "points": o.points} for o in c.options]}
                for c in t.criteria]}
            for t in ref.themes
        ],
        "levels": [
            {"id": lv.id, "label": lv.label, "min": lv.min, "on": lv.on, "strict": lv.strict, "indicative": lv.indicative}
            for lv in ref.levels
        ],
    }
