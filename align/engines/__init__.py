"""Who runs the pipeline's per-document work: this process (``-j 1``), local worker processes (``-j N``) or a
Ray cluster (``--engine ray``).

``align.pipeline`` decides what runs and in which order; an engine only maps one of its functions over items
(files, documents, pairs of documents, output pages) and hands the results back in the items' order, so
every engine makes the same records. What needs every document at once — pairing files, comparing spellings
across documents, machine translation's batches, putting the outputs in place — stays in this process; each
document's pages are made and staged where its work runs (``align.views.outputs``). With a
``Memo`` (``align.incremental``) an engine takes the result of an earlier run for the same function, arguments
and code instead of computing it again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from align.errors import AlignError
from align.model import MTConfig, Progress, RunConfig, no_progress

if TYPE_CHECKING:
    from align.incremental import Memo
    from align.mt.translate import Translator

ENGINES = ("local", "ray")


def cores() -> int:
    """The cores this process may run on: the default of ``-j``."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Engine:
    """Runs the work in this process, one item after another: ``-j 1``, and the base of the others."""

    jobs = 1
    local_disk = True
    """Whether the work runs on this machine, so it can write into the output folder itself."""

    def __init__(self, memo: Memo | None = None) -> None:
        self.memo = memo
        self.reused: dict[str, int] = {}  # per step: items taken from the memo

    def map(
        self, function: Callable, items: Sequence, *shared: Any, step: str, progress: Progress = no_progress, files: Sequence[Path] | None = None,
        here: bool = False, extra: tuple = (), valid: Callable[[Any], bool] | None = None, keep: Callable[[Any], Any] | None = None,
        meanwhile: Callable[[], None] | None = None,
    ) -> list:  # fmt: skip
        """``function(item, *shared)`` for every item, in order. With a memo, an item computed by an earlier run
        with the same arguments (and the same bytes in ``files[k]``, the file item k reads) is not computed again;
        one whose file changed while it was computed is not kept.
        ``here``: in this process whatever the engine (items that cost more to send than to compute).
        For a step with effects (writing files): ``extra`` are arguments after ``shared`` that say where, not what
        (left out of the memo's key); ``valid(result)`` says whether an earlier result still holds (its files are
        still there), ``keep(result)`` is what of a result the memo keeps. ``meanwhile()``: work of this process
        that does not need the results, done while the engine computes them (in a run of one process, first)."""
        items = list(items)
        results: list = [None] * len(items)
        todo = list(range(len(items)))
        keys: list[str | None] = []
        if self.memo is not None and items:
            keys = self.memo.keys(function, items, shared, files)
            found = self.memo.get([key for key in keys if key is not None])
            taken = {k for k, key in enumerate(keys) if key in found and (valid is None or valid(found[key]))}
            for k in taken:
                results[k] = found[keys[k]]
            todo = [k for k in todo if k not in taken]
            self.reused[step] = self.reused.get(step, 0) + len(items) - len(todo)
        done = len(items) - len(todo)
        if items:  # the step shows as begun, with its clock running, before its first item is done (pairing 100,000 files takes minutes)
            progress(step, done, len(items))
        run = Engine.run.__get__(self) if here else self.run
        computed = run(function, [items[k] for k in todo], shared + extra, lambda n: progress(step, done + n, len(items)), meanwhile) if todo else []
        if meanwhile is not None and not todo:
            meanwhile()
        for k, value in zip(todo, computed):
            results[k] = value
        if self.memo is not None and todo and files is not None:
            self._forget_changed(keys, function, items, shared, files, todo)
        if self.memo is not None and todo:
            kept = keep or (lambda result: result)
            self.memo.put({keys[k]: kept(results[k]) for k in todo if keys[k] is not None})
        for key, result in zip(keys, results):  # later steps key on these results: their keys stand for them
            if key is not None:
                self.memo.digests.derive(key, result)  # type: ignore[union-attr]
        return results

    def _forget_changed(self, keys: list[str | None], function: Callable, items: list, shared: tuple, files: Sequence[Path], todo: list[int]) -> None:
        """Drop the key of each item computed here whose file is no longer the bytes its key hashed: it changed while
        the step read it, so the result may be of other bytes. Kept under that key, a later run on the first bytes
        took the result of the second (their findings, for text no longer there), and the records derived from the
        key carried it into the later steps' keys."""
        after = self.memo.keys(function, [items[k] for k in todo], shared, [files[k] for k in todo])  # type: ignore[union-attr]
        for k, key in zip(todo, after):
            if key != keys[k]:
                keys[k] = None

    def run(self, function: Callable, items: list, shared: tuple, advance: Callable[[int], None], meanwhile: Callable[[], None] | None = None) -> list:
        """The results of ``function`` over ``items``; ``advance(n)`` after each, n items done so far; ``meanwhile()``
        once, while (here: before) they are computed."""
        if meanwhile is not None:
            meanwhile()
        results = []
        for item in items:
            results.append(function(item, *shared))
            advance(len(results))
        return results

    def translator(self, config: MTConfig) -> Translator | None:
        """The translator machine translation runs with; None: the pipeline's own, in this process."""
        return None

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers; with ``interrupted``, at once, dropping the work not done."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind, error, trace) -> None:
        self.close(interrupted=kind is not None)


def engine_for(config: RunConfig) -> Engine:
    """The engine ``config`` asks for (``engine``, ``jobs``, ``address``), with the memo of earlier runs unless
    ``config.reuse`` is off."""
    from align.incremental import Memo

    if config.jobs < 0:
        raise AlignError(f"-j must be 1 or more (0: one per core), not {config.jobs}")
    memo = Memo() if config.reuse else None
    if config.engine == "ray":
        from align.engines.ray import RayEngine

        return RayEngine(config, memo)
    if config.engine != "local":
        raise AlignError(f"--engine: unknown {config.engine!r}; use {' or '.join(ENGINES)}")
    if config.address:
        raise AlignError("--address goes with --engine ray")
    jobs = config.jobs or cores()
    if jobs == 1:
        return Engine(memo)
    from align.engines.local import LocalEngine

    return LocalEngine(jobs, memo)
