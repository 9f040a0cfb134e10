"""The date patterns skip, without matching, the places no date can start: the compound's
matches are the non-empty matches of the same pattern without its guards, and every
pattern finds what it finds without its skipping lookahead."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors.dates import _patterns, doc_text, find_candidates
from extract.nlp import build_nlp

# Characters that start or continue date expressions, and some that do not.
ALPHABET = ("2024年0123456789一二三四五六七八九十〇月日号季度上下半年前第初底末今去明本以来午晚间春夏秋冬天旬中个至—-，。的项目"
            "近过最内两到~～ \n３")


def _unguarded() -> re.Pattern:
    """The compound pattern as it reads without the start lookaheads and the final check."""
    pattern = _patterns(skip_ahead=False)["compound"].pattern
    guard = "(?(year_abs)|(?(year_rel)|(?(sub)|(?(yshort)|(?(pod)|(?(since)|(?!)))))))"
    assert pattern.endswith(guard)
    return re.compile(pattern[:-len(guard)])


UNGUARDED = _unguarded()


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text) if m.end() > m.start()]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_guarded_compound_finds_the_same_dates(text):
    assert _spans(_patterns()["compound"], text) == _spans(UNGUARDED, text)


def _matches(pattern: re.Pattern, text: str) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_skipping_lookaheads_change_no_match(text):
    plain = _patterns(skip_ahead=False)
    for name, pattern in _patterns().items():
        assert _matches(pattern, text) == _matches(plain[name], text), name


# sentences whose dates start with a numeral, a word, or a range
SENTENCES = [
    "2024年1-9月，全市完成投资3.5亿元，同比增长5.8%。",
    "今年一季度至三季度，新签约项目15个；近3年来累计投资120亿元。",
    "二〇二四年十二月三日上午召开大会，2021—2023年连续三年增长。",
    "预计到2027年底，前三季度实现产值达 1 - 2 月的两倍，10年来首次。",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_skipping_lookaheads_keep_real_dates(text):
    plain = _patterns(skip_ahead=False)
    found = {name: _matches(pattern, text) for name, pattern in _patterns().items()}
    assert found == {name: _matches(pattern, text) for name, pattern in plain.items()}
    assert any(found.values())


def test_guarded_compound_never_matches_empty():
    text = "会议指出，2024年全区生产总值增长5.8%，今年一季度新签约项目15个，上午召开大会。"
    assert all(m.end() > m.start() for m in _patterns()["compound"].finditer(text))
    assert [text[c.start:c.end] for c in find_candidates(text)] == ["2024年", "今年一季度"]


def test_doc_text_is_built_once_per_doc():
    nlp = build_nlp(())
    doc = nlp.make_doc("2月6日上午，合肥市召开大会。")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first
