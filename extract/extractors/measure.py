"""What a figure measures: the noun phrase the text attaches to a quantity.

Chinese puts the measured noun after the quantity when the quantity modifies it
(邀请19家金融机构, 建成10余万平方米的科创载体) and before it when the quantity is the
predicate (协议投资额227亿元, 融资金额超3亿元, 企业达30家). Noun-phrase boundaries come from
the pipeline's jieba segmenter (with the project's user dictionary), run on the clause
window on each side of the figure so that no token straddles the figure's edge, and from
the part-of-speech tags of jieba's dictionary; user-dictionary terms count as nouns.

A change (同比增长5.8%) measures its subject without the verb. A few constructions name the
measure elsewhere: a rate paid on a basis measures what it pays (按投资额的1.5%给予奖励 →
奖励), a duration the 从A到B span it takes (从申请到放款只需3天) or the benefit granted over
it (3年内给予租金减免).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from typing import Callable, NamedTuple, Sequence

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.tokens import Doc

from ..lexicon import jieba_dictionary

# jieba tags that can make up a noun phrase (n* nouns, vn verbal nouns, j abbreviations,
# l fixed expressions such as 固定资产, eng Latin words such as GDP).
NOUN_TAGS = {"n", "nr", "ns", "nt", "nz", "nl", "ng", "nrt", "nrfg", "vn", "an", "j", "l", "eng", "unknown"}
VERB_TAGS = {"v", "vd", "vi", "vq"}
PLACE_TAGS = {"ns"}
_VERBAL_TAGS = VERB_TAGS | {"vn"}
# ASCII "?" is left out on purpose: in normalized text it marks a lost character.
_SENTENCE_END = re.compile(r"[。！？!\n]+[”’\"」』]?")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_MAX_PHRASE_TOKENS = 6
_MAX_BACKWARD_TOKENS = 8  # a subject before its number may be long (家用电器和音像器材类零售额)
_MAX_QUOTED = 12
_MAX_SPAN = 24     # characters of a 从A到B span a duration measures
_MAX_GRANTED = 12  # characters of the benefit granted over a period (3年内给予…)
# 由法定的, 从原来的: the starting point of a change, written between a measure and its number.
_STARTING_POINT = re.compile(r"[由从][\u4e00-\u9fff]{1,4}的$")


class Token(NamedTuple):  # a tuple: made by the thousand, cheaper than a dataclass
    start: int
    end: int
    text: str
    tag: str


@lru_cache(maxsize=1 << 16)  # the words of news repeat: most look-ups are this cache's
def tag_of(word: str) -> str:
    """jieba's dictionary tag of a word (looked up without loading the dictionary whole),
    else a guess from its characters."""
    tag = jieba_dictionary().tag(word)
    if tag:
        return tag
    if _HAN.match(word) and len(word) >= 2:
        return "unknown"  # user-dictionary terms and HMM-found words: mostly nouns and names
    if _LATIN.match(word):
        return "eng"
    return "x"


class DocTokens:
    """The Doc's non-space tokens as offset arrays, read once with `Doc.to_array`.

    No per-token Python object is made up front (a Doc has one token per ~2 chars and a
    rule looks at a few of them): `token(i)` builds the `Token`, with its dictionary tag,
    of the tokens a rule asks for.
    """

    def __init__(self, doc: Doc, text: str):
        self._doc = doc
        self._text = text

    @cached_property
    def _offsets(self) -> tuple[list[int], list[int]]:
        rows = self._doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)
        rows = rows[rows[:, 2] == 0]
        return rows[:, 0].tolist(), (rows[:, 0] + rows[:, 1]).tolist()

    def index_at(self, pos: int) -> int:
        """Index of the last token starting at or before `pos` (-1 if none), in O(log n)."""
        return bisect_right(self._offsets[0], pos) - 1

    @cached_property
    def _starts(self) -> memoryview:
        """Where every token starts, space tokens included: one attribute read, and no
        Python int made until a position is looked up."""
        return memoryview(self._doc.to_array(IDX))

    def span_at(self, pos: int) -> tuple[int, int] | None:
        """[start, end) of the non-space token covering `pos`, or None (no Token is built).

        A non-whitespace character lies in a non-space token (no token mixes whitespace in),
        the last one starting at or before it; that token ends where the next one starts,
        or one before, where it carries a trailing space (spaCy's flag for a single " ").
        """
        text = self._text
        if text[pos:pos + 1].isspace():
            return None  # a space token, or the space after a token: no non-space token
        starts = self._starts
        index = bisect_right(starts, pos) - 1
        if index < 0:
            return None
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        if text[end - 1:end] == " ":
            end -= 1
        return (starts[index], end) if pos < end else None

    def token(self, index: int) -> Token:
        starts, ends = self._offsets
        start, end = starts[index], ends[index]
        word = self._text[start:end]
        return Token(start, end, word, tag_of(word))

    def within(self, start: int, end: int) -> list[Token]:
        """The tokens lying wholly inside [start, end), in text order."""
        starts, ends = self._offsets
        found = []
        for index in range(bisect_left(starts, start), len(starts)):
            if ends[index] > end:
                break  # tokens do not overlap: every later one ends later still
            found.append(self.token(index))
        return found


def sentence_ends(text: str) -> list[int]:
    """Where each sentence ends (the last one may end at the text's end unmarked)."""
    return [match.end() for match in _SENTENCE_END.finditer(text)]


Segmenter = Callable[[str], Sequence[str]]
_CLAUSE_BREAK = re.compile(r"[，。、；：！？,;:!\n（）()《》…]")
_UP_TO_LAST_BREAK = re.compile(r".*" + _CLAUSE_BREAK.pattern, re.S)
_WINDOW = 24


def _segment_window(text: str, start: int, end: int, segment: Segmenter, words) -> list[Token]:
    """jieba tokens of text[start:end] with offsets and tags (dictionary tags, overridable)."""
    if start >= end:
        return []  # a figure at a clause edge: nothing to cut (half of all windows)
    tokens, pos = [], start
    nouns = words.get("noun", {})
    for word in segment(text[start:end]):
        tag = "n" if word in nouns else tag_of(word)
        tokens.append(Token(pos, pos + len(word), word, tag))
        pos += len(word)
    return tokens


def _clause_after(text: str, pos: int) -> int:
    match = _CLAUSE_BREAK.search(text, pos, min(len(text), pos + _WINDOW))
    return match.start() if match else min(len(text), pos + _WINDOW)


def _clause_before(text: str, pos: int) -> int:
    start = max(0, pos - _WINDOW)
    last = _UP_TO_LAST_BREAK.match(text, start, pos)  # greedy: the end of the last break
    return last.end() if last else start


_NOT_NOUN_ROLES = ("stop", "link", "growth", "comparator", "scope")


def _is_noun(token: Token, words) -> bool:
    """`words`: the `figures.figure_words()` table (roles of figure_words.tsv)."""
    return token.tag in NOUN_TAGS and token.text not in words.union(_NOT_NOUN_ROLES)


def _is_head_noun(token: Token) -> bool:
    return token.tag in NOUN_TAGS and token.tag != "vn"


def forward_phrase(text: str, end: int, segment: Segmenter, words) -> str | None:
    """The noun phrase right after the quantity (…19家金融机构, …的科创载体, …“高质量燃烧”)."""
    after_de, window, following_char = _forward_window(text, end)
    if window is None:
        return _quoted_after(text, end + int(after_de) + 1)  # past 的 and the quote
    return forward_in_window(window, following_char, after_de, segment, words)


def _forward_window(text: str, end: int) -> tuple[bool, str | None, str]:
    """(whether 的 follows the quantity, the clause window after it, the character after the
    window): all a forward phrase depends on. The window is None when a quote opens there."""
    after_de = text[end:end + 1] == "的"
    if after_de:
        end += 1
    if text[end:end + 1] and text[end] in "“‘\"「":
        return after_de, None, ""
    clause_end = _clause_after(text, end)
    return after_de, text[end:clause_end], text[clause_end:clause_end + 1]


def forward_in_window(window: str, following_char: str, after_de: bool, segment: Segmenter, words) -> str | None:
    """`forward_phrase` on its clause window (`following_char`: the character after it)."""
    tokens = _segment_window(window, 0, len(window), segment, words)
    if after_de and len(tokens) == 1 and tokens[0].tag in _VERBAL_TAGS and len(tokens[0].text) >= 2:
        return tokens[0].text  # 3至5个月的手续，…: jieba tags some nouns as verbs
    phrase: list[Token] = []
    awards = words.get("award", {})
    for index, token in enumerate(tokens):
        # 纯信用额度, 优质企业; 节前资金支持 (a time word modifies the noun after it)
        modifier = token.tag == "a" and len(token.text) <= 2 or token.tag == "t" and len(token.text) >= 2
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if after_de and phrase and _is_compound_verb(token, following, words):
            modifier = True  # 的中小企业转贷应急资金池: a verb inside a compound after 的
        if phrase and token.text in awards:
            modifier = True  # 房租减免, 资金支持: what is given, named by a verb after its noun
        if not (_is_noun(token, words) or modifier) or len(phrase) >= _MAX_PHRASE_TOKENS:
            break
        phrase.append(token)
    if len(phrase) == 1 and phrase[0].tag == "vn" and (window + following_char)[phrase[0].end:phrase[0].end + 1] != "的":
        return phrase[0].text  # 50%贴息支持: a verbal noun standing alone (not 投资12亿元建设的…)
    while phrase and not (_is_head_noun(phrase[-1]) or phrase[-1].text in awards):
        phrase.pop()  # 驻外招商小分队 keeps its verbal-noun modifiers, but a phrase ends on a noun
    if phrase and phrase[0].tag in PLACE_TAGS:
        return None  # a place after a quantity starts a new constituent
    return "".join(t.text for t in phrase) or None


class Phrases:
    """`forward_phrase` and `backward_phrase` for one segmenter, remembered by the text each
    depends on: the clause window after the quantity, the clause before it.

    Those windows repeat (a figure at a clause edge has an empty one; 同比增长, 规模以上工业
    增加值 come back in every report): in distinct real articles about three forward windows
    in four and one backward clause in five were seen before in the same process, and a
    remembered phrase costs a dictionary look-up instead of a jieba cut and a tag walk.
    """

    def __init__(self, segment: Segmenter, words, size: int):
        self._forward = lru_cache(maxsize=size)(partial(forward_in_window, segment=segment, words=words))
        self._backward = lru_cache(maxsize=size)(partial(backward_in_clause, segment=segment, words=words))

    def forward(self, text: str, end: int) -> str | None:
        after_de, window, following_char = _forward_window(text, end)
        if window is None:
            return _quoted_after(text, end + int(after_de) + 1)  # past 的 and the quote
        return self._forward(window, following_char, after_de)

    def backward(self, text: str, start: int) -> Backward:
        return self._backward(text[_clause_before(text, start):start])


def _is_compound_verb(token: Token, following: Token | None, words) -> bool:
    """A two-character verb between nouns that is no predicate (转贷 of 企业转贷应急资金池)."""
    return (token.tag in VERB_TAGS and len(token.text) == 2 and following is not None
            and _is_noun(following, words)
            and token.text not in words.get("predicate", {}) and token.text not in words.get("link", {}))


def _quoted_after(text: str, start: int) -> str | None:
    close = re.search(r"[”’\"」]", text[start:start + _MAX_QUOTED + 1])
    if not close:
        return None
    content = text[start:start + close.start()]
    return content if content and not re.search(r"[，。、；：,;:！？]", content) else None


def _strip_suffix_word(text: str, start: int, pos: int, table) -> tuple[int, str | None]:
    """If text[start:pos] ends with a word of `table`, step back over the longest one."""
    longest = min(6, pos - start)
    for length in word_lengths(table):
        if length <= longest and text[pos - length:pos] in table:
            return pos - length, text[pos - length:pos]
    return pos, None


def word_lengths(table) -> tuple[int, ...]:
    """The word lengths of a table, longest first (`figures.Words` knows its own)."""
    lengths = getattr(table, "lengths", None)
    return lengths if lengths is not None else tuple(sorted({len(word) for word in table if word}, reverse=True))


@dataclass(frozen=True)
class Backward:
    """What precedes a quantity: its noun phrase, the growth phrase that makes it a change
    (同比增长), and whether it was compared with a yardstick (高于全省, 比6月末)."""
    phrase: str | None
    growth: str | None
    compared: bool = False


def backward_phrase(text: str, start: int, segment: Segmenter, words) -> Backward:
    """The measure written before the quantity.

    Linking words (达, 为, 压缩至 …) are stepped over, as is the 的 of 目标任务的89%; a growth
    verb (同比增长5.8%) makes the figure a change, whose noun phrase is looked for before the
    growth phrase; a comparison (增速高于全省0.8个百分点, 较法定时限压缩75%) measures what is
    compared, not the yardstick.
    """
    return backward_in_clause(text[_clause_before(text, start):start], segment, words)


def backward_in_clause(clause: str, segment: Segmenter, words) -> Backward:
    """`backward_phrase` on the clause before the quantity: all it depends on."""
    pos, link = len(clause), True
    while link:
        pos, link = _strip_suffix_word(clause, 0, pos, words.get("link", {}))
    if pos > 0 and clause[pos - 1] == "的":
        pos -= 1
        starting_point = _STARTING_POINT.search(clause, 0, pos + 1)
        if starting_point:
            pos = starting_point.start()  # 时限由法定的20个工作日: 由法定的 says where it started
    return _measure_ending(clause, 0, pos, segment, words, compare=True)


def _measure_ending(text: str, clause_start: int, pos: int, segment: Segmenter, words, compare: bool) -> Backward:
    growth_end = pos
    pos, growth = _strip_suffix_word(text, clause_start, pos, words.get("growth", {}))
    if growth:
        modifier = True
        while modifier:
            pos, modifier = _strip_suffix_word(text, clause_start, pos, words.get("modifier", {}))
        growth = text[pos:growth_end]
    tokens = _segment_window(text, clause_start, pos, segment, words)
    marker = _yardstick_marker(tokens, words) if compare else None
    if marker is not None:
        inner = _measure_ending(text, clause_start, tokens[marker].start, segment, words, compare=False)
        return Backward(inner.phrase, ((inner.growth or "") + (growth or "")) or None, True)
    phrase, _ = _noun_phrase_ending(tokens, words)
    return Backward(phrase, growth)


def _yardstick_marker(tokens: list[Token], words) -> int | None:
    """Index of 比/较/高于 … when only the yardstick (nouns, dates, scope) follows it."""
    comparators = words.get("comparator", {})
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _MAX_PHRASE_TOKENS), -1):
        token = tokens[index]
        if token.text in comparators:
            return index
        if token.tag in VERB_TAGS:
            return None
    return None


def _noun_phrase_ending(tokens: list[Token], words) -> tuple[str | None, int | None]:
    phrase: list[Token] = []
    index = len(tokens) - 1
    while index >= 0 and len(phrase) < _MAX_BACKWARD_TOKENS:
        token = tokens[index]
        joined = _joined_modifier(tokens, index, phrase, words)
        if joined is not None:
            phrase, index = joined
            continue
        if not (_is_noun(token, words) or _is_inner_word(token, words)):
            break
        if index > 0 and tokens[index - 1].text[-1:].isdigit() and token.tag != "eng":
            break  # 3号线|日均客流量: a word glued to a number is a name, not part of the measure
        phrase.insert(0, token)
        index -= 1
    phrase = _trim_phrase(phrase, words)
    return ("".join(t.text for t in phrase) or None), (phrase[0].start if phrase else None)


def _joined_modifier(tokens: list[Token], index: int, phrase: list[Token], words):
    """(phrase, next index) when tokens[index] joins the phrase as part of a modifier.

    Modifiers jieba cuts apart that still belong to the measure: 新 before a verb
    (新签约项目, 新设立经营主体), a threshold (亿元以上项目, 限额以上企业), a class suffix
    (音像器材类零售额), a coordinator between nouns (家用电器和音像器材类零售额) and a
    determiner (各项贷款余额).
    """
    if not phrase:
        return None
    token = tokens[index]
    previous = tokens[index - 1] if index > 0 else None
    if token.text == "新" and phrase[0].tag in VERB_TAGS:
        merged = Token(token.start, phrase[0].end, token.text + phrase[0].text, "vn")
        return [merged] + phrase[1:], index - 1
    if token.text in words.get("determiner", {}):
        return [token] + phrase, index - 1
    if previous is None:
        return None
    if _is_suffix_modifier(token, previous, words):
        merged = Token(previous.start, token.end, previous.text + token.text, "n")
        return [merged] + phrase, index - 2
    glued_to_number = index > 1 and tokens[index - 2].text[-1:].isdigit()
    if token.text in words.get("coordinator", {}) and _is_noun(previous, words) and not glued_to_number:
        return [token] + phrase, index - 1
    return None


def _is_suffix_modifier(token: Token, previous: Token, words) -> bool:
    """亿元|以上, 限额|以上 (a threshold after a unit or noun), 器材|类 (a class suffix)."""
    if previous.text[-1:].isdigit():
        return False  # 5000万元以上: a figure of its own, not part of the measure
    if token.text in words.get("threshold", {}):
        return previous.tag in ("m", "n") or previous.text in words.get("noun", {})
    return token.text in words.get("class_suffix", {}) and _is_noun(previous, words)


def _is_inner_word(token: Token, words) -> bool:
    """Verbs (新增就业, 审批时间) and two-character adjectives (平均审批时间) may modify a noun."""
    plain = Token(token.start, token.end, token.text, "n")
    return _is_noun(plain, words) and (token.tag in VERB_TAGS or (token.tag == "a" and len(token.text) == 2))


def _trim_phrase(phrase: list[Token], words) -> list[Token]:
    # A leading verb is the predicate (完成|固定资产投资), a leading place is the owner
    # (庐阳区|新签约项目); without a noun, only a compound of verbs is kept (新增就业).
    if not any(t.tag in NOUN_TAGS for t in phrase):
        return phrase if len(phrase) >= 2 and all(t.tag in VERB_TAGS for t in phrase) else []
    if phrase[-1].text in words.get("predicate", {}):
        return []  # 企业给予|50%: the verb is the predicate, its subject is no measure
    cuts = [i for i, t in enumerate(phrase) if t.text in words.get("predicate", {})]
    if cuts:
        phrase = phrase[cuts[-1] + 1:]  # 企业提供|就业岗位1500多个
    coordinators = words.get("coordinator", {})
    while phrase and (phrase[0].tag in VERB_TAGS or phrase[0].tag in PLACE_TAGS or phrase[0].text in coordinators):
        phrase.pop(0)
    return phrase


def _strip_words_before(text: str, start: int, pos: int, table) -> int:
    """Step back over any run of `table` words ending at pos."""
    word = True
    while word:
        pos, word = _strip_suffix_word(text, start, pos, table)
    return pos


def span_phrase(text: str, start: int, words) -> str | None:
    """The 从A到B span a duration measures (从提交申请到贷款到账只需5个工作日).

    The span may end one comma before the duration (从第一次接洽到正式签约，只用了不到两个月);
    only linking words (只需, 仅用了, 缩短至) may stand between the span and the number.
    """
    clause_start = _clause_before(text, start)
    pos = _strip_words_before(text, clause_start, start, words.get("span_link", {}))
    if pos == clause_start and pos > 0 and text[pos - 1] in "，,":
        pos -= 1
        clause_start = _clause_before(text, pos)
    opening = text.rfind("从", max(clause_start, pos - _MAX_SPAN), pos)
    if opening < 0:
        return None
    span = text[opening:pos]
    if "到" not in span[2:-1] or any(ch.isdigit() for ch in span) or _CLAUSE_BREAK.search(span):
        return None
    return span


def paid_rate_phrase(text: str, start: int, end: int, words) -> str | None:
    """What a rate paid on a basis measures: the thing given (按实际投资额的1.5%给予奖励 → 奖励).

    The basis (按…的) names what the rate is taken of; the grant after the number names what
    it pays: an award word, right after the number or after a granting verb (给予, 予以).
    """
    if text[start - 1:start] != "的":
        return None  # the usual case, told without finding the clause
    clause_start = _clause_before(text, start)
    before = text[clause_start:start]
    if not before.endswith("的") or not any(word in before for word in words.get("basis", {})):
        return None
    clause_end = _clause_after(text, end)
    pos = _strip_words_after(text, end, clause_end, words.get("grant", {}))
    rest = text[pos:clause_end]
    for length in range(min(len(rest), _MAX_PHRASE_TOKENS * 2), 0, -1):
        if any(rest[:length].endswith(word) for word in words.get("award", {})):
            return rest[:length]
    return None


def _strip_words_after(text: str, pos: int, end: int, table) -> int:
    """Step forward over any run of `table` words starting at pos."""
    moved = True
    while moved:
        moved = False
        longest = min(6, end - pos)
        for length in word_lengths(table):
            if length <= longest and text[pos:pos + length] in table:
                pos, moved = pos + length, True
                break
    return pos


def granted_phrase(text: str, end: int, words) -> str | None:
    """What a period is granted for: 3至5年内给予办公用房租金减免 → 办公用房租金减免.

    A duration followed by 内 and a granting verb measures the rest of the clause, the
    benefit given over that period.
    """
    pos = end + 1 if text[end:end + 1] == "内" else end
    after = _strip_words_after(text, pos, len(text), words.get("grant", {}))
    if after == pos:
        return None
    rest = text[after:_clause_after(text, after)]
    if not rest or len(rest) > _MAX_GRANTED or any(ch.isdigit() for ch in rest):
        return None
    return rest
