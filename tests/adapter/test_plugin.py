"""The preview's dirty reload: changed pages are rebuilt, unchanged ones skipped."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import TODAY, copy_project

pytestmark = pytest.mark.build


def test_dirty_rebuild_updates_what_data_changed_and_skips_the_rest(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("RSE_AUJOURDHUI", TODAY)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root = copy_project(tmp_path / "project")
    out = tmp_path / "site"

    def rebuild(first: bool = False):
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True, serve_url="http://127.0.0.1:8000/")
        return config

    config = rebuild(first=True)
    try:
        cluster = root / "data" / "clusters" / "piles.yml"
        cluster.write_text(cluster.read_text(encoding="utf-8").replace("04 74 95 92 86", "04 00 00 00 00"),
                           encoding="utf-8")
        company = out / "annuaire" / "sos-data" / "index.html"
        before = company.stat().st_mtime_ns
        rebuild()
        # The fiche's Markdown did not change, but its contact block comes from the cluster.
        assert "04 00 00 00 00" in (out / "fiches" / "piles" / "index.html").read_text(encoding="utf-8")
        assert "04 00 00 00 00" in (out / "clusters" / "piles" / "index.html").read_text(encoding="utf-8")
        assert company.stat().st_mtime_ns == before, "an unchanged company page was written again"
    finally:
        config.plugins.on_startup(command="build", dirty=False)  # leave the module state as a build expects
