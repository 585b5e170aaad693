"""Seconds to render every company page with one process and with several
(generator/parallel.py), alternated, on a checked project (a synthetic copy
from benchmarks/synth.py, or the repository itself).

    .venv/bin/python benchmarks/company_pages.py --root /tmp/bench10kb/project --rounds 3

It only measures, and checks that both ways give the same pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site.cache import RenderCache  # noqa: E402
from generator.site.companies import company_pages  # noqa: E402
from generator.site.output import Options  # noqa: E402
from generator.source.project import load_project  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    project = load_project(args.root)
    print(f"{len(project.companies)} companies")
    made = {}
    for rnd in range(1, args.rounds + 1):
        for workers in (1, args.workers):
            options = Options(dt.date(2026, 11, 26), "https://example.org/rse-clusters/", workers=workers)
            started = time.perf_counter()
            made[workers] = company_pages(project, options, RenderCache())
            print(f"round {rnd}: {workers} process(es) {time.perf_counter() - started:.2f} s", flush=True)
    if made[1] != made[args.workers]:
        print("the pages differ between one process and several", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
