"""A pool of local worker processes sharing one pipeline built before they start.

On Linux the workers are forked from this process after it has built and warmed its
pipeline (every table loaded), so each worker starts at once and shares those pages
copy-on-write instead of spending seconds of CPU building its own. Elsewhere (spawn) each
worker builds its pipeline once, at start-up.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Iterable, Iterator, Optional

from ..pipeline import Pipeline, Result, Task, run_task
from . import worker_failure
from .window import TASKS_PER_WORKER, windowed

# The pipeline a worker uses: inherited from the parent with fork, built by _init_worker otherwise.
_WORKER_PIPELINE: Optional[Pipeline] = None


def _init_worker() -> None:
    # spawn: runs once in each worker process, so the pipeline is built here, not per article.
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline()


def _process(task: Task) -> Result:
    return run_task(_WORKER_PIPELINE, task)


def _context():
    # fork shares the parent's modules and warmed pipeline (fast start); elsewhere spawn.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


class LocalEngine:
    """`workers` processes on this machine; results come back in order of completion.

    `pipeline`: the one the workers use when forked (default: a new `Pipeline()`).
    """

    def __init__(self, workers: int, pipeline: Optional[Pipeline] = None):
        self.workers = max(1, int(workers))
        self._pipeline = pipeline
        self._pool: Optional[ProcessPoolExecutor] = None

    def __enter__(self) -> "LocalEngine":
        global _WORKER_PIPELINE
        context = _context()
        if context.get_start_method() != "fork":
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker)
            return self
        pipeline = self._pipeline or Pipeline()
        pipeline.warm_up()
        _WORKER_PIPELINE = pipeline
        # Objects built so far stay out of the cycle collector while the workers fork: a
        # collection in a worker would otherwise write to (and so copy) every inherited page.
        gc.freeze()
        try:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
            # With fork, the first submit starts every worker: do it now, before the caller
            # starts threads (a progress bar) whose locks a forked child could inherit held.
            self._pool.submit(int).result()
        finally:
            gc.unfreeze()
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        pool = self._pool
        if pool is None:
            raise RuntimeError("LocalEngine.run() outside its `with` block")

        def wait_any(futures):
            return wait(futures, return_when=FIRST_COMPLETED).done

        for future, task in windowed(tasks, self.workers * TASKS_PER_WORKER,
                                     lambda t: pool.submit(_process, t), wait_any):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001  (a crashed worker: isolate the article)
                yield worker_failure(task, exc)
