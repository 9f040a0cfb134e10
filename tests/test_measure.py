"""The building blocks of the figures component's measure search: tags, Doc token offsets,
word tables, and that figures found in a long text are those of its parts (no cost or
result depends on what lies far away)."""

import datetime as dt

import pytest

from extract.extractors.figures import Sentences, Words, _longest_at, _longest_ending_at, _segmenter_of, figure_words
from extract.extractors.measure import DocTokens, Phrases, Token, backward_phrase, forward_phrase, tag_of
from extract.nlp import build_nlp


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(("dates", "figures"))


# word, tag: jieba's dictionary tag, else a guess from the characters
TAGS = [
    ("企业", "n"),
    ("增长", "v"),
    ("投资", "vn"),
    ("今年", "t"),
    ("个", "q"),
    ("新签约", "unknown"),     # not in jieba's dictionary, two Han characters or more
    ("GDP", "eng"),
    ("5G", "x"),               # a Latin word starts with a letter
    ("，", "x"),
]


@pytest.mark.parametrize("word, tag", TAGS)
def test_tag_of(word, tag):
    assert tag_of(word) == tag


SENTENCES = [
    "2024年，该区新签约项目92个，协议投资额227亿元。",
    "全年实现地区生产总值1.2万亿元， 同比增长5.8%。\n最高可贷1200万元。",
    "  首次完成1亿摄氏度1066秒“高质量燃烧”。",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_doc_tokens_are_the_docs_non_space_tokens(nlp, text):
    doc = nlp.make_doc(text)
    tokens = DocTokens(doc, text)
    expected = [t for t in doc if not t.is_space]
    for index, token in enumerate(expected):
        assert tokens.token(index) == Token(token.idx, token.idx + len(token.text), token.text, tag_of(token.text))
    for pos in range(len(text)):
        index = tokens.index_at(pos)
        starting = [i for i, t in enumerate(expected) if t.idx <= pos]
        assert index == (starting[-1] if starting else -1)
    for start in range(len(text)):
        for end in range(start, min(len(text), start + 8) + 1):
            inside = [t.text for t in expected if start <= t.idx and t.idx + len(t.text) <= end]
            assert [t.text for t in tokens.within(start, end)] == inside


# table, text, position, longest word starting there, longest (<= 4 chars) ending there
LOOKUPS = [
    (("万", "万元", "亿元", "元"), "投资3万元建设", 3, "万元", None),
    (("万", "万元", "亿元", "元"), "投资3万元建设", 5, None, "万元"),
    (("同比增长", "增长", "同比"), "同比增长5.8%", 0, "同比增长", None),
    (("同比增长", "增长", "同比"), "同比增长5.8%", 4, None, "同比增长"),
    (("至", "——", "-"), "3——5年", 1, "——", None),
    (("至",), "3至", 2, None, "至"),   # the end of the text
]


@pytest.mark.parametrize("words, text, pos, starting, ending", LOOKUPS)
def test_word_table_lookups(words, text, pos, starting, ending):
    table = Words(dict.fromkeys(words))
    assert _longest_at(text, pos, table) == starting
    assert _longest_ending_at(text, pos, table) == ending
    # a plain container gives the same answers
    assert _longest_at(text, pos, set(words)) == starting
    assert _longest_ending_at(text, pos, set(words)) == ending


def test_role_unions_are_the_roles_words():
    words = figure_words()
    union = words.union(("link", "growth"))
    assert union == set(words["link"]) | set(words["growth"])
    assert words.union(("link", "growth")) is union  # built once


def _figures(nlp, text):
    doc = nlp.make_doc(text)
    doc._.reference_date = dt.date(2025, 2, 12)
    doc._.unrecoverable = []
    for _, component in nlp.pipeline:
        doc = component(doc)
    return [(f.text, f.value, f.measure, f.span) for f in doc._.figures]


def test_figures_of_repeated_paragraphs_are_the_paragraphs_figures(nlp):
    paragraph = ("今年一季度，全区完成固定资产投资12.5亿元，同比增长8.3%；新签约亿元以上项目15个，"
                 "最高可获得500万元奖励，从受理到办结只需3个工作日。")
    one = _figures(nlp, paragraph)
    many = _figures(nlp, "\n".join([paragraph] * 20))
    shift = len(paragraph) + 1
    assert many == [(t, v, m, (s + k * shift, e + k * shift)) for k in range(20) for t, v, m, (s, e) in one]


SPACED = [
    "2024年 全区 新签约项目92个。\n\n协议投资额 227 亿元",
    "\u3000首次完成1亿摄氏度\r\n1066秒 “高质量燃烧”。 ",
    "增长 5.8% ， 高于全省 0.8 个百分点",
    "合计  3 个   项目\t投资 \n 5亿元  ",
]


@pytest.mark.parametrize("text", SENTENCES + SPACED)
def test_span_at_is_the_non_space_token_covering_a_position(nlp, text):
    doc = nlp.make_doc(text)
    tokens = DocTokens(doc, text)
    for pos in range(len(text) + 1):
        covering = [(t.idx, t.idx + len(t.text)) for t in doc
                    if not t.is_space and t.idx <= pos < t.idx + len(t.text)]
        assert tokens.span_at(pos) == (covering[0] if covering else None)


MEASURED = [
    "2024年，该区新签约项目92个，协议投资额227亿元，同比增长5.8%，增速高于全省0.8个百分点。",
    "建成10余万平方米的科创载体，设立总额三千万元的招商引资奖励资金。",
    "首次完成1亿摄氏度1066秒“高质量燃烧”，时限由法定的20个工作日压缩至5个工作日。",
]


@pytest.mark.parametrize("text", MEASURED)
def test_remembered_phrases_are_the_phrases(nlp, text):
    segment = _segmenter_of(nlp)
    words = figure_words()
    phrases = Phrases(segment, words, size=8)  # small: entries are dropped and made again
    for _ in range(2):  # the second round answers from memory where it can
        for pos in range(len(text) + 1):
            assert phrases.forward(text, pos) == forward_phrase(text, pos, segment, words)
            assert phrases.backward(text, pos) == backward_phrase(text, pos, segment, words)


# text, position, its sentence (stripped; sentences end at 。！？! or a line break)
SENTENCE_CASES = [
    ("增长5.8%。 投资3亿元！\n新增就业3.5万人", 2, "增长5.8%。"),
    ("增长5.8%。 投资3亿元！\n新增就业3.5万人", 9, "投资3亿元！"),
    ("增长5.8%。 投资3亿元！\n新增就业3.5万人", 20, "新增就业3.5万人"),
    ("他说：“增长5.8%。”随后", 4, "他说：“增长5.8%。”"),
    ("无句号的一句话100个", 7, "无句号的一句话100个"),
]


@pytest.mark.parametrize("text, pos, sentence", SENTENCE_CASES)
def test_sentence_of_a_position(text, pos, sentence):
    assert Sentences(text).at(pos) == sentence
