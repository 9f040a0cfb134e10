"""Viterbi decoding of many pieces at once: one numpy step per position, not per piece.

A first-order linear chain: score = sum of per-char tag scores + tag-to-tag transitions.
Pieces are padded to the longest; a piece's score is frozen once its length is passed.
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
    score = emissions[:, 0] + start
    backpointers = numpy.zeros((length, pieces, tag_count), dtype=numpy.int64)
    rows = numpy.arange(pieces)
    for position in range(1, length):
        candidates = score[:, :, None] + transition[None]
        previous = candidates.argmax(axis=1)
        stepped = candidates.max(axis=1) + emissions[:, position]
        active = (position < lengths)[:, None]
        score = numpy.where(active, stepped, score)
        backpointers[position] = previous
    current = (score + end).argmax(axis=1)
    for position in range(length - 1, -1, -1):
        inside = position < lengths
        best_tags[:, position] = numpy.where(inside, current, 0)
        if position:
            current = numpy.where(inside, backpointers[position][rows, current], current)
    return best_tags
