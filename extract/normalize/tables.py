"""Loads the normalizer's data files from `extract/resources/` once per process."""

from __future__ import annotations

import math
from functools import lru_cache

from ..lexicon import read_rows


@lru_cache(maxsize=1)
def char_readings() -> dict[str, frozenset[str]]:
    """Character -> its tone-marked pinyin readings (char_readings.tsv, from pypinyin)."""
    return {row[0]: frozenset(row[1].split(",")) for row in read_rows("char_readings.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def char_log_freq() -> dict[str, float]:
    """Simplified character -> log10 of its word-weighted frequency (char_freq.tsv, from jieba)."""
    return {row[0]: math.log10(int(row[1]) + 1) for row in read_rows("char_freq.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def zhu_words() -> tuple[str, ...]:
    """Simplified words that keep 著 (zhù), longest first so alternations prefer them."""
    words = {row[0] for row in read_rows("zhu_words.txt") if row and "著" in row[0]}
    return tuple(sorted(words, key=len, reverse=True))
