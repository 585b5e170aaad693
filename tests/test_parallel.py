"""forked_map: the results of a serial loop, in its order, from several processes."""

from __future__ import annotations

import gc
import os

import pytest

from generator import parallel
from generator.parallel import MIN_ITEMS, WorkerError, default_workers, forked_map, planned_workers

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_same_results_in_the_same_order(workers):
    offset = 7  # a closure: the children see it without pickling
    items = list(range(3 * MIN_ITEMS + 5))
    assert forked_map(lambda x: x * x + offset, items, workers) == [x * x + offset for x in items]


def test_children_do_the_work_beyond_the_first_slice():
    items = list(range(2 * MIN_ITEMS))
    pids = forked_map(lambda _: os.getpid(), items, 2)
    assert pids[:MIN_ITEMS] == [os.getpid()] * MIN_ITEMS
    assert len(set(pids[MIN_ITEMS:])) == 1 and pids[-1] != os.getpid()


def test_few_items_stay_in_this_process():
    assert planned_workers(2 * MIN_ITEMS - 1, 4) == 1
    assert planned_workers(10 * MIN_ITEMS, 4) == 4
    assert set(forked_map(lambda _: os.getpid(), list(range(MIN_ITEMS)), 4)) == {os.getpid()}


def test_a_childs_exception_is_raised_here():
    def fail_late(x):
        if x == 2 * MIN_ITEMS - 1:  # in the child's slice
            raise ValueError(f"élément {x} refusé")
        return x

    with pytest.raises(ValueError, match=f"élément {2 * MIN_ITEMS - 1} refusé"):
        forked_map(fail_late, list(range(2 * MIN_ITEMS)), 2)
    assert gc.get_freeze_count() == 0


def test_the_first_failure_in_item_order_wins():
    def fail(x):
        if x in (5, MIN_ITEMS + 5):
            raise KeyError(x)
        return x

    with pytest.raises(KeyError) as raised:
        forked_map(fail, list(range(2 * MIN_ITEMS)), 2)
    assert raised.value.args == (5,)
    assert gc.get_freeze_count() == 0


def test_an_exception_that_cannot_be_pickled_keeps_its_traceback():
    class Local(Exception):  # a local class cannot be pickled
        pass

    def fail(x):
        if x >= MIN_ITEMS:
            raise Local("introuvable")
        return x

    with pytest.raises(WorkerError, match="Local: introuvable"):
        forked_map(fail, list(range(2 * MIN_ITEMS)), 2)


def test_a_child_that_dies_is_an_error_not_missing_results():
    def die(x):
        if x >= MIN_ITEMS:
            os._exit(3)
        return x

    with pytest.raises(WorkerError, match="sans résultat"):
        forked_map(die, list(range(2 * MIN_ITEMS)), 2)


def test_workers_from_the_environment(monkeypatch):
    monkeypatch.setenv("RSE_PROCESSUS", "3")
    assert default_workers() == 3
    for bad in ("0", "deux", "-1"):
        monkeypatch.setenv("RSE_PROCESSUS", bad)
        with pytest.raises(ValueError, match="RSE_PROCESSUS"):
            default_workers()
    monkeypatch.delenv("RSE_PROCESSUS")
    assert 1 <= default_workers() <= 4


def test_slices_cover_every_item_once():
    for n, workers in ((400, 2), (401, 2), (1003, 3), (7, 4)):
        bounds = parallel._slices(n, workers)
        assert bounds[0][0] == 0 and bounds[-1][1] == n
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
        assert max(e - s for s, e in bounds) - min(e - s for s, e in bounds) <= 1


def test_a_heap_frozen_before_stays_frozen():
    gc.freeze()
    try:
        assert gc.get_freeze_count() > 0
        forked_map(lambda x: x, list(range(2 * MIN_ITEMS)), 2)
        assert gc.get_freeze_count() > 0  # thawing would empty it (objects freed since may leave it)
    finally:
        gc.unfreeze()
