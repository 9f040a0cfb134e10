"""The lookups that keep entity recognition linear in the text's length give the answers
of the plain scans they replace (checked against those scans on generated spans and on
the tokens of a real sentence). Their cost (linear in the text) is measured by
scripts/bench.py, not asserted here."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.entity_tokens import (SpanIndex, SpanSet, Tokens, overlaps_any, tag_text, token_bounds,
                                              token_ending_at, token_index_at, tokens_overlapping)



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
