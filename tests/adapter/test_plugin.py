"""The preview's dirty reload: changed pages are rebuilt, unchanged ones skipped."""

from __future__ import annotations

import logging
import time

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


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_preview_rebuilt_after_edits_equals_one_built_from_scratch(tmp_path, monkeypatch):
    """Every cache of a preview (parsed files, rendered pieces, MkDocs' files,
    pages written from shells) gives, after edits, the bytes a first build gives."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("RSE_AUJOURDHUI", TODAY)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    root = copy_project(tmp_path / "project")

    def preview(out, first: bool):
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True, serve_url="http://127.0.0.1:8000/")
        return config

    config = preview(tmp_path / "warm", first=True)
    try:
        company = next((root / "data" / "entreprises").glob("*.yml"))
        text = company.read_text(encoding="utf-8")
        company.write_text(text.replace("nom: ", "nom: Aaa ", 1), encoding="utf-8")  # first in the directory
        cluster = root / "data" / "clusters" / "piles.yml"
        cluster.write_text(cluster.read_text(encoding="utf-8").replace("04 74 95 92 86", "04 00 00 00 00"),
                           encoding="utf-8")
        # A label's validity decides the expiry of the companies that hold it,
        # although their files did not change.
        label = root / "data" / "referentiels" / "enr.yml"
        label.write_text(label.read_text(encoding="utf-8").replace("validite_ans: 2", "validite_ans: 3"),
                         encoding="utf-8")
        preview(tmp_path / "warm", first=False)
        page = tmp_path / "warm" / "annuaire" / company.stem / "index.html"
        assert "Aaa " in page.read_text(encoding="utf-8")
        preview(tmp_path / "cold", first=True)
        warm, cold = _files(tmp_path / "warm"), _files(tmp_path / "cold")
        assert warm.keys() == cold.keys()
        # The navigation of a page rebuilt after an edit used to name the pages
        # that were not ("None"): a dirty build does not read them.
        assert [name for name in warm if warm[name] != cold[name]] == []
    finally:
        config.plugins.on_startup(command="build", dirty=False)


def test_a_preview_is_told_of_edits_by_the_kernel_not_by_polling(tmp_path):
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    root = copy_project(tmp_path / "project")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    assert type(server.observer) is PollingObserver  # what MkDocs does: the test would see no change
    config.plugins.on_config(config)  # as the first build of `mkdocs serve` does
    server = config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert isinstance(server.observer, Observer) and Observer is not PollingObserver
    watched = {w.watch.path for w in server.observer.emitters}
    assert {config.docs_dir, str(root), str(root / "data")} <= watched  # a file is watched through its folder
    rebuilds = []
    server.builder = lambda: rebuilds.append(1)
    server.observer.start()
    try:
        fiche = next((root / "content" / "fiches").glob("*.md"))
        fiche.read_text(encoding="utf-8")  # what a rebuild does: no rebuild for that
        time.sleep(0.5)
        assert not server._want_rebuild
        with fiche.open("a", encoding="utf-8") as f:
            f.write("\nmodifié\n")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server._want_rebuild, "an edit did not ask for a rebuild"
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_preview_keeps_its_heap_out_of_the_collectors_scans(monkeypatch):
    import gc

    from generator.adapter.plugin import RsePlugin

    plugin = RsePlugin()
    thawed = []
    unfreeze = gc.unfreeze
    monkeypatch.setattr(gc, "unfreeze", lambda: thawed.append(plugin.cache.builds) or unfreeze())
    try:
        for _ in range(24):
            plugin._settle_heap()
        assert gc.get_freeze_count() > 0
        gc.collect()
        assert gc.get_freeze_count() > 0  # a full collection leaves frozen objects alone
        assert thawed == []
        plugin._settle_heap()  # the 25th thaws first, so that cycles among old objects are collected
        assert thawed == [25] and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_compiled_templates_are_reused_until_their_source_changes():
    from jinja2 import DictLoader, Environment

    from generator.adapter.plugin import _CompiledTemplates

    compiled, sources = _CompiledTemplates(), {"page.html": "Bonjour {{ nom }}"}

    def render():
        env = Environment(loader=DictLoader(sources), bytecode_cache=compiled)  # MkDocs makes one per rebuild
        return env.get_template("page.html").render(nom="Ada")

    assert render() == "Bonjour Ada" and len(compiled.compiled) == 1
    stored = dict(compiled.compiled)
    assert render() == "Bonjour Ada" and compiled.compiled == stored
    sources["page.html"] = "Salut {{ nom }}"
    assert render() == "Salut Ada"
