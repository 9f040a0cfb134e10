"""Finds quoted phrases (“…”, ‘…’, 「…」, 『…』, "…") in a text, nested ones included.

Quotes never span a line: news paragraphs are one line each, so an opener left open at the
end of a line (a quote mark lost to corruption) is dropped instead of swallowing the next
paragraph. A closer with no opener of its kind is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENER_TO_CLOSER = {"“": "”", "‘": "’", "「": "」", "『": "』", "〝": "〞"}
CLOSERS = frozenset(OPENER_TO_CLOSER.values())
ASCII_QUOTES = frozenset('"')  # direction-less: alternates open / close within a line
QUOTE_MARKS = frozenset(OPENER_TO_CLOSER) | CLOSERS | ASCII_QUOTES | frozenset("'")


@dataclass(frozen=True)
class Quote:
    """A quoted phrase: marks at `start` and `end - 1`, content in between."""

    start: int
    end: int
    depth: int  # 0 for a top-level quote, 1 for a quote inside a quote …

    @property
    def content_start(self) -> int:
        return self.start + 1

    @property
    def content_end(self) -> int:
        return self.end - 1

    def content(self, text: str) -> str:
        return text[self.content_start:self.content_end]


_MARK_OR_LINE_END = re.compile("[\n" + re.escape("".join(sorted(set(OPENER_TO_CLOSER) | CLOSERS | ASCII_QUOTES))) + "]")


def find_quotes(text: str) -> list[Quote]:
    """Every well-formed quoted phrase in `text`, ordered by start."""
    found: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (opening mark, its index)
    for mark in _MARK_OR_LINE_END.finditer(text):  # only these characters matter
        index, char = mark.start(), mark.group()
        if char == "\n":
            stack.clear()
        elif char in OPENER_TO_CLOSER:
            stack.append((char, index))
        elif char in ASCII_QUOTES:
            if stack and stack[-1][0] == char:
                _close(stack, len(stack) - 1, index, found)
            else:
                stack.append((char, index))
        elif char in CLOSERS:
            level = _open_level(stack, char)
            if level is not None:
                _close(stack, level, index, found)
    found.sort(key=lambda quote: quote.start)
    return found


def _open_level(stack: list[tuple[str, int]], closer: str) -> int | None:
    for level in range(len(stack) - 1, -1, -1):
        if OPENER_TO_CLOSER.get(stack[level][0]) == closer:
            return level
    return None


def _close(stack: list[tuple[str, int]], level: int, index: int, found: list[Quote]) -> None:
    _, start = stack[level]
    # Openers above the matched one were never closed: they are dropped with it.
    del stack[level:]
    if index > start + 1:
        found.append(Quote(start, index + 1, level))


TITLE = re.compile(r"《([^《》\n]{2,60})》")


def find_titles(text: str) -> list[tuple[int, int]]:
    """Content spans of 《…》 titles (documents, books, newspapers)."""
    return [match.span(1) for match in TITLE.finditer(text)]


_ANY_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(QUOTE_MARKS))) + "]")


def strip_quote_marks(text: str) -> tuple[str, list[int]]:
    """`text` without quote marks, and for each kept char its index in `text`."""
    if not _ANY_QUOTE_MARK.search(text):
        return text, list(range(len(text)))  # the usual case: nothing to strip
    kept: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if char not in QUOTE_MARKS:
            kept.append(char)
            positions.append(index)
    return "".join(kept), positions
