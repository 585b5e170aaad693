#!/usr/bin/env python3
"""Where the build's memory goes: resident memory after each stage of one build.

    .venv/bin/python benchmarks/memory_stages.py --companies 10000

Runs one MkDocs build in this process on a synthetic copy (benchmarks/synth.py)
and prints VmRSS (now) and VmHWM (peak so far) from /proc/self/status after:
imports, load_project (validation), generate (generation), every 2,000 pages built,
and the end of the MkDocs build. Pagefind is not run (it is a separate process:
bench.py measures it). The generator's code is wrapped, never modified.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

STARTED = time.perf_counter()


def status() -> tuple[int, int]:
    values = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) // 1024
    return values["VmRSS"], values["VmHWM"]


def report(stage: str) -> None:
    rss, hwm = status()
    print(f"{time.perf_counter() - STARTED:7.1f} s  RSS {rss:6d} MB  peak {hwm:6d} MB  {stage}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("RSE_AUJOURDHUI", "2026-11-26")
    os.environ.setdefault("RSE_QUIET", "1")
    work = Path(tempfile.mkdtemp(prefix="rse-memory-"))
    try:
        synth.make_copy(work / "project", args.companies, 0, args.seed)
        report("synthetic copy written")
        import mkdocs.commands.build as mk_build

        from generator.adapter import plugin
        from generator.adapter.driver import mkdocs_build

        report("imports")
        real_load, real_emit, real_page = plugin.load_project, plugin.generate, mk_build._build_page

        def load_project(*a, **k):
            result = real_load(*a, **k)
            report("after load_project (validation)")
            return result

        def emit(*a, **k):
            result = real_emit(*a, **k)
            report(f"after emit (generation: {len(result.pages)} pages, {len(result.files)} files)")
            return result

        built = [0]

        def build_page(*a, **k):
            result = real_page(*a, **k)
            built[0] += 1
            if built[0] % 2000 == 0:
                report(f"after {built[0]} pages built by MkDocs")
            return result

        plugin.load_project, plugin.generate, mk_build._build_page = load_project, emit, build_page
        mkdocs_build(work / "project" / "mkdocs.yml", work / "site")
        report("end of MkDocs build")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
