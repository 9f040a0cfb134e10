"""Segmentation with parts of speech for entity recognition.

Name boundaries depend on POS (a verb or a preposition ends a name, nouns continue it),
which the pipeline's tokens do not carry, so entities re-segment the text with
`jieba.posseg` on a private jieba instance. That instance knows the project's user words
and, beyond them, the entity tables with their tags (places ns, bodies nt, titles nnt) so
that 庐阳区 or 发展改革委 stay whole.
"""

from __future__ import annotations

import itertools
import logging
import operator
import re
from bisect import bisect_left, bisect_right
from functools import cached_property, lru_cache
from typing import Callable, NamedTuple

import jieba

from ..lexicon import user_words
from ..postag import PosTagger
from .entity_tables import get_tables

jieba.setLogLevel(logging.WARNING)

PUNCT = set("，。、；：？！“”‘’「」『』（）()《》〈〉【】[]…—-－,.;:?!\"'·～~/|\n\r\t 　")
CLAUSE_END = set("，。；？！,;?!\n")
HAN = re.compile(r"[\u3400-\u9fff]")


_PUNCT_CHARS = "".join(PUNCT)


class Tok(NamedTuple):
    """A tagged word and its character offsets (a named tuple: texts make hundreds of
    thousands of these, and a frozen dataclass costs several times more to build)."""

    text: str
    pos: str
    start: int
    end: int

    @property
    def is_punct(self) -> bool:
        return not self.text.strip(_PUNCT_CHARS)  # every character is punctuation


class Tokens(list):
    """The tokens of one text, in order and tiling it, with lookups built once on demand:
    rules ask for word boundaries many times per text, and look for a few words (该区,
    高新区, place-like words) that would otherwise cost a pass over every token each."""

    @cached_property
    def ends(self) -> list[int]:
        return [token.end for token in self]

    @cached_property
    def bounds(self) -> frozenset[int]:
        """0 and every token's start and end (tokens tile the text: starts are ends)."""
        return frozenset(itertools.chain((0,), self.ends))

    @cached_property
    def starts(self) -> list[int]:
        return [0] + self.ends[:-1] if self else []

    @cached_property
    def by_end(self) -> dict[int, Tok]:
        return dict(zip(self.ends, self))

    @cached_property
    def words(self) -> list[str]:
        return [token.text for token in self]

    @cached_property
    def distinct_words(self) -> set[str]:
        return set(self.words)

    def indices_of(self, words) -> list[int]:
        """Indices, in text order, of the tokens whose word is one of `words` (a collection,
        or a test on a word, then asked once per distinct word)."""
        if callable(words):
            words = set(filter(words, self.distinct_words))
        return list(itertools.compress(itertools.count(), map(words.__contains__, self.words)))

    def indices_of_kind(self, kinds: "WordKinds", kind: int) -> list[int]:
        """Indices, in text order, of the tokens whose word is of `kind` (a bit of
        `kinds.of(word)`). The tokens of every kind are found in one pass, on the first
        question for `kinds`; each kind then picks its own among them."""
        found = self.__dict__.setdefault("_kind_indices", {}).get(id(kinds))
        if found is None:
            found = self._kind_indices[id(kinds)] = kinds.marked_indices(self)
        return [index for index in found if kinds.of(self.words[index]) & kind]


class WordKinds:
    """Kinds of words (one bit each) by tests on the word alone, each word's answer kept for
    the process: the same words come back text after text, and rules that look for tokens
    by their form then share one pass over a text's tokens."""

    MAX_WORDS = 1 << 18  # answers kept (a few MB at most); past it they are worked out anew

    def __init__(self, tests: dict[int, Callable[[str], bool]]):
        self.tests = tests
        self.known: dict[str, int] = {}  # word -> its kinds (0: none)
        self.marked: set[str] = set()  # words of some kind

    def of(self, word: str) -> int:
        kinds = self.known.get(word)
        return self._learn(word) if kinds is None else kinds

    def _learn(self, word: str) -> int:
        kinds = self.known[word] = sum(bit for bit, test in self.tests.items() if test(word))
        if kinds:
            self.marked.add(word)
        return kinds

    def marked_indices(self, tokens: Tokens) -> list[int]:
        """Indices of the tokens whose word is of some kind."""
        new = tokens.distinct_words.difference(self.known)
        if len(self.known) + len(new) > self.MAX_WORDS:
            self.known.clear()
            self.marked.clear()
            new = tokens.distinct_words
        for word in new:
            self._learn(word)
        present = tokens.distinct_words & self.marked
        return list(itertools.compress(itertools.count(), map(present.__contains__, tokens.words)))


def as_tokens(tokens: list[Tok]) -> Tokens:
    return tokens if isinstance(tokens, Tokens) else Tokens(tokens)


def token_bounds(tokens: list[Tok]) -> frozenset[int]:
    """0 and every token's start and end (cached on a `Tokens` list)."""
    return as_tokens(tokens).bounds


def token_ending_at(tokens: list[Tok], position: int) -> Tok | None:
    """The token that ends exactly at `position`, if any."""
    return as_tokens(tokens).by_end.get(position)


def _user_freq(word: str) -> int:
    return max(20000, 200 * len(word))


@lru_cache(maxsize=1)
def _pos_tokenizer() -> PosTagger:
    """jieba.posseg over jieba's dictionary plus ours, with the entity tables' tags
    (rjieba finds the route when installed; the tags and HMM stay posseg's own)."""
    additions: list[tuple[str, int, str | None]] = [(word, _user_freq(word), None) for word in user_words()]
    tables = get_tables()
    tagged = [(name, "ns") for name in tables.places]
    tagged += [(form, "nt") for form in tables.bodies]
    tagged += [(form, "nt") for form in tables.known_orgs]
    tagged += [(title, "nnt") for title in tables.titles]
    tagged += [(word, "r") for word in tables.deictic_level]
    tagged += [(word, "ns") for word in tables.words.get("area_suffix", ())]
    additions += [(word, _user_freq(word), tag) for word, tag in tagged if len(word) >= 2]
    # freq 0 is jieba's del_word: words the entity rules want split.
    additions += [(word, 0, None) for word in tables.words.get("split_word", ())]
    return PosTagger(additions)


def tag_text(text: str) -> Tokens:
    """POS-tagged tokens of `text` with their character offsets."""
    words, tags = _pos_tokenizer().tag_lists(text)
    if not words:
        return Tokens()
    ends = list(itertools.accumulate(map(len, words)))
    starts = [0, *ends[:-1]]
    # Built by C-level calls (tuple.__new__(Tok, fields)), not one Python call per word.
    tokens = Tokens(map(tuple.__new__, itertools.repeat(Tok), zip(words, tags, starts, ends)))
    tokens.starts, tokens.ends, tokens.words = starts, ends, words  # (their cached lookups, already at hand)
    return tokens


def token_index_at(tokens: list[Tok], position: int) -> int:
    """Index of the token covering character `position` (binary search)."""
    if isinstance(tokens, Tokens):
        index = bisect_right(tokens.ends, position)  # the first token ending after it
        return index if index < len(tokens) and tokens[index].start <= position else -1
    low, high = 0, len(tokens) - 1
    while low <= high:
        middle = (low + high) // 2
        token = tokens[middle]
        if position < token.start:
            high = middle - 1
        elif position >= token.end:
            low = middle + 1
        else:
            return middle
    return -1


def tokens_overlapping(tokens: list[Tok], start: int, end: int) -> list[Tok]:
    """The tokens (sorted, disjoint) that overlap [start, end), found by binary search so
    that per-candidate lookups stay cheap on long texts."""
    if isinstance(tokens, Tokens):
        low = bisect_right(tokens.ends, start)  # the first token ending after `start`
        high = bisect_left(tokens.starts, end, low)  # the first token starting at or after `end`
        return tokens[low:high]
    low, high = 0, len(tokens)
    while low < high:  # first token ending after `start`
        middle = (low + high) // 2
        if tokens[middle].end <= start:
            low = middle + 1
        else:
            high = middle
    found = []
    for token in itertools.islice(tokens, low, None):  # no copy of the rest of the text
        if token.start >= end:
            break
        found.append(token)
    return found


def overlaps_any(span: tuple[int, int], spans) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in spans or ())


class SpanSet:
    """Whether a span overlaps or lies inside any of fixed spans, in a binary search each
    (`overlaps_any` over a list costs the list's length per question)."""

    def __init__(self, spans):
        ordered = sorted((span[0], span[1]) for span in spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        """`overlaps_any((start, end), spans)`: a span starts before `end` and ends after `start`."""
        index = bisect_left(self.starts, end) - 1
        return index >= 0 and self.reach[index] > start

    def holds(self, start: int, end: int) -> bool:
        """A span starts at or before `start` and ends at or after `end`."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


class SpanIndex:
    """Items with `.start`/`.end`, found by where they lie: a search among the items that
    start close enough (within the longest item's length) instead of a scan of all."""

    def __init__(self, items):
        items = list(items)
        starts = list(map(_START, items))
        # (start, number, item): the numbers are distinct, so items themselves are never compared.
        self.entries = sorted(zip(starts, itertools.count(), items))
        self.starts = list(map(_FIRST, self.entries))
        self.longest = max(map(operator.sub, map(_END, items), starts), default=0)

    def _window(self, low_start: int, high_start: int):
        """Entries whose start is in [low_start, high_start)."""
        return self.entries[bisect_left(self.starts, low_start):bisect_left(self.starts, high_start)]

    def overlapping(self, start: int, end: int) -> list:
        """Items with item.start < end and start < item.end, in the order they were given."""
        return _in_given_order([(n, item) for _, n, item in self._window(start - self.longest, end) if item.end > start])

    def holding(self, start: int, end: int) -> list:
        """Items with item.start <= start and end <= item.end, in the order they were given."""
        return _in_given_order([(n, item) for _, n, item in self._window(end - self.longest, start + 1) if item.end >= end])


_START, _END, _FIRST = operator.attrgetter("start"), operator.attrgetter("end"), operator.itemgetter(0)


def _in_given_order(found: list[tuple[int, object]]) -> list:
    """The items of (number, item) pairs, by number (distinct: items are never compared)."""
    if len(found) > 1:
        found.sort()
    return [item for _, item in found]
