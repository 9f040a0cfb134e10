"""Reading article files: encodings detected, bad input reported clearly, never a crash."""

import codecs
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.normalize import InputError, decode_bytes, normalize_file, read_article

SIMPLIFIED = "株洲市实现地区生产总值2712.35亿元，按不变价格计算，同比增长5.6%，增速比上半年加快0.3个百分点。\n"
TRADITIONAL = "晉江市圍繞中小微企業“融資難、融資貴”問題，開展“金融服務直通車”行動，組織轄區27家銀行機構。\n"
ENGLISH = "Hefei, Anhui: the EAST tokamak ran for 1066 seconds.\n"


def write(tmp_path, data: bytes, name="article.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gbk"),
        (("欧元区" + SIMPLIFIED + "€").encode("gb18030"), "欧元区" + SIMPLIFIED + "€", "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL.encode("utf-16"), TRADITIONAL, "utf-16-le"),
        (codecs.BOM_UTF16_BE + TRADITIONAL.encode("utf-16-be"), TRADITIONAL, "utf-16-be"),
        (ENGLISH.encode("utf-16-le"), ENGLISH, "utf-16-le"),  # no BOM: the NUL pattern shows it
        (ENGLISH.encode("utf-16-be"), ENGLISH, "utf-16-be"),
        ((ENGLISH + SIMPLIFIED).encode("utf-16-le"), ENGLISH + SIMPLIFIED, "utf-16-le"),
    ],
)
def test_encodings_detected(tmp_path, data, text, encoding):
    assert read_article(write(tmp_path, data)) == (text, encoding)


def test_normalize_file_sets_the_encoding(tmp_path):
    result = normalize_file(write(tmp_path, TRADITIONAL.encode("big5")))
    assert result.encoding == "big5"
    assert result.text.startswith("晋江市围绕中小微企业")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"  \n\t\r\n", "only whitespace"),
        (codecs.BOM_UTF8, "no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"%PDF-1.4\n" + bytes([0, 1, 2, 3, 200, 150]) * 50, "binary"),
        (b"ELF\x7f" + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary"),
        (SIMPLIFIED.encode("utf-8")[:-2], "truncated multi-byte sequence"),
        (SIMPLIFIED.encode("utf-8") + TRADITIONAL.encode("big5"), "undecodable bytes"),
        (SIMPLIFIED.encode("utf-8") + SIMPLIFIED.encode("gbk"), "undecodable bytes"),
        (bytes(b | 0x80 for b in random.Random(7).randbytes(3000)), "undecodable bytes"),
        (random.Random(8).randbytes(3000), "binary"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, data, reason):
    path = write(tmp_path, data)
    with pytest.raises(InputError) as caught:
        read_article(path)
    err = caught.value
    assert isinstance(err, ValueError)
    assert err.path == str(path)
    assert reason in err.reason
    assert str(path) in str(err) and reason in str(err)


def test_missing_file_and_directory(tmp_path):
    for path in (tmp_path / "missing.txt", tmp_path):
        with pytest.raises(InputError, match="cannot read file"):
            read_article(path)


def test_a_batch_goes_on_after_bad_files(tmp_path):
    paths = [
        write(tmp_path, b"", "a.txt"),
        write(tmp_path, SIMPLIFIED.encode("gbk"), "b.txt"),
        write(tmp_path, b"\x00\x01\x02binary", "c.txt"),
        write(tmp_path, TRADITIONAL.encode("utf-8"), "d.txt"),
    ]
    outcomes = []
    for path in paths:
        try:
            outcomes.append(normalize_file(path).script)
        except InputError as err:
            outcomes.append(type(err).__name__)
    assert outcomes == ["InputError", "simplified", "InputError", "traditional"]


def test_very_long_line(tmp_path):
    line = (SIMPLIFIED.strip() * 4000).encode("gbk")  # one 200k-character line
    text, encoding = read_article(write(tmp_path, line))
    assert encoding == "gbk" and len(text) == len(SIMPLIFIED.strip()) * 4000


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_an_error_or_text(data):
    try:
        text, encoding = decode_bytes(data)
    except InputError as err:
        assert err.reason
    else:
        assert isinstance(text, str) and text.strip() and encoding


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=300), st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]), st.integers(0, 8))
def test_damaged_real_encodings_give_an_error_or_text(text, encoding, cut):
    data = text.encode(encoding)
    data = data[: max(0, len(data) - cut)]
    try:
        decode_bytes(data)
    except InputError:
        pass
