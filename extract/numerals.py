"""Numerals as news writes them, parsed to exact `Decimal`s.

Handles Arabic (1066, 1,200, 3.2, full-width digits), Chinese (一亿, 两千三百万, 二〇二四,
十五), financial forms (壹贰叁 … 拾佰仟), mixed forms (1.5万, 227亿, 3万亿) and the loose
ranges of adjacent digits (三四十 → 30–40, 两三个 → 2–3, 十几 → 11–19).

Only the numeral itself is parsed here; qualifiers (余, 超, 约 …) and units belong to the
figures extractor. Floats never appear: 3541.07万 is exactly 35410700.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache, wraps
from typing import NamedTuple

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
# Units inside a section (below 万) and the large multipliers that start a new section.
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10**4, "亿": 10**8}
MULTIPLIERS = {**SMALL_UNITS, **LARGE_UNITS}

CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(MULTIPLIERS)
MULTIPLIER_CHARS = "".join(MULTIPLIERS)
ARABIC_PATTERN = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
CHINESE_PATTERN = f"[{CHINESE_NUMERAL_CHARS}]+"
# A numeral as it can start a figure: Arabic digits (optionally followed by multipliers,
# 1.5万) or a run of Chinese numeral characters (which already includes multipliers).
NUMERAL_PATTERN = f"(?:{ARABIC_PATTERN}[{MULTIPLIER_CHARS}]*|{CHINESE_PATTERN})"

_ARABIC_RE = re.compile(f"^{ARABIC_PATTERN}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
# "三四十", "两三千", "十五六", "一两": two adjacent digits meaning "one or the other".
_LOOSE_PAIR_RE = re.compile(f"([{''.join(DIGITS)}])([{''.join(DIGITS)}])")


class NumeralRange(NamedTuple):
    low: Decimal
    high: Decimal | None  # None: a single value


def clean_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros and exponent noise: 35410700.00 → 35410700, 3.20 → 3.2."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def has_digit(text: str) -> bool:
    """Whether a candidate numeral carries a digit (万, 千万 alone are words, not numbers)."""
    if any(map(str.isdigit, text)):
        return True
    return any(map(DIGITS.__contains__, text)) or text[:1] in ("十", "拾")


def _cached(parse):
    """`parse` with its results and its ValueErrors remembered: news repeats its numerals
    (1, 2024, 10万), and the values are immutable."""
    @lru_cache(maxsize=8192)
    def outcome(text: str):
        try:
            return parse(text), None
        except ValueError as exc:
            return None, exc.args

    @wraps(parse)
    def cached(text: str):
        value, error = outcome(text)
        if error is not None:
            raise ValueError(*error)
        return value
    return cached


@_cached
def parse_numeral(text: str) -> Decimal:
    """Parse one numeral to an exact Decimal; ValueError when it is not a well-formed number."""
    text = text.strip().translate(_FULLWIDTH)
    if not text or not has_digit(text):
        raise ValueError(f"not a numeral: {text!r}")
    return clean_decimal(_parse_large(text))


def _parse_large(text: str) -> Decimal:
    # Split on the last 亿 first so that 万亿 nests (3万亿 = 3万 × 亿), then on 万.
    for char in ("亿", "万"):
        pos = text.rfind(char) if char == "亿" else text.find(char)
        if pos < 0:
            continue
        head, tail = text[:pos], text[pos + 1:]
        if not head:
            raise ValueError(f"multiplier without a number: {text!r}")
        high = _parse_large(head) * LARGE_UNITS[char]
        if not tail:
            return high
        if all(ch in DIGITS for ch in tail) and len(tail) == 1 and "零" not in tail:
            # 一万五 = 15000: a lone trailing digit counts in the next unit down.
            return high + DIGITS[tail] * LARGE_UNITS[char] // 10
        return high + _parse_large(tail)
    return _parse_section(text)


def _parse_section(text: str) -> Decimal:
    """A number below 万: Arabic, digit-by-digit Chinese (二〇二四) or 千百十 notation."""
    if _ARABIC_RE.match(text):
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(text) from exc
    if all(ch in DIGITS for ch in text):
        if len(text) > 1 and "两" in text:
            raise ValueError(f"两 is not read digit by digit: {text!r}")
        return Decimal("".join(str(DIGITS[ch]) for ch in text))
    return _parse_positional(text)


def _parse_positional(text: str) -> Decimal:
    total, pending, last_unit = 0, None, None
    for i, ch in enumerate(text):
        if ch in DIGITS:
            if pending is not None and DIGITS[ch] != 0 and pending != 0:
                raise ValueError(f"two digits in a row: {text!r}")
            pending = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if last_unit is not None and unit >= last_unit:
                raise ValueError(f"units out of order: {text!r}")
            if pending is None:
                if i != 0 or unit != 10:  # only a leading 十 stands without a digit
                    raise ValueError(f"unit without a digit: {text!r}")
                pending = 1
            total += pending * unit
            pending, last_unit = None, unit
        elif _ARABIC_RE.match(ch):
            raise ValueError(f"mixed digit forms: {text!r}")
        else:
            raise ValueError(f"not a numeral character: {ch!r} in {text!r}")
    if pending:
        if last_unit and last_unit > 10 and text[-2] not in "零〇○":
            # 两千三 = 2300: a trailing digit right after a unit counts in the next unit down.
            total += pending * last_unit // 10
        else:
            total += pending
    return Decimal(total)


@_cached
def parse_numeral_range(text: str) -> NumeralRange:
    """Like parse_numeral, but reads 三四十 / 两三个 / 十几 as a loose range."""
    text = text.strip()
    if "几" in text:
        return _parse_ji(text)
    pair = _LOOSE_PAIR_RE.search(text)
    if pair and _is_loose_pair(text, pair):
        low = parse_numeral(text[:pair.start()] + pair.group(1) + text[pair.end():])
        high = parse_numeral(text[:pair.start()] + pair.group(2) + text[pair.end():])
        return NumeralRange(low, high)
    return NumeralRange(parse_numeral(text), None)


def _is_loose_pair(text: str, pair: re.Match) -> bool:
    first, second = DIGITS[pair.group(1)], DIGITS[pair.group(2)]
    if "〇" in text or "零" in text or "○" in text:
        return False  # 二〇二四 is read digit by digit
    # 三四, 七八, 一两, 两三; also the idiomatic 三五 (three to five).
    consecutive = second == first + 1 or (pair.group(1) in "一两" and pair.group(2) in "两三" and first < second)
    return consecutive or (first, second) == (3, 5)


def _parse_ji(text: str) -> NumeralRange:
    """十几 → 11–19, 几十 → not a number (no digit), 二十几 → 21–29."""
    pos = text.index("几")
    if pos == 0 or text.count("几") > 1:
        raise ValueError(f"no digit to anchor 几: {text!r}")
    head, tail = text[:pos], text[pos + 1:]
    if tail:
        raise ValueError(f"几 must end the numeral: {text!r}")
    base = parse_numeral(head)
    return NumeralRange(base + 1, base + 9)


def numeral_multiplier(text: str) -> Decimal:
    """The value of a run of multiplier characters written after a number: 万亿 → 10^12."""
    value = Decimal(1)
    for ch in text:
        if ch not in MULTIPLIERS:
            raise ValueError(f"not a multiplier: {ch!r}")
        value *= MULTIPLIERS[ch]
    return value


def ends_with_multiplier(text: str) -> str:
    """The trailing multiplier characters of a numeral (227亿 → 亿, 3万亿 → 万亿, 1066 → '')."""
    stripped = text.rstrip(MULTIPLIER_CHARS)
    tail = text[len(stripped):]
    if not stripped:
        return ""  # 十, 百: the multiplier is the number itself
    if not stripped[-1].isdigit():
        # Chinese numerals: only the large multipliers after the last digit count (三十万 → 万).
        return "".join(ch for ch in tail if ch in LARGE_UNITS) if tail.strip("万亿") == "" else ""
    return tail
