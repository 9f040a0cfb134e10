"""The normalization stage: raw article text → clean Simplified text with an offset map.

Order matters. Mojibake runs are repaired first, on the raw text, because they are
Traditional GBK bytes. Pinyin annotations are removed next (checked against the repaired
characters they follow). Both change lengths, so both are edits on the original text,
applied once. Punctuation and script conversion are one character for one character, so
the offset map from the edits is final.
"""

from __future__ import annotations

import bisect
import os
from itertools import repeat

import numpy as np

from ..records import Unrecoverable
from . import mojibake, pinyin, punctuation, script
from .offsets import Edit, apply_edit_columns, apply_edits_mapped, merge_edits
from .reading import read_article
from .result import NormalizedText

# Repairs are gathered as plain tuples in RepairRow's field order (an annotated Traditional
# text has one every few characters) and become `Repair` models only when asked for.

PINYIN_KIND, PUNCTUATION_KIND, SCRIPT_KIND, PARTICLE_KIND = "pinyin", "punctuation", "script", "particle"
MOJIBAKE_KIND, GUESS_KIND = "mojibake", "mojibake_guess"
PUNCTUATION_CONFIDENCE = 0.95
SCRIPT_CONFIDENCE = 0.98
PARTICLE_CONFIDENCE = 0.9
# Script repairs are summarized per converted stretch; a stretch never crosses an edit,
# a line break or the end of a sentence, so each stays short and readable.
STRETCH_BREAKS = "\n。！？"
CONTEXT_CHARS = 6
LOST = "?"


class _Edited:
    """The raw text after the length-changing stages, with what is needed to describe them."""

    def __init__(self, original: str):
        self.original = original
        self.runs = mojibake.find_repairs(original)
        self._run_starts = [run.start for run in self.runs]
        # Annotations as columns (starts, ends, confidences): thousands in a long text.
        self.annotations = pinyin.annotation_columns(original, self._char_before if self.runs else None)
        starts, ends, _ = self.annotations
        if self.runs:
            deletions = list(zip(starts, ends, repeat(""), repeat(None)))
            self.edits: list[Edit] = merge_edits([run.edit for run in self.runs], deletions)
            self.text, self.offsets, self.new_starts = apply_edits_mapped(original, self.edits)
            edit_starts, _, afters, _ = zip(*self.edits)
            self.new_ends = self.new_starts + np.fromiter(map(len, afters), dtype=np.int64, count=len(afters))
            # edit start (raw) -> its new start (annotations dropped for overlapping a run are absent)
            self.new_start = dict(zip(edit_starts, self.new_starts.tolist()))
        else:
            # Deletions only, in order: their new starts line up with the annotations.
            self.edits = []
            self.new_start = {}
            if starts:
                count = len(starts)
                self.text, self.offsets, self.new_starts = apply_edit_columns(
                    original, starts, ends, ("",) * count, (None,) * count)
            else:
                self.text, self.offsets, self.new_starts = apply_edits_mapped(original, ())
            self.new_ends = self.new_starts

    def _char_before(self, i: int) -> str | None:
        """The character before raw position i once the runs are repaired (None: inside a run)."""
        k = bisect.bisect_right(self._run_starts, i - 1) - 1
        if k >= 0 and self.runs[k].end == i:
            return self.runs[k].edit.after[-1:] or None
        if k >= 0 and i - 1 < self.runs[k].end:
            return None  # raw characters of a repaired run are garbage, not annotated text
        return self.original[i - 1] if i > 0 else None

    def lost_positions(self) -> set[int]:
        return {self.new_start[run.start] + k for run in self.runs if run.start in self.new_start for k in run.lost}


def _context(text: str, start: int, end: int) -> str:
    """The normalized text around a loss: nearby characters up to punctuation or space."""

    def part_of_context(ch: str) -> bool:
        return ch == LOST or ch.isalnum()

    left = start
    while left > 0 and start - left < CONTEXT_CHARS and part_of_context(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and right - end < CONTEXT_CHARS and part_of_context(text[right]):
        right += 1
    return text[left:right]


def _consecutive(indexes: list[int]) -> list[list[int]]:
    groups: list[list[int]] = []
    for k in indexes:
        if groups and groups[-1][-1] == k - 1:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _run_records(edited: _Edited, final: str) -> tuple[list[RepairRow], list[Unrecoverable]]:
    rows: list[RepairRow] = []
    lost: list[Unrecoverable] = []
    original = edited.original
    for run in edited.runs:
        base = edited.new_start.get(run.start)
        if base is None:
            continue
        sources = run.edit.sources or ()
        rows.append((
            base, base + run.recovered_chars, run.start, run.recovered_end, MOJIBAKE_KIND,
            original[run.start:run.recovered_end], final[base:base + run.recovered_chars], mojibake.REPAIR_CONFIDENCE,
        ))
        for k, confidence in run.guessed.items():
            o_start, o_end = sources[k]
            rows.append((
                base + k, base + k + 1, o_start, o_end, GUESS_KIND, original[o_start:o_end], final[base + k], confidence,
            ))
        for group in _consecutive(run.lost):
            n_start, n_end = base + group[0], base + group[-1] + 1
            lost.append(Unrecoverable(
                original_span=(sources[group[0]][0], sources[group[-1]][1]),
                normalized_span=(n_start, n_end),
                context=_context(final, n_start, n_end),
                note="; ".join(dict.fromkeys(run.lost_notes[k] for k in group)),
            ))
    return rows, lost


def _pinyin_records(edited: _Edited) -> list[RepairRow]:
    starts, ends, confidences = edited.annotations
    if not starts:
        return []
    if edited.runs:
        new_start = edited.new_start
        kept = [k for k, start in enumerate(starts) if start in new_start]  # others overlapped a run
        starts, ends, confidences = ([column[k] for k in kept] for column in (starts, ends, confidences))
        positions = [new_start[start] for start in starts]
    else:
        positions = edited.new_starts.tolist()  # the edits are the annotations
    return _rows(positions, positions, starts, ends, PINYIN_KIND, edited.original, "", confidences)


def _rows(n_starts, n_ends, o_starts, o_ends, kind: str, original: str, after, confidence) -> list[RepairRow]:
    """Repair rows from columns, zipped in C (thousands per article).

    `after`: the replacement texts, or one text for all; `confidence`: one value or a column.
    """
    befores = map(original.__getitem__, map(slice, o_starts, o_ends))
    afters = repeat(after) if isinstance(after, str) else after
    confidences = repeat(confidence) if isinstance(confidence, float) else confidence
    return list(zip(n_starts, n_ends, o_starts, o_ends, repeat(kind), befores, afters, confidences))


def _punctuation_records(edited: _Edited, positions: list[int], final: str) -> list[RepairRow]:
    if not positions:
        return []
    offsets = edited.offsets
    o_starts = offsets.starts[positions].tolist()
    o_ends = offsets.ends[positions].tolist()
    n_ends = [i + 1 for i in positions]
    afters = map(final.__getitem__, positions)
    return _rows(positions, n_ends, o_starts, o_ends, PUNCTUATION_KIND, edited.original, afters, PUNCTUATION_CONFIDENCE)


def _stretch_ids(edited: _Edited, old: np.ndarray) -> np.ndarray:
    """Per normalized position, the id of the stretch it belongs to (see STRETCH_BREAKS)."""
    breaks = np.zeros(len(old) + 1, dtype=bool)
    for ch in STRETCH_BREAKS:
        breaks[1:][old == ord(ch)] = True
    breaks[edited.new_starts] = True
    breaks[edited.new_ends] = True
    return np.cumsum(breaks[:-1])


def _script_records(
    edited: _Edited, before: str, after: str, particles: tuple[int, ...], old: np.ndarray | None = None,
) -> list[RepairRow]:
    """One repair per converted stretch, plus one per particle 著 → 着 (`old`: code points of `before`)."""
    if before == after:
        return []
    old = script.code_points(before) if old is None else old
    new = script.code_points(after)
    changed = old != new
    for k in np.flatnonzero(edited.new_ends > edited.new_starts).tolist():
        # characters rebuilt by a run are described by its repair
        changed[edited.new_starts[k]:edited.new_ends[k]] = False
    changed[list(particles)] = False
    positions = np.flatnonzero(changed)
    rows: list[RepairRow] = []
    offsets, original = edited.offsets, edited.original
    if len(positions):
        ids = _stretch_ids(edited, old)[positions]
        cuts = np.flatnonzero(np.diff(ids)) + 1
        firsts = positions[np.concatenate(([0], cuts))]
        lasts = positions[np.concatenate((cuts - 1, [len(positions) - 1]))]
        n_starts, n_ends = firsts.tolist(), (lasts + 1).tolist()
        afters = map(after.__getitem__, map(slice, n_starts, n_ends))
        rows = _rows(n_starts, n_ends, offsets.starts[firsts].tolist(), offsets.ends[lasts].tolist(),
                     SCRIPT_KIND, original, afters, SCRIPT_CONFIDENCE)
    for i in particles:
        o_start, o_end = offsets[i]
        rows.append((i, i + 1, o_start, o_end, PARTICLE_KIND, original[o_start:o_end], after[i], PARTICLE_CONFIDENCE))
    return rows


def normalize_text(text: str, encoding: str | None = None) -> NormalizedText:
    """Repair and convert raw article text; see docs/CONTRACTS.md."""
    edited = _Edited(text)
    punct_positions = punctuation.find_changes(edited.text, edited.lost_positions())
    punctuated = punctuation.apply_changes(edited.text, punct_positions)
    points = script.code_points(punctuated)
    conversion = script.to_simplified(punctuated, points)
    final = conversion.text
    run_rows, lost = _run_records(edited, final)
    rows = (
        run_rows
        + _pinyin_records(edited)
        + _punctuation_records(edited, punct_positions, final)
        + _script_records(edited, punctuated, final, conversion.particles, points)
    )
    rows.sort()
    return NormalizedText(
        original=text,
        text=final,
        offsets=edited.offsets,
        unrecoverable=lost,
        script=conversion.script,
        encoding=encoding,
        repair_rows=rows,
    )


def warm_up() -> None:
    """Load every table and converter now (a second or so), not during the first article.

    Useful before timing, or in a parent process before workers fork.
    """
    from . import scoring, tables

    tables.char_readings()
    tables.char_log_freq()
    scoring.word_freq("未来")
    script.detect_script("")
    script.choose_config("")
    normalize_text("廬陽區(qū)召開大會?!卑不杖鹂匦殴怆娂夹g股份有限公司")


def normalize_file(path: str | os.PathLike[str]) -> NormalizedText:
    """Read an article file (see `read_article`) and normalize it; `.encoding` is set."""
    text, encoding = read_article(path)
    return normalize_text(text, encoding=encoding)
