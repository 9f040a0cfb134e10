"""ASCII punctuation used inside Chinese text becomes full-width: `, ; : ? ! ( )`.

A sign is Chinese punctuation when a neighbour is a Chinese character or Chinese
punctuation; between digits or Latin letters (1,000, 10:30, f(x)) it stays ASCII.
Parentheses are converted in pairs so that (EAST) between Chinese text becomes （EAST）
rather than （EAST). The replacement is one character for one, so offsets do not move.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Collection

import numpy as np

ASCII_TO_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
SIGN_RE = re.compile(r"[,;:?!()]")
BMP_END = 0x10000
# Full-width forms, CJK symbols and punctuation, General Punctuation quotes and dashes.
_CHINESE_PUNCTUATION = "　、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞“”‘’…—·"


# is_chinese's ranges as code points (inclusive), for the lookup table.
_CHINESE_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0xFF01, 0xFF5E))


def is_chinese(ch: str) -> bool:
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff01" <= ch <= "\uff5e"
        or ch in _CHINESE_PUNCTUATION
    )


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables over the BMP: is_chinese, and is one of the ASCII signs.

    Every character is_chinese accepts is in the BMP; the last entry (U+FFFF, not a
    character) is False in both and stands for everything beyond it.
    """
    chinese = np.zeros(BMP_END, dtype=bool)
    for low, high in _CHINESE_RANGES:
        chinese[low:high + 1] = True
    chinese[[ord(ch) for ch in _CHINESE_PUNCTUATION]] = True
    chinese[BMP_END - 1] = False
    signs = np.zeros(BMP_END, dtype=bool)
    signs[[ord(sign) for sign in ASCII_TO_FULLWIDTH]] = True
    return chinese, signs


def find_changes(text: str, protected: Collection[int] = ()) -> list[int]:
    """Positions of ASCII signs to make full-width (protected positions never change).

    The signs and whether their neighbours are Chinese are found in numpy; the walk over
    the signs (a sign after a converted sign counts as after Chinese; parentheses pair)
    is left to right in Python, one step per sign.
    """
    if not SIGN_RE.search(text):
        return []
    chinese, signs = _tables()
    points = np.minimum(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4"), BMP_END - 1)
    positions = np.flatnonzero(signs[points])
    before = np.zeros(len(positions), dtype=bool)
    has_before = positions > 0
    before[has_before] = chinese[points[positions[has_before] - 1]]
    after = np.zeros(len(positions), dtype=bool)
    has_after = positions + 1 < len(points)
    after[has_after] = chinese[points[positions[has_after] + 1]]
    converted: set[int] = set()
    open_parens: list[int] = []
    for i, before_chinese, after_chinese in zip(positions.tolist(), before.tolist(), after.tolist()):
        if i in protected:
            continue
        sign = text[i]
        # A sign right after a converted sign counts as after Chinese punctuation.
        neighbours = before_chinese or after_chinese or (i - 1) in converted
        if sign == "(":
            open_parens.append(i)
            if neighbours:
                converted.add(i)
        elif sign == ")":
            opening = open_parens.pop() if open_parens else None
            if opening is not None and text.find("\n", opening, i) != -1:
                opening = None  # parentheses do not pair across paragraphs
            if neighbours or opening in converted:
                converted.add(i)
                if opening is not None:
                    converted.add(opening)
        elif neighbours:
            converted.add(i)
    return sorted(converted)


def apply_changes(text: str, positions: list[int]) -> str:
    if not positions:
        return text
    pieces: list[str] = []
    last = 0
    for i in positions:
        pieces.append(text[last:i])
        pieces.append(ASCII_TO_FULLWIDTH[text[i]])
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces)
