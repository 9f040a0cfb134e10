"""Script detection (Simplified / Traditional / mixed) and conversion to Simplified.

Detection counts characters that exist in only one script: a character is Traditional-only
when OpenCC's t2s changes it and Simplified-only when s2t changes it (both: ambiguous,
ignored). The counts run in numpy over code points, not in a Python loop.

Conversion uses OpenCC: tw2s or hk2s when the text shows Taiwan or Hong Kong variant
forms, t2s otherwise. Simplified text is not converted at all, so it passes unchanged.
The particle 著 (隨著, 指著, 著力) is made 着 unless it is part of a word that keeps 著 in
Simplified (著名, 显著, 著作: zhu_words.txt). Conversion is kept one character for one
character so the offset map carries over unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opencc

from ..lexicon import cached_table
from .tables import zhu_words

SIMPLIFIED, TRADITIONAL, MIXED, UNKNOWN = "simplified", "traditional", "mixed", "unknown"
# Below this share of the distinguishing characters, the minority script is noise
# (a quoted name, a variant in a proper noun), not a mixed text.
MIXED_MIN_SHARE = 0.1
# A regional variant counts as evident from this many characters only that region uses.
MIN_VARIANT_EVIDENCE = 2
PARTICLE_FROM, PARTICLE_TO = "著", "着"
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4")


@lru_cache(maxsize=1)
def _script_tables() -> tuple[np.ndarray, np.ndarray]:
    """Boolean lookup tables over code points: Traditional-only, Simplified-only.

    A character counts only when every regional standard agrees (群 is changed by s2t,
    to OpenCC's 羣, but Taiwan writes 群: it is no evidence of Simplified text).
    Converting every CJK character six ways costs a few tenths of a second of start-up, so
    the code points found are cached on disk, keyed by OpenCC's version.
    """
    key = f"opencc {getattr(opencc, '__version__', '?')} {opencc.__file__}|{_CJK_RANGES}"
    trad_points, simp_points = cached_table("script-tables", key, _script_points)
    trad_only = np.zeros(0x110000, dtype=bool)
    simp_only = np.zeros(0x110000, dtype=bool)
    trad_only[np.array(trad_points, dtype=np.int64)] = True
    simp_only[np.array(simp_points, dtype=np.int64)] = True
    return trad_only, simp_only


def _script_points() -> tuple[list[int], list[int]]:
    """Code points of the Traditional-only and the Simplified-only characters."""
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi)]
    joined = "\n".join(chars)

    def changed_by_all(configs: tuple[str, ...]) -> np.ndarray:
        flags = np.ones(len(chars), dtype=bool)
        for config in configs:
            converted = converter(config).convert(joined).split("\n")
            flags &= np.array([a != b for a, b in zip(chars, converted)], dtype=bool)
        return flags

    is_trad = changed_by_all(("t2s", "tw2s", "hk2s"))
    is_simp = changed_by_all(("s2t", "s2tw", "s2hk"))
    points = np.array([ord(c) for c in chars])
    return points[is_trad & ~is_simp].tolist(), points[is_simp & ~is_trad].tolist()


# Bits of the per-character flag table (`_flags`).
TRAD_BIT, SIMP_BIT, TW_BIT, HK_BIT = 1, 2, 4, 8
BMP_END = 0x10000  # every distinguishing character is in the BMP (_CJK_RANGES)


@lru_cache(maxsize=1)
def _flags() -> np.ndarray:
    """One byte per BMP code point with the bits above: the four lookup tables in 64 KB.

    A text is looked up once, in a table that stays in cache, where four 1.1 MB boolean
    tables cost a cache miss per character and table. The last entry (U+FFFF, not a
    character) is 0 and stands for every code point beyond the BMP. Cached on disk like
    `_script_tables`, so start-up does not convert every CJK character.
    """
    key = f"flags v1|opencc {getattr(opencc, '__version__', '?')} {opencc.__file__}|{_CJK_RANGES}"
    data = cached_table("script-flags", key, lambda: _build_flags().tobytes())
    return np.frombuffer(data, dtype=np.uint8)


def _build_flags() -> np.ndarray:
    trad_only, simp_only = _script_tables()
    tw_only, hk_only = _variant_tables()
    flags = np.zeros(BMP_END, dtype=np.uint8)
    for table, bit in ((trad_only, TRAD_BIT), (simp_only, SIMP_BIT), (tw_only, TW_BIT), (hk_only, HK_BIT)):
        flags[table[:BMP_END]] |= bit
    flags[BMP_END - 1] = 0
    return flags


def flag_counts(points: np.ndarray) -> list[int]:
    """How many characters carry each combination of the flag bits (16 counts)."""
    flags = _flags()[np.minimum(points, BMP_END - 1)]
    return np.bincount(flags, minlength=16).tolist()


_COMBINATIONS_WITH = {bit: tuple(c for c in range(16) if c & bit) for bit in (TRAD_BIT, SIMP_BIT, TW_BIT, HK_BIT)}


def _with_bit(counts: list[int], bit: int) -> int:
    return sum(map(counts.__getitem__, _COMBINATIONS_WITH[bit]))


def detect_script(text: str, points: np.ndarray | None = None, counts: list[int] | None = None) -> str:
    if counts is None:
        counts = flag_counts(code_points(text) if points is None else points)
    n_trad = _with_bit(counts, TRAD_BIT)
    n_simp = _with_bit(counts, SIMP_BIT)
    total = n_trad + n_simp
    if total == 0:
        return UNKNOWN
    if min(n_trad, n_simp) >= max(MIXED_MIN_SHARE * total, 2):
        return MIXED
    return TRADITIONAL if n_trad > n_simp else SIMPLIFIED


@lru_cache(maxsize=1)
def _variant_tables() -> tuple[np.ndarray, np.ndarray]:
    """Boolean lookup tables over code points: forms only Taiwan's / Hong Kong's standard uses.

    A character is a Taiwan form when tw2t (Taiwan → OpenCC standard) changes it and hk2t
    does not (著, 裡, 群), and the other way round for Hong Kong forms (綫, 説, 温).
    """
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi)]
    joined = "\n".join(chars)
    tw = converter("tw2t").convert(joined).split("\n")
    hk = converter("hk2t").convert(joined).split("\n")
    points = np.array([ord(c) for c in chars])
    tw_changed = np.array([a != b for a, b in zip(chars, tw)], dtype=bool)
    hk_changed = np.array([a != b for a, b in zip(chars, hk)], dtype=bool)
    tw_only = np.zeros(0x110000, dtype=bool)
    hk_only = np.zeros(0x110000, dtype=bool)
    tw_only[points[tw_changed & ~hk_changed]] = True
    hk_only[points[hk_changed & ~tw_changed]] = True
    return tw_only, hk_only


def choose_config(text: str, points: np.ndarray | None = None, counts: list[int] | None = None) -> str:
    """tw2s / hk2s where the text uses forms only that region's standard has, else t2s."""
    if counts is None:
        counts = flag_counts(code_points(text) if points is None else points)
    tw_evidence = _with_bit(counts, TW_BIT)
    hk_evidence = _with_bit(counts, HK_BIT)
    if tw_evidence >= MIN_VARIANT_EVIDENCE and tw_evidence > hk_evidence:
        return "tw2s"
    if hk_evidence >= MIN_VARIANT_EVIDENCE and hk_evidence > tw_evidence:
        return "hk2s"
    return "t2s"


def _convert_same_length(text: str, config: str) -> str:
    """Convert, keeping one output character per input character.

    OpenCC is character-for-character on nearly all text; a line where a phrase rule changes
    the length is redone character by character, keeping any character whose conversion
    is not a single character.
    """
    conv = converter(config)
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    lines = []
    for line in text.splitlines(keepends=True):
        converted = conv.convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c := conv.convert(ch)) == 1 else ch for ch in line)
        lines.append(converted)
    return "".join(lines)


@lru_cache(maxsize=1)
def _zhu_word_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, zhu_words())))


def particle_positions(text: str) -> list[int]:
    """Positions of 著 that are not part of a word keeping 著 (zhù)."""
    if PARTICLE_FROM not in text:
        return []
    kept = {m.start() + i for m in _zhu_word_re().finditer(text) for i, ch in enumerate(m.group()) if ch == PARTICLE_FROM}
    return [m.start() for m in re.finditer(PARTICLE_FROM, text) if m.start() not in kept]


@dataclass(frozen=True)
class Conversion:
    text: str
    script: str
    config: str | None  # None: not converted
    particles: tuple[int, ...]  # positions where 著 became 着


def to_simplified(text: str, points: np.ndarray | None = None) -> Conversion:
    counts = flag_counts(code_points(text) if points is None else points)
    script = detect_script(text, counts=counts)
    if script not in (TRADITIONAL, MIXED):
        return Conversion(text, script, None, ())
    config = choose_config(text, counts=counts)
    converted = _convert_same_length(text, config)
    particles = particle_positions(converted)
    if particles:
        chars = list(converted)
        for i in particles:
            chars[i] = PARTICLE_TO
        converted = "".join(chars)
    return Conversion(converted, script, config, tuple(particles))
