"""The build as a whole: atomic replacement of site/, reproducibility, core/adapter split."""

from __future__ import annotations

import ast
import hashlib
import os
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, copy_project

pytestmark = pytest.mark.build

# Pagefind writes its filter and metadata indexes in hash-map order, which
# changes between runs (upstream issue Pagefind#638, partly fixed in 1.3: the
# fragments are stable). Everything else must be byte-identical.
UNSTABLE = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.", "pagefind/index/")


def _digest(site: Path) -> dict[str, str]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            if not rel.startswith(UNSTABLE):
                out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_same_inputs_build_same_bytes(tmp_path, site):
    again = tmp_path / "again"
    build(ROOT, again)
    first, second = _digest(site), _digest(again)
    assert first.keys() == second.keys()
    differing = [k for k in first if first[k] != second[k]]
    assert differing == []
    assert any(k.startswith("pagefind/fragment/") for k in first)


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    from generator.adapter.build import build_site

    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    build(project, site)
    before = _digest(site)
    broken = project / "data" / "clusters" / "piles.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "region: double\n", encoding="utf-8")
    from generator.adapter.build import BuildFailed

    with pytest.raises(BuildFailed):
        build_site(project, site, log=lambda *_: None)
    assert _digest(site) == before
    assert not list(tmp_path.glob(".site-build-*")), "temporary build folder left behind"


def test_cli_build_failure_exit_code_and_message(tmp_path):
    import subprocess
    import sys

    project = copy_project(tmp_path / "project")
    (project / "data" / "entreprises" / "sos-data.yml").write_text("nom: [\n", encoding="utf-8")
    env = {**os.environ, "RSE_AUJOURDHUI": "2026-11-26"}
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "build",
                             "--site-dir", str(tmp_path / "site")], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "data/entreprises/sos-data.yml:2:1" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_pages_written_by_several_processes_are_the_same_bytes(tmp_path):
    """Company pages rendered and shells filled by forked children (parallel.py)
    give the files one process gives; the log says how many processes wrote."""
    import subprocess
    import sys

    from generator.parallel import MIN_ITEMS

    project = copy_project(tmp_path / "project")
    template = (project / "data" / "entreprises" / "aquarhena-traitement.yml").read_text(encoding="utf-8")
    for i in range(2 * MIN_ITEMS):
        text = template.replace("Aquarhéna Traitement", f"Aquarhéna Traitement {i:04d}")
        (project / "data" / "entreprises" / f"synthetique-{i:04d}.yml").write_text(text, encoding="utf-8")
    digests, logs = {}, {}
    for workers in ("1", "2"):
        out = tmp_path / f"site-{workers}"
        env = {**os.environ, "RSE_PROCESSUS": workers, "RSE_AUJOURDHUI": "2026-11-26", "RSE_QUIET": "0",
               "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "generator.adapter.driver", str(project / "mkdocs.yml"), str(out)],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        digests[workers], logs[workers] = _digest(out), " ".join(done.stderr.split())  # MkDocs wraps long lines
    assert "(2 processus)" in logs["2"] and "2 processus pour les pages des entreprises" in logs["2"]
    assert "(1 processus)" in logs["1"]
    assert len(digests["1"]) > 2 * MIN_ITEMS
    assert [k for k in digests["1"] if digests["1"][k] != digests["2"].get(k)] == []
    assert digests["1"].keys() == digests["2"].keys()


def test_a_page_refused_in_a_child_process_fails_the_build(tmp_path, monkeypatch, caplog):
    """The last defence holds with children too: a company page rendered by a
    forked child (the last company: the child's slice) whose content holds a
    script the templates did not write stops the build, the page named."""
    import dataclasses

    from generator.adapter.driver import mkdocs_build
    from generator.parallel import MIN_ITEMS
    from generator.site import companies

    project = copy_project(tmp_path / "project")
    template = (project / "data" / "entreprises" / "aquarhena-traitement.yml").read_text(encoding="utf-8")
    for i in range(2 * MIN_ITEMS):
        text = template.replace("Aquarhéna Traitement", f"Aquarhéna Traitement {i:04d}")
        (project / "data" / "entreprises" / f"synthetique-{i:04d}.yml").write_text(text, encoding="utf-8")
    real = companies.company_page
    target = f"synthetique-{2 * MIN_ITEMS - 1:04d}"  # far in the list: the child's slice

    def hostile(project, c, options):
        page, badges = real(project, c, options)
        if c.slug == target:
            page = dataclasses.replace(page, html=page.html + "<script>alert(1)</script>")
        return page, badges

    monkeypatch.setattr(companies, "company_page", hostile)
    monkeypatch.setenv("RSE_PROCESSUS", "2")
    monkeypatch.setenv("RSE_AUJOURDHUI", "2026-11-26")
    with pytest.raises(BaseException) as raised, caplog.at_level("ERROR"):
        mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    said = " ".join([str(raised.value), *(r.getMessage() for r in caplog.records)])
    assert f"annuaire/{target}" in said and "contient du code que les gabarits du projet n'ont pas écrit" in said


def test_a_bad_number_of_processes_is_refused_before_any_work(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "RSE_PROCESSUS": "deux", "RSE_AUJOURDHUI": "2026-11-26", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(ROOT), "build", "--site-dir",
                           str(tmp_path / "site")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert "RSE_PROCESSUS='deux' : attendu un entier ≥ 1" in done.stdout + done.stderr
    assert not (tmp_path / "site").exists()


def _index_files(bundle: Path, folder: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((bundle / folder).iterdir())}


def test_pagefind_builds_from_the_lean_documents_the_index_of_the_whole_pages(tmp_path, site):
    """The build gives Pagefind, for pages written from a shell, only what it
    reads (shell.index_document); Pagefind run on the published pages
    themselves must find the same pages, words and excerpts."""
    from generator.adapter.build import run_pagefind

    whole = tmp_path / "whole"
    for page in site.rglob("*.html"):
        if not page.relative_to(site).as_posix().startswith("pagefind/"):
            (whole / page.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
            os.link(page, whole / page.relative_to(site))
    run_pagefind(whole, output=tmp_path / "bundle")
    assert _index_files(tmp_path / "bundle", "fragment") == _index_files(site / "pagefind", "fragment")
    assert _index_files(tmp_path / "bundle", "index") == _index_files(site / "pagefind", "index")


def test_the_documents_for_pagefind_do_not_outlive_the_build(site):
    leftovers = [p.name for p in site.parent.iterdir() if p.name.endswith("-index")]
    deadline = time.monotonic() + 20  # they are removed in the background
    while leftovers and time.monotonic() < deadline:
        time.sleep(0.2)
        leftovers = [p.name for p in site.parent.iterdir() if p.name.endswith("-index")]
    assert leftovers == []
