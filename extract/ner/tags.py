"""BIOES tags for PER/LOC/ORG, the transitions they allow, and tag <-> span conversion."""

from __future__ import annotations

import numpy

LABELS = ("PER", "LOC", "ORG")
TAGS = ("O",) + tuple(f"{prefix}-{label}" for label in LABELS for prefix in "BIES")
TAG_INDEX = {tag: i for i, tag in enumerate(TAGS)}
FORBIDDEN = -1e4  # a score no sum of feature weights reaches: the move never wins

Span = tuple[int, int, str]


def _opens(tag: str) -> bool:
    return tag == "O" or tag[0] in "BS"


def _closes(tag: str) -> bool:
    return tag == "O" or tag[0] in "ES"


def _may_follow(previous: str, current: str) -> bool:
    if previous[0] in "BI":  # inside an entity: only I or E of the same label
        return current[0] in "IE" and current[2:] == previous[2:]
    return _opens(current)


def constraint_matrices() -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """(transition, start, end) penalties: 0 where allowed, FORBIDDEN where not."""
    count = len(TAGS)
    transition = numpy.zeros((count, count), dtype=numpy.float32)
    for i, previous in enumerate(TAGS):
        for j, current in enumerate(TAGS):
            if not _may_follow(previous, current):
                transition[i, j] = FORBIDDEN
    start = numpy.array([0 if _opens(t) else FORBIDDEN for t in TAGS], dtype=numpy.float32)
    end = numpy.array([0 if _closes(t) else FORBIDDEN for t in TAGS], dtype=numpy.float32)
    return transition, start, end


def spans_to_tags(length: int, spans: list[Span]) -> numpy.ndarray:
    """Tag ids for a piece of `length` chars; spans with an unknown label stay O."""
    tags = numpy.zeros(length, dtype=numpy.int64)
    for start, end, label in spans:
        if label not in LABELS or end <= start:
            continue
        if end - start == 1:
            tags[start] = TAG_INDEX[f"S-{label}"]
            continue
        tags[start] = TAG_INDEX[f"B-{label}"]
        tags[start + 1 : end - 1] = TAG_INDEX[f"I-{label}"]
        tags[end - 1] = TAG_INDEX[f"E-{label}"]
    return tags


def tags_to_spans(tag_ids) -> list[Span]:
    """Spans from a decoded tag sequence (decoding only yields well-formed sequences)."""
    spans: list[Span] = []
    start = None
    for i, tag_id in enumerate(tag_ids):
        tag = TAGS[tag_id]
        if tag[0] == "S":
            spans.append((i, i + 1, tag[2:]))
        elif tag[0] == "B":
            start = i
        elif tag[0] == "E" and start is not None:
            spans.append((start, i + 1, tag[2:]))
            start = None
    return spans
