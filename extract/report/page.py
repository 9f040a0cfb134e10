"""Build the self-contained review page: records in, one HTML file out.

All article data goes into a `<script type="application/json">` block with `<`, `>`, `&`
and the JS line separators escaped, so no article text can close the block or be read as
markup; the page's script renders it with textContent only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import random
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO

import orjson

from .summary import SECTIONS, CorpusSummary

ASSETS = resources.files(__package__) / "assets"
JSON_ESCAPES = {
    b"<": b"\\u003c",
    b">": b"\\u003e",
    b"&": b"\\u0026",
    "\u2028".encode(): b"\\u2028",
    "\u2029".encode(): b"\\u2029",
}
SAMPLE_SEED = 0  # the same batch and N always give the same sample
CHUNK_SIZE = 100  # articles per embedded JSON block


def iter_records(path: Path) -> Iterator[tuple[Optional[dict], str]]:
    """(record, label) per record of a .jsonl or .json file; (None, reason) for a bad line."""
    if path.suffix in (".jsonl", ".ndjson"):
        with path.open("rb") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    loaded = orjson.loads(line)
                except orjson.JSONDecodeError as error:
                    yield None, f"{path.name}:{number}: not valid JSON ({error})"
                    continue
                yield (loaded, "") if isinstance(loaded, dict) else (None, f"{path.name}:{number}: not a record")
        return
    loaded = orjson.loads(path.read_bytes())
    for record in loaded if isinstance(loaded, list) else loaded.get("records", [loaded]):
        yield record, ""


def gold_article_name(record: dict) -> str:
    """The name a gold file gives this article: the file name, or the id of a jsonl line."""
    path = (record.get("source") or {}).get("path") or ""
    if "#" in path:
        return path.rsplit("#", 1)[1]
    return Path(path).name if path else str(record.get("article_id") or "article")


def article_label(record: dict) -> str:
    source = record.get("source") or {}
    return source.get("title") or gold_article_name(record)


def _span_pair(item: dict) -> list[int]:
    return list(item.get("normalized_span") or [0, 0])


def merged_repairs(repairs: list[dict]) -> list[dict]:
    """Repairs for display: touching repairs of one kind become one (script conversion is per char)."""
    merged: list[dict] = []
    for repair in sorted(repairs, key=lambda r: _span_pair(r)):
        span = _span_pair(repair)
        if span[0] == span[1]:  # a deletion (pinyin after a character): mark the character before it
            span = [max(span[0] - 1, 0), max(span[0], 1)]
        last = merged[-1] if merged else None
        if last and last["kind"] == repair.get("kind") and last["span"][1] == span[0]:
            last["span"][1] = span[1]
            last["before"] += repair.get("before") or ""
            last["after"] += repair.get("after") or ""
        else:
            merged.append(
                {
                    "span": span,
                    "kind": repair.get("kind"),
                    "before": repair.get("before") or "",
                    "after": repair.get("after") or "",
                }
            )
    return merged


def compact_article(record: dict) -> dict:
    """What the page needs to show and review one article (the original text stays out)."""
    source = record.get("source") or {}
    reference = record.get("reference_date") or {}
    article = {
        "id": str(record.get("article_id") or ""),
        "article": gold_article_name(record),
        "label": article_label(record),
        "path": source.get("path"),
        "url": source.get("url"),
        "script": source.get("script"),
        "encoding": source.get("encoding"),
        "status": record.get("status") or "ok",
        "errors": record.get("errors") or [],
        "reference_date": reference.get("value"),
        "reference_date_inferred": bool(reference.get("inferred")),
        "text": (record.get("text") or {}).get("normalized") or "",
        "repairs": merged_repairs(record.get("repairs") or []),
        "unrecoverable": [
            {"span": _span_pair(u), "context": u.get("context"), "note": u.get("note")}
            for u in record.get("unrecoverable") or []
        ],
    }
    for section in SECTIONS:
        article[section] = [
            {k: v for k, v in item.items() if k not in ("original_span", "sentence", "evidence")}
            for item in record.get(section) or []
        ]
    return article


def embed_json(data: object) -> str:
    encoded = orjson.dumps(data)
    for raw, escaped in JSON_ESCAPES.items():
        encoded = encoded.replace(raw, escaped)
    return encoded.decode("utf-8")


def _sample_positions(total: int, sample: Optional[int]) -> Optional[set[int]]:
    if sample is None or sample >= total:
        return None
    return set(random.Random(SAMPLE_SEED).sample(range(total), max(sample, 0)))


def _index_entry(article: dict) -> dict:
    # What the article list needs before an article's chunk is parsed.
    count = sum(len(article[s]) for s in SECTIONS)
    return {"id": article["id"], "label": article["label"], "status": article["status"], "count": count}


def _template_parts(title: str) -> tuple[str, str]:
    template = (ASSETS / "template.html").read_text(encoding="utf-8")
    page = template.replace("{{TITLE}}", html.escape(title))
    page = page.replace("{{CSS}}", (ASSETS / "report.css").read_text(encoding="utf-8"))
    page = page.replace("{{JS}}", (ASSETS / "report.js").read_text(encoding="utf-8"))
    head, tail = page.split("{{DATA}}")
    return head, tail


def write_page(
    records: Iterable[tuple[Optional[dict], str]],
    out: TextIO,
    *,
    source: str,
    total: Optional[int] = None,
    sample: Optional[int] = None,
    title: str = "extract review report",
) -> dict:
    """Stream the page to `out`; returns the corpus summary. `total` (record count) enables sampling.

    Articles go out in JSON blocks of CHUNK_SIZE as they are read (memory stays flat on big
    batches, and the page parses a block only when one of its articles is opened); the
    summary and the article index follow in one last block.
    """
    chosen = _sample_positions(total, sample) if total is not None else None
    head, tail = _template_parts(title)
    out.write(head)
    summary = CorpusSummary()
    index: list[dict] = []
    chunk: list[dict] = []
    ids = hashlib.sha1(source.encode())

    def flush() -> None:
        out.write(
            f'<script type="application/json" class="report-chunk" data-chunk="{(len(index) - 1) // CHUNK_SIZE}">'
        )
        out.write(embed_json(chunk))
        out.write("</script>\n")
        chunk.clear()

    for position, (record, problem) in enumerate(records):
        if record is None:
            summary.add_unreadable(problem.split(":")[0], problem)
            continue
        summary.add(record, str((record.get("source") or {}).get("path") or record.get("article_id")))
        if chosen is None or position in chosen:
            article = compact_article(record)
            ids.update(article["id"].encode())
            index.append(_index_entry(article))
            chunk.append(article)
            if len(chunk) == CHUNK_SIZE:
                flush()
    if chunk:
        flush()
    meta = {
        "source": source,
        "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "report_id": ids.hexdigest()[:12],
        "embedded": len(index),
        "sampled": chosen is not None,
        "chunk_size": CHUNK_SIZE,
    }
    out.write('<script type="application/json" id="report-meta">')
    out.write(embed_json({"meta": meta, "summary": summary.to_json(), "index": index}))
    out.write("</script>")
    out.write(tail)
    return summary.to_json()


def build_page(records: Iterable[tuple[Optional[dict], str]], **options) -> tuple[str, dict]:
    """The page as a string, and its summary (options as for `write_page`)."""
    buffer = io.StringIO()
    summary = write_page(records, buffer, **options)
    return buffer.getvalue(), summary


def count_records(path: Path) -> int:
    if path.suffix in (".jsonl", ".ndjson"):
        with path.open("rb") as lines:
            return sum(1 for line in lines if line.strip())
    return sum(1 for _ in iter_records(path))


def write_report(
    records_path: Path, output: Path, sample: Optional[int] = None, title: str = "extract review report"
) -> dict:
    """Write the page for a records file; returns the corpus summary."""
    total = count_records(records_path) if sample is not None else None
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    with partial.open("w", encoding="utf-8") as out:
        summary = write_page(
            iter_records(records_path), out, source=records_path.name, total=total, sample=sample, title=title
        )
    partial.replace(output)  # never leave a half-written page under the real name
    return summary
