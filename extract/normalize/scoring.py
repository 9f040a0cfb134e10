"""How much a string reads like ordinary Chinese: used to accept or reject a repair.

The measure is the mean log-frequency of the characters after Traditional→Simplified
conversion (char_freq.tsv: characters from jieba's dictionary, full-width punctuation
estimated on the same scale). Text decoded from misaligned GBK bytes is made of rare characters (拔磥,
卑不杖鹂匦殴怆娂夹) while the correctly aligned decoding is ordinary prose; the gap is
large, so a plain unigram measure separates them without a language model.
"""

from __future__ import annotations

from functools import lru_cache

import opencc

from .tables import char_log_freq

# Digits and Latin letters occur in Chinese news (dates, figures, acronyms): middling.
ASCII_ALNUM_LOG_FREQ = 3.5
# Unlisted characters and ASCII symbols inside Chinese text are what mojibake looks like.
UNKNOWN_LOG_FREQ = 0.0


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def char_score(ch: str, table: dict[str, float]) -> float:
    value = table.get(ch)
    if value is not None:
        return value
    if ch.isascii() and ch.isalnum():
        return ASCII_ALNUM_LOG_FREQ
    return UNKNOWN_LOG_FREQ


def chinese_score(text: str, skip: str = "") -> float:
    """Mean per-character log-frequency of `text` read as Simplified (higher = more natural).

    Characters in `skip` (e.g. the `?` standing for lost bytes) are left out of the mean.
    """
    simplified = _t2s().convert(text) if text else text
    table = char_log_freq()
    scores = [char_score(ch, table) for ch in simplified if ch not in skip and not ch.isspace()]
    return sum(scores) / len(scores) if scores else 0.0


def log_freq(ch: str) -> float:
    """Log-frequency of one character read as Simplified."""
    return char_score(_t2s().convert(ch), char_log_freq())


def word_freq(word: str) -> int:
    """Dictionary frequency of a (Simplified) word of two or more characters; 0 when it is
    not a dictionary word. Looked up in jieba's dictionary (already a dependency, read from
    its installed package) without loading it whole: see `extract.lexicon.JiebaDictionary`."""
    if len(word) < 2:
        return 0
    return _jieba_dictionary()().freq(word) or 0


@lru_cache(maxsize=1)
def _jieba_dictionary():
    """`extract.lexicon.jieba_dictionary`, imported on first use (not per lookup)."""
    from ..lexicon import jieba_dictionary

    return jieba_dictionary


def to_simplified(text: str) -> str:
    return _t2s().convert(text)
