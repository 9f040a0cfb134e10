"""Where articles are processed: in this process, in a local process pool, or on Dask.

Every engine is a context manager with `run(tasks) -> Iterator[Result]`: it pulls
`extract.pipeline.Task`s lazily (a bounded window in flight, so a dump of a million
articles is never held in memory) and yields `Result`s in order of completion. A worker
never builds a pipeline per article: local workers on Linux are forked from a process that
has built and warmed one (they share it), spawned local workers and Dask workers build
their own once. The caller (the batch writer) does all the writing.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from ..pipeline import Result, Task

ENGINES = ("local", "dask")


class Engine(Protocol):
    workers: int

    def __enter__(self) -> "Engine": ...

    def __exit__(self, *exc) -> None: ...

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]: ...


def worker_failure(task: Task, exc: BaseException) -> Result:
    """A result for a task whose worker died or raised outside the pipeline's own guards."""
    from ..pipeline import ArticleMeta, Pipeline
    from ..records import Source

    meta = task.meta or ArticleMeta()
    src = Source(path=task.path, encoding=task.encoding, url=meta.url, title=meta.title)
    message = f"{task.path or 'article'}: worker failed: {type(exc).__name__}: {exc}"
    record = Pipeline._error_record(task.article_id, src, "worker", message)
    return Result(index=task.index, article_id=task.article_id, status="error",
                  line=record.model_dump_json(), path=task.path, message=message)
