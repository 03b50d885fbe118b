"""``-j N``: the per-document work in N local processes (``concurrent.futures.ProcessPoolExecutor``).

Workers are spawned (not forked: the parent may hold threads — the progress bar's, CTranslate2's — and
their locks), on first use, so a run that finds everything in its memo starts none. Items go in chunks
(``chunked``), so a slow document does not hold the others up and the progress bar moves. Workers ignore
Ctrl-C: the parent stops them, drops the work not done and leaves the outputs as they were. The first time
this process has work of its own during a step, the workers, once done with theirs, load what the later steps
load on their first item (``units.warm``) instead of waiting.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from align.engines import Engine, units
from align.pipeline import COLLECTOR_THRESHOLD

SERIAL_BELOW = 16
"""A step with fewer items is done in this process: starting workers would cost more than it saves."""
CHUNKS_PER_WORKER = 4
"""A chunk holds at most 1/(CHUNKS_PER_WORKER × workers) of the items not yet given out."""
MAX_CHUNK = 64


def chunked(items: list, workers: int) -> list[list]:
    """``items`` in chunks for ``workers``, in order, each a share of what is left after the ones before it
    (guided self-scheduling): the first chunks are large, the last ones single items, so that every worker
    runs out of work at about the same time and a step does not wait long for its slowest chunk. Even chunks
    of 25 documents left one of two workers idle for about half a chunk at the end of every step."""
    chunks, start = [], 0
    while start < len(items):
        size = max(1, min(MAX_CHUNK, (len(items) - start) // (workers * CHUNKS_PER_WORKER)))
        chunks.append(items[start : start + size])
        start += size
    return chunks


def _start_worker() -> None:
    """Ctrl-C is the parent's to handle: the worker started with it held (``_ctrl_c_held``), and ignores it from
    here on, one pressed meanwhile too. The cyclic collector runs as seldom as in the command's process
    (``COLLECTOR_THRESHOLD``). At exit the worker leaves at once: freeing its objects one by one took 0.3 s,
    which the parent's exit waits for."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    gc.set_threshold(COLLECTOR_THRESHOLD)
    atexit.register(os._exit, 0)


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT held back in this thread while it starts workers, which keep that mask: a terminal's Ctrl-C reaches
    every process of the group, and a worker still starting up printed a KeyboardInterrupt traceback of its own
    (or 'Fatal Python error: init_import_site') above the run's one-line error. This process still takes it: in
    another thread, or when the hold ends."""
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def run_chunk(function: Callable, items: list, shared: tuple) -> list:
    """What a worker does with one chunk: the function over its items, in order."""
    return [function(item, *shared) for item in items]


class LocalEngine(Engine):
    """The work of each step in ``jobs`` worker processes."""

    def __init__(self, jobs: int, memo=None) -> None:
        super().__init__(memo)
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        self.warmed = False

    def run(self, function: Callable, items: list, shared: tuple, advance: Callable[[int], None], meanwhile: Callable[[], None] | None = None) -> list:
        if len(items) < SERIAL_BELOW:
            return super().run(function, items, shared, advance, meanwhile)
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker)
        chunks = chunked(items, self.jobs)
        results: list[list | None] = [None] * len(chunks)
        done = 0
        try:  # an interrupt while the workers start, too, stops those already started
            with _ctrl_c_held():  # the pool starts its workers as work is submitted
                futures: dict[Future, int] = {self.pool.submit(run_chunk, function, chunk, shared): n for n, chunk in enumerate(chunks)}
                if meanwhile is not None and not self.warmed:  # this process has work of its own: the workers, done with theirs, would wait
                    self.warmed = True
                    for _ in range(self.jobs):
                        self.pool.submit(units.warm)  # not waited for; a worker that does not get one loads as it goes
            pending = set(futures)
            if meanwhile is not None:
                meanwhile()
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    results[futures[future]] = future.result()
                    done += len(chunks[futures[future]])
                advance(done)
        except BaseException:
            self.close(interrupted=True)  # the chunks still running would go on writing: stop them before the caller cleans up
            raise
        return [value for chunk in results for value in chunk]  # type: ignore[union-attr]

    def close(self, interrupted: bool = False) -> None:
        if self.pool is None:
            return
        pool, self.pool = self.pool, None
        # Either way the pool's manager thread is gone when this returns: at exit CPython 3.11 wakes that thread without
        # the lock it closes its pipe under, and a pool still shutting down printed "Exception ignored … OSError: [Errno 9]
        # Bad file descriptor" after about one run in fifty.
        if interrupted:
            processes = list(getattr(pool, "_processes", {}).values())  # the executor has no public way to stop a running task
            manager = getattr(pool, "_executor_manager_thread", None)
            results = getattr(pool, "_result_queue", None)  # shutdown forgets it
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(5)
            # A worker stopped in the middle of writing its results left the manager thread waiting for the rest of
            # them, for ever: exit joins that thread, and the interrupted run never ended. With the workers gone, our
            # end of their results pipe was its last writer: closed, the thread reads the end of it, and leaves.
            writer = getattr(results, "_writer", None)
            if writer is not None:
                writer.close()
            if manager is not None:
                manager.join(5)  # it sees the workers gone and leaves
        else:
            pool.shutdown(wait=True)  # about 0.05 s: a worker leaves at once (``_start_worker``)
