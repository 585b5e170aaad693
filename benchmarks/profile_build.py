#!/usr/bin/env python3
"""Profile one project build with cProfile and summarise it by stage.

    .venv/bin/python benchmarks/profile_build.py --companies 10000          # build + analyse
    .venv/bin/python benchmarks/profile_build.py --prof /tmp/p.prof         # analyse an existing profile

The build runs exactly as `python -m cProfile -o PROF -m generator --root COPY build
--site-dir OUT` on a synthetic copy (benchmarks/synth.py). Pagefind runs in a
subprocess, so cProfile sees it as one `subprocess.run` call (its wall time).
cProfile slows Python code down (roughly 1.5-2x here): read the shares, not the
absolute seconds; bench.py gives the unprofiled times.
"""

from __future__ import annotations

import argparse
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

# (label, path suffix, function name); cumulative time of the first match.
# Nested stages are indented; they are part of the stage above them.
STAGES = [
    ("build_site (whole command)", "generator/adapter/build.py", "build_site"),
    ("  MkDocs build (mkdocs.commands.build.build)", "mkdocs/commands/build.py", "build"),
    ("    on_files: load + validate + generate (rse plugin)", "generator/adapter/plugin.py", "on_files"),
    ("      load_project (read, YAML, schema, checks)", "generator/source/project.py", "load_project"),
    ("        YAML compose (libyaml)", "yaml/__init__.py", "compose"),
    ("        tab check + tree check", "generator/source/reader.py", "_check_tree"),
    ("        schema conversion (convert_document)", "generator/source/spec.py", "convert_document"),
    ("        link check (check_links)", "generator/source/links.py", "check_links"),
    ("      generate (Jinja rendering of generated pages)", "generator/site/generate.py", "generate"),
    ("        company pages + badges (company_pages)", "generator/site/companies.py", "company_pages"),
    ("          directory pages + index.json", "generator/site/directory.py", "directory_pages"),
    ("        label pages (labels)", "generator/site/labels.py", "labels"),
    ("        cluster pages (clusters)", "generator/site/clusters.py", "clusters"),
    ("      File.generated (register virtual files)", "mkdocs/structure/files.py", "generated"),
    ("    get_navigation", "mkdocs/structure/nav.py", "get_navigation"),
    ("    _populate_page (read + Markdown, all pages)", "mkdocs/commands/build.py", "_populate_page"),
    ("      Markdown conversion (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("    _build_page (theme template + write, all pages)", "mkdocs/commands/build.py", "_build_page"),
    ("      Material navigation (base.html block site_nav)", "material/templates/base.html", "block_site_nav"),
    ("      CSP meta tag (add_csp)", "generator/adapter/csp.py", "add_csp"),
    ("      write_file", "mkdocs/utils/__init__.py", "write_file"),
    ("    _build_theme_template (sitemap.xml, 404)", "mkdocs/commands/build.py", "_build_theme_template"),
    ("    copy static files (File.copy_file)", "mkdocs/structure/files.py", "copy_file"),
    ("  count HTML pages for the log (rglob)", "generator/adapter/build.py", "<genexpr>"),
    ("  Pagefind (subprocess, wall time)", "generator/adapter/build.py", "run_pagefind"),
    ("(across stages) all Jinja Template.render calls", "jinja2/environment.py", "render"),
    ("(across stages) relative URLs, generator/urls.py rel()", "generator/urls.py", "rel"),
    ("(across stages) posixpath.relpath", "posixpath>", "relpath"),
]


def _find(stats: pstats.Stats, suffix: str, name: str):
    best = None
    for (path, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():
        if func == name and path.replace(os.sep, "/").rstrip().endswith(suffix):
            if best is None or ct > best[3]:
                best = (cc, nc, tt, ct)
    return best


def _short(path: str) -> str:
    """Shorter file names, also inside py-spy frames 'func (/long/path.py:12)'."""
    path = path.replace(os.sep, "/")
    path = re.sub(r"/\S*?/site-packages/", "", path)
    path = re.sub(r"/\S*?/lib/python3\.\d+/", "", path)  # the standard library
    return path.replace(REPO.as_posix() + "/", "")


def summarise(prof: Path, top: int = 30) -> str:
    stats = pstats.Stats(str(prof))
    total = stats.total_tt
    out = [f"Total profiled time: {total:.1f} s\n",
           "| stage | calls | cumulative s | share |", "| --- | --- | --- | --- |"]
    for label, suffix, name in STAGES:
        found = _find(stats, suffix, name)
        if found is None:
            continue
        _cc, nc, _tt, ct = found
        out.append(f"| {label.replace('  ', '&nbsp;&nbsp;')} | {nc} | {ct:.1f} | {100 * ct / total:.1f} % |")
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)
    out += ["", f"Top {top} by cumulative time:", "", "```",
            f"{'ncalls':>10} {'tottime':>8} {'cumtime':>8} {'share':>6}  function"]
    for (path, line, func), (cc, nc, tt, ct, _callers) in rows[:top]:
        calls = f"{nc}" if nc == cc else f"{nc}/{cc}"
        out.append(f"{calls:>10} {tt:8.2f} {ct:8.2f} {100 * ct / total:5.1f}%  {_short(path)}:{line}({func})")
    out.append("```")
    by_self = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)
    out += ["", f"Top {top} by own time (tottime):", "", "```",
            f"{'ncalls':>10} {'tottime':>8} {'cumtime':>8}  function"]
    for (path, line, func), (cc, nc, tt, ct, _callers) in by_self[:top]:
        out.append(f"{nc:>10} {tt:8.2f} {ct:8.2f}  {_short(path)}:{line}({func})")
    out.append("```")
    return "\n".join(out)


# (label, path suffix, function, frames shown below it): where the big stages spend their time
CHILDREN = [
    ("_build_page", "mkdocs/commands/build.py", "_build_page", 2),
    ("Material's base.html (the theme template of every page)", "material/templates/base.html", "root", 1),
    ("company_pages", "generator/site/companies.py", "company_pages", 1),
    ("load_project", "generator/source/project.py", "load_project", 2),
]


def _frame_re(suffix: str, name: str) -> re.Pattern:
    """A py-spy frame 'Class.func (/path/suffix:line)' (3.11 qualified names)."""
    # compiled Jinja templates have no line number
    return re.compile(rf"^(?:[\w.<>]+\.)?{re.escape(name)} \([^)]*{re.escape(suffix)}(?::\d+)?\)$")


def summarise_raw(raw: Path) -> str:
    """Inclusive share of each stage in py-spy's raw (collapsed-stack) output.

    py-spy samples the running process without instrumenting it, so its shares are
    not distorted by cProfile's per-call overhead (which inflates Jinja-heavy code).
    Idle time (waiting for Pagefind) is not sampled: shares are of Python CPU time.
    """
    stacks: list[tuple[list[str], int]] = []
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append((stack.split(";"), int(count)))
    total = sum(n for _s, n in stacks)
    out = [f"py-spy samples: {total} (Python CPU time, idle excluded)\n",
           "| stage | samples | share of Python CPU |", "| --- | --- | --- |"]
    for label, suffix, name in STAGES:
        pattern = _frame_re(suffix, name)
        hits = sum(n for frames, n in stacks if any(pattern.match(f) for f in frames))
        if hits:
            out.append(f"| {label.replace('  ', '&nbsp;&nbsp;')} | {hits} | {100 * hits / total:.1f} % |")
    for label, suffix, name, depth in CHILDREN:
        pattern = _frame_re(suffix, name)
        below: dict[str, int] = {}
        for frames, n in stacks:
            idx = next((i for i, f in enumerate(frames) if pattern.match(f)), None)
            if idx is None:
                continue
            key = " > ".join(re.sub(r":\d+\)$", ")", _short(f)) for f in frames[idx + 1: idx + 1 + depth]) or "(self)"
            below[key] = below.get(key, 0) + n
        out += ["", f"Inside {label} (share of Python CPU):", "", "```"]
        for key, n in sorted(below.items(), key=lambda kv: kv[1], reverse=True)[:10]:
            out.append(f"{100 * n / total:5.1f}%  {key}")
        out.append("```")
    own: dict[str, int] = {}
    for frames, n in stacks:
        leaf = frames[-1] if frames else "?"
        own[leaf] = own.get(leaf, 0) + n
    out += ["", "Top 20 leaf frames (own time):", "", "```"]
    for frame, n in sorted(own.items(), key=lambda kv: kv[1], reverse=True)[:20]:
        out.append(f"{100 * n / total:5.1f}%  {_short(frame)}")
    out.append("```")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile one build with cProfile.")
    parser.add_argument("--companies", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--prof", type=Path, default=None, help="analyse this .prof instead of building")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "rse-build.prof")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--py-spy", dest="pyspy", default=None,
                        help="path of a py-spy binary: sample the build with it instead of cProfile")
    parser.add_argument("--raw", type=Path, default=None, help="analyse this py-spy raw output")
    args = parser.parse_args(argv)
    if args.raw is not None:
        print(summarise_raw(args.raw))
        return 0
    if args.pyspy:
        work = Path(tempfile.mkdtemp(prefix="rse-profile-"))
        raw = args.out.with_suffix(".pyspy.txt")
        try:
            synth.make_copy(work / "project", args.companies, 0, args.seed)
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RSE_AUJOURDHUI": "2026-11-26",
                   "PYTHONPATH": str(REPO)}
            cmd = [args.pyspy, "record", "--rate", "100", "--format", "raw", "--full-filenames",
                   "--output", str(raw), "--",
                   sys.executable, "-m", "generator", "--root", str(work / "project"), "build",
                   "--site-dir", str(work / "site")]
            started = time.perf_counter()
            subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
            print(f"sampled build: {time.perf_counter() - started:.1f} s wall; samples in {raw}\n")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(summarise_raw(raw))
        return 0
    if args.prof is None:
        work = Path(tempfile.mkdtemp(prefix="rse-profile-"))
        try:
            synth.make_copy(work / "project", args.companies, 0, args.seed)
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RSE_AUJOURDHUI": "2026-11-26",
                   "PYTHONPATH": str(REPO)}
            cmd = [sys.executable, "-m", "cProfile", "-o", str(args.out), "-m", "generator",
                   "--root", str(work / "project"), "build", "--site-dir", str(work / "site")]
            started = time.perf_counter()
            subprocess.run(cmd, cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
            print(f"profiled build: {time.perf_counter() - started:.1f} s wall; profile in {args.out}\n")
        finally:
            shutil.rmtree(work, ignore_errors=True)
        args.prof = args.out
    print(summarise(args.prof, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
