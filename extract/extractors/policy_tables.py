"""The policy data files, loaded once: vocabulary (with an Aho-Corasick automaton), head
nouns and governing verbs. See the headers of the files in `extract/resources/` for what
each column means and where the data came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..lexicon import read_rows

VOCAB_FILE = "policy_vocab.tsv"
HEADS_FILE = "policy_heads.tsv"
VERBS_FILE = "policy_verbs.tsv"


@dataclass(frozen=True)
class VocabEntry:
    term: str
    kind: str
    source: str


@dataclass(frozen=True)
class Head:
    text: str
    kind: str
    weight: float
    after: bool      # may follow a quoted name or vocabulary term
    end: bool        # a quoted name may end with it
    unquoted: bool   # may close an unquoted name after a governing verb
    title: bool      # a policy document title in 《》 may end with it


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, VocabEntry]:
    entries: dict[str, VocabEntry] = {}
    for row in read_rows(VOCAB_FILE):
        term = row[0].strip()
        kind = row[1].strip() if len(row) > 1 else "concept"
        source = row[2].strip() if len(row) > 2 else ""
        if term:
            entries[term] = VocabEntry(term, kind, source)
    return entries


@lru_cache(maxsize=1)
def vocab_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for term in vocabulary():
        automaton.add_word(term, term)
    automaton.make_automaton()
    return automaton


def vocab_hits(text: str) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping vocabulary matches as (start, end, term)."""
    candidates = sorted(
        ((end + 1 - len(term), end + 1, term) for end, term in vocab_automaton().iter(text)),
        key=lambda hit: (hit[0], -(hit[1] - hit[0])),
    )
    chosen: list[tuple[int, int, str]] = []
    reach = -1
    for start, end, term in candidates:
        if start >= reach:
            chosen.append((start, end, term))
            reach = end
    return chosen


@lru_cache(maxsize=1)
def heads() -> tuple[Head, ...]:
    loaded = []
    for row in read_rows(HEADS_FILE):
        where = {part.strip() for part in row[3].split(",")} if len(row) > 3 else {"after"}
        loaded.append(Head(row[0].strip(), row[1].strip(), float(row[2]),
                           "after" in where, "end" in where, "unquoted" in where, "title" in where))
    # Longest first, so 服务平台 is tried before 平台.
    return tuple(sorted(loaded, key=lambda head: -len(head.text)))


@lru_cache(maxsize=5)
def heads_where(position: str) -> tuple[Head, ...]:
    return tuple(head for head in heads() if getattr(head, position))


@lru_cache(maxsize=5)
def head_pattern(position: str) -> re.Pattern:
    alternatives = "|".join(re.escape(head.text) for head in heads_where(position))
    return re.compile(alternatives)


@lru_cache(maxsize=5)
def head_by_text(position: str) -> dict[str, Head]:
    table: dict[str, Head] = {}
    for head in heads_where(position):
        table.setdefault(head.text, head)
    return table


@lru_cache(maxsize=1)
def _end_heads() -> tuple[tuple[int, dict[str, Head]], ...]:
    """(length, {text: first head of that text}) of the `end` heads, longest first."""
    by_length: dict[int, dict[str, Head]] = {}
    for head in heads_where("end"):
        by_length.setdefault(len(head.text), {}).setdefault(head.text, head)
    return tuple(sorted(by_length.items(), reverse=True))


def end_head_of(term: str) -> Head | None:
    """The longest `end` head a quoted name ends with, leaving at least two characters
    before it that are not all digits (项目攻坚年 ends with 攻坚年; 2024年 ends with none)."""
    for length, by_text in _end_heads():
        head = by_text.get(term[-length:])
        if head is not None and len(term) >= length + 2 and not term[:-length].isdigit():
            return head
    return None


@lru_cache(maxsize=1)
def verbs() -> frozenset[str]:
    return frozenset(row[0].strip() for row in read_rows(VERBS_FILE) if row[0].strip())


@lru_cache(maxsize=1)
def _verb_lengths() -> tuple[int, ...]:
    # Longest first, so 深入推进 wins over 推进 when both end at the same place.
    return tuple(sorted({len(verb) for verb in verbs()}, reverse=True))


@lru_cache(maxsize=1)
def _verb_last_chars() -> frozenset[str]:
    return frozenset(verb[-1] for verb in verbs())


def verb_ending_at(text: str, end: int) -> str | None:
    """The longest governing verb that ends exactly at `end`."""
    if 0 < end <= len(text) and text[end - 1] not in _verb_last_chars():
        return None  # no verb ends with this character (most places: a cheap first look)
    known = verbs()
    for length in _verb_lengths():
        if end >= length and text[end - length:end] in known:
            return text[end - length:end]
    return None
