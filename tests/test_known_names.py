"""Model spans without a rule shape are kept only for names the model knows (known_names.py)."""

from __future__ import annotations

import pytest

from extract.extractors.entities import extract_entities
from extract.ner.model import load_model


def spans(text: str, *marked: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Model-style spans for the first occurrence of each (surface, label)."""
    out = []
    for surface, label in marked:
        start = text.index(surface)
        out.append((start, start + len(surface), label))
    return out


def names(records) -> set[str]:
    return {record.name for record in records}


@pytest.fixture(scope="module")
def known():
    model = load_model()
    assert model is not None
    return model.gazetteer.names


@pytest.mark.parametrize(
    ("text", "marked", "section", "expected"),
    [
        ("中国与东盟的贸易额继续增长。", [("中国", "LOC")], 2, "中国"),
        ("中共中央、国务院印发意见。", [("中共中央", "ORG")], 0, "中共中央"),
        ("会议学习了邓小平同志的讲话。", [("邓小平", "PER")], 1, "邓小平"),
    ],
)
def test_known_model_names_are_kept(known, text, marked, section, expected):
    assert known.get(expected) == marked[0][1]  # the model was trained on this name
    found = extract_entities(text, model_spans=spans(text, *marked))
    assert expected in names(found[section])
    assert expected not in names(extract_entities(text)[section])  # the rules alone miss it


@pytest.mark.parametrize(
    ("text", "marked", "section", "unwanted"),
    [
        ("长江沿线城市加强合作。", [("长江", "LOC")], 2, "长江"),  # a river, not a place here
        ("集团公司召开会议。", [("集团", "ORG")], 0, "集团"),  # a bare head word
        ("据了解，会议今天召开。", [("了解", "PER")], 1, "了解"),  # not a name the model knows
    ],
)
def test_other_model_spans_are_not_taken_alone(text, marked, section, unwanted):
    found = extract_entities(text, model_spans=spans(text, *marked))
    assert unwanted not in names(found[section])


def test_rules_win_where_they_found_something():
    text = "合肥市庐阳区科技局发布通知。"
    found = extract_entities(text, model_spans=[(0, 3, "LOC"), (0, 2, "ORG")])
    assert "合肥" not in names(found[0])


@pytest.mark.parametrize(
    ("text", "surface", "kept"),
    [
        ("2025年西安高新区“秦创原”科技成果转化对接会召开。", "秦创原", False),  # a quoted platform name
        ("发挥‘秦创原’总平台作用。", "秦创原", False),
        ("会上，秦创原说，企业要加快发展。", "秦创原", True),  # the same string used as a name
    ],
)
def test_quoted_model_person_is_not_a_person(text, surface, kept):
    start = text.index(surface)
    persons = extract_entities(text, model_spans=[(start, start + len(surface), "PER")])[1]
    assert (surface in names(persons)) is kept
