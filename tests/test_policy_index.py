"""The indexes that keep the policy component linear: containment of spans, the ending
heads of quoted names, and quote marks found by search (repeats of names found in one pass:
tests/test_occurrences.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors import policy_tables as tables
from extract.extractors.policy import _Containers
from extract.extractors.quotes import find_quotes

spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 12)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


@settings(max_examples=300, deadline=None)
@given(spans, st.integers(0, 35), st.integers(1, 12))
def test_contains_longer_is_a_containing_other_span(containers, start, length):
    end = start + length
    expected = any(cs <= start and end <= ce and (start, end) != (cs, ce) for cs, ce in containers)
    assert _Containers(containers).contains_longer(start, end) == expected


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
