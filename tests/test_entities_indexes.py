"""The lookups that keep entity recognition linear in the text's length give the answers
of the plain scans they replace (checked against those scans on generated spans and on
the tokens of a real sentence). Their cost (linear in the text) is measured by
scripts/bench.py, not asserted here."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.entity_tokens import (SpanIndex, SpanSet, Tokens, WordKinds, overlaps_any, tag_text,
                                              token_bounds, token_ending_at, token_index_at, tokens_overlapping)



@dataclass
class Item:
    start: int
    end: int


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])), max_size=25)
queries = st.lists(st.tuples(st.integers(-2, 55), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1])), min_size=1, max_size=20)


@settings(max_examples=200, deadline=None)
@given(spans, queries)
def test_span_set_answers_as_scans(given_spans, asked):
    spans_set = SpanSet(given_spans)
    for start, end in asked:
        assert spans_set.overlaps(start, end) == overlaps_any((start, end), given_spans)
        assert spans_set.holds(start, end) == any(s <= start and end <= e for s, e in given_spans)


@settings(max_examples=200, deadline=None)
@given(spans, queries)
def test_span_index_finds_items_in_given_order(given_spans, asked):
    items = [Item(s, e) for s, e in given_spans]
    index = SpanIndex(items)
    for start, end in asked:
        assert index.overlapping(start, end) == [i for i in items if i.start < end and start < i.end]
        assert index.holding(start, end) == [i for i in items if i.start <= start and end <= i.end]


def test_token_lookups_answer_as_scans():
    text = "安徽瑞控信光电技术股份有限公司总经理刘耀军介绍，庐阳区科技局副局长王晓明出席。"
    tokens = tag_text(text)
    plain = list(tokens)
    assert isinstance(tokens, Tokens)
    assert token_bounds(tokens) == {0} | {t.start for t in plain} | {t.end for t in plain}
    for position in range(-1, len(text) + 2):
        assert token_index_at(tokens, position) == token_index_at(plain, position)
        assert token_ending_at(tokens, position) == next((t for t in plain if t.end == position), None)
        for length in (0, 1, 3, 7):
            assert tokens_overlapping(tokens, position, position + length) == tokens_overlapping(plain, position, position + length)
    assert [plain[i].text for i in tokens.indices_of({"庐阳区", "介绍"})] == ["介绍", "庐阳区"]


PLACE_LIKE, ENDS_WITH_JU = 1, 2
KIND_TESTS = {PLACE_LIKE: lambda word: word[-1:] in "区市县", ENDS_WITH_JU: lambda word: word.endswith("局")}


@pytest.mark.parametrize("text", [
    "庐阳区科技局副局长王晓明出席，合肥市庐阳区发改局、市场监管局负责人介绍。",
    "晋江市五里工业园区管委会与泉州市商务局签约，该市将新建两个园区。",
    "今年1-11月，全县规上工业增加值增长5.8%。",
    "",
])
def test_word_kinds_pick_the_tokens_of_each_kind_in_order(text):
    kinds = WordKinds(KIND_TESTS)
    for _ in range(2):  # a second text with the same words: the kept answers
        tokens = tag_text(text)
        for kind, test in KIND_TESTS.items():
            assert tokens.indices_of_kind(kinds, kind) == [i for i, t in enumerate(tokens) if test(t.text)]
        assert tokens.indices_of_kind(kinds, PLACE_LIKE | ENDS_WITH_JU) == [
            i for i, t in enumerate(tokens) if any(test(t.text) for test in KIND_TESTS.values())]


def test_word_kinds_start_over_past_their_bound():
    kinds = WordKinds(KIND_TESTS)
    kinds.MAX_WORDS = 3
    for text in ("庐阳区科技局副局长王晓明出席。", "泉州市商务局负责人介绍，该市将新建两个园区。"):
        tokens = tag_text(text)
        assert tokens.indices_of_kind(kinds, ENDS_WITH_JU) == [i for i, t in enumerate(tokens) if t.text.endswith("局")]
        assert len(kinds.known) <= len(tokens.distinct_words)
