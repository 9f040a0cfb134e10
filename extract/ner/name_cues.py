"""Per-char cues that hold for names the training data never showed.

Char and word features learn names one string at a time; these cues are classes that many
names share, so the model can carry what it learnt about seen names to unseen ones:

- name chars (`ner_name_chars.tsv`): how typical a char is as a Chinese family name, as a
  given-name char, and as a char of a transliterated foreign name; levels 0-3 each.
- organisation heads (`ner_org_heads.tsv`): how far the char is from the nearest
  organisation head (委员会, 公司, 大学) to its right in the same clause, and which head it is.
  A long name such as 中国人民政治协商会议全国委员会 starts far from its head; plain char
  windows never see that far.

Both tables are read once. `table_digest` goes into the feature templates, so a model trained
with other tables refuses to load (see `extract.ner.model.load_file`).

Run `python -m extract.ner.name_cues` to regenerate the name-char table (from surnames.tsv
and jieba's dict.txt); the organisation heads are kept by hand. Either change needs a retrain.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import ahocorasick
import numpy

from extract.lexicon import read_rows, resource_path

NAME_CHARS_FILE = "ner_name_chars.tsv"
ORG_HEADS_FILE = "ner_org_heads.tsv"
# Chars that end a clause: a name never runs across them, so neither does a head's reach.
CLAUSE_MARKS = "，。、；：！？,.;:!?（）()\n\r\t 　"
# Distance (in chars) from a char to the start of the head on its right -> bucket.
# 0 = inside the head; past the last edge = no head in reach.
DISTANCE_EDGES = (1, 2, 3, 5, 7, 10, 15)
NO_HEAD = len(DISTANCE_EDGES) + 1
_CLAUSE_MARK = numpy.zeros(0x10000, dtype=bool)
_CLAUSE_MARK[[ord(char) for char in CLAUSE_MARKS]] = True


@lru_cache(maxsize=1)
def name_char_table() -> numpy.ndarray:
    """Code per BMP code point: 0 for chars of no name class, else 1 + 16 * surname level
    + 4 * given-name level + transliteration level."""
    table = numpy.zeros(0x10000, dtype=numpy.uint64)
    for row in read_rows(NAME_CHARS_FILE):
        char, surname, given, foreign = row[0], int(row[1]), int(row[2]), int(row[3])
        if len(char) == 1 and ord(char) < 0x10000:
            table[ord(char)] = 1 + 16 * surname + 4 * given + foreign
    return table


def name_char_codes(codes: numpy.ndarray) -> numpy.ndarray:
    """Name-char code of each (folded) code point; 0 beyond the BMP."""
    return name_char_table()[numpy.where(codes < 0x10000, codes, 0)]


@lru_cache(maxsize=1)
def org_head_automaton():
    automaton = ahocorasick.Automaton()
    for number, row in enumerate(read_rows(ORG_HEADS_FILE), start=1):
        head = row[0].strip()
        if head:
            automaton.add_word(head, (len(head), number))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def org_head_codes(text: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Per char: (distance bucket to the nearest head starting at or after it in its clause,
    or covering it; that head's number, 0 when none is in reach)."""
    length = len(text)
    buckets = numpy.full(length, NO_HEAD, dtype=numpy.uint64)
    heads = numpy.zeros(length, dtype=numpy.uint64)
    automaton = org_head_automaton()
    if not length or not len(automaton):
        return buckets, heads
    longest_at_end: dict[int, tuple[int, int]] = {}
    for end, (size, number) in automaton.iter(text):
        if size > longest_at_end.get(end, (0, 0))[0]:
            longest_at_end[end] = (size, number)
    if not longest_at_end:
        return buckets, heads
    ends = numpy.fromiter(longest_at_end.keys(), dtype=numpy.int64)
    sizes = numpy.array([v[0] for v in longest_at_end.values()], dtype=numpy.int64)
    numbers = numpy.array([v[1] for v in longest_at_end.values()], dtype=numpy.uint64)
    starts = ends + 1 - sizes
    # Inside a head: the longest head covering the char (coverage by a difference array).
    cover = numpy.zeros(length + 1, dtype=numpy.int64)
    numpy.add.at(cover, starts, 1)
    numpy.add.at(cover, ends + 1, -1)
    inside = numpy.cumsum(cover[:-1]) > 0
    head_at_start = numpy.zeros(length, dtype=numpy.uint64)
    first_start = numpy.full(length + 1, length, dtype=numpy.int64)
    order = numpy.argsort(sizes)  # the longest head starting at a char wins
    head_at_start[starts[order]] = numbers[order]
    first_start[starts] = starts
    next_start = numpy.minimum.accumulate(first_start[::-1])[::-1][:length]
    codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
    marks = _CLAUSE_MARK[numpy.minimum(codes, 0xFFFF)] & (codes <= 0xFFFF)
    clause = numpy.cumsum(marks)
    reachable = (next_start < length) & (clause[numpy.minimum(next_start, length - 1)] == clause) & ~marks
    distance = next_start - numpy.arange(length)
    found = reachable & ~inside
    buckets[found] = numpy.searchsorted(DISTANCE_EDGES, distance[found], side="right")
    heads[found] = head_at_start[next_start[found]]
    buckets[inside] = 0
    # A covered char points at the head starting at or before it: the nearest start to its left.
    last_start = numpy.full(length, -1, dtype=numpy.int64)
    last_start[starts] = starts
    last_start = numpy.maximum.accumulate(last_start)
    heads[inside] = head_at_start[last_start[inside]]
    return buckets, heads


@lru_cache(maxsize=1)
def table_digest() -> str:
    """Short digest of both tables: part of the feature templates."""
    digest = hashlib.sha1()
    for name in (NAME_CHARS_FILE, ORG_HEADS_FILE):
        path = resource_path(name)
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------- building the tables


def _level(ratio: float, edges: tuple[float, ...]) -> int:
    return sum(ratio >= edge for edge in edges)


def name_char_rows(dict_lines, surnames: dict[str, bool]) -> list[tuple[str, int, int, int]]:
    """(char, surname, given, foreign) levels from jieba dictionary lines (word freq tag).

    Given-name chars: the chars after the family name in the dictionary's person names
    (tag nr/nrfg, 2-3 chars, starting with a listed family name). Transliteration chars:
    the chars of its foreign person names (tag nrt, 3+ chars). Each count is divided by the
    number of dictionary words holding the char, so common chars (的, 是) stay low; levels
    cut that share at 2 %, 8 % and 25 %."""
    in_words: Counter = Counter()
    given: Counter = Counter()
    foreign: Counter = Counter()
    for line in dict_lines:
        fields = line.split()
        if len(fields) != 3:
            continue
        word, tag = fields[0], fields[2]
        in_words.update(set(word))
        if tag in ("nr", "nrfg") and 2 <= len(word) <= 3 and surnames.get(word[0]) is not None:
            given.update(set(word[1:]))
        elif tag == "nrt" and len(word) >= 3:
            foreign.update(set(word))
    edges = (0.02, 0.08, 0.25)
    rows = []
    for char in sorted(set(surnames) | set(given) | set(foreign)):
        if len(char) != 1:
            continue
        words = max(in_words[char], 1)
        surname = 0 if char not in surnames else (1 if surnames[char] else 2)
        given_level = _level(given[char] / words, edges) if given[char] >= 3 else 0
        foreign_level = _level(foreign[char] / words, edges) if foreign[char] >= 3 else 0
        if surname or given_level or foreign_level:
            rows.append((char, surname, given_level, foreign_level))
    return rows


def _surnames() -> dict[str, bool]:
    """Family name -> weak? (compound names give their first char, as weak)."""
    names: dict[str, bool] = {}
    for row in read_rows("surnames.tsv"):
        name = row[0].strip()
        weak = len(row) > 1 and row[1].strip() == "weak"
        if len(name) == 1:
            names[name] = weak
        elif name:
            names.setdefault(name[0], True)
    return names


def build_tables() -> None:
    import jieba

    dict_path = Path(jieba.__file__).with_name("dict.txt")
    with open(dict_path, encoding="utf-8") as lines:
        rows = name_char_rows(lines, _surnames())
    header = (
        "# Name-char classes for the NER model's features (extract/ner/name_cues.py).\n"
        "# Generated by `python -m extract.ner.name_cues` from extract/resources/surnames.tsv and\n"
        f"# jieba {jieba.__version__}'s dict.txt (MIT licence): surname level (2 family name, 1 weak or\n"
        "# first char of a compound one), given-name level and transliteration level (0-3: share of\n"
        "# the dictionary words holding the char that are person names with the char after the family\n"
        "# name / foreign person names, cut at 2 %, 8 %, 25 %). The shipped NER model was trained with\n"
        "# this exact file: edit it only together with retraining (the model checks a digest).\n"
        "# Columns: char, surname, given, transliteration\n"
    )
    body = "".join(f"{c}\t{s}\t{g}\t{f}\n" for c, s, g, f in rows)
    Path(str(resource_path(NAME_CHARS_FILE))).write_text(header + body, encoding="utf-8")
    print(f"{len(rows)} name chars")


if __name__ == "__main__":
    build_tables()
