"""One pass over the text finds what `re.finditer` finds for each word."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.occurrences import occurrences


def by_regex(text: str, words) -> dict[str, list[tuple[int, int]]]:
    found = {}
    for word in set(words):
        spans = [m.span() for m in re.finditer(re.escape(word), text)]
        if spans:
            found[word] = spans
    return found


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("南康区家具产业…南康区…南康", ["南康区", "南康"]),
        ("“五个一”工作机制落实五个一，再落实五个一", ["五个一"]),
        ("一企一策一企一策", ["一企一策", "企一策一"]),
        ("五个一五个一个", ["五个一", "一个"]),
        ("aaaa", ["aa"]),  # non-overlapping, left to right
        ("无关文字", ["南康"]),
        ("", ["南康"]),
        ("文字", []),
    ],
)
def test_table(text, words):
    assert occurrences(text, words) == by_regex(text, words)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet="南康区一个五", max_size=40), st.lists(st.text(alphabet="南康区一个五", min_size=1, max_size=3), max_size=5))
def test_same_as_finditer(text, words):
    assert occurrences(text, words) == by_regex(text, words)
