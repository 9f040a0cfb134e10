"""Every occurrence of many words in a text, in one Aho-Corasick pass.

Used where a name found once is looked for again everywhere (a place's repeats, a quoted
policy term's bare repeats): searching for each name separately made long texts quadratic.
"""

from __future__ import annotations

from typing import Iterable

import ahocorasick

Span = tuple[int, int]


def occurrences(text: str, words: Iterable[str]) -> dict[str, list[Span]]:
    """word → its non-overlapping occurrences, left to right (what `re.finditer` of the
    word finds); words that do not occur are absent."""
    automaton = ahocorasick.Automaton()
    for word in words:
        if word:
            automaton.add_word(word, word)
    if len(automaton) == 0:
        return {}
    automaton.make_automaton()
    found: dict[str, list[Span]] = {}
    for end, word in automaton.iter(text):  # ordered by end, so one word's hits by start too
        spans = found.setdefault(word, [])
        start = end + 1 - len(word)
        if not spans or start >= spans[-1][1]:
            spans.append((start, end + 1))
    return found
