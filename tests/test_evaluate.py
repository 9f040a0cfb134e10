"""`extract.evaluate`: the gold README's scoring rules, case by case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from extract.evaluate import (
    SECTIONS,
    EvalInputError,
    eval_command,
    evaluate,
    load_golds,
    load_records,
    normalize_for_match,
)

REPO = Path(__file__).resolve().parents[1]
REFERENCE_GOLD = REPO / "corpus" / "000_0f9117bebd0753fc.gold.json"


def gold_for(article: str = "a.txt", **sections) -> dict:
    return {"article": article, "reference_date": "2025-02-12", **sections}


def record_for(article: str = "a.txt", text: str | None = None, **sections) -> dict:
    record = {"article_id": "id-" + article, "source": {"path": f"corpus/{article}"}, **sections}
    if text is not None:
        record["text"] = {"original": text, "normalized": text}
    return record


def section_score(record: dict, gold: dict, section: str) -> dict:
    return evaluate([record], [gold])["articles"][0]["sections"][section]


def fig(text, value, unit, approx="exact", measure=None, **extra):
    return {"text": text, "value": value, "unit": unit, "approx": approx, "measure": measure, **extra}


def date(text, start=None, end=None, **extra):
    return {"text": text, "start": start, "end": end, **extra}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("“科大硅谷”廬陽園區", "科大硅谷庐阳园区"),  # Traditional script, quotes
        ("２２７億元", "227亿元"),  # full-width digits
        ("ＥＡＳＴ 装置", "EAST装置"),  # full-width letters, spaces
        ("顯著成效", "显着成效"),  # 著 read as 着
        ("「一企一策」", "一企一策"),  # corner quotes
        ("科学仪器产业园（二期）", "科学仪器产业园(二期)"),  # brackets are folded, not removed
    ],
)
def test_normalization(raw, expected):
    assert normalize_for_match(raw) == expected


# Each case: section, gold items, predicted items, expected counts (matched, neutral, excused,
# duplicates, false positives) and the gold items still missed.
MATCH_CASES = [
    pytest.param(
        "figures",
        [fig("227亿元", 22700000000, "元")],
        [fig("227亿元", 22700000000, "元")],
        (1, 0, 0, 0, 0),
        [],
        id="figure-same-text",
    ),
    pytest.param(
        "figures",
        [fig("3亿元", 300000000, "元")],
        [fig("超3亿元", 300000000, "元", "over")],
        (1, 0, 0, 0, 0),
        [],
        id="figure-value-unit-and-containment",
    ),
    pytest.param(
        "figures",
        [fig("超3亿元", 300000000, "元", "over")],
        [fig("3亿元", 3, "亿元")],
        (0, 0, 0, 0, 1),
        ["超3亿元"],
        id="figure-contained-but-other-value",
    ),
    pytest.param(
        "figures",
        [fig("30家", 30, "家")],
        [fig("达30家", 30, "家")],
        (1, 0, 0, 0, 0),
        [],
        id="figure-containment-same-value",
    ),
    pytest.param(
        "figures",
        [fig("12.5%", 12.5, "%")],
        [fig("增长12.5％", 12.5, "%")],
        (1, 0, 0, 0, 0),
        [],
        id="figure-full-width-percent",
    ),
    pytest.param(
        "figures",
        [fig("92个", 92, "个")],
        [fig("92个", 92, "个"), fig("92个", 92, "个")],
        (1, 0, 0, 0, 0),
        [],
        id="figure-repeats-count-once",
    ),
    pytest.param(
        "dates",
        [date("2月6日上午", "2025-02-06", "2025-02-06")],
        [date("2月6日", "2025-02-06", "2025-02-06")],
        (1, 0, 0, 0, 0),
        [],
        id="date-bounds-and-containment",
    ),
    pytest.param(
        "dates",
        [date("去年9月", "2024-09-01", "2024-09-30")],
        [date("去年", "2024-01-01", "2024-12-31")],
        (0, 0, 0, 0, 1),
        ["去年9月"],
        id="date-contained-other-bounds",
    ),
    pytest.param(
        "dates",
        [date("2024年", "2024-01-01", "2024-12-31"), date("近年来", must=False)],
        [date("2024年", "2024-01-01", "2024-12-31"), date("近年来")],
        (1, 1, 0, 0, 0),
        [],
        id="date-vague-is-neutral",
    ),
    pytest.param(
        "organisations",
        [{"name": "庐阳区发展改革委", "type": "government", "aliases": ["庐阳区发改委"]}],
        [{"name": "庐阳区发改委", "type": "government"}],
        (1, 0, 0, 0, 0),
        [],
        id="org-gold-alias",
    ),
    pytest.param(
        "organisations",
        [{"name": "工信部", "type": "government", "aliases": []}],
        [{"name": "工业和信息化部", "type": "government", "aliases": ["工信部"]}],
        (1, 0, 0, 0, 0),
        [],
        id="org-predicted-alias",
    ),
    pytest.param(
        "organisations",
        [{"name": "科大硅谷庐阳园区", "type": "park", "aliases": []}],
        [{"name": "“科大硅谷”廬陽園區", "type": "park"}],
        (1, 0, 0, 0, 0),
        [],
        id="org-normalized-name",
    ),
    pytest.param(
        "organisations",
        [{"name": "华夏银行", "type": "bank"}],
        [{"name": "华夏银行合肥分行", "type": "bank"}],
        (0, 0, 0, 0, 1),
        ["华夏银行"],
        id="org-no-containment-rule",
    ),
    pytest.param(
        "organisations",
        [{"name": "庐阳区投促中心", "type": "government", "aliases": ["投促中心"]}],
        [{"name": "庐阳区投促中心", "type": "government"}, {"name": "投促中心", "type": "government"}],
        (1, 0, 0, 1, 0),
        [],
        id="org-unmerged-alias-is-duplicate",
    ),
    pytest.param(
        "locations",
        [{"name": "合肥市", "aliases": ["合肥"]}, {"name": "全省", "must": False}],
        [{"name": "合肥"}, {"name": "全省"}, {"name": "安徽省"}],
        (1, 1, 0, 0, 1),
        [],
        id="location-alias-neutral-and-fp",
    ),
    pytest.param(
        "persons",
        [{"name": "刘耀军", "title": "总经理"}],
        [{"name": "刘耀军", "title": "董事长"}],
        (1, 0, 0, 0, 0),
        [],
        id="person-by-name",
    ),
    pytest.param(
        "policy_terms",
        [{"term": "五个一"}, {"term": "五个一工作机制", "must": False}],
        [{"term": "五个一工作机制"}],
        (0, 1, 0, 0, 0),
        ["五个一"],
        id="policy-longer-form-is-neutral-only",
    ),
    pytest.param(
        "policy_terms",
        [{"term": "项目为王"}],
        [{"term": "“项目为王”"}, {"term": "冲锋号"}],
        (1, 0, 0, 0, 1),
        [],
        id="policy-quotes-and-fp",
    ),
]


@pytest.mark.parametrize("section, gold_items, predicted_items, counts, misses", MATCH_CASES)
def test_matching_rules(section, gold_items, predicted_items, counts, misses):
    result = section_score(record_for(**{section: predicted_items}), gold_for(**{section: gold_items}), section)
    got = tuple(result[k] for k in ("matched", "neutral", "excused", "duplicates", "false_positives"))
    assert got == counts
    assert result["misses"] == misses


def test_precision_excludes_neutral_matches():
    gold = gold_for(
        dates=[
            date("2024年", "2024-01-01", "2024-12-31"),
            date("目前", must=False),
            date("今年", "2025-01-01", "2025-12-31"),
        ]
    )
    record = record_for(dates=[date("2024年", "2024-01-01", "2024-12-31"), date("目前"), date("明天")])
    result = section_score(record, gold, "dates")
    # 3 predicted, 1 neutral -> P = 1/2; R = 1/2
    assert (result["precision"], result["recall"]) == (0.5, 0.5)
    assert result["false_positive_items"] == ["明天"]


UNRECOVERABLE_TEXT = "园区将在未来?年建成载体，并于?月11日开园。"


@pytest.mark.parametrize(
    "text, predicted, excused",
    [
        pytest.param(UNRECOVERABLE_TEXT, date("11日", span=[19, 22]), 1, id="span-inside-context"),
        pytest.param(UNRECOVERABLE_TEXT, date("开园", span=[22, 24]), 0, id="span-outside-context"),
        pytest.param(None, date("?月11日"), 1, id="text-equals-context"),
        pytest.param(None, date("?年"), 1, id="text-shares-lost-part"),
        pytest.param(None, date("11月"), 0, id="text-elsewhere"),
    ],
)
def test_unrecoverable_overlap_is_excused(text, predicted, excused):
    gold = gold_for(
        dates=[],
        unrecoverable=[{"context": "未来?年", "note": "digit lost"}, {"context": "?月11日", "note": "month lost"}],
    )
    result = section_score(record_for(text=text, dates=[predicted]), gold, "dates")
    assert (result["excused"], result["false_positives"]) == (excused, 1 - excused)
    assert result["precision"] == (1.0 if excused else 0.0)


def test_each_gold_item_is_matched_once_preferring_same_text():
    gold = gold_for(
        dates=[date("2月6日上午", "2025-02-06", "2025-02-06"), date("2月6日", "2025-02-06", "2025-02-06", must=False)]
    )
    record = record_for(
        dates=[date("2月6日", "2025-02-06", "2025-02-06"), date("2月6日上午", "2025-02-06", "2025-02-06")]
    )
    result = section_score(record, gold, "dates")
    assert (result["matched"], result["neutral"], result["precision"]) == (1, 1, 1.0)


def test_micro_average_over_articles():
    golds = [gold_for("a.txt", persons=[{"name": n} for n in "甲乙丙丁"]), gold_for("b.txt", persons=[{"name": "戊"}])]
    records = [
        record_for("a.txt", persons=[{"name": n} for n in "甲乙丙丁"]),
        record_for("b.txt", persons=[{"name": "己"}]),
    ]
    result = evaluate(records, golds)
    persons = result["sections"]["persons"]
    assert (persons["matched"], persons["must"], persons["predicted"]) == (4, 5, 5)
    assert persons["precision"] == pytest.approx(0.8)  # macro would give 0.5
    assert result["overall"]["recall"] == pytest.approx(0.8)


def test_attribute_accuracies():
    gold = gold_for(
        figures=[
            fig("3至5年", 3, "年", "range", "建设周期", value_max=5),
            fig("10余万平方米", 100000, "平方米", "over", "科创载体"),
            fig("92个", 92, "个", measure="新签约项目"),
        ],
        dates=[date("去年9月", "2024-09-01", "2024-09-30")],
        organisations=[{"name": "华夏银行", "type": "bank"}],
    )
    record = record_for(
        figures=[
            fig("3至5年", 3, "年", "range", "周期", value_max=4),
            fig("10余万平方米", 100000, "平方米", "about", "载体"),
            fig("92个", 92, "个", measure=None),
        ],
        dates=[date("去年9月", "2023-09-01", "2023-09-30")],
        organisations=[{"name": "华夏银行", "type": "company"}],
    )
    attributes = evaluate([record], [gold])["attributes"]
    # value_max wrong in the range, approx wrong in 10余万: only 92个 is right
    assert attributes["figures.value"] == {"right": 1, "total": 3, "accuracy": pytest.approx(1 / 3)}
    assert attributes["figures.measure"]["right"] == 2  # 周期 in 建设周期, 载体 in 科创载体; None is wrong
    assert attributes["dates.start_end"]["right"] == 0
    assert attributes["organisations.type"] == {"right": 0, "total": 1, "accuracy": 0.0}


def test_records_pair_by_file_name_or_stem_and_missing_record_misses_all():
    golds = [gold_for("x_1.txt", persons=[{"name": "张三"}]), gold_for("x_2.txt", persons=[{"name": "李四"}])]
    by_stem = {"article_id": "x_1", "source": {"path": "dump.jsonl"}, "persons": [{"name": "张三"}]}
    from_dump = {"article_id": "f00", "source": {"path": "news/dump.jsonl#x_2"}, "persons": [{"name": "李四"}]}
    result = evaluate([by_stem, record_for("other.txt")], golds)
    assert result["sections"]["persons"]["matched"] == 1
    assert result["missing_records"] == ["x_2.txt"]
    assert evaluate([by_stem, from_dump], golds)["sections"]["persons"]["matched"] == 2
    assert result["records_without_gold"] == ["corpus/other.txt"]


def reference_as_record(gold: dict) -> dict:
    record = {"article_id": "ref", "source": {"path": "corpus/" + gold["article"]}}
    record.update({section: gold[section] for section in SECTIONS})
    return record


@pytest.mark.parametrize("gold_file", sorted((REPO / "corpus").glob("*.gold.json")), ids=lambda p: p.name)
def test_corpus_gold_scores_perfect_against_itself(gold_file):
    gold = load_golds(gold_file)[0]  # also checks the file against the gold format
    result = evaluate([reference_as_record(gold)], [gold])
    for section in SECTIONS:
        scores = result["sections"][section]
        assert (scores["precision"], scores["recall"], scores["false_positives"]) == (1.0, 1.0, 0), section
    assert all(a["accuracy"] == 1.0 for a in result["attributes"].values())


def test_loaders_accept_jsonl_json_and_gold_lists(tmp_path):
    records = [record_for("a.txt"), record_for("b.txt")]
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(json.dumps(records), encoding="utf-8")
    assert load_records(tmp_path / "r.jsonl") == load_records(tmp_path / "r.json") == records
    (tmp_path / "g.json").write_text(json.dumps([gold_for("a.txt"), gold_for("b.txt")]), encoding="utf-8")
    assert [g["article"] for g in load_golds(tmp_path / "g.json")] == ["a.txt", "b.txt"]
    (tmp_path / "bad.json").write_text(json.dumps({"figures": []}), encoding="utf-8")
    with pytest.raises(EvalInputError):
        load_golds(tmp_path / "bad.json")


@pytest.fixture(scope="module")
def eval_app():
    app = typer.Typer()
    app.command()(eval_command)
    return app


def test_command_prints_tables_and_json(tmp_path, eval_app):
    gold = json.loads(REFERENCE_GOLD.read_text(encoding="utf-8"))
    record = reference_as_record(gold)
    record["figures"] = record["figures"][1:] + [fig("99亿元", 9900000000, "元")]
    records = tmp_path / "out.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / REFERENCE_GOLD.name).write_bytes(REFERENCE_GOLD.read_bytes())

    shown = CliRunner().invoke(eval_app, [str(records), "--gold", str(gold_dir)])
    assert shown.exit_code == 0, shown.output
    assert "figures" in shown.output and "1066秒" in shown.output and "99亿元" in shown.output

    as_json = CliRunner().invoke(eval_app, [str(records), "--gold", str(gold_dir), "--json"])
    assert as_json.exit_code == 0
    figures = json.loads(as_json.output)["sections"]["figures"]
    assert (figures["must"], figures["matched"], figures["false_positives"]) == (14, 13, 1)
