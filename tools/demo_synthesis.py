"""The demonstration benchmark (data/syntheses/hydreos-hydreos-2026.yml), computed, not typed.

    python tools/demo_synthesis.py [--check]

The site shows a published benchmark beside a company's own result. The demo
data needs one, and its figures must come from somewhere: this script draws
12 fictitious companies' answers to the Hydreos grid from a seeded random
generator (each company has its own maturity; its answers cluster around it,
with some criteria left blank and some "ne se prononce pas"), dates their
exports in the second half of 2026, and aggregates them with
generator/synthesis.py, the Python reference of the synthesis page. The file
is marked `exemple: true`, like the demo companies: the site says these are
demonstration figures, and a production build (`exemples: false`) leaves it
out. `--check` exits 1 if the committed file is not what this script writes
(tests/test_syntheses.py runs it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.cli.scaffold import synthese_text  # noqa: E402
from generator.source.project import load_project  # noqa: E402
from generator.synthesis import aggregate_document  # noqa: E402

SEED = 2026
COMPANIES = 12
CLUSTER = REFERENTIAL = "hydreos"
NAME = "hydreos-hydreos-2026"
NOTE = (f"Synthèse fictive de démonstration : chiffres calculés par tools/demo_synthesis.py (graine {SEED}) "
        f"à partir de {COMPANIES} exports fictifs. Ce ne sont pas les résultats d'une enquête de Hydreos.")
FIRST_EXPORT = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.timezone.utc)


def _answers(ref, rng: random.Random) -> dict[str, str]:
    """One fictitious company: a maturity in [0.15, 0.9], each answer near it."""
    maturity = rng.uniform(0.15, 0.9)
    answers = {}
    for criterion in ref.criteria:
        roll = rng.random()
        if roll < 0.04:
            continue  # left blank
        abstentions = [o for o in criterion.options if o.points is None]
        if abstentions and roll < 0.10:
            answers[criterion.id] = abstentions[0].value
            continue
        scored = sorted((o for o in criterion.options if o.points is not None), key=lambda o: o.points)
        target = min(max(maturity + rng.gauss(0, 0.2), 0), 1) * criterion.max_points
        answers[criterion.id] = min(scored, key=lambda o: abs(o.points - target)).value
    return answers


def demo_text(root: Path = ROOT) -> str:
    ref = load_project(root).referentials[REFERENTIAL]
    rng = random.Random(SEED)
    entries = [(_answers(ref, rng), FIRST_EXPORT + dt.timedelta(days=6 * i, hours=rng.randrange(9)))
               for i in range(COMPANIES)]
    doc = aggregate_document(ref, entries)
    return synthese_text(doc, CLUSTER, NAME, example=True, note=NOTE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    args = parser.parse_args(argv)
    path = ROOT / "data" / "syntheses" / f"{NAME}.yml"
    text = demo_text()
    if args.check:
        same = path.is_file() and path.read_text(encoding="utf-8") == text
        print(f"{path.relative_to(ROOT)}: {'up to date' if same else 'differs: run python tools/demo_synthesis.py'}")
        return 0 if same else 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
