"""Numeral parsing: every written form news uses, parsed to exact Decimals."""

from decimal import Decimal

import pytest

from extract.numerals import ends_with_multiplier, numeral_multiplier, parse_numeral, parse_numeral_range


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1066", "1066"),
        ("1,200", "1200"),
        ("12,345,678", "12345678"),
        ("3.2", "3.2"),
        ("0.5", "0.5"),
        ("１２", "12"),                   # full-width digits
        ("227亿", "22700000000"),
        ("1.5万", "15000"),
        ("3541.07万", "35410700"),         # exact: no float rounding to 35410699.99…
        ("1.2万亿", "1200000000000"),
        ("3万亿", "3000000000000"),
        ("一亿", "100000000"),
        ("两千三百万", "23000000"),
        ("十", "10"),
        ("十五", "15"),
        ("二十", "20"),
        ("一百零五", "105"),
        ("一千零一十", "1010"),
        ("十二万三千四百五十六", "123456"),
        ("一亿二千万", "120000000"),
        ("两万亿", "2000000000000"),
        ("一万五", "15000"),               # colloquial: 一万五千
        ("两千三", "2300"),
        ("二〇二四", "2024"),              # digit by digit, as years are written
        ("壹佰贰拾", "120"),               # financial numerals
        ("一百八十", "180"),
    ],
)
def test_parse_numeral(text, expected):
    value = parse_numeral(text)
    assert value == Decimal(expected)
    assert str(value) == expected  # no trailing zeros or exponent noise


@pytest.mark.parametrize("text", ["万", "千万", "亿万", "", "abc", "两三", "百"])
def test_not_a_numeral(text):
    with pytest.raises(ValueError):
        parse_numeral(text)


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("三四十", 30, 40),
        ("七八百", 700, 800),
        ("两三", 2, 3),
        ("一两", 1, 2),
        ("三五", 3, 5),
        ("十五六", 15, 16),
        ("十几", 11, 19),
        ("二十几", 21, 29),
        ("五", 5, None),
        ("1.5万", 15000, None),
    ],
)
def test_parse_numeral_range(text, low, high):
    result = parse_numeral_range(text)
    assert result.low == Decimal(low)
    assert result.high == (Decimal(high) if high is not None else None)


@pytest.mark.parametrize(
    "text, tail",
    [("227亿", "亿"), ("3万亿", "万亿"), ("1066", ""), ("五万", "万"), ("三十", ""), ("十", ""), ("20亿", "亿")],
)
def test_trailing_multiplier(text, tail):
    assert ends_with_multiplier(text) == tail


def test_multiplier_value():
    assert numeral_multiplier("万亿") == Decimal(10**12)
    assert numeral_multiplier("亿") == Decimal(10**8)


# ---------------------------------------------------------------- properties

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CN_DIGITS = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """A plain writer of Chinese numerals below 10^12, the independent side of the property."""
    def section(value: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = value // unit % 10
            if digit:
                if zero and out:
                    out += "零"
                out += _CN_DIGITS[digit] + name
                zero = False
            else:
                zero = True
        return out
    parts = [(n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")]
    out = ""
    for value, name in parts:
        if value:
            if out and value < 1000:
                out += "零"
            out += section(value) + name
    return out or "零"


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n):
    assert parse_numeral(_to_chinese(n)) == n


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimal_with_multiplier_is_exact(value):
    text = f"{value:f}"
    assert parse_numeral(text + "万") == value * 10000
    assert parse_numeral(text + "亿") == value * 10**8


# ---------------------------------------------------------------- remembered results

@pytest.mark.parametrize("text", ["万", "二〇二两", "三十五万亿亿x"])
def test_a_bad_numeral_fails_every_time_with_its_message(text):
    messages = []
    for _ in range(2):  # the second call answers from the cache
        with pytest.raises(ValueError) as error:
            parse_numeral_range(text)
        messages.append(str(error.value))
    assert messages[0] == messages[1] and messages[0]


def test_remembered_values_are_equal_to_fresh_ones():
    for text in ["227亿", "三四十", "十几", "1,200", "3541.07万"]:
        assert parse_numeral_range(text) == parse_numeral_range(text)
        assert parse_numeral_range(text).low == parse_numeral_range.__wrapped__(text).low
