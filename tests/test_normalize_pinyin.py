"""Pinyin annotations: removed only when the syllable is a reading of the character before."""

import pytest

from extract.normalize import normalize_text
from extract.normalize.pinyin import find_annotations


def removed(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_annotations(text, lambda i: text[i - 1] if i else None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("廬陽區(qū)召開大會", ["(qū)"]),
        ("推動產業(yè)發(fā)展", ["(yè)", "(fā)"]),
        ("銀行(háng)網點", ["(háng)"]),  # heteronym: 行 reads xíng and háng
        ("一行(xíng)人", ["(xíng)"]),
        ("重(chóng)新啟動", ["(chóng)"]),
        ("的(de)", ["(de)"]),  # neutral tone, unmarked
        ("區（qū）委", ["（qū）"]),  # full-width parentheses
        ("區(qu\u0304)委", ["(qu\u0304)"]),  # tone mark as a combining character
        ("蓄髮(fā)展", ["(fā)"]),  # annotated from the Simplified 发 before a wrong conversion
    ],
)
def test_annotation_removed(text, expected):
    assert removed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "全超導托卡馬克核聚變實驗裝置(EAST)在合肥",
        "科學儀器產業園(二期)備受關注",
        "登“門”(校門)入“室”(實驗室)",
        "成立於(2018)年",
        "區(fā)委",  # not a reading of 區
        "區(Qū)委",  # capitalised: not an annotation
        "(qū)開頭",  # nothing before it
        "公司(a)類",  # a is not a reading of 司
        "区 (qū)",  # a space is not a character to annotate
    ],
)
def test_real_parentheses_stay(text):
    assert removed(text) == []


def test_damaged_annotation_after_a_split_character():
    # 搮 = 93 85 and ^ = 5E: the bytes 85 5E are 區, which reads qū.
    assert removed("痹搮^(qū)有關") == ["(qū)"]
    assert removed("痹搮^(fā)有關") == []


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("廬陽區(qū)召開推動高質量發(fā)展暨“項目攻堅年”動員大會", "庐阳区召开推动高质量发展暨“项目攻坚年”动员大会"),
        ("實驗裝置(EAST)在合肥創(chuàng)造新世界紀錄", "实验装置（EAST）在合肥创造新世界纪录"),
    ],
)
def test_in_the_whole_stage(raw, normalized):
    result = normalize_text(raw)
    assert result.text == normalized
    pinyin = [r for r in result.repairs if r.kind == "pinyin"]
    assert all(r.after == "" and r.normalized_span[0] == r.normalized_span[1] for r in pinyin)
    assert all(raw[slice(*r.original_span)] == r.before for r in pinyin)


def _one_by_one(text):
    """Each candidate checked on its own (what the bulk check must agree with)."""
    from extract.normalize.pinyin import ANNOTATION_RE, _check
    from extract.normalize.tables import char_readings

    found = []
    for match in ANNOTATION_RE.finditer(text):
        start = match.start()
        confidence = _check(text, start, text[start - 1] if start else None, match.group(1), char_readings())
        if confidence is not None:
            found.append((start, match.end(), confidence))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "廬陽區(qū)召開大會，推動產業(yè)發(fā)展(EAST)項目(二期)",
        "(qū)開頭的括號，區（qū）委，區(qu\u0304)委，蓄髮(fā)展",
        "搮^(qū)陽，2024(nián)年，f(x)=1",
        "沒有註音的文字",
    ],
)
def test_bulk_check_agrees_with_one_by_one(text):
    assert find_annotations(text) == _one_by_one(text)
