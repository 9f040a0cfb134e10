"""`extract.postag` tags exactly as `jieba.posseg` does (HMM on), only faster.

The HMM search is checked against posseg's own `viterbi` on generated character strings
(frequent and rare characters, characters posseg's table does not list, repeats that make
ties); the whole tagger against a `jieba.posseg.POSTokenizer` given the same `add_word`
calls, on the corpus articles (clean and corrupted-then-repaired) and on tricky strings.
"""

from __future__ import annotations

import random
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi

from extract import nlp
from extract.extractors.entity_tokens import _pos_tokenizer, tag_text
from extract.lexicon import read_rows, user_words
from extract.normalize import normalize_text, read_article
from extract.postag import PosTagger, unknown_run_pairs, viterbi_states
from extract.simulate import simulate

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# Frequent characters of the news, rare ones, and ones posseg's state table lacks (every
# state is then possible: the widest steps of the search).
HAN = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
RARE = list("彛缟飏翀琛煜璟珺鑫燚垚焱淼犇骉羴")
UNLISTED = [char for char in "\u4e00\u9fa5\u9fd0\u9fd5\u4dc0" if char not in char_state_tab_P] or ["\u9fd5"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(HAN[:60] + RARE + UNLISTED), min_size=1, max_size=25))
def test_viterbi_states_are_posseg_route(chars):
    run = "".join(chars)
    _, route = viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)
    assert viterbi_states(run) == route


@pytest.mark.parametrize("run", ["哈哈哈哈哈哈哈哈", "庐阳", "彛缟", "鄞企", "跑出了", "国之重器", "的的的的", "\u9fd5\u9fd5庐"])
def test_viterbi_states_on_repeats_and_rare_characters(run):
    _, route = viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)
    assert viterbi_states(run) == route


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(HAN[:40] + RARE + ["2025", "年", "A", "b1", ".", "5.8", "x", "_"]), min_size=1, max_size=15))
def test_unknown_runs_tag_as_posseg(pieces):
    run = "".join(pieces)
    expected = [(p.word, p.flag) for p in jieba.posseg.dt._POSTokenizer__cut_detail(run)]
    assert list(unknown_run_pairs(run)) == expected


# -- the whole tagger --------------------------------------------------------------------


def _additions() -> list[tuple[str, int, str | None]]:
    """User words, tagged places and titles, and deleted words (as the entity tagger adds)."""
    additions = [(word, nlp.user_word_freq(word), None) for word in user_words()]
    for name, tag in (("places.tsv", "ns"), ("titles.tsv", "nnt")):
        additions += [(row[0], nlp.user_word_freq(row[0]), tag) for row in read_rows(name) if len(row[0]) >= 2]
    additions += [(word, 0, None) for word in ("大学生", "发展改革", "有限公司")]  # del_word
    return additions


@pytest.fixture(scope="module")
def pos_pair():
    saved = set(finalseg.Force_Split_Words)  # jieba's del_word fills this process-wide set
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in _additions():
        tokenizer.add_word(word, freq=freq, tag=tag)
    yield jieba.posseg.POSTokenizer(tokenizer), PosTagger(_additions())
    finalseg.Force_Split_Words.clear()
    finalseg.Force_Split_Words.update(saved)


def _reference(posseg, text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in posseg.lcut(text, HMM=True)]


def test_corpus_articles_tag_as_posseg(pos_pair):
    pytest.importorskip("rjieba")
    posseg, tagger = pos_pair
    rng = random.Random(11)
    for path in sorted(CORPUS.glob("*.txt")):
        text = normalize_text(read_article(path)[0]).text
        repaired = normalize_text(simulate(text, rng.randrange(1 << 30)).corrupted).text
        for version in (text, repaired):
            assert tagger.tag(version) == _reference(posseg, version), path.name


@pytest.mark.parametrize("text", [
    "北京大学生前来应聘，庐阳区区长张明远出席。",                 # a deleted word; a place and a title
    "今年1-11月GDP增长5.8%，R&D投入2.5亿元，C++与AT&T，5G+工业。",
    "编号A_12、v1.2.3与1.5%，合肥 庐阳\r\n\t　投促中心",
    "鄞企跑出了加速度，秦创原的硬科技企业约占三成。",               # unknown runs the HMM tags
    "",
    "，。！……",                                                    # no block at all
    "（2025年）abc2025年增长；\r\nGDP2.5万亿元\r\n",                # letters/digits joined by rjieba
    "的的的的，了了。吗",                                           # runs of single steps beside punctuation
])
def test_tricky_strings_tag_as_posseg(pos_pair, text):
    pytest.importorskip("rjieba")
    posseg, tagger = pos_pair
    assert tagger.tag(text) == _reference(posseg, text)


def test_word_and_tag_lists_are_the_pairs_unzipped(pos_pair):
    _, tagger = pos_pair
    text = "庐阳区区长张明远说，2025年鄞企跑出了加速度。\r\n合肥 庐阳"
    words, tags = tagger.tag_lists(text)
    assert list(zip(words, tags)) == tagger.tag(text)
    assert "".join(words) == text


def test_without_rjieba_jieba_itself_tags(monkeypatch):
    monkeypatch.setattr(nlp, "rjieba", None)
    additions = [("庐阳区", 20000, "ns")]
    tagger = PosTagger(additions)
    assert not tagger.fast
    text = "庐阳区科技局局长张明远说，鄞企跑出了加速度。"
    assert tagger.tag(text) == [(p.word, p.flag) for p in nlp.PosSegmenter(additions).cut(text)]


def test_entity_tokens_tile_the_text_with_offsets():
    text = "合肥市庐阳区科技局局长张明远说，2025年鄞企跑出了加速度。"
    tokens = tag_text(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [(t.text, t.pos) for t in tokens] == _pos_tokenizer().tag(text)
