"""Edits on a text and the character-level map from the edited text back to the original.

A stage that changes lengths (mojibake repair, pinyin removal) describes its work as a
list of `Edit`s in original coordinates; `apply_edits` produces the new text and, for each
new character, the [start, end) range of the original it came from. Untouched stretches
are mapped with `zip(range, range)`, so the cost is in C, not a Python loop per character.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple, Optional, Sequence

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


def identity_offsets(start: int, end: int) -> list[Span]:
    return list(zip(range(start, end), range(start + 1, end + 1)))


def apply_edits(text: str, edits: Sequence[Edit]) -> tuple[str, list[Span], list[int]]:
    """Apply sorted, non-overlapping edits (`Edit`s or plain 4-tuples in the same order).

    Returns the new text, its offset map, and for each edit the position in the new text
    where its replacement starts.
    """
    if not edits:
        return text, identity_offsets(0, len(text)), []
    pieces: list[str] = []
    offsets: list[Span] = []
    new_starts: list[int] = []
    pos = 0
    out_len = 0
    for start, end, after, sources in edits:
        pieces.append(text[pos:start])
        offsets.extend(zip(range(pos, start), range(pos + 1, start + 1)))
        out_len += start - pos
        new_starts.append(out_len)
        if after:
            pieces.append(after)
            offsets.extend(sources if sources is not None else ((start, end),) * len(after))
            out_len += len(after)
        pos = end
    pieces.append(text[pos:])
    offsets.extend(zip(range(pos, len(text)), range(pos + 1, len(text) + 1)))
    return "".join(pieces), offsets, new_starts


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
