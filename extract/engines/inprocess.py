"""The simplest engine: every article in the calling process, in input order."""

from __future__ import annotations

from typing import Iterable, Iterator

from ..pipeline import Pipeline, Result, Task, run_task


class InProcessEngine:
    """One worker: the caller's own process (no start-up cost, easiest to debug)."""

    workers = 1

    def __init__(self, pipeline: Pipeline | None = None):
        self._pipeline = pipeline

    def __enter__(self) -> "InProcessEngine":
        if self._pipeline is None:
            self._pipeline = Pipeline()
        return self

    def __exit__(self, *exc) -> None:
        pass

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        for task in tasks:
            yield run_task(self._pipeline, task)
