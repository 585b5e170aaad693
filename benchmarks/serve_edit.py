"""Seconds from an edit to `generator serve` serving the edited page, for a
fiche and for a company, on a synthetic copy (benchmarks/synth.py).

    .venv/bin/python benchmarks/serve_edit.py --companies 10000 --runs 3

The time includes the watcher's delay and the rebuild: the page is polled every
50 ms, and MkDocs' server makes a request wait while a rebuild runs. It only
measures; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.read().decode()
    except OSError:
        return ""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _edits(copy: Path):
    """(file, page path, how to edit it with a token) for a fiche and a company."""
    company = sorted((copy / "data" / "entreprises").glob("*.yml"))[len(list((copy / "data" / "entreprises").glob("*.yml"))) // 2]
    yield (copy / "content" / "fiches" / "piles.md", "fiches/piles/", lambda text, tok: text + f"\n\n{tok}\n")
    yield (company, f"annuaire/{company.stem}/", lambda text, tok: text.replace("description: \"", f"description: \"{tok} ", 1))


def measure(copy: Path, runs: int, log: Path) -> dict[str, list[float]]:
    port = _port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RSE_AUJOURDHUI": "2026-11-26"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([PY, "-m", "generator", "--root", str(copy), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                cwd=copy, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/rse-clusters/"
    times: dict[str, list[float]] = {}
    try:
        started = time.perf_counter()
        while not _get(base):
            if proc.poll() is not None:
                raise SystemExit(f"generator serve exited; see {log}")
            time.sleep(0.5)
        times["startup"] = [time.perf_counter() - started]
        for path, page, edit in _edits(copy):
            original = path.read_text(encoding="utf-8")
            try:
                for i in range(runs):
                    time.sleep(2.0)  # let the previous rebuild settle
                    token = f"rsebench{i}x{time.time_ns()}"
                    t0 = time.perf_counter()
                    path.write_text(edit(original, token), encoding="utf-8")
                    while token not in _get(base + page):
                        if time.perf_counter() - t0 > 120:
                            raise SystemExit(f"{page}: the edit did not show within 120 s; see {log}")
                        time.sleep(0.05)
                    times.setdefault(path.parent.name, []).append(time.perf_counter() - t0)
            finally:
                path.write_text(original, encoding="utf-8")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, help="an existing synthetic copy (default: a new one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rse-serve-") as tmp:
        copy = args.root or Path(tmp) / "copy"
        if args.root is None:
            subprocess.run([PY, str(REPO / "benchmarks" / "synth.py"), "--companies", str(args.companies),
                            "--dest", str(copy)], check=True, stdout=subprocess.DEVNULL)
        for what, values in measure(copy, args.runs, Path(tmp) / "serve.log").items():
            print(f"{what:12} median {statistics.median(values):6.2f} s   runs: "
                  + ", ".join(f"{v:.2f}" for v in values))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
