"""Script detection and conversion; Simplified text passes through unchanged."""

from pathlib import Path

import numpy as np
import pytest

from extract.normalize import normalize_file, normalize_text
from extract.normalize.script import choose_config, detect_script
from extract.simulate import sample_sentences

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(
    "text, script",
    [
        ("今年以来，该区新签约项目68个，协议投资额达215亿元。", "simplified"),
        ("今年以來，該區新簽約項目68個，協議投資額達215億元。", "traditional"),
        ("今年以來，該區新簽約項目68個。据统计，全市规模以上工业增加值同比增长。", "mixed"),
        ("2024 BEST CRAFT", "unknown"),
        ("上下左右", "unknown"),  # nothing tells the scripts apart
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize("sentence", sample_sentences())
def test_simplified_sentences_pass_unchanged(sentence):
    result = normalize_text(sentence)
    assert result.text == sentence
    assert result.repairs == []


def test_simplified_article_passes_unchanged_apart_from_punctuation():
    raw = "新春启程,共赴新章。这座著名的历史文化名城里,随着产业园建成,企业显著增加;干部群众着力推进后续工作!"
    result = normalize_text(raw)
    assert result.script == "simplified"
    assert result.text == raw.replace(",", "，").replace(";", "；").replace("!", "！")
    assert {r.kind for r in result.repairs} == {"punctuation"}


@pytest.mark.parametrize("name", ["001_wujiang_investment.txt", "005_xindu_business_environment.txt"])
def test_simplified_corpus_articles_pass_unchanged(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} not in the corpus")
    result = normalize_file(path)
    assert result.script == "simplified"
    assert all(r.kind == "punctuation" for r in result.repairs)


@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("隨著建設的提速", "随着建设的提速"),
        ("工作人員指著規劃圖介紹", "工作人员指着规划图介绍"),
        ("技術人員正在緊張有序地忙碌著。", "技术人员正在紧张有序地忙碌着。"),
        ("著力打造光電產業", "着力打造光电产业"),
        ("這座著名的歷史文化名城", "这座著名的历史文化名城"),
        ("產品性能顯著提升", "产品性能显著提升"),
        ("他的學術著作很多", "他的学术著作很多"),
        ("臭名昭著的騙局", "臭名昭著的骗局"),
    ],
)
def test_particle_zhe(traditional, simplified):
    assert normalize_text(traditional).text == simplified


def test_particle_repair_is_listed_when_conversion_leaves_zhu():
    # Standard (OpenCC) Traditional without Taiwan forms: t2s keeps 著, the particle rule fixes it.
    result = normalize_text("隨著經濟發展，人們的生活水平顯著提高，著名景點遊客增多。")
    assert result.text == "随着经济发展，人们的生活水平显著提高，著名景点游客增多。"


@pytest.mark.parametrize(
    "text, config",
    [
        ("臺灣的軟體產業裡面著重發展", "tw2s"),  # 裡, 著: Taiwan forms
        ("香港的經濟發展説明綫路和温度", "hk2s"),  # 説, 綫, 温: Hong Kong forms
        ("經濟發展", "t2s"),
    ],
)
def test_regional_variant(text, config):
    assert choose_config(text) == config


def test_script_repairs_map_back_to_the_original():
    raw = "今年以來,該區新簽約項(xiàng)目68個。協議投資額達215億元。"
    result = normalize_text(raw)
    assert result.text == "今年以来，该区新签约项目68个。协议投资额达215亿元。"
    for r in result.repairs:
        assert raw[slice(*r.original_span)] == r.before
        assert result.text[slice(*r.normalized_span)] == r.after
    assert any(r.kind == "script" for r in result.repairs)


@pytest.mark.parametrize(
    "text",
    ["中華人民共和國國務院發佈", "中华人民共和国国务院发布", "著名的裡程碑，綫上説明温度", "abc 123", "", "𠀀𪚥龍"],
)
def test_flag_table_counts_as_the_boolean_tables(text):
    from extract.normalize.script import TRAD_BIT, SIMP_BIT, TW_BIT, HK_BIT, _script_tables, _variant_tables, flag_counts

    points = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    counts = flag_counts(points)
    with_bit = lambda bit: sum(counts[c] for c in range(16) if c & bit)  # noqa: E731
    for table, bit in zip(_script_tables() + _variant_tables(), (TRAD_BIT, SIMP_BIT, TW_BIT, HK_BIT)):
        assert with_bit(bit) == int(table[points].sum())
