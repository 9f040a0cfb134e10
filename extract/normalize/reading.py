"""Reading an article file: encoding detection and clear errors for what cannot be read.

Order of evidence: a byte-order mark; the NUL pattern of UTF-16 (ASCII-range characters
have one zero byte each); strict UTF-8; then the legacy Chinese encodings GB18030 (GBK)
and Big5, of which the one that decodes strictly and reads most like ordinary Chinese
wins. A file that decodes only to rare characters (UTF-8 mixed with GBK, random bytes)
is reported as undecodable rather than turned into garbage.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from .scoring import chinese_score

# (mark, encoding reported, codec that decodes and drops the mark)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
LEGACY_ENCODINGS = ("gbk", "gb18030", "big5", "cp950", "big5hkscs")
# Control characters other than tab, newlines, form feed mean binary data.
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
MAX_CONTROL_SHARE = 0.01
# A legacy decoding must read at least this much like ordinary Chinese (mean log-frequency
# of its Chinese characters; real text scores 4-5, misread bytes 1-2.5).
MIN_LEGACY_SCORE = 3.0
# UTF-16 without BOM: this share of NULs on one parity and almost none on the other.
MIN_NUL_SHARE = 0.2
MAX_OTHER_NUL_SHARE = 0.02
SAMPLE_BYTES = 1 << 16


class InputError(ValueError):
    """An article file that cannot be read as text; `path` and `reason` say which and why."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def _utf16_by_nuls(data: bytes) -> str | None:
    sample = data[:SAMPLE_BYTES]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_share = even.count(0) / len(even)
    odd_share = odd.count(0) / max(len(odd), 1)
    if odd_share >= MIN_NUL_SHARE and even_share <= MAX_OTHER_NUL_SHARE:
        return "utf-16-le"
    if even_share >= MIN_NUL_SHARE and odd_share <= MAX_OTHER_NUL_SHARE:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    sample = text[:SAMPLE_BYTES]
    controls = sum(1 for ch in sample if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in ALLOWED_CONTROLS)
    return controls / max(len(sample), 1)


def _legacy_candidates(data: bytes) -> list[tuple[float, str, str]]:
    found = []
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        found.append((chinese_score(_chinese_sample(text)), encoding, text))
    return found


def _chinese_sample(text: str) -> str:
    return "".join(ch for ch in text[:SAMPLE_BYTES] if ord(ch) >= 0x2E80)


def _undecodable_reason(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.end >= len(data) and err.reason == "unexpected end of data":
            return f"truncated multi-byte sequence at the end of the file (byte {err.start})"
        return (
            f"undecodable bytes: not UTF-8 (invalid byte 0x{data[err.start]:02x} at offset {err.start}) "
            "and not readable as GB18030 or Big5 text"
        )
    return "undecodable bytes"


def decode_bytes(data: bytes, path: str | os.PathLike[str] = "<bytes>") -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding) or raises InputError."""
    if not data.strip():
        raise InputError(path, "empty file" if not data else "file contains only whitespace")
    text, encoding = None, None
    for bom, name, codec in BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), name
            except UnicodeDecodeError as err:
                raise InputError(path, f"undecodable bytes: invalid {name} at offset {err.start}") from None
            break
    if text is None and (utf16 := _utf16_by_nuls(data)):
        try:
            text, encoding = data.decode(utf16), utf16
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes)")
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            candidates = _legacy_candidates(data)
            if not candidates:
                raise InputError(path, _undecodable_reason(data)) from None
            score, encoding, text = max(candidates, key=lambda c: c[0])
            if score < MIN_LEGACY_SCORE:
                raise InputError(path, _undecodable_reason(data)) from None
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError(path, "binary file (control characters)")
    if not text.strip("\ufeff \t\r\n\f\v"):
        raise InputError(path, "file contains no text")
    return text, encoding


def read_article(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read an article file; returns (text, encoding) or raises InputError."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot read file: {err.strerror or err}") from None
    return decode_bytes(data, path)
