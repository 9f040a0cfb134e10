"""Viterbi decoding of many pieces at once: one numpy step per position, not per piece.

A first-order linear chain: score = sum of per-char tag scores + tag-to-tag transitions.
Pieces are sorted longest first, so at each position the pieces still running are a
prefix of the batch and the work is the total length of the pieces, not count x longest.
"""

from __future__ import annotations

import numpy


def decode(
    emissions: numpy.ndarray,  # (pieces, length, tags)
    lengths: numpy.ndarray,  # (pieces,)
    transition: numpy.ndarray,  # (tags, tags): previous -> current
    start: numpy.ndarray,  # (tags,)
    end: numpy.ndarray,  # (tags,)
) -> numpy.ndarray:
    """Best tag ids, shape (pieces, length); positions past a piece's length are 0."""
    pieces, length, tag_count = emissions.shape
    best_tags = numpy.zeros((pieces, length), dtype=numpy.int64)
    if pieces == 0 or length == 0:
        return best_tags
    order = numpy.argsort(-lengths, kind="stable")
    lengths = lengths[order]
    emissions = emissions[order]
    # running[t]: how many pieces (a prefix, longest first) are still going at position t
    running = numpy.searchsorted(-lengths, -numpy.arange(length), side="left")
    score = emissions[:, 0] + start
    final = numpy.empty_like(score)
    backpointers = numpy.zeros((length, pieces, tag_count), dtype=numpy.int8)
    # (current, previous) layout: the reductions over the previous tag run along the last,
    # contiguous axis, which numpy does several times faster than along a middle one.
    into = numpy.ascontiguousarray(transition.T)
    for position in range(1, length + 1):
        active, still = running[position - 1], running[position] if position < length else 0
        if still < active:  # pieces that ended at position - 1 keep their score
            final[still:active] = score[still:active] + end
        if position == length or still == 0:
            break
        candidates = score[:still, None, :] + into[None]
        backpointers[position, :still] = candidates.argmax(axis=2)
        score = candidates.max(axis=2) + emissions[:still, position]
    current = final.argmax(axis=1)
    rows = numpy.arange(pieces)
    sorted_tags = numpy.zeros((pieces, length), dtype=numpy.int64)
    for position in range(length - 1, -1, -1):
        inside = position < lengths
        sorted_tags[:, position] = numpy.where(inside, current, 0)
        if position:
            current = numpy.where(inside, backpointers[position][rows, current], current)
    best_tags[order] = sorted_tags
    return best_tags
