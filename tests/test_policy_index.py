"""The indexes that keep the policy component linear: containment of spans, repeats of names
found in one pass, the ending heads of quoted names, and quote marks found by search."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors import policy_tables as tables
from extract.extractors.policy import _Containers, _occurrences
from extract.extractors.quotes import find_quotes

spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 35), st.integers(1, 12))
def test_contains_longer_is_a_containing_other_span(containers, start, length):
    end = start + length
    expected = any(cs <= start and end <= ce and (start, end) != (cs, ce) for cs, ce in containers)
    assert _Containers(containers).contains_longer(start, end) == expected


# text, names, occurrences of each name
OCCURRENCES = [
    ("“五个一”工作机制落实五个一，再落实五个一", ["五个一"], {"五个一": [(1, 4), (11, 14), (18, 21)]}),
    ("一企一策一企一策", ["一企一策", "企一策一"], {"一企一策": [(0, 4), (4, 8)], "企一策一": [(1, 5)]}),
    ("啊啊啊啊啊", ["啊啊"], {"啊啊": [(0, 2), (2, 4)]}),  # non-overlapping, left to right
    ("没有名字", ["五个一"], {}),
]


def test_occurrences_table():
    for text, names, expected in OCCURRENCES:
        assert _occurrences(text, names) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="一二三企策", max_size=30), st.lists(st.text(alphabet="一二三企策", min_size=1, max_size=4), max_size=4, unique=True))
def test_occurrences_are_re_finditer_of_each_name(text, names):
    found = _occurrences(text, names)
    for name in names:
        assert found.get(name, []) == [m.span() for m in re.finditer(re.escape(name), text)]


def _end_head_by_loop(term):
    for head in tables.heads_where("end"):
        if term.endswith(head.text) and len(term) >= len(head.text) + 2 and not term[:-len(head.text)].isdigit():
            return head
    return None


def test_end_head_is_the_first_head_in_longest_first_order():
    endings = [head.text for head in tables.heads_where("end")]
    terms = ["项目攻坚年", "2024年", "要素保卫战", "项目为王", "科技打头阵", "攻坚年", "x"]
    terms += ["甲乙" + ending for ending in endings] + ["12" + ending for ending in endings] + endings
    for term in terms:
        assert tables.end_head_of(term) == _end_head_by_loop(term), term


QUOTES = [
    ("开展“四送一服”、“双招双引”活动", [(2, 8, 0), (9, 15, 0)]),
    ("他说：“要落实‘五个一’机制”。", [(3, 15, 0), (7, 12, 1)]),
    ('推行"一窗受理"改革，"未闭合\n“下一段”', [(2, 8, 0), (16, 21, 0)]),
    ("孤立的闭引号”不算", []),
]


def test_find_quotes_table():
    for text, expected in QUOTES:
        assert [(q.start, q.end, q.depth) for q in find_quotes(text)] == expected, text
