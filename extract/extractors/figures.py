"""The `figures` component: every quantity stated with a number and a unit → doc._.figures.

A figure is found on the characters (numeral, optional 余/多, multipliers, unit from
`units.tsv`), then qualified (`figure_words.tsv`), then given the noun phrase it measures
(`measure.py`, from jieba segments and tags around it). Dates found by the `dates` component and unrecoverable
spans are skipped; ordinals, slogans and numbers inside names are not figures.

Cost: the work per figure is a few table look-ups on the characters around it; what depends
on text alone is remembered (numerals, the measure phrase of a clause window), and the Doc's
tokens are read once, as an array of offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal, getcontext
from functools import lru_cache
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import read_rows
from ..numerals import (
    CHINESE_NUMERAL_CHARS,
    DIGITS,
    LARGE_UNITS,
    MULTIPLIER_CHARS,
    NUMERAL_PATTERN,
    NumeralRange,
    clean_decimal,
    ends_with_multiplier,
    has_digit,
    numeral_multiplier,
    parse_numeral_range,
)
from ..records import Figure
from ..nlp import doc_text
from .measure import (
    DocTokens,
    Phrases,
    Segmenter,
    granted_phrase,
    paid_rate_phrase,
    sentence_ends,
    span_phrase,
    tag_of,
    word_lengths,
)

# The lookahead lets the regex engine pass over, in C, the characters no numeral starts with.
_NUMERAL_RE = re.compile(f"(?=[0-9０-９{CHINESE_NUMERAL_CHARS}])" + NUMERAL_PATTERN)
_PERCENT_WORD_RE = re.compile(r"百分之([零〇一二两三四五六七八九十百点\d.]+)")
_RANGE_CONNECTORS = ("至", "到", "-", "—", "–", "~", "～", "－", "——")
_OPEN_QUOTES = "“‘\"'「『"
WINDOW_CACHE_SIZE = 4096  # segmented clause windows, and phrases, kept per component (a few hundred KB)
_INFIXES = "余多几"
_ARTICLE_NUMERALS = ("一", "壹", "零", "〇")  # 一批, 一年之计, 零部件: no count
_COORDINATORS = ("和", "及", "、", "与", "以及")
# Tags of dictionary words that a one-character unit cannot begin (位数/n, 部门/n, 成为/v).
_GAP_VERB_TAGS = {"v", "vn", "vd"}
_WORD_TAGS = {"n", "nr", "ns", "nt", "nz", "ng", "nl", "vn", "v", "a", "ad", "an", "d", "l", "i", "unknown"}


@dataclass(frozen=True)
class UnitEntry:
    surface: str
    unit: str
    kind: str
    factor: Decimal
    scales: bool  # the factor is anything but a plain 1 (written "1")


class Words(dict):
    """A word table that knows, for each character its words start (end) with, the lengths
    of those words: a longest-match look-up tries only lengths some word there has (most
    characters start words of one or two lengths; the loops went to seven)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lengths = tuple(sorted({len(word) for word in self if word}, reverse=True))
        self.firsts = frozenset(word[:1] for word in self if word)
        self._starting = _lengths_by(self, lambda word: word[0], 7)
        self._ending = _lengths_by(self, lambda word: word[-1], 4)

    def longest_at(self, text: str, pos: int) -> str | None:
        """The longest word (at most 7 characters) that starts at text[pos]."""
        for length in self._starting.get(text[pos:pos + 1], ()):
            piece = text[pos:pos + length]  # shorter at the text's end: then no longer word fits
            if piece in self:
                return piece
        return None

    def longest_ending_at(self, text: str, pos: int) -> str | None:
        """The longest word (at most 4 characters) that ends at text[pos] (before it)."""
        if pos < 1:
            return None
        for length in self._ending.get(text[pos - 1], ()):
            if pos >= length:
                piece = text[pos - length:pos]
                if piece in self:
                    return piece
        return None


def _lengths_by(words, key, longest: int) -> dict[str, tuple[int, ...]]:
    """key character → the lengths (at most `longest`) of the words with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in words:
        if word and len(word) <= longest:
            lengths.setdefault(key(word), set()).add(len(word))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


NO_WORDS = Words()
_CONNECTOR_WORDS = Words(dict.fromkeys(_RANGE_CONNECTORS))


@lru_cache(maxsize=1)
def unit_table() -> Words:
    table = {}
    for row in read_rows("units.tsv"):
        surface, unit, kind, factor = (row + ["", "", "1"])[:4]
        factor = Decimal(factor or "1")
        table[surface] = UnitEntry(surface, unit, kind, factor, factor.as_tuple() != (0, (1,), 0))
    return Words(table)


class Roles(dict):
    """role → Words of figure_words.tsv (a role the file does not have: no words)."""

    def __missing__(self, role: str) -> Words:
        return NO_WORDS

    def union(self, roles: tuple[str, ...]) -> frozenset[str]:
        """The words of all of `roles` (built once per tuple of roles)."""
        cache = self.__dict__.setdefault("_unions", {})
        if roles not in cache:
            cache[roles] = frozenset(word for role in roles for word in self.get(role, ()))
        return cache[roles]


@lru_cache(maxsize=1)
def figure_words() -> Roles:
    """role → {word: value} from figure_words.tsv."""
    roles: dict[str, dict[str, str]] = {}
    for row in read_rows("figure_words.tsv"):
        word, role, value = (row + ["", ""])[:3]
        roles.setdefault(role, {})[word] = value
    return Roles((role, Words(table)) for role, table in roles.items())


def _longest_at(text: str, pos: int, words) -> str | None:
    """The longest word of `words` (at most 7 characters) that starts at text[pos]."""
    if isinstance(words, Words):
        return words.longest_at(text, pos)
    for length in word_lengths(words):
        if length <= 7:
            piece = text[pos:pos + length]
            if len(piece) == length and piece in words:
                return piece
    return None


def _longest_ending_at(text: str, pos: int, words) -> str | None:
    """The longest word of `words` (at most 4 characters) that ends at text[pos]."""
    if isinstance(words, Words):
        return words.longest_ending_at(text, pos)
    for length in word_lengths(words):
        if length <= 4 and pos - length >= 0:
            piece = text[pos - length:pos]
            if piece in words:
                return piece
    return None


@dataclass
class Quantity:
    """One number with its unit, before qualification: [start, end) covers numeral to unit."""
    start: int
    end: int
    low: Decimal
    high: Decimal | None
    unit: UnitEntry
    infix_approx: str | None
    multiplier: str  # multiplier characters written on the number (亿 of 227亿元)
    numeral: str


@lru_cache(maxsize=8192)
def _digit_bearing(numeral: str) -> bool:
    """`has_digit`, remembered: a text's numerals repeat (1, 2024, 10万)."""
    return has_digit(numeral)


# The commonest numeral of news, 227亿 or 5.8: Arabic digits and at most one 万/亿.
_PLAIN_NUMERAL = re.compile(r"([0-9]+(?:\.[0-9]+)?)([万亿]?)")


class Numeral(NamedTuple):
    numbers: NumeralRange
    multiplier: str  # written on the number: 亿 of 227亿
    clean: bool      # a plain numeral's value: clean (`clean_decimal`) and short enough that
                     # times a factor of 1 it stays itself (no rounding to the context's digits)


@lru_cache(maxsize=8192)
def _read_numeral(numeral: str) -> Numeral | None:
    """`parse_numeral_range` and the multiplier written on the number (`ends_with_multiplier`
    of it without 几), None where it is no well-formed numeral (remembered, with the
    refusals: raising and catching costs more than the parse's own cache saves).

    The plain form (227亿, 5.8) is read here with the parser's own arithmetic (the digits as
    a Decimal, times the multiplier, cleaned): most numerals are new to the cache, and the
    general parser's steps cost several times that (tests/test_figures.py pins the two equal).
    """
    plain = _PLAIN_NUMERAL.fullmatch(numeral)
    if plain:
        value = Decimal(plain.group(1))
        if plain.group(2):
            value = value * LARGE_UNITS[plain.group(2)]
        value = clean_decimal(value)
        short = len(value.as_tuple().digits) < getcontext().prec
        return Numeral(NumeralRange(value, None), plain.group(2), short)
    try:
        return Numeral(parse_numeral_range(numeral), ends_with_multiplier(numeral.replace("几", "")), False)
    except ValueError:
        return None


def _read_quantity(text: str, start: int, tokens: DocTokens, match: re.Match | None = None) -> Quantity | None:
    """Read numeral [+ 余/多/几] [+ multipliers] + unit starting at `start` (`match`: the
    numeral there, when the caller has it)."""
    match = match or _NUMERAL_RE.match(text, start)
    if not match:
        return None
    numeral = match.group()
    if not (numeral[0].isdigit() or _digit_bearing(numeral)):
        return None
    numeral_end = pos = match.end()
    infix = text[pos:pos + 1]
    if infix and infix in _INFIXES:
        pos += 1
        while pos < len(text) and text[pos] in MULTIPLIER_CHARS:
            pos += 1
    else:
        infix = ""
    # The unit may begin inside the trailing multiplier run (5千米, 30万千瓦): try each split
    # and keep the longest unit, then the longest numeral. After an infix (十余万元) the
    # split comes after it.
    first_split = start + len(numeral.rstrip(MULTIPLIER_CHARS)) or numeral_end
    first_split = numeral_end + 1 if infix else max(first_split, start + 1)
    units = unit_table()
    firsts = units.firsts
    best = None
    for split in range(first_split, pos + 1):
        unit_pos = split
        trailing_over = not infix and text[split:split + 1] == "多"
        if trailing_over:
            unit_pos += 1  # 1万多元
        # The unit first: most splits have none and need no parsing.
        if text[unit_pos:unit_pos + 1] not in firsts:
            continue
        surface = units.longest_at(text, unit_pos)
        if not surface:
            continue
        numeral_text = text[start:split]
        if "余" in numeral_text or "多" in numeral_text:
            numeral_text = numeral_text.replace("余", "").replace("多", "")
        numbers = _read_numeral(numeral_text)
        if numbers is None:
            continue
        if best is not None and len(surface) < len(best[1]):
            continue  # a shorter unit than one already found: never kept
        if len(surface) == 1 and not _unit_stands_alone(text, unit_pos, surface, tokens):
            continue
        approx = "over" if infix in ("余", "多") or trailing_over else None
        best = (split, surface, numbers, approx, unit_pos, numeral_text)
    if best is None:
        return None
    split, surface, (numbers, multiplier, clean), approx, unit_pos, numeral_text = best
    entry = units[surface]
    if clean and not entry.scales:
        low, high = numbers.low, numbers.high  # what the two lines below would give
    else:
        low = clean_decimal(numbers.low * entry.factor)
        high = clean_decimal(numbers.high * entry.factor) if numbers.high is not None else None
    if "几" in numeral_text:
        approx = None  # 十几 is already a range
    return Quantity(start, unit_pos + len(surface), low, high, entry, approx, multiplier, numeral_text)


def _unit_stands_alone(text: str, pos: int, surface: str, tokens: DocTokens) -> bool:
    """A one-character unit must not begin a longer word (两位数, 三部门, 5年来, 3成果)."""
    if len(surface) > 1:
        return True
    if figure_words()["not_unit"].longest_at(text, pos):
        return False
    token = tokens.span_at(pos)
    if token is None:
        return True
    start, end = token
    # 年内, 天内, 年后 extend the unit with a position word; 位数, 部门 are other words.
    if end == pos + 1:
        return True
    word = text[start:end]
    return word in unit_table() or tag_of(word) not in _WORD_TAGS


def _read_range(text: str, first: Quantity, tokens: DocTokens) -> Quantity | None:
    """The second half of 3%-5%, 5万至10万元: a connector after the first quantity's unit."""
    connector = _CONNECTOR_WORDS.longest_at(text, first.end)
    if not connector:
        return None
    second = _read_quantity(text, first.end + len(connector), tokens)
    if second is None or second.unit.unit != first.unit.unit:
        return None
    return second


def _bare_range(text: str, start: int, tokens: DocTokens, match: re.Match | None = None) -> Quantity | None:
    """10-20亿元, 3至5年, 30至50个: a bare numeral, a connector, then a full quantity."""
    match = match or _NUMERAL_RE.match(text, start)
    if not match or not _digit_bearing(match.group()):
        return None
    connector = _CONNECTOR_WORDS.longest_at(text, match.end())
    if not connector:
        return None
    second = _read_quantity(text, match.end() + len(connector), tokens)
    if second is None:
        return None
    first = Quantity(start, match.end(), Decimal(0), None, second.unit, None, "", match.group())
    return _joined_range(text, start, first, second)


def _joined_range(text: str, start: int, first: Quantity, second: Quantity) -> Quantity | None:
    low = _range_low(text, start, second)
    high = second.high or second.low
    if low is None or not low < high:
        return None
    return Quantity(start, second.end, low, high, second.unit, None, second.multiplier, first.numeral)


def _range_low(text: str, first_start: int, second: Quantity) -> Decimal | None:
    """The lower bound: the first numeral, inheriting the second's multiplier (10-20亿)."""
    match = _NUMERAL_RE.match(text, first_start)
    read = _read_numeral(match.group())
    if read is None:
        return None
    low = read.numbers.low
    if second.multiplier and not ends_with_multiplier(match.group()):
        low *= numeral_multiplier(second.multiplier)
    return clean_decimal(low * second.unit.factor)


def _is_excluded(text: str, quantity: Quantity, numeral_start: int) -> bool:
    """Ordinals, slogans, names and years are not figures."""
    before = text[numeral_start - 1] if numeral_start > 0 else ""
    after = text[quantity.end:quantity.end + 1]
    numeral = quantity.numeral
    if before == "第" or (before and (before.isascii() and before.isalnum() or before in ".．")):
        return True
    if before == "?" or after == "?":
        return True  # a digit next to a lost character: the number itself is not known
    if numeral in _ARTICLE_NUMERALS:
        return True  # 一批, 一个个, 一年之计: an article, not a count; 零部件
    if after and after in DIGITS:
        return True  # 五个一, 三个一批
    if before and before in _OPEN_QUOTES and not numeral[:1].isdigit():
        return True  # “两个维护”
    if figure_words()["name"].longest_at(text, quantity.end):
        return True  # 三年行动计划
    if quantity.unit.unit == "年" and quantity.high is None and len(numeral) == 4 and 1900 <= quantity.low <= 2100:
        return True  # a year the dates component did not take
    return False


def _approx(text: str, start: int, end: int, quantity: Quantity, tokens: DocTokens) -> tuple[str, int, int]:
    """The qualifier and the span widened to cover it (超3亿元, 30家以上)."""
    words = figure_words()
    prefixes = words["prefix"]
    prefix = prefixes.longest_ending_at(text, start)
    if prefix and words["not_prefix"].longest_ending_at(text, start):
        prefix = None  # 签约38个, 节约30%: the character ends another word, it qualifies nothing
    suffixes = words["suffix"]
    suffix = suffixes.longest_at(text, end)
    if suffix == "多" and quantity.infix_approx:
        suffix = None
    approx = "exact"
    if prefix:
        approx, start = prefixes[prefix], start - len(prefix)
    if quantity.infix_approx and approx == "exact":
        approx = quantity.infix_approx
    if approx == "exact":
        approx = _distant_bound(text, start, tokens)
    if suffix:
        if approx == "exact":
            approx = suffixes[suffix]
        end += len(suffix)
    return approx, start, end


_BOUND_GAP = 4  # characters a bound word may stand before its number (最高可申请)
_BOUND_REACH = 10  # characters before the number where `_distant_bound` looks at all
_HAN_TAIL = re.compile(r"[\u4e00-\u9fff]{1,8}$")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=1)
def _bound_words() -> dict[str, str]:
    """The two-character bound words among the prefixes (最高, 最低; not 不低于)."""
    prefixes = figure_words().get("prefix", {})
    return {w: a for w, a in prefixes.items() if len(w) == 2 and a in ("at_most", "at_least")}


@lru_cache(maxsize=1)
def _bound_word_re() -> re.Pattern:
    """Any bound word: most numbers have none in reach, and need no closer look."""
    words = sorted(_bound_words(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def _distant_bound(text: str, start: int, tokens: DocTokens) -> str:
    """最高额度可达800万元, 最高可贷1200万元, 最高奖励500万元: a bound word bounds the number
    through a modal (可, 能) or a verb of giving standing between them.

    Without either the words name a different measure (最高气温达38℃ is exact).
    """
    # Everything below reads text[start - 10:start]: without a bound word there, exact.
    if not _bound_word_re().search(text, max(0, start - _BOUND_REACH), start):
        return "exact"
    window = _HAN_TAIL.search(text, max(0, start - _BOUND_REACH), start)
    if not window:
        return "exact"
    bounds = _bound_words()
    if window.group().endswith("可达"):
        for word, approx in bounds.items():
            if word in window.group()[:-2]:
                return approx
    for gap in range(1, _BOUND_GAP + 1):
        word = text[max(0, start - gap - 2):start - gap]
        if word in bounds and _verb_gap(text, start - gap, start, tokens):
            return bounds[word]
    return "exact"


def _verb_gap(text: str, start: int, end: int, tokens: DocTokens) -> bool:
    """Whether text[start:end] is a modal verb phrase (可贷, 可获, 能申请) or verbs alone (奖励)."""
    if text[start] in "可能":
        return bool(_HAN_RUN.fullmatch(text, start, end))
    inside = tokens.within(start, end)
    return (sum(len(t.text) for t in inside) == end - start
            and all(t.tag in _GAP_VERB_TAGS for t in inside))


class CoveredChars:
    """Character positions covered by spans, as a byte per character of the text: an overlap
    test is one `bytearray.find` over the span, in C."""

    def __init__(self, size: int, spans=()):
        self.mask = bytearray(size)
        for span in spans:
            self.add(span)

    def add(self, span: tuple[int, int]) -> None:
        start, end = max(0, span[0]), min(len(self.mask), span[1])
        if start < end:
            self.mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, span: tuple[int, int]) -> bool:
        # find() clips the end to the mask, and finds nothing in an empty range.
        return self.mask.find(1, max(0, span[0]), span[1]) >= 0


class Sentences:
    """The sentence of a position, stripped: the text runs from one sentence end
    (`measure.sentence_ends`) to the next. The ends are found in one pass and bisected; each
    sentence's text is stripped once (it holds several figures)."""

    def __init__(self, text: str):
        self.text = text
        self.ends = sentence_ends(text)
        self._texts: dict[int, str] = {}

    def at(self, pos: int) -> str:
        if not 0 <= pos < len(self.text):
            return self.text.strip()
        index = bisect_right(self.ends, pos)  # sentence `index` holds pos
        found = self._texts.get(index)
        if found is None:
            start = self.ends[index - 1] if index else 0
            end = self.ends[index] if index < len(self.ends) else len(self.text)
            found = self._texts[index] = self.text[start:end].strip()
        return found


@dataclass(slots=True)
class Draft:
    """A figure being worked out: a `Figure`'s fields, made a record once its measure is
    known (each assignment to a record goes through pydantic's `__setattr__`, and measures
    are assigned up to twice: the record is made once, complete)."""
    text: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    unit_kind: str
    approx: str
    span: tuple[int, int]
    sentence: str
    measure: str | None = None
    spelled: bool = False  # 百分之十二: no qualifier nor range is read for it

    def record(self) -> Figure:
        # model_validate of a dict: the same validation and the same set fields as
        # Figure(**fields), without the keyword packing and the Python-level __init__.
        if self.spelled:
            return Figure.model_validate({
                "text": self.text, "value": self.value, "unit": self.unit, "unit_kind": self.unit_kind,
                "span": self.span, "sentence": self.sentence, "measure": self.measure})
        return Figure.model_validate({
            "text": self.text, "value": self.value, "value_max": self.value_max, "unit": self.unit,
            "unit_kind": self.unit_kind, "approx": self.approx, "span": self.span,
            "sentence": self.sentence, "measure": self.measure})


def find_figures(doc: Doc, phrases: Phrases | None = None) -> list[Figure]:
    """The figures of a Doc; `phrases` finds measure noun phrases (from jieba cuts)."""
    text = doc_text(doc)
    tokens = DocTokens(doc, text)
    blocked = CoveredChars(len(text), list(doc._.unrecoverable or []) + [tuple(d.span) for d in (doc._.dates or [])])
    mask = blocked.mask
    sentences = Sentences(text)
    found: list[Draft] = []
    pos = 0
    for match in _NUMERAL_RE.finditer(text):
        start = match.start()
        # Cheap refusals first: a number inside a date (every figure there would overlap
        # it), and 一个, 一批 (an article: `_is_excluded` would refuse it after reading it).
        if start < pos or mask[start] or (
                match.group() in _ARTICLE_NUMERALS and text[match.end():match.end() + 1] not in _INFIXES):
            continue
        figure = _figure_at(text, start, tokens, blocked, sentences, match)
        if figure is None:
            continue
        found.append(figure)
        pos = figure.span[1]
    found.extend(_percent_words(text, blocked, sentences, found))
    found.sort(key=lambda f: f.span)
    _assign_measures(text, found, phrases or _default_phrases())
    return [draft.record() for draft in found]


def _figure_at(text, start, tokens, blocked, sentences, match=None) -> Draft | None:
    quantity = _read_quantity(text, start, tokens, match)
    if quantity is None:
        quantity = _bare_range(text, start, tokens, match)  # 30至50个: the first number has no unit
    if quantity is None or _is_excluded(text, quantity, start):
        return None
    approx_range = quantity.high is not None
    second = _read_range(text, quantity, tokens) if not approx_range else None
    if second is not None:
        quantity = _joined_range(text, start, quantity, second) or quantity
        approx_range = quantity.high is not None
    approx, span_start, span_end = _approx(text, start, quantity.end, quantity, tokens)
    if approx_range:
        approx = "range"
    span = (span_start, span_end)
    if blocked.overlaps(span):
        return None
    return Draft(
        text[span_start:span_end], quantity.low, quantity.high if approx == "range" else None,
        quantity.unit.unit, quantity.unit.kind, approx, span, sentences.at(span_start),
    )


def _percent_words(text, blocked, sentences, found) -> list[Draft]:
    """百分之十二 → 12 %."""
    figures = []
    if "百分之" not in text:
        return figures
    taken = CoveredChars(len(text), (f.span for f in found))
    for match in _PERCENT_WORD_RE.finditer(text):
        span = (match.start(), match.end())
        if blocked.overlaps(span) or taken.overlaps(span):
            continue
        numeral = match.group(1).replace("点", ".")
        try:
            value = parse_numeral_range(numeral).low if "." not in numeral else Decimal(numeral)
        except Exception:  # noqa: BLE001  (点 mixed with Chinese digits: not worth guessing)
            continue
        figures.append(Draft(match.group(), value, None, "%", "percent", "exact", span,
                             sentences.at(span[0]), spelled=True))
    return figures


def _default_phrases() -> Phrases:
    from ..nlp import get_nlp

    return _phrases_of(get_nlp())


def _phrases_of(nlp: Language) -> Phrases:
    return Phrases(_segmenter_of(nlp), figure_words(), WINDOW_CACHE_SIZE)


def _segmenter_of(nlp: Language) -> Segmenter:
    cutter = getattr(nlp.tokenizer, "jieba", None)
    if cutter is None:
        import jieba

        cutter = jieba.dt

    # The clause windows around figures repeat (a headline restating a figure, 同比增长,
    # 规模以上工业增加值 in every report: about 30% of the windows of real articles), and a
    # window's words depend on the window alone.
    @lru_cache(maxsize=WINDOW_CACHE_SIZE)
    def segment(text: str) -> tuple[str, ...]:
        return tuple(cutter.lcut(text, HMM=True))
    return segment


def _assign_measures(text: str, figures: list[Draft], phrases: Phrases) -> None:
    words = figure_words()
    growth_of: dict[int, str | None] = {}  # changes and comparisons waiting for a subject
    subjects: dict[int, str | None] = {}
    # Right to left, so that 1亿摄氏度1066秒“高质量燃烧” can take the next figure's measure.
    following: Draft | None = None
    for index in range(len(figures) - 1, -1, -1):
        figure = figures[index]
        measure, growth, waits = _measure_of(text, figure, following, phrases, words)
        if waits:
            growth_of[index] = growth
        figure.measure = measure
        subjects[index] = measure
        following = figure
    _complete_measures(text, figures, growth_of, subjects, words)


def _measure_of(text: str, figure: Draft, following: Draft | None, phrases: Phrases, words):
    """(measure, growth phrase, whether it waits for a subject from the previous figure)."""
    start, end = figure.span
    special = paid_rate_phrase(text, start, end, words)
    if special is None and figure.unit_kind == "duration":
        special = span_phrase(text, start, words) or granted_phrase(text, end, words)
    if special is not None:
        return special, None, False
    forward = phrases.forward(text, end)
    if forward is not None and following is not None and _leads_into(text, end, forward, following, words):
        # 培育10-20家|产值超10亿元的|科技领军企业: 产值 belongs to the next figure; the
        # count measures the noun after that figure's 的.
        return phrases.forward(text, following.span[1]), None, False
    if forward is None and following is not None and following.span[0] == end:
        return following.measure, None, False  # 1亿摄氏度1066秒“高质量燃烧”
    if forward is not None and text[end:end + 1] != "的":
        return forward, None, False
    backward = phrases.backward(text, start)
    received = words["receive"].longest_ending_at(text, start)
    if forward is not None and not backward.growth and (
            not backward.phrase or backward.phrase in words.get("dimension", {}) or received):
        # 建成10余万平方米的科创载体; 设立总额三千万元的招商引资奖励资金: a bare size word
        # before the number only says which size of the noun after 的 is given; 企业可享受
        # 最长3年的房租减免: what is received is the noun after 的, not the receiver.
        return forward, None, False
    # NP + number + 的 + NP: the number measures the first (规划面积约12平方公里的“家居云谷”,
    # 经济增长6%左右的预期目标).
    waits = bool(backward.growth) or (backward.compared and not backward.phrase)
    return backward.phrase, backward.growth, waits


def _leads_into(text: str, end: int, phrase: str, following: Draft, words) -> bool:
    after = end + len(phrase)
    if not text.startswith(phrase, end) or text[following.span[1]:following.span[1] + 1] != "的":
        return False
    return _only_glue(text[after:following.span[0]], words)


@lru_cache(maxsize=1)
def _glue_words() -> tuple[str, ...]:
    words = figure_words()
    return tuple(sorted(set(words.get("link", {})) | set(words.get("growth", {})) | set(_COORDINATORS),
                        key=len, reverse=True))


def _only_glue(between: str, words) -> bool:
    """Whether text between two items is only linking, growth or coordinating words."""
    glue = _glue_words()
    while between:
        for word in glue:
            if between.startswith(word):
                between = between[len(word):]
                break
        else:
            return False
    return True


def _change_measure(subject: str | None, growth: str, words) -> str | None:
    """A change (同比增长5.8%) measures its subject alone: the verb says how it changed, not
    what changed. A rate word (增速, 增幅) is itself what is measured and stays."""
    rate = next((word for word in words.get("rate", {}) if word in growth), None)
    if rate:
        return (subject or "") + growth[:growth.index(rate) + len(rate)]  # 平均增速, not 增速加快
    return subject


def _complete_measures(text: str, figures: list[Draft], growth_of, subjects, words) -> None:
    # Left to right: a change (同比增长5.8%) or comparison without a subject of its own
    # measures the previous figure's subject in the same sentence.
    for index, figure in enumerate(figures):
        previous = figures[index - 1] if index > 0 else None
        same_sentence = previous is not None and previous.sentence == figure.sentence
        if index in growth_of:
            subject = subjects[index]
            if subject is None and same_sentence:
                subject = subjects[index - 1]
                subjects[index] = subject
            growth = growth_of[index]
            if growth and text[figure.span[1]:figure.span[1] + 1] == "的":
                figure.measure = (subject or "") + growth  # 经济增长6%左右的预期目标: a noun phrase
            elif growth:
                figure.measure = _change_measure(subject, growth, words)
            elif same_sentence:
                figure.measure = previous.measure  # 增速…加快0.3个百分点，高于全省0.8个百分点
        elif figure.measure is None and same_sentence and (
                _only_glue(text[previous.span[1]:figure.span[0]], words) or previous.unit == figure.unit):
            # 总数分别达到652家和68家; 利用率从82%提升到93.5%; 达到6000亿元，到2027年达到1万亿元
            figure.measure = previous.measure
    # A second mention of the same quantity (a headline repeating 1066秒) shares its measure.
    known = {}
    for figure in figures:
        if figure.measure:
            known.setdefault((figure.value, figure.value_max, figure.unit), figure.measure)
    for figure in figures:
        if figure.measure is None:
            figure.measure = known.get((figure.value, figure.value_max, figure.unit))


@Language.factory("figures")
def create_figures_component(nlp: Language, name: str):
    phrases = _phrases_of(nlp)

    def figures_component(doc: Doc) -> Doc:
        doc._.figures = find_figures(doc, phrases)
        return doc
    return figures_component
