"""`KeySearch` finds every occurrence of its keys, overlaps included, as a plain scan of
every start and key would (by start, the longer key first), on place-like keys and text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.key_search import KeySearch

PLACE_KEYS = {"合肥", "合肥市", "庐阳", "庐阳区", "合肥市庐阳区", "安徽", "安徽省", "晋江", "晋江市", "江市", "阳区"}


def _plain_scan(keys, text):
    return sorted(((start, start + len(key), key) for key in keys for start in range(len(text))
                   if text.startswith(key, start)), key=lambda found: (found[0], -len(found[2])))


@pytest.mark.parametrize("text", [
    "安徽省合肥市庐阳区科技局局长介绍，合肥市和晋江市签约。",
    "庐阳区庐阳区庐阳",  # repeats and a key cut off at the end
    "国务院发布通知。",  # no key at all
    "合",
    "",
])
def test_finds_every_occurrence_by_start_longer_first(text):
    assert KeySearch(PLACE_KEYS).find(text) == _plain_scan(PLACE_KEYS, text)


@settings(max_examples=150, deadline=None)
@given(st.sets(st.text("甲乙丙丁.[]^-\\", min_size=2, max_size=4), max_size=8), st.text("甲乙丙丁.[]^-\\x", max_size=30))
def test_any_keys_and_text_as_a_plain_scan(keys, text):
    # (characters that mean something inside a regex class are found literally)
    assert KeySearch(keys).find(text) == _plain_scan(keys, text)


def test_one_character_keys_are_refused():
    with pytest.raises(ValueError):
        KeySearch({"区", "合肥"})
