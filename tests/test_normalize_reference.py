"""The normalization stage on the reference article: the seven runs, the losses, the rest."""

from pathlib import Path

import pytest

from extract.normalize import normalize_file

REFERENCE = Path(__file__).resolve().parent.parent / "corpus" / "000_0f9117bebd0753fc.txt"

SEVEN_RUNS = [
    "。“未来?年",
    "。”庐阳区科技局",
    "。”该区有关负责人",
    "。”安徽瑞控信光电技术股份有限公司",
    "。”该区投促中心",
    "。”安徽中科热仪科技有限公司",
    "。”?月11日",
]


@pytest.fixture(scope="module")
def result():
    return normalize_file(REFERENCE)


def test_reads_the_reference(result):
    assert result.encoding == "utf-8"
    assert result.script == "traditional"


@pytest.mark.parametrize("run", SEVEN_RUNS)
def test_each_run_reads_repaired(result, run):
    assert run in result.text


def test_the_runs_are_exactly_the_mojibake_repairs(result):
    starts = sorted(r.normalized_span[0] for r in result.repairs if r.kind == "mojibake")
    found = [next(run for run in SEVEN_RUNS if result.text.startswith(run, s)) for s in starts]
    assert found == SEVEN_RUNS


def test_no_garbage_is_left(result):
    for garbage in ("拔磥", "睆", "痹搮", "卑不杖", "卑不罩", "^", "]", "(qū)", "(yè)"):
        assert garbage not in result.text


def test_genuine_question_and_exclamation_marks_stay(result):
    assert "比较优势转化为发展胜势？推动" in result.text
    assert "如何围绕主导产业做好招商？庐阳区" in result.text
    assert "1066秒！有“人造太阳”" in result.text


def test_losses_are_marked_not_invented(result):
    contexts = [(u.context, result.text[slice(*u.normalized_span)]) for u in result.unrecoverable]
    assert contexts == [("未来?年", "?"), ("?月11日", "?")]
    for lost in result.unrecoverable:
        assert result.original[slice(*lost.original_span)] == "?"


def test_destroyed_halves_are_guessed_with_lower_confidence(result):
    guesses = [r for r in result.repairs if r.kind == "mojibake_guess"]
    assert [g.after for g in guesses] == ["来", "”"]
    repaired = [r for r in result.repairs if r.kind == "mojibake"]
    assert all(g.confidence < min(r.confidence for r in repaired) for g in guesses)


def test_annotations_and_parentheses(result):
    assert "(" not in result.text and "（qū）" not in result.text
    assert "装置（EAST）在合肥" in result.text
    assert "登“门”（校门）入“室”（实验室）" in result.text
    assert "科学仪器产业园（二期）" in result.text
    assert sum(r.kind == "pinyin" for r in result.repairs) == 166


def test_particle_zhe_converted_and_zhu_kept(result):
    for phrase in ("随着建设", "指着规划图", "忙碌着", "着力打造", "从顶层设计着手", "盯着项目", "朝着“建设"):
        assert phrase in result.text
    assert "著" not in result.text


def test_every_repair_is_consistent_with_both_texts(result):
    for r in result.repairs:
        assert result.text[slice(*r.normalized_span)] == r.after, r
        assert result.original[slice(*r.original_span)] == r.before, r
