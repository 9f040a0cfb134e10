"""The corruption simulator makes text of the reference's kind and says what it destroyed."""

import re

from extract.normalize.pinyin import ANNOTATION_RE
from extract.normalize.script import detect_script
from extract.normalize.tables import char_readings
from extract.simulate import sample_article, simulate

CLEAN = (
    "近年来，该市着力打造科技创新策源地。“未来3年，我们计划再建设5个专业化产业园区。”"
    "该区投资促进中心主任李明说。“去年企业营业收入突破3亿元。”王建华说。"
)


def test_same_seed_same_damage():
    assert simulate(CLEAN, 3) == simulate(CLEAN, 3)
    assert len({simulate(CLEAN, seed, run_rate=1.0).corrupted for seed in range(6)}) > 1


def test_the_damage_is_of_the_reference_kind():
    sim = simulate(CLEAN, 1, pinyin_rate=1.0, run_rate=1.0)
    assert sim.clean == CLEAN
    assert detect_script(sim.corrupted) in ("traditional", "mixed")
    assert not re.search("[，；：？！（）]", sim.corrupted)
    assert sim.runs == 4 and sim.corrupted.count("?!") == 4  # every 。“ / 。” became a run
    readings = char_readings()
    annotations = list(ANNOTATION_RE.finditer(sim.corrupted))
    assert annotations
    for match in annotations:
        before = sim.corrupted[match.start() - 1]
        assert before in "^]" or match.group(1) in readings.get(before, ()) or before.isascii()


def test_without_runs_nothing_is_lost():
    sim = simulate(CLEAN, 2, pinyin_rate=0.5, run_rate=0.0)
    assert sim.runs == 0 and sim.lost == [] and sim.half_lost == []
    assert "?" not in sim.corrupted


def test_destroyed_digit_is_reported():
    # 來 = 81 ED, 3 = 33: misaligned, ED 33 is an invalid pair swallowed as one `?`.
    sim = simulate("工作落实到位。“未来3年，我们计划再建设5个产业园区。”", 0, pinyin_rate=0.0, run_rate=1.0)
    assert sim.corrupted.startswith("工作落實到位?!拔磥?年,")
    assert [sim.clean[i] for i in sim.lost] == ["3"]
    assert [sim.clean[i] for i in sim.half_lost] == ["来"]
    assert sim.expected().startswith("工作落实到位。“未??年")
    assert sim.accepts("工作落实到位。“未来?年，我们计划再建设5个产业园区。”")
    assert not sim.accepts("工作落实到位。“未来5年，我们计划再建设5个产业园区。”")


def test_sample_articles_are_clean_simplified():
    article = sample_article(5, sentences=12)
    assert detect_script(article) == "simplified"
    assert article.count("\n") == 2


def test_swallowed_annotation_paren_destroys_half_a_character_only():
    # 負 = D8 93: misaligned, 93 and the "(" of (fù) form an invalid pair swallowed as one `?`;
    # the rest of the annotation, `fù)`, is decoded in step. The "(" is no text of the article.
    clean = "“今年将新开工项目20个。”负责人说。“园区将新增就业岗位3000个。”"
    sim = simulate(clean, 0, pinyin_rate=0.6, run_rate=1.0)
    assert "?!必?fù)責" in sim.corrupted
    assert sim.lost == [] and [clean[i] for i in sim.half_lost] == ["负"]
    assert sim.expected() == "“今年将新开工项目20个。”?责人说。“园区将新增就业岗位3000个。”"
