"""Articles spread over a Dask cluster (`dask.distributed`), written back by the client.

    extract run --engine dask --scheduler tcp://scheduler:8786 corpus/ -o out.jsonl

Tasks travel with the articles' bytes (workers decode them), so workers need no access to
the input files; they need the `extract` package installed. Each worker process builds its pipeline once, on
its first article (`worker_pipeline`), and reuses it for every later one.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Iterable, Iterator, Optional

from ..pipeline import Pipeline, Result, Task, run_task
from . import worker_failure
from .window import TASKS_PER_WORKER, windowed

_PIPELINE: Optional[Pipeline] = None
_PIPELINE_LOCK = threading.Lock()
# What this worker process has done: `client.run(worker_stats)` reports it per worker.
_STATS = {"pipelines_built": 0, "articles": 0}


def worker_pipeline() -> Pipeline:
    """The worker process's pipeline, built on first use (threads of one worker share it)."""
    global _PIPELINE
    if _PIPELINE is None:
        with _PIPELINE_LOCK:
            if _PIPELINE is None:
                _PIPELINE = Pipeline()
                _STATS["pipelines_built"] += 1
    return _PIPELINE


def process_on_worker(task: Task) -> Result:
    """What a Dask worker runs for one article."""
    result = run_task(worker_pipeline(), task)
    _STATS["articles"] += 1
    return result


def worker_stats() -> dict[str, int]:
    """Pipelines built and articles processed by this worker process."""
    return dict(_STATS)


class DaskEngine:
    """Connects to the scheduler at `address`, or starts a LocalCluster of `workers` processes."""

    def __init__(self, workers: int, address: Optional[str] = None):
        self.address = address
        self.workers = max(1, int(workers))
        self._client = None
        self._cluster = None

    def __enter__(self) -> "DaskEngine":
        from distributed import Client, LocalCluster

        if self.address:
            self._client = Client(self.address)
            self.workers = max(1, sum(self._client.nthreads().values()))
        else:
            # One thread per process: the pipeline is pure Python, threads would share the GIL.
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                         processes=True, dashboard_address=None,
                                         silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    @property
    def dashboard_link(self) -> Optional[str]:
        return getattr(self._client, "dashboard_link", None)

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        from distributed import wait

        client = self._client
        if client is None:
            raise RuntimeError("DaskEngine.run() outside its `with` block")

        run_token = uuid.uuid4().hex[:8]

        def submit(task: Task):
            # A key per run and article: two identical articles are still two tasks, and
            # two runs sharing a scheduler never share results.
            return client.submit(process_on_worker, task, key=f"extract-{run_token}-{task.index}")

        def wait_any(futures):
            return wait(list(futures), return_when="FIRST_COMPLETED").done

        for future, task in windowed(tasks, self.workers * TASKS_PER_WORKER, submit, wait_any):
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001  (KilledWorker etc.: isolate the article)
                yield worker_failure(task, exc)
            finally:
                future.release()
