"""Keeps a bounded number of tasks in flight and yields results as they complete."""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator, TypeVar

F = TypeVar("F")

# Tasks in flight per worker: enough to keep every worker busy while results travel back.
TASKS_PER_WORKER = 4


def windowed(
    tasks: Iterable,
    size: int,
    submit: Callable[[object], F],
    wait_any: Callable[[set[F]], Iterable[F]],
) -> Iterator[tuple[F, object]]:
    """Submits up to `size` tasks, then one more for each that completes.

    `submit(task)` returns a future; `wait_any(futures)` blocks until at least one is
    done and returns the done ones. Yields (future, task) pairs in order of completion.
    """
    source = iter(tasks)
    in_flight: dict[F, object] = {}
    for task in islice(source, size):
        in_flight[submit(task)] = task
    while in_flight:
        for future in wait_any(set(in_flight)):
            task = in_flight.pop(future)
            for refill in islice(source, 1):
                in_flight[submit(refill)] = refill
            yield future, task
