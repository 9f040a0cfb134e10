"""Edits on a text and the character-level map from the edited text back to the original.

A stage that changes lengths (mojibake repair, pinyin removal) describes its work as a
list of `Edit`s in original coordinates; `apply_edits_mapped` produces the new text and an
`OffsetMap`: for each new character, the [start, end) range of the original it came from.
The map is two integer arrays computed in numpy (untouched stretches are a running shift,
replacements are written slice by slice), so no Python object is made per character; the
list of (start, end) pairs is built only when someone asks for it.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Optional, Sequence

import numpy as np

Span = tuple[int, int]


class Edit(NamedTuple):
    """Replace original[start:end] by `after`.

    `sources` gives, per character of `after`, the original range it was rebuilt from;
    None maps every character of `after` to the whole [start, end).
    """

    start: int
    end: int
    after: str
    sources: Optional[tuple[Span, ...]] = None


class OffsetMap:
    """Per normalized character, the [start, end) range of the original it came from.

    `starts` and `ends` are int64 numpy arrays of the normalized text's length. Indexing
    gives a (start, end) tuple of Python ints, as the list form does.
    """

    __slots__ = ("starts", "ends")

    def __init__(self, starts: np.ndarray, ends: np.ndarray):
        self.starts = starts
        self.ends = ends

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        starts = np.arange(length, dtype=np.int64)
        return cls(starts, starts + 1)

    @classmethod
    def from_spans(cls, spans: Sequence[Span]) -> "OffsetMap":
        pairs = np.array(spans, dtype=np.int64).reshape(-1, 2)
        return cls(np.ascontiguousarray(pairs[:, 0]), np.ascontiguousarray(pairs[:, 1]))

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Span:
        return (int(self.starts[index]), int(self.ends[index]))

    def to_list(self) -> list[Span]:
        return list(zip(self.starts.tolist(), self.ends.tolist()))

    def original_span(self, start: int, end: int, original_length: int) -> Span:
        """The original range covered by normalized[start:end] (empty spans map to a point)."""
        starts, ends = self.starts, self.ends
        if start < end:
            first, last = int(starts[start]), int(starts[end - 1])
            first_end, last_end = int(ends[start]), int(ends[end - 1])
            return (min(first, last), max(first_end, last_end))
        if start < len(starts):
            point = int(starts[start])
        elif len(starts):
            point = int(ends[-1])
        else:
            point = 0 if start == 0 else original_length
        return (point, point)


def code_points(text: str) -> np.ndarray:
    """The text as an array of code points (lone surrogates kept as they are)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def from_code_points(points: np.ndarray) -> str:
    return points.astype("<u4", copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def identity_offsets(start: int, end: int) -> list[Span]:
    return list(zip(range(start, end), range(start + 1, end + 1)))


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, list[Span], list[int]]:
    """`apply_edits_mapped` with the offset map as a list of (start, end) pairs."""
    new_text, offsets, new_starts = apply_edits_mapped(text, edits)
    return new_text, offsets.to_list(), new_starts.tolist()


def apply_edits_mapped(text: str, edits: Sequence[Edit]) -> tuple[str, OffsetMap, np.ndarray]:
    """Apply sorted, non-overlapping edits (`Edit`s or plain 4-tuples in the same order).

    Returns the new text, its offset map, and for each edit the position in the new text
    where its replacement starts (an int64 array).
    """
    if not edits:
        return text, OffsetMap.identity(len(text)), np.zeros(0, dtype=np.int64)
    return apply_edit_columns(text, *zip(*edits))


def apply_edit_columns(
    text: str, start_list: Sequence[int], end_list: Sequence[int],
    afters: Sequence[str], sources_list: Sequence[Optional[tuple[Span, ...]]],
) -> tuple[str, OffsetMap, np.ndarray]:
    """`apply_edits_mapped` with the edits given as columns (at least one edit).

    The work is numpy over the text, plus a loop over the edits that put text in.
    """
    starts = np.array(start_list, dtype=np.int64)
    ends = np.array(end_list, dtype=np.int64)
    lengths = np.fromiter(map(len, afters), dtype=np.int64, count=len(afters))
    removed = ends - starts - lengths  # how much shorter the text gets at each edit
    shift = np.cumsum(removed)
    new_starts = starts - (shift - removed)
    new_length = len(text) - int(shift[-1])
    # An untouched character maps to itself shifted by what the edits before it removed:
    # the shift grows by removed[k] right after edit k's replacement.
    # (bincount adds up the edits that end at one place; its float sums of small ints are exact)
    steps = np.bincount(new_starts + lengths, weights=removed, minlength=new_length + 1).astype(np.int64)
    map_starts = np.arange(new_length, dtype=np.int64) + np.cumsum(steps[:new_length])
    map_ends = map_starts + 1
    # The new text: each character gathered from where the map says it came from (inside a
    # replacement the gathered one is a placeholder), then the replacements written in.
    if len(text):
        new_points = code_points(text)[np.minimum(map_starts, len(text) - 1)]
    else:
        new_points = np.zeros(new_length, dtype="<u4")
    for k in np.flatnonzero(lengths).tolist():
        after, sources = afters[k], sources_list[k]
        at = int(new_starts[k])
        stop = at + len(after)
        new_points[at:stop] = code_points(after)
        if sources is None:
            map_starts[at:stop] = start_list[k]
            map_ends[at:stop] = end_list[k]
        else:
            pairs = np.array(sources, dtype=np.int64).reshape(-1, 2)
            map_starts[at:stop] = pairs[:, 0]
            map_ends[at:stop] = pairs[:, 1]
    return from_code_points(new_points), OffsetMap(map_starts, map_ends), new_starts


def original_span(offsets: Sequence[Span], start: int, end: int, original_length: int) -> Span:
    """The original range covered by normalized[start:end] (empty spans map to a point)."""
    if start < end:
        first = offsets[start]
        last = offsets[end - 1]
        return (min(first[0], last[0]), max(first[1], last[1]))
    if start < len(offsets):
        point = offsets[start][0]
    elif offsets:
        point = offsets[-1][1]
    else:
        point = 0 if start == 0 else original_length
    return (point, point)


def merge_edits(*edit_lists: Iterable[Edit]) -> list[Edit]:
    """Merge edit lists into one sorted list, dropping an edit that overlaps an earlier one."""
    lists = [edits for edits in edit_lists if edits]
    if len(lists) == 1:
        return list(lists[0])
    merged = sorted((e for edits in lists for e in edits), key=lambda e: (e[0], e[1]))
    result: list[Edit] = []
    last_end = 0
    for edit in merged:
        if edit[0] < last_end:
            continue
        result.append(edit)
        last_end = edit[1]
    return result
