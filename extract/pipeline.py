"""The library entry point: one article in, one validated `Record` out.

    >>> from extract import Pipeline
    >>> nlp = Pipeline()                       # loads jieba, spaCy and the models once
    >>> record = nlp.process("2024年，该区新签约项目92个，协议投资额227亿元。",
    ...                      reference_date="2025-02-12")
    >>> record.status
    'ok'
    >>> print(record.model_dump_json())        # doctest: +SKIP

Flow per article: read and decode (files) → `extract.normalize` (repair, convert, offset
map) → a spaCy `Doc` of the normalized text with the pipeline inputs set → each registered
component → the items on `doc._.*` with every span mapped back to the original text →
a `Record`, validated by a JSON round trip exactly as a reader would load it.

Bad article content never raises: it yields a record with `status="error"` and
`errors=[{stage, message}]`, so one broken file cannot stop a batch.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Union

from .records import ErrorInfo, Record, ReferenceDate, Source, Text

DateLike = Union[dt.date, str, None]
PathLike = Union[str, "os.PathLike[str]"]

# doc._ attribute → Record field, in the order the record lists them.
ITEM_FIELDS = ("figures", "dates", "organisations", "persons", "locations", "policy_terms")
# Record fields whose items hold `mentions` (each a Mention with its own spans).
MENTION_FIELDS = ("organisations", "persons", "locations", "policy_terms")
SIDECAR_SUFFIX = ".meta.json"
# A short article of the usual kind for `Pipeline.warm_up`: it gives every component work.
WARM_UP_TEXT = (
    "2025年2月6日上午，合肥市庐阳区召开“双招双引”动员大会。2024年，该区新签约项目92个，"
    "协议投资额227亿元，同比增长12.5%。区委书记张明远出席，安徽瑞控信光电技术股份有限公司、"
    "庐阳区投资促进中心等单位负责人参加。今年一季度，全区完成固定资产投资12.5亿元。"
)
WARM_UP_DATE = "2025-02-12"


def article_id_of(data: bytes) -> str:
    """The stable id of an article: sha256 of its bytes (UTF-8 for in-memory text), 16 hex chars.

    >>> article_id_of("你好".encode("utf-8"))
    '670d9743542cae3e'
    """
    return hashlib.sha256(data).hexdigest()[:16]


# Dates as metadata carries them: 2025-02-12, 2025-02-12T08:30:00+08:00, 2025/2/12, 2025年2月12日.
_DATE_PREFIX = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def parse_date(value: DateLike) -> Optional[dt.date]:
    """A reference date from a `date`, `datetime` or a string starting with a date.

    >>> parse_date("2025-02-12T08:30:00+08:00")
    datetime.date(2025, 2, 12)
    >>> parse_date("2025年2月12日 08:30")
    datetime.date(2025, 2, 12)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE_PREFIX.match(value)
        try:
            if match is None:
                raise ValueError
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(f"not a date (YYYY-MM-DD): {value!r}") from None
    raise TypeError(f"reference_date must be a date or a date string, not {type(value).__name__}")


@dataclass(frozen=True)
class ArticleMeta:
    """Per-article metadata from a sidecar `<stem>.meta.json` or a jsonl line."""

    published: Optional[dt.date] = None
    url: Optional[str] = None
    title: Optional[str] = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "ArticleMeta":
        """Reads `published`, `url` and `title`; other keys are ignored.

        >>> ArticleMeta.from_mapping({"published": "2025-02-12", "title": "动员大会"}).published
        datetime.date(2025, 2, 12)
        """
        if not isinstance(data, Mapping):
            raise ValueError("metadata must be a JSON object")
        url, title = data.get("url"), data.get("title")
        return cls(
            published=parse_date(data.get("published")),
            url=str(url) if url is not None else None,
            title=str(title) if title is not None else None,
        )


def sidecar_path(path: PathLike) -> Path:
    """`corpus/a.txt` → `corpus/a.meta.json`."""
    path = Path(path)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def read_sidecar(path: PathLike) -> Optional[ArticleMeta]:
    """The metadata beside an article file, or None when it has no sidecar.

    Raises ValueError (with the sidecar's name) when the sidecar is not valid metadata.
    """
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return None
    try:
        return ArticleMeta.from_mapping(json.loads(meta_path.read_text(encoding="utf-8")))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{meta_path}: bad metadata: {exc}") from None


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Pipeline:
    """Builds validated records from Chinese news articles. Construct once, reuse.

    >>> nlp = Pipeline()
    >>> rec = nlp.process_file("corpus/000_0f9117bebd0753fc.txt")   # doctest: +SKIP
    >>> [f.text for f in rec.figures][:2]                           # doctest: +SKIP
    ['92个', '227亿元']
    >>> for rec in nlp.pipe(["第一篇……", "第二篇……"], n_process=2):   # doctest: +SKIP
    ...     print(rec.article_id, rec.status)
    """

    def __init__(self, nlp=None):
        """`nlp`: a Language from `extract.nlp.build_nlp()`; default the process-wide one."""
        if nlp is None:
            from .nlp import get_nlp

            nlp = get_nlp()
        self.nlp = nlp

    # -- public API -------------------------------------------------------------------

    def warm_up(self) -> "Pipeline":
        """Loads every lazily loaded table now (normalization tables, taggers, models), not
        during the first article: before timing, or in a parent process before its workers
        fork (they then share the tables). Returns the pipeline."""
        from .normalize import warm_up as warm_up_normalize

        warm_up_normalize()
        self.process(WARM_UP_TEXT, WARM_UP_DATE)
        # Everything loaded so far lives as long as the process: move it out of the garbage
        # collector's sight, or every full collection rescans millions of table objects
        # (measured: about 18% of figures' time on long articles).
        gc.collect()
        gc.freeze()
        return self

    def process(
        self,
        text: str,
        reference_date: DateLike = None,
        *,
        source: Optional[Mapping[str, Any] | Source] = None,
    ) -> Record:
        """One in-memory article → Record. `article_id` hashes the UTF-8 text.

        `reference_date` (date or `YYYY-MM-DD`) anchors relative dates (今年, 去年9月);
        None lets the dates component infer it. `source` fills `record.source`
        (`path`, `url`, `title`, ...).

        >>> Pipeline().process("2月6日上午，合肥市庐阳区召开动员大会。", "2025-02-12").status  # doctest: +SKIP
        'ok'
        """
        if not isinstance(text, str):
            raise TypeError(f"process() takes the article text as str, not {type(text).__name__}")
        src = self._source(source)
        article_id = article_id_of(text.encode("utf-8", "surrogatepass"))
        return self._from_text(text, article_id, src, parse_date(reference_date))[0]

    def process_file(
        self,
        path: PathLike,
        reference_date: DateLike = None,
        meta: Optional[Mapping[str, Any] | ArticleMeta] = None,
    ) -> Record:
        """One article file → Record. `article_id` hashes the file's bytes.

        `meta` (`published`, `url`, `title`) defaults to the sidecar `<stem>.meta.json`
        beside the file when there is one. The reference date is `reference_date` when
        given, else the metadata's `published`, else inferred.
        Unreadable files (missing, empty, binary, undecodable) give an error record.
        """
        task = file_task(0, Path(os.fspath(path)), parse_date(reference_date), meta)
        return self._run(task)

    def pipe(
        self,
        items: Iterable[Union[str, "os.PathLike[str]"]],
        n_process: int = 1,
        reference_date: DateLike = None,
    ) -> Iterator[Record]:
        """Stream records for texts (`str`) and files (`pathlib.Path`), in input order.

        With `n_process > 1` the articles are spread over worker processes (on Linux forked
        from this one after warming this pipeline up, so they share it). Inputs are consumed
        lazily (a bounded window in flight).

        >>> from pathlib import Path
        >>> texts = ["今年一季度，全区完成投资12.5亿元。", Path("corpus/000_0f9117bebd0753fc.txt")]
        >>> [r.status for r in Pipeline().pipe(texts)]                        # doctest: +SKIP
        ['ok', 'ok']
        """
        ref = parse_date(reference_date)
        tasks = (item_task(index, item, ref) for index, item in enumerate(items))
        if n_process <= 1:
            for task in tasks:
                yield self._run(task)
            return
        from .engines.local import LocalEngine

        with LocalEngine(n_process, self) as engine:
            pending: dict[int, Record] = {}
            next_index = 0
            for result in engine.run(tasks):
                pending[result.index] = Record.model_validate_json(result.line)
                while next_index in pending:
                    yield pending.pop(next_index)
                    next_index += 1

    # -- flow ---------------------------------------------------------------------------

    def _run(self, task: "Task") -> Record:
        """A batch task → Record: an error found while reading, or the decoded text analysed."""
        return self._run_with_line(task)[0]

    def _run_with_line(self, task: "Task") -> tuple[Record, str]:
        """`_run`, with the record's JSON line (already made while validating it)."""
        task = decoded(task)
        meta = task.meta or ArticleMeta()
        src = Source(path=task.path, encoding=task.encoding, url=meta.url, title=meta.title)
        if task.error is not None:
            stage, message = task.error
            return _with_line(self._error_record(task.article_id, src, stage, message))
        ref = task.reference_date or meta.published or task.fallback_date
        article_id = task.article_id or article_id_of(task.text.encode("utf-8", "surrogatepass"))
        return self._from_text(task.text, article_id, src, ref)

    def _from_text(self, text: str, article_id: str, src: Source, ref: Optional[dt.date]) -> tuple[Record, str]:
        from .normalize import normalize_text

        try:
            normalized = normalize_text(text)
        except Exception as exc:  # noqa: BLE001  (bad content must not stop a batch)
            record = self._error_record(article_id, src, "normalize", _describe(exc))
            return _with_line(record.model_copy(update={"text": Text(original=text, normalized="")}))
        src = src.model_copy(update={"script": normalized.script})
        errors: list[ErrorInfo] = []
        items, ref_value, ref_inferred = self._analyse(normalized, ref, errors)
        with _gc_paused():  # a long Traditional article makes tens of thousands of repairs
            record = Record(
                article_id=article_id,
                status="error" if errors else "ok",
                source=src,
                reference_date=ReferenceDate(value=ref_value, inferred=ref_inferred),
                text=Text(original=normalized.original, normalized=normalized.text),
                repairs=list(normalized.repairs),
                unrecoverable=list(normalized.unrecoverable),
                errors=errors,
                **items,
            )
            return self._validated(record)

    def _analyse(self, normalized, ref: Optional[dt.date], errors: list[ErrorInfo]):
        """Runs the components; a failing one is recorded and the others still run."""
        try:
            doc = self.nlp.make_doc(normalized.text)
        except Exception as exc:  # noqa: BLE001
            errors.append(ErrorInfo(stage="segment", message=_describe(exc)))
            return {field: [] for field in ITEM_FIELDS}, ref, False
        doc._.reference_date = ref
        doc._.unrecoverable = [tuple(u.normalized_span) for u in normalized.unrecoverable]
        for name, component in self.nlp.pipeline:
            try:
                doc = component(doc)
            except Exception as exc:  # noqa: BLE001
                errors.append(ErrorInfo(stage=name, message=_describe(exc)))
        items = {field: list(getattr(doc._, field) or []) for field in ITEM_FIELDS}
        try:
            _map_original_spans(items, normalized)
        except Exception as exc:  # noqa: BLE001
            errors.append(ErrorInfo(stage="map_spans", message=_describe(exc)))
            items = {field: [] for field in ITEM_FIELDS}
        used = doc._.reference_date_used
        ref_value = used if used is not None else ref
        inferred = bool(doc._.reference_date_inferred) if used is not None else False
        return items, ref_value, inferred

    def _validated(self, record: Record) -> tuple[Record, str]:
        """The record as a reader will load it, and its JSON line (see `validated_line`); an
        invalid one becomes an error record."""
        try:
            return validated_line(record)
        except Exception as exc:  # noqa: BLE001
            error = self._error_record(record.article_id, record.source, "validate", _describe(exc))
            return _with_line(error.model_copy(update={"text": record.text}))

    # -- helpers ------------------------------------------------------------------------

    @staticmethod
    def _source(source) -> Source:
        if source is None:
            return Source()
        if isinstance(source, Source):
            return source
        if isinstance(source, Mapping):
            return Source.model_validate(dict(source))
        raise TypeError(f"source must be a mapping or Source, not {type(source).__name__}")

    @staticmethod
    def _error_record(article_id: str, src: Source, stage: str, message: str) -> Record:
        return Record(article_id=article_id, status="error", source=src,
                      errors=[ErrorInfo(stage=stage, message=message)])


def validated_line(record: Record) -> tuple[Record, str]:
    """The record as a reader will load it, and its JSON line; raises if it is invalid.

    Everything but the repairs goes through a JSON round trip: the loaded record is what
    a reader will get, and dumping it again gives the same text (spans, numbers and dates
    round-trip exactly; tests/test_pipeline.py), so the line is not made twice. The repairs
    are `Repair` models pydantic validated when the normalizer made them, and nothing
    changes them afterwards; in a Traditional article they are one per converted char, most
    of the record, and validating them a second time doubled the cost of the round trip.
    """
    with _gc_paused():
        line = record.model_dump_json()
        checked = Record.model_validate_json(record.model_dump_json(exclude={"repairs"}))
        checked.repairs = record.repairs
    _check_spans(checked)
    return checked, line


def _with_line(record: Record) -> tuple[Record, str]:
    return record, record.model_dump_json()


@contextmanager
def _gc_paused():
    """No cyclic garbage collection inside the block (collection resumes after it).

    Building, dumping and validating a record makes tens of thousands of small objects per
    article (repairs, items, their JSON round trip), none in a reference cycle, all alive
    until the record is done. In a process holding a whole pipeline, the collections their
    allocations trigger walk the pipeline's long-lived objects again and again: a fifth of
    the round trip on usual articles, and a cost growing faster than the article (5.6x the
    time for 4x the text) on long ones. Paused, the cost is linear.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _map_original_spans(items: dict[str, list], normalized) -> None:
    """Fills `original_span` of every item and mention from the normalizer's offset map."""
    to_original = normalized.to_original_span
    for field in ITEM_FIELDS:
        for item in items[field]:
            if getattr(item, "span", None) is not None:
                item.original_span = tuple(to_original(*item.span))
            if field in MENTION_FIELDS:
                for mention in item.mentions:
                    mention.original_span = tuple(to_original(*mention.span))


def _check_spans(record: Record) -> None:
    """Every span lies inside its text: a component bug must not reach the output."""
    normalized_len = len(record.text.normalized) if record.text else 0
    original_len = len(record.text.original) if record.text else 0

    def check(span, limit, what):
        if span is not None and not (0 <= span[0] <= span[1] <= limit):
            raise ValueError(f"{what} span {list(span)} outside the text (length {limit})")

    for field in ITEM_FIELDS:
        for item in getattr(record, field):
            fields = type(item).model_fields  # a class lookup: hasattr() on a model is slow
            holders = [item] if "span" in fields else []
            if "mentions" in fields:
                holders += item.mentions
            for holder in holders:
                check(holder.span, normalized_len, field)
                check(holder.original_span, original_len, field)


# -- tasks: one article read and decoded, ready for any worker ------------------------------


@dataclass(frozen=True)
class Task:
    """One article, read (and perhaps decoded), picklable for worker processes and Dask workers.

    The submitting process reads the bytes (for `article_id` and resume), so workers need no
    access to the input files. A batch leaves decoding to the worker (`data` set, `text`
    None): encoding detection is real work, and the one feeding process must not become the
    bottleneck. `error` is (stage, message) when the article could not be read; it then
    becomes an error record without analysis.
    """

    index: int
    article_id: str
    text: Optional[str] = None
    data: Optional[bytes] = None  # the file's bytes, still to decode (see `decoded`)
    path: Optional[str] = None
    encoding: Optional[str] = None
    meta: Optional[ArticleMeta] = None
    reference_date: Optional[dt.date] = None
    fallback_date: Optional[dt.date] = None
    error: Optional[tuple[str, str]] = None


@dataclass(frozen=True)
class Result:
    """A processed task: the record's JSON line (validated) and what a summary needs."""

    index: int
    article_id: str
    status: str
    line: str
    path: Optional[str] = None
    message: Optional[str] = None


def text_task(index: int, text: str, reference_date: Optional[dt.date] = None,
              path: Optional[str] = None, meta: Optional[ArticleMeta] = None,
              fallback_date: Optional[dt.date] = None) -> Task:
    """An in-memory article; its id hashes the UTF-8 text."""
    article_id = article_id_of(text.encode("utf-8", "surrogatepass"))
    return Task(index=index, article_id=article_id, text=text, path=path, meta=meta,
                reference_date=reference_date, fallback_date=fallback_date)


def file_task(index: int, path: Path, reference_date: Optional[dt.date] = None,
              meta: Optional[Mapping[str, Any] | ArticleMeta] = None,
              fallback_date: Optional[dt.date] = None) -> Task:
    """Reads one article file; see `bytes_task`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Task(index=index, article_id=article_id_of(os.fsencode(str(path))), path=str(path),
                    error=("read", f"{path}: cannot read: {exc.strerror or exc}"))
    return bytes_task(index, path, data, reference_date, meta, fallback_date)


def bytes_task(index: int, path: Path, data: bytes, reference_date: Optional[dt.date] = None,
               meta: Optional[Mapping[str, Any] | ArticleMeta] = None,
               fallback_date: Optional[dt.date] = None, decode: bool = True) -> Task:
    """An article file's bytes as a task; reads its sidecar unless `meta` is given. With
    `decode=False` the bytes travel in the task and the worker decodes them.

    The reference date will be `reference_date`, else the metadata's `published`, else
    `fallback_date` (a batch-wide default), else inferred by the dates component.
    """
    name = str(path)
    article_id = article_id_of(data)
    dates = {"reference_date": reference_date, "fallback_date": fallback_date}
    try:
        meta = read_sidecar(path) if meta is None else _as_meta(meta)
    except ValueError as exc:
        return Task(index=index, article_id=article_id, path=name, error=("metadata", str(exc)), **dates)
    task = Task(index=index, article_id=article_id, data=data, path=name, meta=meta, **dates)
    return decoded(task) if decode else task


def decoded(task: Task) -> Task:
    """The task with its bytes decoded to text (or an error, for bytes that are no text)."""
    from .normalize import InputError, decode_bytes

    if task.data is None or task.text is not None or task.error is not None:
        return task
    name = task.path or task.article_id
    try:
        text, encoding = decode_bytes(task.data, name)
    except InputError as exc:
        return replace(task, data=None, error=("read", f"{name}: {exc.reason}"))
    return replace(task, data=None, text=text, encoding=encoding)


def _as_meta(meta) -> ArticleMeta:
    return meta if isinstance(meta, ArticleMeta) else ArticleMeta.from_mapping(meta)


def item_task(index: int, item, reference_date: Optional[dt.date]) -> Task:
    """`pipe()` input: a str is an article text, a path object an article file."""
    if isinstance(item, str):
        return text_task(index, item, reference_date)
    if isinstance(item, os.PathLike):
        return file_task(index, Path(item), reference_date)
    raise TypeError(f"pipe() takes str texts or path objects, not {type(item).__name__}")


def run_task(pipeline: Pipeline, task: Task) -> Result:
    """Processes one task; never raises for article content."""
    record, line = pipeline._run_with_line(task)
    message = "; ".join(e.message for e in record.errors) or None
    return Result(index=task.index, article_id=record.article_id, status=record.status,
                  line=line, path=task.path, message=message)
