"""The dates component: absolute, partial, relative, ranges, holidays, vague; reference dates."""

import datetime as dt
import json
from pathlib import Path

import pytest

from extract.extractors.dates import find_dates, infer_reference_date
from extract.nlp import build_nlp

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TEXT = ROOT / "tests" / "fixtures" / "ref_000_simplified.txt"
REFERENCE_GOLD = ROOT / "corpus" / "000_0f9117bebd0753fc.gold.json"
REF = dt.date(2025, 2, 12)
D = dt.date.fromisoformat


def dates_of(text, reference_date=REF, unrecoverable=()):
    mentions, _, _ = find_dates(text, reference_date, unrecoverable)
    return {m.text: m for m in mentions}


# sentence, date text, start, end, granularity, relative
RESOLVED = [
    ("2025年2月6日，大会召开。", "2025年2月6日", "2025-02-06", "2025-02-06", "day", False),
    ("2024年，新签约项目92个。", "2024年", "2024-01-01", "2024-12-31", "year", False),
    ("2024年9月，总部迁入。", "2024年9月", "2024-09-01", "2024-09-30", "month", False),
    ("二〇二四年，全区经济回升。", "二〇二四年", "2024-01-01", "2024-12-31", "year", False),
    ("2月6日上午，大会召开。", "2月6日上午", "2025-02-06", "2025-02-06", "day", True),
    ("8月15日下午，推介会举行。", "8月15日下午", "2025-08-15", "2025-08-15", "day", True),
    ("12月18日，记者获悉。", "12月18日", "2025-12-18", "2025-12-18", "day", True),
    ("今年，全区推进124个项目。", "今年", "2025-01-01", "2025-12-31", "year", True),
    ("去年刚入选。", "去年", "2024-01-01", "2024-12-31", "year", True),
    ("去年9月将总部迁至庐阳区。", "去年9月", "2024-09-01", "2024-09-30", "month", True),
    ("明年，晋江将持续发力。", "明年", "2026-01-01", "2026-12-31", "year", True),
    ("今年上半年，外贸增长。", "今年上半年", "2025-01-01", "2025-06-30", "half_year", True),
    ("下半年，将加快建设。", "下半年", "2025-07-01", "2025-12-31", "half_year", True),
    ("一季度，实现开门红。", "一季度", "2025-01-01", "2025-03-31", "quarter", True),
    ("2025年第一季度重大项目集中签约。", "2025年第一季度", "2025-01-01", "2025-03-31", "quarter", False),
    ("第四季度是关键期。", "第四季度", "2025-10-01", "2025-12-31", "quarter", True),
    ("前三季度，全市经济稳中有进。", "前三季度", "2025-01-01", "2025-09-30", "quarter", True),
    ("2024年前三季度全市经济运行平稳。", "2024年前三季度", "2024-01-01", "2024-09-30", "quarter", False),
    ("明年二季度投产。", "明年二季度", "2026-04-01", "2026-06-30", "quarter", True),
    ("前7个月，进出口增长。", "前7个月", "2025-01-01", "2025-07-31", "range", True),
    ("1-10月，新设经营主体1.86万户。", "1-10月", "2025-01-01", "2025-10-31", "range", True),
    ("今年1-11月，贷款增长。", "今年1-11月", "2025-01-01", "2025-11-30", "range", True),
    ("近3年累计引进项目27个。", "近3年", "2023-01-01", "2025-12-31", "multi_year", True),  # with this year, like 未来3年
    ("未来3年，园区将建成载体。", "未来3年", "2025-01-01", "2027-12-31", "multi_year", True),
    ("未来5年，每年安排资金。", "未来5年", "2025-01-01", "2029-12-31", "multi_year", True),
    ("2024—2026年行动方案。", "2024—2026年", "2024-01-01", "2026-12-31", "multi_year", False),
    ("2024-2026年行动方案。", "2024-2026年", "2024-01-01", "2026-12-31", "multi_year", False),
    ("截至9月底，全市新增企业86家。", "9月底", "2025-09-30", "2025-09-30", "day", True),
    ("9月末，存款余额增加。", "9月末", "2025-09-30", "2025-09-30", "day", True),
    ("2月末已累计发放贷款。", "2月末", "2025-02-28", "2025-02-28", "day", True),
    ("2026年底交付使用。", "2026年底", "2026-12-01", "2026-12-31", "month", False),
    ("9月份，新能源汽车零售量增长。", "9月份", "2025-09-01", "2025-09-30", "month", True),
    ("2月上旬，项目集中开工。", "2月上旬", "2025-02-01", "2025-02-10", "range", True),
    ("3月5日至7日举办展会。", "3月5日至7日", "2025-03-05", "2025-03-07", "range", True),
    ("今年春季，开展招商活动。", "今年春季", "2025-03-01", "2025-05-31", "season", True),
    ("“十四五”期间，全区经济总量翻番。", "十四五", "2021-01-01", "2025-12-31", "multi_year", False),
    ("春节，家家团圆。", "春节", "2025-01-29", "2025-01-29", "day", True),
    ("国庆节期间游客增长。", "国庆节期间", None, None, "vague", True),
    # a short holiday word (no 节) is a date next to calendar context
    ("国庆长假期间，景区接待游客12万人次。", "国庆", "2025-10-01", "2025-10-01", "day", True),
    ("今年中秋，商场客流明显回升。", "中秋", "2025-10-06", "2025-10-06", "day", True),
    ("喜迎国庆，全区开展系列活动。", "国庆", "2025-10-01", "2025-10-01", "day", True),
    ("端午当天，龙舟赛吸引大批市民。", "端午", "2025-05-31", "2025-05-31", "day", True),
]


@pytest.mark.parametrize("sentence, text, start, end, granularity, relative", RESOLVED)
def test_resolved_date(sentence, text, start, end, granularity, relative):
    dates = dates_of(sentence)
    assert text in dates, f"{text} not in {list(dates)}"
    mention = dates[text]
    assert (mention.start, mention.end) == ((D(start), D(end)) if start else (None, None))
    assert mention.granularity == granularity
    assert mention.relative is relative


def test_holiday_before_runs_from_reference_to_eve():
    mention = dates_of("春节前，为企业提供资金支持。", reference_date=dt.date(2024, 12, 20))["春节前"]
    assert (mention.start, mention.end) == (D("2024-12-20"), D("2025-01-28"))


@pytest.mark.parametrize("word", ["近年来", "目前", "前不久", "新春", "新年", "新春伊始", "近日", "去年同期", "春节后"])
def test_vague_expression_kept_without_bounds(word):
    mention = dates_of(f"{word}，该区加快发展。")[word]
    assert mention.vague and mention.start is None and mention.end is None
    assert mention.granularity == "vague"


# text that must not be read as a date
NOT_DATES = [
    "华远集团董事长陈国庆说，项目进展顺利。",   # 国庆 inside a person name
    "市商务局副局长王中秋介绍了有关情况。",         # 中秋 inside a person name
    "总经理李国庆前往项目现场调研。",               # a name even before 前
    "全国庆祝活动隆重举行。",                       # 全国|庆祝 hides 国庆
    "记者刘端午报道。",
    "“人造太阳”所在的合肥未来大科学城。",     # 未来 inside a name
    "一年之计在于春。",
    "助力企业在短时间内成长壮大。",
    "首批全球合伙人及项目签约仪式同期举行。",
    "如今已在合肥轨道交通5号线上岗使用。",
    "达产后年产值可达30亿元。",               # 后年 inside 产后|年产值
    "政策期限为3至5年。",                    # a duration, not a date
    "共签约项目7个月内开工。",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_a_date(sentence):
    assert dates_of(sentence) == {}


def test_unrecoverable_span_drops_date():
    text = "强化要素保障。?月11日，负责人走进产业园。"
    lost = text.index("?")
    assert dates_of(text, unrecoverable=[(lost, lost + 1)]) == {}


def test_relative_date_without_any_reference_stays_unresolved():
    mentions, reference, inferred = find_dates("今年以来，外贸增长。", None)
    assert reference is None and inferred is False
    assert mentions[0].start is None and mentions[0].inferred is False


# ---------------------------------------------------------------- reference date inference

@pytest.mark.parametrize(
    "text, expected",
    [
        ("2月6日上午，召开大会。2024年，新签约项目92个。翻开2025年任务书。", "2025-02-06"),
        ("4月16日，2025年第一季度重大项目集中签约。", "2025-04-16"),
        ("2024年前三季度经济运行。10月24日，发布会召开。", "2024-10-24"),
        ("2023年6月1日，项目开工。2023年8月，项目投产。", "2023-06-01"),
        ("2024年，全区增长。力争到2027年产值翻番。", "2024-01-01"),   # a target year is not now
        ("今年以来，外贸增长。", None),                                 # nothing written out
    ],
)
def test_infer_reference_date(text, expected):
    assert infer_reference_date(text) == (D(expected) if expected else None)


def test_inferred_reference_marks_relative_mentions():
    mentions, reference, inferred = find_dates("2月6日上午召开大会。2025年任务书明确。去年新签约项目92个。", None)
    assert reference == D("2025-02-06") and inferred
    by_text = {m.text: m for m in mentions}
    assert by_text["去年"].inferred and by_text["去年"].start == D("2024-01-01")
    assert not by_text["2025年"].inferred


# ---------------------------------------------------------------- component and reference article

@pytest.fixture(scope="session")
def nlp():
    return build_nlp(("dates",))


def _run(nlp, text, reference_date):
    doc = nlp.make_doc(text)
    doc._.reference_date = reference_date
    doc._.unrecoverable = [(i, i + 1) for i, ch in enumerate(text) if ch == "?"]
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def _score(mentions, gold):
    norm = lambda s: "".join(ch for ch in s if ch not in "“”‘’\"' ")  # noqa: E731
    predicted = {}
    for mention in mentions:
        predicted.setdefault(norm(mention.text), mention)
    matched, scored = 0, 0
    for text, mention in predicted.items():
        hit = next((g for g in gold if norm(g["text"]) == text), None)
        if hit is None:
            hit = next((g for g in gold if g.get("start") and mention.start and (text in g["text"] or g["text"] in text)
                        and (D(g["start"]), D(g["end"])) == (mention.start, mention.end)), None)
        if hit is not None and not hit["must"]:
            continue
        scored += 1
        if hit is not None:
            matched += 1
            assert (mention.start, mention.end) == (D(hit["start"]), D(hit["end"])), mention
    must = sum(g["must"] for g in gold)
    precision, recall = matched / scored, matched / must
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("reference_date", [REF, None])
def test_reference_article_dates(nlp, reference_date):
    """Acceptance: F1 ≥ 0.95 and start+end right on every match, given or inferred reference."""
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    gold = json.loads(REFERENCE_GOLD.read_text(encoding="utf-8"))["dates"]
    doc = _run(nlp, text, reference_date)
    assert _score(doc._.dates, gold) >= 0.95
    used = doc._.reference_date_used
    assert (used.year, used.month) == (2025, 2)
    assert doc._.reference_date_inferred is (reference_date is None)
