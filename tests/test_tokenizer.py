"""The pipeline's segmenter gives jieba's tokens, user dictionary included.

`extract.nlp.Segmenter` takes jieba's dictionary route from rjieba (when installed) and
does the rest with jieba's own rules and HMM; the reference is a plain `jieba.Tokenizer`
given the same user words with the same frequencies. `PosSegmenter` is checked the same
way against `jieba.posseg`. Corpus articles must match token for token; generated text
(which repeats characters on purpose) may differ only between exactly equally likely routes.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import jieba
import pytest
from jieba import finalseg
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.lexicon import read_rows, user_words
from extract.nlp import PosSegmenter, Segmenter, get_nlp, user_word_freq
from extract.normalize import normalize_text, read_article
from extract.simulate import sample_article, simulate

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module", autouse=True)
def no_forced_splits():
    # jieba's del_word (the entity tagger's) leaves words in a set global to jieba.finalseg;
    # the pipeline's segmenter deletes nothing, so its reference is jieba without them.
    saved = set(finalseg.Force_Split_Words)
    finalseg.Force_Split_Words.clear()
    yield
    finalseg.Force_Split_Words.clear()
    finalseg.Force_Split_Words.update(saved)


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in user_words():
        tokenizer.add_word(word, freq=user_word_freq(word))
    return tokenizer


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(user_words())


def normalized_corpus() -> list[tuple[str, str]]:
    return [(path.name, normalize_text(read_article(path)[0]).text) for path in sorted(CORPUS.glob("*.txt"))]


def first_difference(expected: list[str], got: list[str]) -> str:
    for index, (want, have) in enumerate(zip(expected, got)):
        if want != have:
            return f"token {index}: jieba {expected[index - 3:index + 4]} vs ours {got[index - 3:index + 4]}"
    return f"lengths {len(expected)} vs {len(got)}"


def test_rjieba_is_the_engine(segmenter):
    pytest.importorskip("rjieba")
    assert segmenter.fast


def test_corpus_articles_segment_as_jieba(reference, segmenter):
    for name, text in normalized_corpus():
        expected, got = reference.lcut(text, HMM=True), segmenter.lcut(text, HMM=True)
        assert got == expected, f"{name}: {first_difference(expected, got)}"


def test_corrupted_and_repaired_articles_segment_as_jieba(reference, segmenter):
    # The benchmark's kind of text: corpus articles corrupted by the simulator, then repaired.
    rng = random.Random(11)
    for name, clean in normalized_corpus():
        repaired = normalize_text(simulate(clean, rng.randrange(1 << 30)).corrupted).text
        expected, got = reference.lcut(repaired, HMM=True), segmenter.lcut(repaired, HMM=True)
        assert got == expected, f"{name} (simulated): {first_difference(expected, got)}"


@pytest.mark.parametrize("text", [
    "今年1-11月，全市规上工业增加值同比增长5.8%。",              # a range among unknown characters
    "1-3月吴江区实际使用外资1.5-3亿美元",                       # rjieba's HMM would keep 1-3 whole
    "项目编号A_12与B-7b地块，版本v1.2.3已上线。",                # `_`, letters after digits, dotted runs
    "推进5G+工业互联网，R&D投入占比2.5%，C++与AT&T。",         # + & and dictionary words with symbols
    "第1.3a期工程、1.%与.5万元",                                # dots that close no decimal
    "合肥市 庐阳区\r\n召开\t动员大会　全面推进",                # spaces, CRLF, tab, ideographic space
    "GDP达到1.26万亿元，同比增长5.3%，CPI上涨0.2个百分点",
    "安徽瑞控信光电技术股份有限公司与庐阳区投促中心签约",          # user-dictionary words
    "㐀㐁中国鿖鿗企业\ue000\ue001",                              # outside jieba's Han range; private use
])
def test_tricky_strings_segment_as_jieba(reference, segmenter, text):
    assert segmenter.lcut(text, HMM=True) == reference.lcut(text, HMM=True)


_PIECES = list("区市县企业项目投资亿元万年月日增长同比中国合肥新签约科技公司有限的了和在")
_PIECES += list("0123456789abcXYZ.-_+%&# ，。“”（）\n") + ["1-3", "5.8%", "2024年", "庐阳区"]


def route_log_probability(reference: jieba.Tokenizer, route: list[str]) -> float:
    """jieba's score of a dictionary route (its no-HMM cut): the sum of log word probabilities."""
    log_total = math.log(reference.total)
    return sum(math.log(reference.FREQ.get(word) or 1) - log_total for word in route)


def assert_as_jieba(reference, segmenter, text: str, hmm: bool = True) -> None:
    """Our tokens are jieba's, or differ only where jieba had two equally likely routes."""
    got, expected = segmenter.lcut(text, HMM=hmm), reference.lcut(text, HMM=hmm)
    if got == expected:
        return
    ours, jiebas = segmenter.lcut(text, HMM=False), reference.lcut(text, HMM=False)
    assert ours != jiebas, f"same route, different tokens: {first_difference(expected, got)}"
    assert math.isclose(route_log_probability(reference, ours), route_log_probability(reference, jiebas),
                        rel_tol=1e-12, abs_tol=1e-9), f"a less likely route: {first_difference(jiebas, ours)}"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40), st.booleans())
def test_generated_strings_segment_as_jieba(reference, segmenter, pieces, hmm):
    # Repeated pieces make exact ties (万万万: 万+万万 or 万万+万), which either engine may break.
    assert_as_jieba(reference, segmenter, "".join(pieces), hmm)


@pytest.mark.parametrize("text", ["万万万市", "区区区区区", "常常常常常的人", "日日日技"])
def test_equally_likely_routes_are_the_only_freedom(reference, segmenter, text):
    assert_as_jieba(reference, segmenter, text)


def test_repeated_user_words_keep_jieba_totals():
    # Each add_word adds its frequency to jieba's total, even for a word already present.
    words = ("有限公司", "庐阳区", "投促中心", "有限公司", "动员大会")
    reference = jieba.Tokenizer()
    reference.initialize()
    for word in words:
        reference.add_word(word, freq=user_word_freq(word))
    segmenter = Segmenter(words)
    for seed in range(5):
        text = sample_article(seed, sentences=12)
        assert segmenter.lcut(text) == reference.lcut(text)


def test_other_instances_deletions_do_not_reach_the_segmenter(segmenter):
    # jieba.finalseg keeps every instance's del_word words in one global set; this
    # segmenter deletes none, so an HMM word stays whole (the range sends this block
    # through jieba's HMM in Python).
    text = "安徽瑞控信1-3号光电技术"
    assert "瑞控信" in segmenter.lcut(text)
    finalseg.add_force_split("瑞控信")
    try:
        assert "瑞控信" in segmenter.lcut(text)
    finally:
        finalseg.Force_Split_Words.discard("瑞控信")


def test_sample_articles_segment_as_jieba(reference, segmenter):
    for seed in range(20):
        text = sample_article(seed, sentences=24)
        assert segmenter.lcut(text, HMM=True) == reference.lcut(text, HMM=True), f"seed {seed}"


def test_doc_tokens_cover_the_text_exactly():
    text = "2月6日上午，合肥市 庐阳区召开动员大会。\n  该区新签约项目92个。"
    doc = get_nlp().make_doc(text)
    assert doc.text == text
    assert "".join(token.text_with_ws for token in doc) == text


# -- PosSegmenter: jieba.posseg's pairs ------------------------------------------------------


def _pos_additions() -> list[tuple[str, int, str | None]]:
    """What an entity tagger would add: user words, tagged place names and titles, deletions."""
    additions = [(word, user_word_freq(word), None) for word in user_words()]
    for name, tag in (("places.tsv", "ns"), ("titles.tsv", "nnt")):
        additions += [(row[0], user_word_freq(row[0]), tag) for row in read_rows(name) if len(row[0]) >= 2]
    additions += [(word, 0, None) for word in ("大学生", "发展改革", "有限公司")]  # del_word
    return additions


@pytest.fixture(scope="module")
def pos_pair(no_forced_splits):
    import jieba.posseg

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in _pos_additions():
        tokenizer.add_word(word, freq=freq, tag=tag)  # del_word's global set is restored above
    return jieba.posseg.POSTokenizer(tokenizer), PosSegmenter(_pos_additions())


def _pairs(tokens) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in tokens]


def test_pos_corpus_articles_tag_as_posseg(pos_pair):
    pytest.importorskip("rjieba")
    reference, ours = pos_pair
    rng = random.Random(5)
    for name, text in normalized_corpus():
        repaired = normalize_text(simulate(text, rng.randrange(1 << 30)).corrupted).text
        for version in (text, repaired):
            expected, got = _pairs(reference.lcut(version)), _pairs(ours.lcut(version))
            assert got == expected, f"{name}: {first_difference(expected, got)}"


@pytest.mark.parametrize("text", [
    "北京大学生前来应聘，庐阳区区长张明远出席。",                  # a deleted word; a place and a title
    "今年1-11月GDP增长5.8%，R&D投入2.5亿元，C++与AT&T，5G+工业。",
    "编号A_12、v1.2.3与1.5%，合肥 庐阳\r\n\t　投促中心",
])
def test_pos_tricky_strings_tag_as_posseg(pos_pair, text):
    pytest.importorskip("rjieba")
    reference, ours = pos_pair
    assert _pairs(ours.lcut(text)) == _pairs(reference.lcut(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES + ["大学生", "区长", "有限公司"]), min_size=1, max_size=40))
def test_pos_generated_strings_tag_as_posseg(pos_pair, pieces):
    pytest.importorskip("rjieba")
    reference, ours = pos_pair
    text = "".join(pieces)
    expected, got = _pairs(reference.lcut(text)), _pairs(ours.lcut(text))
    if got != expected:  # only an exact tie between dictionary routes may differ (see above)
        routes = ours._routes.route(text), reference.tokenizer.lcut(text, HMM=False)
        assert routes[0] != routes[1], first_difference(expected, got)
        scores = [route_log_probability(reference.tokenizer, route) for route in routes]
        assert math.isclose(*scores, rel_tol=1e-12, abs_tol=1e-9), first_difference(expected, got)


# -- the HMM cut of unknown runs: jieba.finalseg's words ------------------------------------

_HMM_CHARS = list("区市县企业项目投资亿元万年月日增长同比中国合肥新签约科技公司有限的了和在瑞控信庐阳") + ["鿕", "㐀"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_HMM_CHARS), min_size=1, max_size=30))
def test_hmm_words_are_finalseg_words(block):
    from extract.nlp import _hmm_words

    assert _hmm_words(block) == list(getattr(finalseg, "__cut")(block))


# -- jieba's dictionary, looked up from a cached index ---------------------------------------


def _dict_lines() -> dict[str, tuple[int, str]]:
    from extract.lexicon import _jieba_dict_path

    entries = {}
    with open(_jieba_dict_path(), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            entries[word] = (int(freq), tag)
    return entries


def test_jieba_dictionary_entries_built_and_cached(tmp_path, monkeypatch):
    from extract.lexicon import JiebaDictionary

    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    expected = _dict_lines()
    sample = list(expected)[::97] + list(user_words())
    built = JiebaDictionary()  # no cache yet: parses dict.txt and writes the index
    assert list(tmp_path.glob("jieba-dict-*.marshal"))
    loaded = JiebaDictionary()  # from the cache
    for dictionary in (built, loaded):
        for word in sample:
            assert dictionary.entry(word) == expected.get(word), word
    assert loaded.freq("的") == expected["的"][0] and loaded.tag("中国") == expected["中国"][1]
    assert loaded.entry("庐阳区投促中心") is None and loaded.entry("") is None


def test_cached_table_builds_once_per_key(tmp_path, monkeypatch):
    from extract.lexicon import cached_table

    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"区": frozenset({"qū", "ōu"}), "n": [1, 2]}

    first = cached_table("test", "key-1", build)
    assert cached_table("test", "key-1", build) == first and len(calls) == 1
    cached_table("test", "key-2", build)
    assert len(calls) == 2


def test_cached_table_without_a_writable_cache(tmp_path, monkeypatch):
    from extract.lexicon import cached_table

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EXTRACT_CACHE_DIR", str(blocker / "cache"))
    assert cached_table("test", "key", lambda: (1, "two")) == (1, "two")


def test_posseg_model_loaded_without_jieba_posseg_is_its_model(monkeypatch):
    import sys

    import jieba.posseg

    from extract.lexicon import posseg_model

    expected = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    posseg_model.cache_clear()
    monkeypatch.delitem(sys.modules, "jieba.posseg")  # as if nothing had imported it
    try:
        loaded = posseg_model()
    finally:
        posseg_model.cache_clear()
    assert all(ours is not theirs and ours == theirs for ours, theirs in zip(loaded, expected))
