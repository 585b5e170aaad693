"""What the browser gets of a referential: data for the one scoring engine.

Each referential becomes a small ES module holding its data and re-exporting
`score(answers)` from the hand-written engine, so the page, Node.js tests and
integrators import the same thing. No code is generated per referential.
"""

from __future__ import annotations

import json

from ..model import Referential


def referential_data(ref: Referential) -> dict:
    """The referential as the scoring engines read it (also `describe`'s shape)."""
    return {
        "id": ref.id,
        "title": ref.title,
        "version": ref.version,
        "themes": [
            {
                "id": t.id, "title": t.title, "weight": t.weight,
                "criteria": [
                    {"id": c.id, "text": c.text, "advice": c.advice, "fiches": list(c.fiches),
                     "options": [{"value": o.value, "label": o.label, "points": o.points} for o in c.options]}
                    for c in t.criteria
                ],
            }
            for t in ref.themes
        ],
        "levels": [
            {"id": lv.id, "label": lv.label, "min": lv.min, "on": lv.on, "strict": lv.strict, "indicative": lv.indicative}
            for lv in ref.levels
        ],
    }


def scoring_module_source(ref: Referential) -> str:
    data = json.dumps(referential_data(ref), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        f"// Référentiel « {ref.id} », version {ref.version} : données générées depuis data/referentiels/{ref.id}.yml.\n"
        'import { scoreWith } from "../javascripts/scoring.js";\n'
        f"export const referential = Object.freeze({data});\n"
        "export function score(answers) { return scoreWith(referential, answers); }\n"
    )
