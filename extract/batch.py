"""Batch runs: find the articles, skip the done ones, process them anywhere, write safely.

Inputs are article files, folders (walked recursively), glob patterns and `.jsonl` dumps
(one article per line: `id`, `text`, optional `published`, `url`, `title`). A file's
metadata comes from a sidecar `<stem>.meta.json` beside it.

The output is append-only JSON Lines written by this process alone: each record is one
`write` of one complete line, flushed at once, so a crash loses at most the articles in
flight and never leaves half a line behind (a torn last line from a crash of an older
version or a full disk is cut off when the run resumes). Articles whose `article_id` is
already in the output are skipped, so rerunning the same command resumes the batch.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Container, Iterable, Iterator, Literal, Optional, Protocol, Sequence

import orjson

from .pipeline import ArticleMeta, Result, Task, article_id_of, bytes_task, file_task, text_task

InputKind = Literal["file", "jsonl"]
# Files a folder walk leaves alone: annotations beside the articles, not articles.
SKIPPED_SUFFIXES = (".meta.json", ".gold.json", ".json")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
GLOB_CHARS = set("*?[")


class InputNotFound(ValueError):
    """A command-line input that names no file, folder or glob match."""


@dataclass(frozen=True)
class Input:
    kind: InputKind
    path: Path


def discover(args: Sequence[str], exclude: Iterable[Path] = ()) -> list[Input]:
    """The inputs named by `args` (files, folders, globs), each once, in a stable order.

    Explicit files are always taken (a `.jsonl` one as a dump); folders are walked
    recursively, skipping hidden entries, sidecars (`*.meta.json`), gold files and other
    `.json`; `exclude` (the output file) is never an input.
    """
    excluded = {_key(p) for p in exclude}
    seen: set[Path] = set()
    found: list[Input] = []

    def add(path: Path) -> None:
        key = _key(path)
        if key in excluded or key in seen:
            return
        seen.add(key)
        found.append(Input("jsonl" if path.name.lower().endswith(JSONL_SUFFIXES) else "file", path))

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for child in _walk(path):
                add(child)
        elif path.is_file():
            add(path)
        elif GLOB_CHARS & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise InputNotFound(f"no file matches {arg!r}")
            for match in map(Path, matches):
                if match.is_dir():
                    for child in _walk(match):
                        add(child)
                elif match.is_file() and not _is_annotation(match):
                    add(match)
        else:
            raise InputNotFound(f"no such file or folder: {arg}")
    return found


def _key(path: Path) -> Path:
    return path.resolve()


def _is_annotation(path: Path) -> bool:
    return path.name.lower().endswith(SKIPPED_SUFFIXES)


def _walk(folder: Path) -> list[Path]:
    """Article files under `folder`, sorted by path (the same order on every run)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root, name)
            if not name.startswith(".") and not _is_annotation(path) and path.is_file():
                found.append(path)
    return sorted(found)


def count_articles(inputs: Sequence[Input]) -> int:
    """How many articles the inputs hold (one per file, one per non-blank jsonl line)."""
    return sum(1 if item.kind == "file" else _count_jsonl_lines(item.path) for item in inputs)


def _count_jsonl_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


# -- tasks ---------------------------------------------------------------------------------


@dataclass
class TaskFeed:
    """Turns inputs into tasks lazily, leaving out the articles already done."""

    inputs: Sequence[Input]
    reference_date: Optional[dt.date] = None
    done: Container[str] = frozenset()
    on_skip: Callable[[str], None] = lambda article_id: None
    created: int = 0

    def __iter__(self) -> Iterator[Task]:
        for item in self.inputs:
            tasks = self._file(item.path) if item.kind == "file" else self._jsonl(item.path)
            for task in tasks:
                self.created += 1
                yield task

    def _file(self, path: Path) -> Iterator[Task]:
        try:
            data = path.read_bytes()
        except OSError:
            yield file_task(self.created, path)  # reports the failure as an error record
            return
        # Hash first: an article already done is skipped without being decoded.
        article_id = article_id_of(data)
        if article_id in self.done:
            self.on_skip(article_id)
            return
        yield bytes_task(self.created, path, data, fallback_date=self.reference_date, decode=False)

    def _jsonl(self, path: Path) -> Iterator[Task]:
        with path.open("rb") as fh:
            for line_number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                task = self._jsonl_task(path, line_number, raw)
                if task.article_id in self.done:
                    self.on_skip(task.article_id)
                    continue
                yield task

    def _jsonl_task(self, path: Path, line_number: int, raw: bytes) -> Task:
        index = self.created
        where = f"{path}:{line_number}"
        try:
            row = orjson.loads(raw)
            if not isinstance(row, dict):
                raise ValueError("the line is not a JSON object")
            text = row.get("text")
            if not isinstance(text, str):
                raise ValueError("no 'text' string")
            meta = ArticleMeta.from_mapping(row)
        except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
            return Task(index=index, article_id=article_id_of(raw.strip()), path=where,
                        error=("read", f"{where}: bad jsonl line: {exc}"))
        article_path = f"{path}#{row['id']}" if row.get("id") is not None else where
        task = text_task(index, text, path=article_path, meta=meta, fallback_date=self.reference_date)
        if not text.strip():
            return Task(index=index, article_id=task.article_id, path=article_path, meta=meta,
                        error=("read", f"{article_path}: empty text"))
        return task


# -- output --------------------------------------------------------------------------------


def load_done(path: Path) -> tuple[set[str], int]:
    """The article ids already in a jsonl output, and how many bad lines were dropped.

    A last line that is incomplete or not JSON (a crash mid-write) is cut off the file so
    the next record starts on a line of its own. A bad line in the middle is left in place
    and not counted as done.
    """
    done: set[str] = set()
    dropped = 0
    if not path.exists():
        return done, dropped
    good_end = 0
    with path.open("rb") as fh:
        offset = 0
        for raw in fh:
            offset += len(raw)
            article_id = _article_id_of_line(raw)
            if article_id is not None:
                done.add(article_id)
                good_end = offset
            elif raw.strip():
                dropped += 1
            else:
                good_end = offset
    if good_end < path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)
    return done, dropped


def _article_id_of_line(raw: bytes) -> Optional[str]:
    if not raw.endswith(b"\n"):
        return None
    try:
        row = orjson.loads(raw)
    except ValueError:
        return None
    article_id = row.get("article_id") if isinstance(row, dict) else None
    return article_id if isinstance(article_id, str) else None


class LineWriter:
    """Appends complete lines, each with a single unbuffered write, to a file or stdout."""

    def __init__(self, path: Optional[Path]):
        self.path = path
        self._fh = open(path, "ab", buffering=0) if path is not None else None

    def write(self, line: str) -> None:
        data = line.encode("utf-8") + b"\n"
        if self._fh is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
            return
        view = memoryview(data)
        while view:  # a regular file takes it in one call; loop only for a short write
            written = self._fh.write(view)
            view = view[written:]

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def write_json_array(path: Optional[Path], lines: Sequence[str]) -> None:
    """All records as one JSON array, written at the end (to a temp file, then renamed)."""
    body = "[\n" + ",\n".join(lines) + ("\n]\n" if lines else "]\n")
    if path is None:
        sys.stdout.write(body)
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, path)


# -- the run -------------------------------------------------------------------------------


# Failure messages kept for the final summary; the records hold them all.
MAX_FAILURES_LISTED = 100


@dataclass
class Summary:
    total: int = 0
    processed: int = 0
    skipped: int = 0
    failed: int = 0
    discarded_lines: int = 0  # unreadable lines found in the output when resuming
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Articles processed (ok or failed) per second of the whole run."""
        return (self.processed + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def count(self, result: Result) -> None:
        if result.status == "ok":
            self.processed += 1
            return
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_LISTED:
            where = result.path or f"article {result.article_id}"
            message = result.message or "error"
            self.failures.append(message if where in message else f"{where}: {message}")


class Progress(Protocol):
    """What a run reports to: the total once, then one call per article (None: skipped)."""

    def start(self, total: int) -> None: ...

    def advance(self, result: Optional[Result]) -> None: ...

    def stop(self) -> None: ...


class SilentProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, result: Optional[Result]) -> None:
        pass

    def stop(self) -> None:
        pass


def run_batch(
    args: Sequence[str],
    output: Optional[Path],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: Optional[str] = None,
    reference_date: Optional[dt.date] = None,
    output_format: Literal["jsonl", "json"] = "jsonl",
    progress: Optional[Progress] = None,
) -> Summary:
    """Processes every article named by `args` into `output` (None: stdout).

    >>> summary = run_batch(["corpus/"], Path("out.jsonl"), workers=2)   # doctest: +SKIP
    >>> summary.processed, summary.failed                                 # doctest: +SKIP
    (1, 0)
    """
    progress = progress or SilentProgress()
    started = time.perf_counter()
    inputs = discover(args, exclude=[output] if output is not None else [])
    summary = Summary(total=count_articles(inputs))

    resume = output_format == "jsonl" and output is not None
    done, summary.discarded_lines = load_done(output) if resume else (set(), 0)

    def on_skip(_article_id: str) -> None:
        summary.skipped += 1
        progress.advance(None)

    feed = TaskFeed(inputs, reference_date, done, on_skip)
    json_lines: list[tuple[int, str]] = []
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    writer = LineWriter(output) if output_format == "jsonl" else None
    try:
        # No more local workers than articles: each one costs a process (and, where workers
        # are spawned rather than forked, a pipeline start-up).
        with make_engine(engine, min(workers, max(summary.total, 1)), scheduler) as runner:
            progress.start(summary.total)
            for result in runner.run(feed):
                if writer is not None:
                    writer.write(result.line)
                else:
                    json_lines.append((result.index, result.line))
                summary.count(result)
                progress.advance(result)
    finally:
        progress.stop()
        if writer is not None:
            writer.close()
    if writer is None:
        write_json_array(output, [line for _, line in sorted(json_lines)])
    summary.seconds = time.perf_counter() - started
    return summary


def make_engine(engine: str, workers: int, scheduler: Optional[str] = None):
    """The engine for `--engine`: `local` (1 worker: in this process) or `dask`."""
    if engine == "dask" or scheduler:
        from .engines.dask import DaskEngine

        return DaskEngine(workers, scheduler)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r} (local or dask)")
    if workers <= 1:
        from .engines.inprocess import InProcessEngine

        return InProcessEngine()
    from .engines.local import LocalEngine

    return LocalEngine(workers)


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
