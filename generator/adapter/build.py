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


# The build's own signature: only a folder that carries it is ever replaced,
# so a mistyped --site-dir cannot delete anything else.
MARKER = ".rse-site"
MARKER_TEXT = "Dossier produit par « python -m generator build » : il est remplacé à chaque construction.\n"
# Folders of the repository that are sources, never an output.
SOURCE_FOLDERS = ("content", "data", "generator", "overrides", "schemas", "tests", "benchmarks",
                  ".git", ".github", ".ci", ".venv")


def output_problem(root: Path, site_dir: Path) -> str | None:
    """Why `site_dir` cannot receive the build, in French; None if it can."""
    root, site = root.resolve(), site_dir.resolve()
    if site == root or root.is_relative_to(site):
        return f"le dossier de sortie {site} contient le projet : il serait effacé"
    for name in SOURCE_FOLDERS:
        if site.is_relative_to(root / name):
            return f"le dossier de sortie {site} est dans les sources ({name}/)"
    if site.exists() or site.is_symlink():
        if not site.is_dir():
            return f"{site} existe et n'est pas un dossier"
        if not (site / MARKER).is_file() and any(site.iterdir()):
            return (f"{site} existe et n'a pas été produit par ce générateur (pas de fichier {MARKER}) : "
                    "choisissez un autre dossier, ou videz-le vous-même")
    return None


def _stale_builds(parent: Path, name: str) -> list[Path]:
    """Temporary folders of builds whose process is gone (killed, power cut)."""
    stale = []
    for path in parent.glob(f".{name}-build-*"):
        pid = path.name[len(f".{name}-build-"):].split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            stale.append(path)
    return stale


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_pagefind(site: Path, quiet: bool = True, output: Path | None = None) -> None:
    """Index `site` (by default into `site/pagefind`)."""
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", str(site)]
    if output is not None:
        cmd += ["--output-path", str(output.resolve())]
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
    problem = output_problem(root, site_dir)
    if problem is not None:
        raise BuildFailed(problem)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in _stale_builds(site_dir.parent, site_dir.name):
        shutil.rmtree(stale, ignore_errors=True)
    # The pid in the name tells a later build whether this one is still running.
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-{os.getpid()}-", dir=site_dir.parent))
    # What Pagefind reads: the plugin's lean documents, the other pages linked in.
    # Its name starts like tmp's: a build that dies leaves it to _stale_builds.
    mirror = tmp.with_name(tmp.name + "-index")
    try:
        t0 = time.perf_counter()
        _mkdocs_in_child(root / "mkdocs.yml", tmp, strict, mirror)
        mkdocs_s, t0 = time.perf_counter() - t0, time.perf_counter()
        log(f"MkDocs : {complete_mirror(tmp, mirror)} pages HTML en {mkdocs_s:.1f} s")
        run_pagefind(mirror, output=tmp / "pagefind")
        log(f"Pagefind : index en {time.perf_counter() - t0:.1f} s")
        (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        _swap(tmp, site_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        _remove_detached([mirror])
    return time.perf_counter() - started


def complete_mirror(site: Path, mirror: Path) -> int:
    """Link into `mirror` every HTML page of `site` the plugin did not write
    there, so that Pagefind sees the same pages at the same paths (their URLs);
    returns the number of HTML pages."""
    pages = 0
    for page in site.rglob("*.html"):
        pages += 1
        twin = mirror / page.relative_to(site)
        if twin.exists():
            continue
        twin.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, twin)
        except OSError:  # a file system without hard links
            shutil.copyfile(page, twin)
    return pages


def _mkdocs_in_child(config: Path, out: Path, strict: bool, index_mirror: Path) -> None:
    """MkDocs runs in its own process: its memory (about 360 MB at 10,000
    companies) is returned before Pagefind, the largest process, starts, so
    the two never add up. The child prints its own diagnostics."""
    import logging

    cmd = [sys.executable, "-m", "generator.adapter.driver", str(config), str(out)]
    if strict:
        cmd.append("--strict")
    cmd += ["--index-mirror", str(index_mirror)]
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
    _remove_detached(stale)


def _remove_detached(paths: list[Path]) -> None:
    paths = [p for p in paths if p.exists()]
    if not paths:
        return
    try:
        subprocess.Popen(["rm", "-rf", "--", *map(str, paths)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        for p in paths:
            shutil.rmtree(p, ignore_errors=True)
