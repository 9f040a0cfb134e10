"""ASCII , ; : ? ! ( ) inside Chinese text become full-width; digits and Latin stay."""

import pytest

from extract.normalize import normalize_text
from extract.normalize.punctuation import apply_changes, find_changes


def fullwidth(text: str, protected=()) -> str:
    return apply_changes(text, find_changes(text, protected))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("新春启程,共赴新章。", "新春启程，共赴新章。"),
        ("2024年,庐阳区新签约项目92个", "2024年，庐阳区新签约项目92个"),
        ("如何将比较优势转化为发展胜势?推动", "如何将比较优势转化为发展胜势？推动"),
        ("1066秒!有“人造太阳”之称", "1066秒！有“人造太阳”之称"),
        ("明确区领导作为牵头领导;绘制图谱", "明确区领导作为牵头领导；绘制图谱"),
        ("记者从会上获悉:今年", "记者从会上获悉：今年"),
        ("实验装置(EAST)在合肥", "实验装置（EAST）在合肥"),
        ("产业园(二期)备受关注", "产业园（二期）备受关注"),
        ("登“门”(校门)入“室”", "登“门”（校门）入“室”"),
        ("真的吗?!", "真的吗？！"),
        ("“2+3+X”产业体系", "“2+3+X”产业体系"),
    ],
)
def test_chinese_context_becomes_fullwidth(text, expected):
    assert fullwidth(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "总额1,000,000元",  # thousands separator between digits
        "10:30开会",  # clock time
        "f(x) = y",
        "BEST, CRAFT",
        "Hello, world!",
        "版本v1.2(beta)",
    ],
)
def test_ascii_context_stays(text):
    assert fullwidth(text) == text


def test_protected_positions_stay():
    assert fullwidth("未来?年", protected={2}) == "未来?年"


def test_one_repair_per_sign_and_lengths_kept():
    raw = "今年以来,该区新签约项目68个;协议投资额215亿元!"
    result = normalize_text(raw)
    assert len(result.text) == len(raw)
    signs = [r for r in result.repairs if r.kind == "punctuation"]
    assert [(r.before, r.after) for r in signs] == [(",", "，"), (";", "；"), ("!", "！")]
    assert all(raw[slice(*r.original_span)] == r.before for r in signs)


def test_lookup_table_agrees_with_is_chinese():
    from extract.normalize.punctuation import BMP_END, _tables, is_chinese

    chinese, signs = _tables()
    assert [c for c in range(BMP_END - 1) if chinese[c] != is_chinese(chr(c))] == []
    assert {chr(c) for c in range(BMP_END) if signs[c]} == set(",;:?!()")
