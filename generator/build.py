"""Build the whole site atomically: MkDocs, then Pagefind, then swap.

The new site is built in a sibling temporary folder and renamed into place only
when every stage succeeded, so a failed build leaves the previous `site/`
exactly as it was (a reviewer's preview never shows a half-built site).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class BuildFailed(Exception):
    pass


def run_pagefind(site: Path, quiet: bool = True) -> None:
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", str(site)]
    if quiet:
        cmd.append("--quiet")
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildFailed(f"Pagefind a échoué :\n{result.stdout}\n{result.stderr}")


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time: the date the sitemap gives every page, so that
    building the same commit twice gives the same bytes."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = out.stdout.strip()
    return value if out.returncode == 0 and value.isdigit() else None


def build_site(root: Path, site_dir: Path, *, strict: bool = False, log=print) -> float:
    """Build into `site_dir` atomically; returns the duration in seconds."""
    started = time.perf_counter()
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = source_date_epoch(root)
        if epoch:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))
    try:
        t0 = time.perf_counter()
        _mkdocs_in_child(root / "mkdocs.yml", tmp, strict)
        log(f"MkDocs : {sum(1 for _ in tmp.rglob('*.html'))} pages HTML en {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        run_pagefind(tmp)
        log(f"Pagefind : index en {time.perf_counter() - t0:.1f} s")
        _swap(tmp, site_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return time.perf_counter() - started


def _mkdocs_in_child(config: Path, out: Path, strict: bool) -> None:
    """MkDocs runs in its own process: its memory (about 360 MB at 10,000
    companies) is returned before Pagefind, the largest process, starts, so
    the two never add up. The child prints its own diagnostics."""
    import logging

    cmd = [sys.executable, "-m", "generator.mkdocs_driver", str(config), str(out)]
    if strict:
        cmd.append("--strict")
    if not logging.getLogger("mkdocs").handlers:
        cmd.append("--quiet")  # the caller did not ask for MkDocs' log
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                                      os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(cmd, env=env)
    if result.returncode != 0:
        raise BuildFailed("données ou contenus invalides, ou erreur de MkDocs : voir les messages ci-dessus")


def _swap(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    os.chmod(target, 0o755)
    if old is not None:
        _remove_later(old)


def _remove_later(path: Path) -> None:
    """Delete the previous site without waiting: removing 10,000 page folders
    took longer than some build stages, and the new site is already in place.
    A folder left by an interrupted removal is collected by the next build."""
    stale = [path, *[p for p in path.parent.glob(f".{path.name.split('-old-')[0].lstrip('.')}-old-*") if p != path]]
    try:
        subprocess.Popen(["rm", "-rf", "--", *map(str, stale)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        for p in stale:
            shutil.rmtree(p, ignore_errors=True)
