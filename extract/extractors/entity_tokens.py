"""Segmentation with parts of speech for entity recognition.

Name boundaries depend on POS (a verb or a preposition ends a name, nouns continue it),
which the pipeline's tokens do not carry, so entities re-segment the text with
`jieba.posseg` on a private jieba instance. That instance knows the project's user words
and, beyond them, the entity tables with their tags (places ns, bodies nt, titles nnt) so
that 庐阳区 or 发展改革委 stay whole.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba

from ..lexicon import user_words
from ..nlp import PosSegmenter
from .entity_tables import get_tables

jieba.setLogLevel(logging.WARNING)

PUNCT = set("，。、；：？！“”‘’「」『』（）()《》〈〉【】[]…—-－,.;:?!\"'·～~/|\n\r\t 　")
CLAUSE_END = set("，。；？！,;?!\n")
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Tok:
    text: str
    pos: str
    start: int
    end: int

    @property
    def is_punct(self) -> bool:
        return all(char in PUNCT for char in self.text)


def _user_freq(word: str) -> int:
    return max(20000, 200 * len(word))


@lru_cache(maxsize=1)
def _pos_tokenizer() -> PosSegmenter:
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
    return PosSegmenter(additions)


def tag_text(text: str) -> list[Tok]:
    """POS-tagged tokens of `text` with their character offsets."""
    tokens: list[Tok] = []
    offset = 0
    for pair in _pos_tokenizer().cut(text, HMM=True):
        word, flag = pair.word, pair.flag
        tokens.append(Tok(word, flag, offset, offset + len(word)))
        offset += len(word)
    return tokens


def token_index_at(tokens: list[Tok], position: int) -> int:
    """Index of the token covering character `position` (binary search)."""
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
    low, high = 0, len(tokens)
    while low < high:  # first token ending after `start`
        middle = (low + high) // 2
        if tokens[middle].end <= start:
            low = middle + 1
        else:
            high = middle
    found = []
    for token in tokens[low:]:
        if token.start >= end:
            break
        found.append(token)
    return found


def overlaps_any(span: tuple[int, int], spans) -> bool:
    return any(span[0] < other[1] and other[0] < span[1] for other in spans or ())
