"""Name cues for the NER features: name-char classes and organisation-head distances."""

from __future__ import annotations

import numpy
import pytest

from extract.ner.features import CUE_TEMPLATES, fold_codes
from extract.ner.name_cues import (
    NO_HEAD,
    name_char_codes,
    name_char_rows,
    org_head_codes,
    table_digest,
)


def distances(text: str) -> dict[str, int]:
    buckets, _ = org_head_codes(text)
    return {char: int(bucket) for char, bucket in zip(text, buckets)}


@pytest.mark.parametrize(
    ("text", "char", "bucket"),
    [
        ("他在北京大学讲话。", "学", 0),  # inside the head 大学
        ("他在北京大学讲话。", "京", 1),  # one char before the head
        ("他在北京大学讲话。", "北", 2),
        ("他在北京大学讲话。", "讲", NO_HEAD),  # after the head: nothing to its right
        ("国家，大学生", "家", NO_HEAD),  # a comma ends the head's reach
        ("全国妇联和省总工会联合举办", "全", 2),  # 妇联 starts two chars on
        ("今天天气很好。", "天", NO_HEAD),
    ],
)
def test_org_head_distance(text, char, bucket):
    assert distances(text)[char] == bucket


def test_org_head_number_points_at_the_head_in_reach():
    text = "上海交通大学和华东师范大学"
    _, heads = org_head_codes(text)
    assert heads[0] == heads[text.index("学")]  # 上 reaches 大学 of its own name
    assert heads[text.index("华")] != 0
    assert org_head_codes("")[0].shape == (0,)


@pytest.mark.parametrize(
    ("char", "is_surname"),
    [("王", True), ("李", True), ("欧", True), ("的", False), ("，", False)],
)
def test_surname_level(char, is_surname):
    code = int(name_char_codes(fold_codes(char))[0])
    assert ((code - 1) // 16 > 0 if code else False) == is_surname


def test_name_char_rows_from_dictionary_lines():
    lines = [
        "王小明 3 nr", "李小红 3 nr", "张小军 3 nr", "赵小刚 3 nr",  # 小 after a family name 4 times
        "小心 100 a", "克林顿 5 nrt", "克里斯 5 nrt", "克拉克 5 nrt", "一劳永逸 34 nr",
    ]
    rows = {row[0]: row[1:] for row in name_char_rows(lines, {"王": False, "李": False, "张": False, "赵": False})}
    assert rows["王"][0] == 2
    assert rows["小"][1] == 3  # 4 of its 5 words are person names
    assert rows["克"][2] == 3
    assert "劳" not in rows  # idioms tagged nr do not start with a family name


def test_digest_is_part_of_the_cue_templates():
    assert ("tables", (table_digest(),)) in CUE_TEMPLATES
    assert len(table_digest()) == 12
