"""Both cores for the build's two long loops: rendering the company pages and
writing the pages filled into shells (issue 12).

A forked child inherits the parent's memory as it is (the checked project, the
compiled templates, the shells) instead of receiving it pickled; it sends back
only its results. The parent works on the first slice itself, so two workers
cost one fork. Results come back in the order of the items, whatever the
number of workers: the output stays byte-identical.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this, a fork (tens of milliseconds with a large heap) costs more than it saves.
MIN_ITEMS = 200


def default_workers() -> int:
    """`RSE_PROCESSUS` if set (1: no child process), else the cores this process
    may run on, at most 4: each child adds the memory its slice touches."""
    chosen = os.environ.get("RSE_PROCESSUS", "").strip()
    if chosen:
        if not chosen.isdigit() or int(chosen) < 1:
            raise ValueError(f"RSE_PROCESSUS={chosen!r} : attendu un entier ≥ 1 (1 : sans processus fils)")
        return int(chosen)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 4))


class WorkerError(RuntimeError):
    """A child failed with an exception that could not be sent back as it is."""


def _slices(n: int, workers: int) -> list[tuple[int, int]]:
    size, extra = divmod(n, workers)
    bounds, start = [], 0
    for i in range(workers):
        end = start + size + (1 if i < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds


def _child(fn: Callable[[T], R], items: Sequence[T], write_fd: int) -> None:
    """Runs in the forked child: never returns, never runs the parent's exit code."""
    try:
        try:
            payload = pickle.dumps((True, [fn(x) for x in items]), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 (sent to the parent, which raises it)
            try:
                payload = pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001
                payload = pickle.dumps((False, WorkerError("".join(traceback.format_exception(exc)))))
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload)
    finally:
        os._exit(0)


def planned_workers(items: int, workers: int) -> int:
    """How many processes forked_map uses for `items` items: at least MIN_ITEMS each."""
    return max(1, min(workers, items // MIN_ITEMS)) if hasattr(os, "fork") else 1


def forked_map(fn: Callable[[T], R], items: Sequence[T], workers: int = 1) -> list[R]:
    """`[fn(x) for x in items]`, the items split among `workers` processes.

    `fn` may be a closure: the children are forks, nothing is pickled but the
    results (and an exception, which is raised here as the child raised it).
    `fn` must not rely on side effects in this process: a child's are lost.
    Serial with one worker, few items, or no fork (not POSIX)."""
    workers = planned_workers(len(items), workers)
    if workers == 1:
        return [fn(x) for x in items]
    bounds = _slices(len(items), workers)
    # The collector would walk (and so copy) every object of the parent in each
    # child; frozen objects are left alone, and the children stay small. A
    # process that froze its heap itself (a preview, adapter/plugin.py) keeps it so.
    thaw = gc.get_freeze_count() == 0
    gc.freeze()
    children: list[tuple[int, int]] = []
    try:
        for start, end in bounds[1:]:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover (the child's coverage is not collected)
                os.close(read_fd)
                _child(fn, items[start:end], write_fd)
            os.close(write_fd)
            children.append((pid, read_fd))
        results = [fn(x) for x in items[bounds[0][0]:bounds[0][1]]]
    except BaseException:
        for pid, read_fd in children:  # the parent's slice failed: theirs are not needed
            os.close(read_fd)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if thaw:
            gc.unfreeze()
        raise
    failure: BaseException | None = None
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as received:
            payload = received.read()
        _, status = os.waitpid(pid, 0)
        if failure is not None:
            continue
        if not payload:
            failure = WorkerError(f"un processus fils s'est arrêté sans résultat (statut {status})")
            continue
        ok, value = pickle.loads(payload)
        if ok:
            results.extend(value)
        else:
            failure = value
    if thaw:
        gc.unfreeze()
    if failure is not None:
        raise failure
    return results
