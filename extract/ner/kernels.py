"""The NER model's two inner loops, compiled where the package was built with its C
extension (`_kernels.c`) and in numpy otherwise.

Both versions compute the same numbers (integer sums, then the same float32 operations in
the same order, ties to the lowest tag id), so entities never depend on how the package was
installed; `tests/test_ner_kernels.py` compares them. Set `EXTRACT_NO_KERNELS=1` to force
the numpy versions.
"""

from __future__ import annotations

import os

import numpy

from .viterbi import decode

try:  # built by setup.py when a C compiler is at hand; optional by design
    from . import _kernels as compiled
except ImportError:  # pragma: no cover - depends on the installation
    compiled = None

SEED_MULTIPLIER = 0x9E3779B97F4A7C15
MIX_MULTIPLIER = numpy.uint64(0xFF51AFD7ED558CCD)
MIX_SHIFT = numpy.uint64(33)
GATHER_CHARS = 32768  # chars per numpy gather: bounds the (chars x features x 16) temporary


def use_compiled() -> bool:
    return compiled is not None and not os.environ.get("EXTRACT_NO_KERNELS")


def mix_into(out: numpy.ndarray, column: int, parts: list[numpy.ndarray], mask: int) -> None:
    """Fills `out[:, column]` with the hashed ids of one feature template: per char, its
    `parts` (uint64 codes: the chars, words, classes the template combines) mixed from a seed
    that depends on the column, so equal parts in two templates land in different buckets."""
    if not parts:
        raise ValueError("a hashed template needs at least one part")
    seed = ((column + 1) * SEED_MULTIPLIER) & 0xFFFFFFFFFFFFFFFF
    if use_compiled() and out.flags.c_contiguous and out.dtype == numpy.int64:
        codes = [numpy.ascontiguousarray(part, dtype=numpy.uint64) for part in parts]
        compiled.mix(out, column, seed, mask, codes)
        return
    value = numpy.uint64(seed)
    for part in parts:
        value = (value ^ part.astype(numpy.uint64, copy=False)) * MIX_MULTIPLIER
        value ^= value >> MIX_SHIFT
    out[:, column] = (value & numpy.uint64(mask)).astype(numpy.int64)


def emissions(rows: numpy.ndarray, features: numpy.ndarray, scale: numpy.ndarray, tags: int) -> numpy.ndarray:
    """(chars, tags) float32: per char, the sum of its features' int8 rows, times `scale`.

    `rows` is (buckets, row_bytes) int8 with the tag weights in its first `tags` columns
    (whole 16-byte rows read faster than 13-byte ones); the sum is exact in integers."""
    features = numpy.ascontiguousarray(features, dtype=numpy.int64)
    scale = numpy.ascontiguousarray(scale, dtype=numpy.float32)
    if use_compiled():
        scores = numpy.empty((len(features), tags), dtype=numpy.float32)
        compiled.emissions(rows, rows.shape[1], features, features.shape[1], scale, scores)
        return scores
    return _emissions_numpy(rows, features, scale, tags)


def _emissions_numpy(rows, features, scale, tags) -> numpy.ndarray:
    if len(features) and (features.min() < 0 or features.max() >= len(rows)):
        raise IndexError(f"feature id outside {len(rows)} buckets")
    scores = numpy.empty((len(features), tags), dtype=numpy.float32)
    for start in range(0, len(features), GATHER_CHARS):
        gathered = numpy.take(rows, features[start : start + GATHER_CHARS], axis=0)
        # int16 holds the sum exactly (features x 127 < 2**15) and sums faster than int32
        scores[start : start + GATHER_CHARS] = gathered.sum(axis=1, dtype=numpy.int16)[:, :tags]
    return scores * scale


def viterbi_runs(
    scores: numpy.ndarray,  # (chars, tags) float32
    offsets: numpy.ndarray,  # (runs,) first char of each run
    lengths: numpy.ndarray,  # (runs,)
    transition: numpy.ndarray,  # (tags, tags) float32, previous -> current
    start: numpy.ndarray,  # (tags,) float32
    end: numpy.ndarray,  # (tags,) float32
) -> numpy.ndarray:
    """Best tag id of every char, (chars,) int8: each run decoded on its own, 0 (O) outside
    the runs."""
    best = numpy.zeros(len(scores), dtype=numpy.int8)
    if not len(offsets):
        return best
    offsets = numpy.ascontiguousarray(offsets, dtype=numpy.int64)
    lengths = numpy.ascontiguousarray(lengths, dtype=numpy.int64)
    tags = scores.shape[1]
    arrays = [numpy.ascontiguousarray(a, dtype=numpy.float32) for a in (scores, transition, start, end)]
    if use_compiled():
        compiled.viterbi(arrays[0], tags, offsets, lengths, *arrays[1:], best)
        return best
    return _viterbi_numpy(*arrays, offsets, lengths, best)


def _viterbi_numpy(scores, transition, start, end, offsets, lengths, best) -> numpy.ndarray:
    if offsets.min() < 0 or (offsets + lengths).max() > len(scores):
        raise IndexError("a run lies outside the scores")
    longest = int(lengths.max())
    index = offsets[:, None] + numpy.arange(longest)[None, :]
    index = numpy.minimum(index, len(scores) - 1)  # padding reads a real row, never used
    tag_ids = decode(scores[index], lengths, transition, start, end)
    inside = numpy.arange(longest)[None, :] < lengths[:, None]
    best[index[inside]] = tag_ids[inside]
    return best


def trie_longest(codes, keys, children, terminal, out) -> None:
    """The compiled trie walk of `name_trie.NameTrie` (no numpy version: without the
    extension, `gazetteer` matches names with pyahocorasick, which gives the same codes)."""
    if compiled is None:
        raise RuntimeError("the C kernels are not built")
    compiled.trie_longest(codes, keys, children, terminal, out)
