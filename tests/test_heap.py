"""rare_collections: the collector's thresholds within a block, and back after it."""

from __future__ import annotations

import gc

import pytest

from generator.heap import RARE, rare_collections


def test_thresholds_within_the_block_and_restored_after():
    before = gc.get_threshold()
    assert before != RARE  # else the test would prove nothing
    with rare_collections():
        assert gc.get_threshold() == RARE
        assert gc.isenabled()  # cycles are still collected, only less often
    assert gc.get_threshold() == before


def test_restored_when_the_block_raises():
    before = gc.get_threshold()
    with pytest.raises(ValueError), rare_collections():
        raise ValueError("fichier invalide")
    assert gc.get_threshold() == before


def test_nested_blocks_restore_what_they_found():
    before = gc.get_threshold()
    with rare_collections((10_000, 10, 10)):
        with rare_collections():
            assert gc.get_threshold() == RARE
        assert gc.get_threshold() == (10_000, 10, 10)
    assert gc.get_threshold() == before


def test_the_load_runs_in_the_block_and_a_failure_restores(tmp_path, monkeypatch):
    """load_project runs with rare collections; a ValidationError leaves the
    caller's thresholds (a preview keeps running after a bad edit)."""
    from generator.source import project as project_module
    from generator.source.errors import ValidationError

    seen = []

    def refuse(root, collector):
        seen.append(gc.get_threshold())
        raise ValidationError([])

    monkeypatch.setattr(project_module, "check_links_absent", refuse)
    (tmp_path / "content").mkdir()
    before = gc.get_threshold()
    with pytest.raises(ValidationError):
        project_module.load_project(tmp_path)
    assert seen == [RARE] and gc.get_threshold() == before
