"""ASCII punctuation used inside Chinese text becomes full-width: `, ; : ? ! ( )`.

A sign is Chinese punctuation when a neighbour is a Chinese character or Chinese
punctuation; between digits or Latin letters (1,000, 10:30, f(x)) it stays ASCII.
Parentheses are converted in pairs so that (EAST) between Chinese text becomes （EAST）
rather than （EAST). The replacement is one character for one, so offsets do not move.
"""

from __future__ import annotations

import re
from typing import Collection

ASCII_TO_FULLWIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
SIGN_RE = re.compile(r"[,;:?!()]")
# Full-width forms, CJK symbols and punctuation, General Punctuation quotes and dashes.
_CHINESE_PUNCTUATION = "　、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞“”‘’…—·"


def is_chinese(ch: str) -> bool:
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or "\uff01" <= ch <= "\uff5e"
        or ch in _CHINESE_PUNCTUATION
    )


def _neighbours_chinese(text: str, i: int, converted: set[int]) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool((before and (is_chinese(before) or i - 1 in converted)) or (after and is_chinese(after)))


def find_changes(text: str, protected: Collection[int] = ()) -> list[int]:
    """Positions of ASCII signs to make full-width (protected positions never change)."""
    converted: set[int] = set()
    open_parens: list[int] = []
    for match in SIGN_RE.finditer(text):
        i = match.start()
        if i in protected:
            continue
        sign = text[i]
        if sign == "(":
            open_parens.append(i)
            if _neighbours_chinese(text, i, converted):
                converted.add(i)
        elif sign == ")":
            opening = open_parens.pop() if open_parens else None
            if opening is not None and "\n" in text[opening:i]:
                opening = None  # parentheses do not pair across paragraphs
            if _neighbours_chinese(text, i, converted) or opening in converted:
                converted.add(i)
                if opening is not None:
                    converted.add(opening)
        elif _neighbours_chinese(text, i, converted):
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
