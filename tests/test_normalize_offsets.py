"""The offset map: every normalized character traced to the original characters it came from."""

import json

import pytest

from extract.normalize import normalize_text
from extract.normalize.offsets import Edit, apply_edits, apply_edits_mapped, original_span

RAW = "廬陽區(qū)召開大會,安徽中科熱儀科技有限公司相關負責人告訴記者?!卑不杖鹂匦殴怆娂夹g股份有限公司總經理劉耀軍介紹。"


@pytest.fixture(scope="module")
def result():
    return normalize_text(RAW)


def test_the_normalized_text(result):
    assert result.text == "庐阳区召开大会，安徽中科热仪科技有限公司相关负责人告诉记者。”安徽瑞控信光电技术股份有限公司总经理刘耀军介绍。"


@pytest.mark.parametrize(
    "needle, original",
    [
        ("庐阳区召开", "廬陽區(qū)召開"),  # the removed annotation lies inside the span
        ("庐阳区", "廬陽區"),
        ("安徽中科热仪科技有限公司", "安徽中科熱儀科技有限公司"),
        ("，", ","),
        ("。”安徽瑞控信光电技术", "?!卑不杖鹂匦殴怆娂夹g"),  # rebuilt from the misaligned run
        ("刘耀军", "劉耀軍"),
    ],
)
def test_spans_map_back(result, needle, original):
    start = result.text.index(needle)
    o_start, o_end = result.to_original_span(start, start + len(needle))
    assert RAW[o_start:o_end] == original


def test_empty_and_bad_spans(result):
    assert result.to_original_span(0, 0) == (0, 0)
    end = len(result.text)
    assert result.to_original_span(end, end) == (len(RAW), len(RAW))
    with pytest.raises(ValueError):
        result.to_original_span(3, 2)
    with pytest.raises(ValueError):
        result.to_original_span(0, end + 1)


def test_offsets_are_monotone_and_in_bounds(result):
    assert len(result.offsets) == len(result.text)
    starts = [s for s, _ in result.offsets]
    ends = [e for _, e in result.offsets]
    assert starts == sorted(starts) and ends == sorted(ends)
    assert all(0 <= s < e <= len(RAW) for s, e in result.offsets)


def test_to_dict_is_json(result):
    dumped = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert dumped["text"] == result.text
    assert dumped["script"] == "traditional"
    assert len(dumped["offsets"]) == len(result.text)
    assert {r["kind"] for r in dumped["repairs"]} == {"pinyin", "punctuation", "script", "mojibake"}


@pytest.mark.parametrize(
    "text, edits, expected, offsets",
    [
        ("abc", [], "abc", [(0, 1), (1, 2), (2, 3)]),
        ("a(x)b", [Edit(1, 4, "")], "ab", [(0, 1), (4, 5)]),
        ("?!xy", [Edit(0, 2, "。”", ((0, 2), (1, 2)))], "。”xy", [(0, 2), (1, 2), (2, 3), (3, 4)]),
        ("abcd", [Edit(1, 3, "Z")], "aZd", [(0, 1), (1, 3), (3, 4)]),
    ],
)
def test_apply_edits(text, edits, expected, offsets):
    new_text, new_offsets, _ = apply_edits(text, edits)
    assert new_text == expected and new_offsets == offsets


# ----------------------------------------------------------------- the map in arrays


def _reference_apply(text, edits):
    """The offset map built one character at a time: what the array version must equal."""
    pieces, offsets, pos = [], [], 0
    for start, end, after, sources in edits:
        pieces.append(text[pos:start])
        offsets += [(i, i + 1) for i in range(pos, start)]
        pieces.append(after)
        offsets += list(sources) if sources is not None else [(start, end)] * len(after)
        pos = end
    pieces.append(text[pos:])
    offsets += [(i, i + 1) for i in range(pos, len(text))]
    return "".join(pieces), offsets


@pytest.mark.parametrize(
    "text, edits",
    [
        ("區(qū)召開區(qū)", [Edit(1, 5, ""), Edit(7, 11, "")]),  # deletions only (annotations)
        ("?!卑不x", [Edit(0, 4, "。”安徽", ((0, 1), (0, 2), (1, 3), (2, 4)))]),  # a rebuilt run
        ("abcdef", [Edit(0, 1, "XYZ"), Edit(2, 2, "+"), Edit(5, 6, "")]),  # longer, inserted, at the end
        ("ab", [Edit(2, 2, "cd")]),  # insertion after the last character
        ("", [Edit(0, 0, "x")]),
        ("a\ud800b", [Edit(0, 1, "")]),  # a lone surrogate passes through
    ],
)
def test_array_map_equals_the_character_walk(text, edits):
    expected_text, expected_offsets = _reference_apply(text, edits)
    new_text, offsets, _ = apply_edits(text, edits)
    assert new_text == expected_text
    assert offsets == expected_offsets
    _, mapped, _ = apply_edits_mapped(text, edits)
    assert [mapped[i] for i in range(len(mapped))] == expected_offsets
    assert all(type(v) is int for pair in mapped.to_list() for v in pair)


@pytest.mark.parametrize("start, end", [(0, 0), (0, 3), (2, 5), (5, 5), (10, 10), (4, 10)])
def test_span_lookup_matches_the_list_form(result, start, end):
    expected = original_span(result.offsets, start, end, len(result.original))
    assert result.to_original_span(start, end) == expected
