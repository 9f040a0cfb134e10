"""The lookups that keep entity recognition linear in the text's length give the answers
of the plain scans they replace (checked against those scans on generated spans and on
the tokens of a real sentence), and a long article costs about its length."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.entities import extract_entities
from extract.extractors.entity_tokens import (SpanIndex, SpanSet, Tokens, overlaps_any, tag_text, token_bounds,
                                              token_ending_at, token_index_at, tokens_overlapping)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TEXT = ROOT / "tests" / "fixtures" / "entities_reference_clean.txt"


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


def test_long_article_costs_about_its_length():
    # ~10k characters of an article against four times as much: scans per mention made
    # long texts quadratic; linear code stays near 4x (bounded loosely: shared CPUs).
    article = REFERENCE_TEXT.read_text(encoding="utf-8")
    short = "\n".join([article] * max(1, 10_000 // len(article)))
    long = "\n".join([short] * 4)
    extract_entities(short)  # warm the tables and the tagger

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            extract_entities(text)
            best = min(best, time.process_time() - started)
        return best

    assert cost(long) < 6.5 * cost(short)
