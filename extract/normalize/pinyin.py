"""Removal of pinyin annotations: `區(qū)` → `區`.

An annotation is a parenthesised single pinyin syllable right after the character it
annotates, and it is removed only when the syllable is one of that character's readings
(char_readings.tsv, heteronyms and Traditional characters included). Anything else in
parentheses is real text and stays: (EAST), (二期), (校门), (2024).

Damaged case: inside an unrepaired mojibake run the annotated character itself is split;
its first byte ends the garbage character before and its second byte shows as an ASCII
sign (`搮^(qū)`: 搮 = 93 85, `^` = 5E, and 85 5E is 區). The annotation is checked against
the character those two bytes make.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import repeat
from typing import Callable

from .scoring import to_simplified
from .tables import char_readings

_TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_COMBINING_TONES = "\u0300\u0301\u0304\u030c\u0308"
# One syllable: 1-7 pinyin letters, in ASCII or full-width parentheses. Bounded and with no
# nested quantifiers, so matching is linear.
SYLLABLE_CLASS = f"[a-z{_TONED_VOWELS}{_COMBINING_TONES}]"
ANNOTATION_RE = re.compile(f"[(（]({SYLLABLE_CLASS}{{1,7}})[)）]")

CONFIDENCE = 0.99
DAMAGED_CONFIDENCE = 0.8


# An annotation found: (start, end, confidence) in the raw text. Plain tuples: an
# annotated text has one every few characters.
Annotation = tuple[int, int, float]


def _split_character(garbage: str, sign: str) -> str | None:
    """The character made by the last GBK byte of `garbage` and the ASCII `sign`."""
    if not ("\x40" <= sign <= "\x7e"):
        return None
    try:
        lead = garbage.encode("gbk")[-1:]
        return (lead + sign.encode("ascii")).decode("gbk") if lead and lead[0] >= 0x81 else None
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _reads_as(ch: str, syllable: str, readings: dict[str, frozenset[str]]) -> bool:
    """Whether `syllable` is a reading of `ch` or of its Simplified form.

    Annotations may have been made on the Simplified text before conversion, and a
    conversion can pick a wrong Traditional form (蓄发 → 蓄髮, read fà, annotated fā).
    """
    if syllable in readings.get(ch, ()):
        return True
    simplified = to_simplified(ch)
    return simplified != ch and syllable in readings.get(simplified, ())


def find_annotations(text: str, char_before: Callable[[int], str | None] | None = None) -> list[Annotation]:
    """All pinyin annotations in `text`.

    `char_before(i)` gives the character that precedes position i once earlier repairs are
    applied (None when position i is inside a repaired run); without it, the character
    before in `text` itself (no repairs: the usual case).
    """
    return list(zip(*annotation_columns(text, char_before)))


def annotation_columns(
    text: str, char_before: Callable[[int], str | None] | None = None,
) -> tuple[list[int], list[int], list[float]]:
    """`find_annotations` as columns: starts, ends, confidences.

    An annotated Traditional text has an annotation every few characters, so the common
    case is settled in bulk: one `split` finds every candidate, and the check that the
    syllable is a reading of the character before runs through `map` (in C); only the
    candidates that fail it are looked at one by one (decomposed tone marks, Simplified
    readings, characters split by misaligned bytes).
    """
    if "(" not in text and "（" not in text:
        return [], [], []
    matches = list(ANNOTATION_RE.finditer(text))
    if not matches:
        return [], [], []
    starts = list(map(re.Match.start, matches))
    ends = list(map(re.Match.end, matches))
    syllables = list(map(re.Match.group, matches, repeat(1)))
    if char_before is None:
        annotated = list(map(text.__getitem__, map((-1).__add__, starts)))
        if starts[0] == 0:
            annotated[0] = None  # nothing before the text's first character
    else:
        annotated = list(map(char_before, starts))
    readings = char_readings()
    nothing: frozenset[str] = frozenset()
    fits = list(map(frozenset.__contains__, map(readings.get, annotated, repeat(nothing)), syllables))
    if all(fits):
        return starts, ends, [CONFIDENCE] * len(starts)
    found_starts, found_ends, confidences = [], [], []
    for k in range(len(starts)):
        confidence = CONFIDENCE if fits[k] else _check(text, starts[k], annotated[k], syllables[k], readings)
        if confidence is not None:
            found_starts.append(starts[k])
            found_ends.append(ends[k])
            confidences.append(confidence)
    return found_starts, found_ends, confidences


def _check(text: str, start: int, annotated: str | None, syllable: str, readings: dict[str, frozenset[str]]) -> float | None:
    """The confidence of an annotation whose syllable is not simply a reading of `annotated`."""
    if annotated is None:
        return None
    if not syllable.isascii() and not syllable.isalpha():
        syllable = unicodedata.normalize("NFC", syllable)  # decomposed tone marks
    if _reads_as(annotated, syllable, readings):
        return CONFIDENCE
    if start >= 2:
        split = _split_character(text[start - 2], text[start - 1])
        if split and _reads_as(split, syllable, readings):
            return DAMAGED_CONFIDENCE
    return None
