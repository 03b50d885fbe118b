"""``--engine ray``: the per-document work as Ray tasks, machine translation on a pool of Ray actors.

The same units as ``-j N`` (``align.engines.units``), a chunk of items per task, results in the items' order;
what needs every document (pairing, spellings across documents, the outputs) stays on the driver. Machine
translation: the driver keeps the translation cache and cuts the sentences into the very chunks a local run
translates, and actors — one per GPU of the cluster (CTranslate2 on ``cuda``), or one on a cluster without
GPUs — each load a model once and translate the chunks, several at a time. Every node needs align (and the
models, under the same ``ALIGN_HOME``) installed; the driver's ``ALIGN_HOME``, when set, is passed on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace

from align.engines import Engine
from align.engines.local import chunked, run_chunk
from align.errors import AlignError
from align.model import MTConfig, RunConfig
from align.mt.translate import Translator

INSTALL = "--engine ray needs Ray, which is not installed: pip install 'align[ray]' (or pip install 'ray>=2.9')"


def _ray():
    try:
        import ray
    except ImportError:
        raise AlignError(INSTALL) from None
    return ray


class TranslationActor:
    """Holds one Translator on a Ray worker, so each model is loaded once per actor (on its GPU if it has one)."""

    def __init__(self, config: MTConfig) -> None:
        import ray

        self.translator = Translator(replace(config, device="cuda" if ray.get_gpu_ids() else "cpu", use_cache=False))

    def translate(self, info, chunk: list[str]) -> tuple[list[str] | None, str | None]:
        """The chunk's translations, or the problem of a model that does not load or translate."""
        from align.mt.models import BrokenModel

        try:
            return self.translator.load(info).translate(chunk, self.translator.config), None
        except BrokenModel as error:
            return None, error.problem


class RayTranslator(Translator):
    """The driver's translator: cache and chunks as in a local run, each chunk translated on an actor."""

    actors: list | None = None

    def translate_chunks(self, info, chunks: list[list[str]]) -> Iterator[list[str]]:
        from ray.util import ActorPool

        for translations, problem in ActorPool(self.actors or []).map(lambda actor, chunk: actor.translate.remote(info, chunk), chunks):
            if problem is not None:
                raise info.broken(problem)
            yield translations


CONNECT_SECONDS = 5.0


def _check_reachable(address: str | None) -> None:
    """Refuse a cluster address nothing answers at, in seconds: Ray's own client waits for it a minute or more,
    printing its retries. ``None`` and ``auto`` (a new local cluster, or the one this machine runs) are left to Ray."""
    import socket

    if not address or address == "auto":
        return
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        raise AlignError(f"--engine ray: {address!r} is no cluster address; give HOST:PORT as `ray start --head` prints it")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_SECONDS).close()
    except (OSError, ValueError, OverflowError) as error:
        raise AlignError(f"--engine ray: cannot reach the Ray cluster at {address} ({getattr(error, 'strerror', None) or error or 'timed out'})") from None


class RayEngine(Engine):
    """The work of each step as Ray tasks on the cluster at ``config.address`` (a local one by default)."""

    local_disk = False  # a task may run on another machine: the driver writes what the tasks render

    def __init__(self, config: RunConfig, memo=None) -> None:
        super().__init__(memo)
        ray = self.ray = _ray()
        self.started = not ray.is_initialized()
        if self.started:
            _check_reachable(config.address)
            home = os.environ.get("ALIGN_HOME")
            runtime_env = {"env_vars": {"ALIGN_HOME": home}} if home else None
            try:
                ray.init(address=config.address, runtime_env=runtime_env, include_dashboard=False, log_to_driver=False, configure_logging=False)
            except (ConnectionError, RuntimeError, ValueError) as error:
                raise AlignError(f"--engine ray: cannot reach the Ray cluster {config.address or '(a new local one)'}: {str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
        resources = ray.cluster_resources()
        self.jobs = max(1, int(resources.get("CPU", 1)))
        self.gpus = int(resources.get("GPU", 0))
        self.chunk_task = ray.remote(run_chunk)
        self.actors: list = []
        self.pending: list = []

    def run(self, function: Callable, items: list, shared: tuple, advance: Callable[[int], None], meanwhile: Callable[[], None] | None = None) -> list:
        ray = self.ray
        chunks = chunked(items, self.jobs)
        shared_ref = ray.put(shared)
        refs = [self.chunk_task.remote(function, chunk, shared_ref) for chunk in chunks]
        sizes = dict(zip(refs, map(len, chunks)))
        self.pending, done = list(refs), 0
        if meanwhile is not None:
            meanwhile()
        while self.pending:
            finished, self.pending = ray.wait(self.pending, num_returns=1)
            done += sum(sizes[ref] for ref in finished)
            advance(done)
        return [value for chunk in ray.get(refs) for value in chunk]

    def translator(self, config: MTConfig) -> Translator:
        if not self.actors:
            options = {"num_gpus": 1} if self.gpus else {"num_cpus": 1}
            actor = self.ray.remote(**options)(TranslationActor)
            self.actors = [actor.remote(config) for _ in range(max(1, self.gpus))]
        translator = RayTranslator(config)
        translator.actors = self.actors
        return translator

    def close(self, interrupted: bool = False) -> None:
        ray = self.ray
        if interrupted:
            for ref in self.pending:
                ray.cancel(ref, force=True)
        for actor in self.actors:
            ray.kill(actor)
        self.actors, self.pending = [], []
        if self.started:
            ray.shutdown()
