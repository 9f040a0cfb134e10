"""The library API: Pipeline.process / process_file / pipe, and what every record guarantees."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from extract import Pipeline
from extract.pipeline import ITEM_FIELDS, ArticleMeta, parse_date
from extract.records import Record

REFERENCE = Path(__file__).resolve().parents[1] / "corpus" / "000_0f9117bebd0753fc.txt"

# Real-looking article openings of the kind the pipeline is for.
ARTICLES = [
    "2月6日上午，合肥市庐阳区召开推动高质量发展暨“项目攻堅年”动员大会。2024年，庐阳区新签约项目92个，协议投资额227亿元。",
    "今年一季度，芜湖市经济技术开发区完成固定资产投资48.6亿元，同比增长12.5%，增速高于全市3.2个百分点。",
    "近日，安徽省科技厅印发《关于加快建设“科大硅谷”的实施意见》，力争到2027年引进各类高层次人才1000名以上。",
    "去年9月，该区投促中心联合中国科学技术大学举办招商推介会，现场签约项目15个、总投资约80亿元。",
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _short_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _all_spans(record: Record):
    """(item span, original span) of every item and mention in the record."""
    for field in ITEM_FIELDS:
        for item in getattr(record, field):
            if hasattr(item, "span"):
                yield item.span, item.original_span
            for mention in getattr(item, "mentions", []):
                yield mention.span, mention.original_span


@pytest.mark.parametrize("text", ARTICLES, ids=["luyang", "wuhu", "kedagu", "touzu"])
def test_process_gives_a_valid_record_with_mapped_spans(pipeline, text):
    record = pipeline.process(text, reference_date="2025-02-12")
    assert record.status == "ok", record.errors
    assert record.article_id == _short_id(text.encode("utf-8"))
    assert record.reference_date.value == dt.date(2025, 2, 12)
    assert record.text.original == text
    # What a reader loads back is the same record.
    assert Record.model_validate_json(record.model_dump_json()) == record
    normalized, original = record.text.normalized, record.text.original
    for span, original_span in _all_spans(record):
        assert 0 <= span[0] <= span[1] <= len(normalized)
        assert original_span is not None
        assert 0 <= original_span[0] <= original_span[1] <= len(original)


def test_reference_article_record_validates(pipeline):
    record = pipeline.process_file(REFERENCE)
    assert record.status == "ok", record.errors
    assert record.article_id == _short_id(REFERENCE.read_bytes())
    assert record.source.path == str(REFERENCE)
    assert record.source.encoding
    assert record.text.normalized
    for span, original_span in _all_spans(record):
        assert original_span is not None
    line = record.model_dump_json()
    assert Record.model_validate(json.loads(line)) == record


def test_process_accepts_source_fields(pipeline):
    record = pipeline.process(ARTICLES[0], source={"url": "https://example.gov.cn/a.html", "title": "动员大会"})
    assert record.source.url == "https://example.gov.cn/a.html"
    assert record.source.title == "动员大会"
    assert record.source.path is None


def test_process_rejects_non_text(pipeline):
    with pytest.raises(TypeError):
        pipeline.process(ARTICLES[0].encode("utf-8"))


def test_empty_text_is_a_record_not_an_exception(pipeline):
    record = pipeline.process("")
    assert record.article_id == _short_id(b"")
    Record.model_validate_json(record.model_dump_json())


def test_sidecar_gives_reference_date_url_and_title(pipeline, tmp_path):
    article = tmp_path / "luyang.txt"
    article.write_text(ARTICLES[0], encoding="utf-8")
    (tmp_path / "luyang.meta.json").write_text(
        json.dumps({"published": "2025-02-12", "url": "https://example.gov.cn/1", "title": "庐阳动员"}),
        encoding="utf-8")
    record = pipeline.process_file(article)
    assert record.reference_date.value == dt.date(2025, 2, 12)
    assert (record.source.url, record.source.title) == ("https://example.gov.cn/1", "庐阳动员")
    # The caller's date wins over the metadata's.
    assert pipeline.process_file(article, "2024-01-01").reference_date.value == dt.date(2024, 1, 1)
    # Explicit metadata replaces the sidecar.
    explicit = pipeline.process_file(article, meta={"published": "2023-05-01"})
    assert explicit.reference_date.value == dt.date(2023, 5, 1)
    assert explicit.source.url is None


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty"),
        ("image.txt", bytes(range(256)) * 8, "binary"),
    ],
)
def test_unreadable_file_gives_error_record(pipeline, tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    record = pipeline.process_file(path)
    assert record.status == "error"
    assert record.article_id == _short_id(data)
    assert record.errors[0].stage == "read"
    assert name in record.errors[0].message and reason in record.errors[0].message.lower()


def test_missing_file_gives_error_record(pipeline, tmp_path):
    record = pipeline.process_file(tmp_path / "gone.txt")
    assert record.status == "error" and "gone.txt" in record.errors[0].message


def test_bad_sidecar_gives_error_record(pipeline, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLES[1], encoding="utf-8")
    (tmp_path / "a.meta.json").write_text("{not json", encoding="utf-8")
    record = pipeline.process_file(article)
    assert record.status == "error"
    assert record.errors[0].stage == "metadata" and "a.meta.json" in record.errors[0].message


def test_gbk_file_is_decoded(pipeline, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(ARTICLES[1].encode("gbk"))
    record = pipeline.process_file(path)
    assert record.status == "ok", record.errors
    assert "芜湖市" in record.text.normalized
    assert record.article_id == _short_id(ARTICLES[1].encode("gbk"))


@Language.component("test_failing_component")
def _failing_component(doc):
    raise RuntimeError("boom in a component")


def test_failing_component_gives_error_record_and_others_still_run(pipeline):
    nlp = pipeline.nlp
    nlp.add_pipe("test_failing_component", first=True)
    try:
        record = pipeline.process(ARTICLES[0])
    finally:
        nlp.remove_pipe("test_failing_component")
    assert record.status == "error"
    assert [e.stage for e in record.errors] == ["test_failing_component"]
    # The components after the failing one still ran (when any is installed).
    if nlp.has_pipe("figures"):
        assert record.figures
    assert "boom" in record.errors[0].message
    assert record.text.normalized  # the normalized text is kept for diagnosis
    Record.model_validate_json(record.model_dump_json())


def test_pipe_streams_texts_and_paths_in_order(pipeline, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(ARTICLES[2], encoding="utf-8")
    items = [ARTICLES[0], path, ARTICLES[3]]
    records = list(pipeline.pipe(items, reference_date="2025-02-12"))
    assert [r.article_id for r in records] == [
        _short_id(ARTICLES[0].encode()), _short_id(path.read_bytes()), _short_id(ARTICLES[3].encode())]
    assert records[1].source.path == str(path)


def test_pipe_with_two_processes_matches_one(pipeline):
    single = list(pipeline.pipe(ARTICLES, reference_date="2025-02-12"))
    double = list(pipeline.pipe(ARTICLES, n_process=2, reference_date="2025-02-12"))
    assert [r.model_dump() for r in double] == [r.model_dump() for r in single]


def test_batch_line_is_the_json_of_the_record_process_returns(pipeline):
    # run_task writes the JSON that was validated, not a second dump of the loaded record:
    # the two must be the same text (numbers, spans and dates round-trip exactly).
    from extract.pipeline import run_task, text_task

    texts = ARTICLES + [REFERENCE.read_text(encoding="utf-8"),
                        "增长0.1%、1.10倍、1E+3吨、约12.345678901234567万元，2019年至2024年间。"]
    for index, text in enumerate(texts):
        result = run_task(pipeline, text_task(index, text, dt.date(2025, 2, 12)))
        record = pipeline.process(text, reference_date="2025-02-12")
        assert result.line == record.model_dump_json()
        assert Record.model_validate_json(result.line) == record


def test_warm_up_returns_the_pipeline_ready(pipeline):
    assert pipeline.warm_up() is pipeline
    assert pipeline.process(ARTICLES[1], "2025-02-12").status == "ok"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork only on Linux")
def test_forked_workers_use_the_parent_pipeline(pipeline, monkeypatch):
    from extract.engines import local
    from extract.pipeline import text_task

    def no_new_pipeline(*args, **kwargs):
        raise AssertionError("a worker built its own pipeline")

    monkeypatch.setattr(local, "Pipeline", no_new_pipeline)
    tasks = [text_task(index, text, dt.date(2025, 2, 12)) for index, text in enumerate(ARTICLES)]
    with local.LocalEngine(2, pipeline) as engine:
        results = sorted(engine.run(tasks), key=lambda result: result.index)
    assert [result.status for result in results] == ["ok"] * len(ARTICLES)
    expected = [pipeline.process(text, "2025-02-12").model_dump_json() for text in ARTICLES]
    assert [result.line for result in results] == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-02-12", dt.date(2025, 2, 12)),
        ("2025-02-12T08:30:00+08:00", dt.date(2025, 2, 12)),
        ("2025/2/6", dt.date(2025, 2, 6)),
        ("2024年9月1日 10:30", dt.date(2024, 9, 1)),
        (" 2024.09.01", dt.date(2024, 9, 1)),
        (dt.datetime(2024, 9, 1, 10, 0), dt.date(2024, 9, 1)),
        (dt.date(2024, 9, 1), dt.date(2024, 9, 1)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["二月六日", "2025-13-01", "2025-02-30", "20250212", "yesterday"])
def test_parse_date_rejects_non_dates(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_article_meta_ignores_unknown_keys():
    meta = ArticleMeta.from_mapping({"published": "2025-02-12", "author": "记者", "url": "u"})
    assert meta == ArticleMeta(published=dt.date(2025, 2, 12), url="u", title=None)


def test_an_item_broken_after_construction_gives_an_error_record(pipeline, monkeypatch):
    """Items are checked by the JSON round trip: a component that sets a bad value after
    building its item (no validation on assignment) must not reach the output."""
    import extract.pipeline as pipeline_module

    original = pipeline_module.Pipeline._analyse

    def analyse_then_break(self, normalized, ref, errors):
        items, ref_value, inferred = original(self, normalized, ref, errors)
        items["figures"][0].unit_kind = "not a unit kind"
        return items, ref_value, inferred

    monkeypatch.setattr(pipeline_module.Pipeline, "_analyse", analyse_then_break)
    record = pipeline.process("2024年产值达到12亿元。", reference_date="2025-02-12")
    assert record.status == "error"
    assert [e.stage for e in record.errors] == ["validate"]


def test_repairs_are_validated_when_the_normalizer_builds_them():
    from pydantic import ValidationError

    from extract.normalize.result import RepairRow

    with pytest.raises(ValidationError):
        RepairRow(0, 1, 0, 1, "script", "區", "区", 1.5).to_model()  # confidence above 1
