"""The NER model's compiled kernels compute exactly what their numpy versions compute.

`extract/ner/kernels.py` runs `_kernels.c` where the package was built with it and numpy
otherwise; entities must never depend on which. Each case runs both and compares bit for bit.
"""

from __future__ import annotations

import numpy
import pytest

from extract.ner import kernels
from extract.ner.model import load_model, split_pieces
from extract.ner.tags import TAGS, constraint_matrices

needs_compiled = pytest.mark.skipif(kernels.compiled is None, reason="C kernels not built in this install")
TAG_COUNT = len(TAGS)


def _random_rows(rng, buckets=1 << 12, row_bytes=16):
    return rng.integers(-127, 128, size=(buckets, row_bytes), dtype=numpy.int8)


def _both(fn, monkeypatch):
    compiled = fn()
    monkeypatch.setenv("EXTRACT_NO_KERNELS", "1")
    fallback = fn()
    monkeypatch.delenv("EXTRACT_NO_KERNELS")
    return compiled, fallback


@needs_compiled
@pytest.mark.parametrize("chars, feature_count", [(0, 36), (1, 1), (7, 36), (5000, 36), (40000, 3)])
def test_emissions_match(monkeypatch, chars, feature_count):
    rng = numpy.random.default_rng(chars + feature_count)
    rows = _random_rows(rng)
    features = rng.integers(0, len(rows), size=(chars, feature_count), dtype=numpy.int64)
    scale = rng.random(TAG_COUNT, dtype=numpy.float32)
    compiled, fallback = _both(lambda: kernels.emissions(rows, features, scale, TAG_COUNT), monkeypatch)
    assert compiled.dtype == fallback.dtype == numpy.float32
    assert numpy.array_equal(compiled, fallback)


@pytest.mark.parametrize("use_numpy", [False, True])
def test_emissions_reject_ids_outside_the_table(monkeypatch, use_numpy):
    if use_numpy:
        monkeypatch.setenv("EXTRACT_NO_KERNELS", "1")
    rows = numpy.zeros((8, 16), dtype=numpy.int8)
    features = numpy.array([[0, 8]], dtype=numpy.int64)
    with pytest.raises(IndexError):
        kernels.emissions(rows, features, numpy.ones(TAG_COUNT, numpy.float32), TAG_COUNT)


def _runs(rng, chars, count):
    """Disjoint runs of random lengths inside `chars`."""
    cuts = numpy.sort(rng.choice(numpy.arange(1, chars), size=2 * count, replace=False))
    return cuts[0::2].astype(numpy.int64), (cuts[1::2] - cuts[0::2]).astype(numpy.int64)


@needs_compiled
@pytest.mark.parametrize("seed", range(5))
def test_viterbi_matches_on_random_scores(monkeypatch, seed):
    rng = numpy.random.default_rng(seed)
    chars = 3000
    scores = (rng.standard_normal((chars, TAG_COUNT)) * 3).astype(numpy.float32)
    transition = rng.standard_normal((TAG_COUNT, TAG_COUNT)).astype(numpy.float32)
    penalty, start, end = constraint_matrices()
    transition = (transition + penalty).astype(numpy.float32)
    offsets, lengths = _runs(rng, chars, 200)
    args = (scores, offsets, lengths, transition, start, end)
    compiled, fallback = _both(lambda: kernels.viterbi_runs(*args), monkeypatch)
    assert numpy.array_equal(compiled, fallback)
    outside = numpy.ones(chars, dtype=bool)
    for offset, length in zip(offsets, lengths):
        outside[offset : offset + length] = False
    assert not compiled[outside].any()  # chars outside every run stay O


@needs_compiled
def test_viterbi_ties_go_to_the_lowest_tag(monkeypatch):
    """All-equal scores: every step is a tie, so both versions must break ties alike."""
    scores = numpy.zeros((12, TAG_COUNT), dtype=numpy.float32)
    transition = numpy.zeros((TAG_COUNT, TAG_COUNT), dtype=numpy.float32)
    zeros = numpy.zeros(TAG_COUNT, dtype=numpy.float32)
    args = (scores, numpy.array([0, 5]), numpy.array([4, 7]), transition, zeros, zeros)
    compiled, fallback = _both(lambda: kernels.viterbi_runs(*args), monkeypatch)
    assert numpy.array_equal(compiled, fallback)
    assert not compiled.any()


SENTENCES = [
    "合肥市庐阳区科技局局长王建国在安徽瑞控信光电技术股份有限公司调研，总经理刘耀军陪同。",
    "记者从北京市海淀区人民政府获悉，中关村科学城管委会将与清华大学共建人工智能研究院。",
    "苏州工业园区管委会副主任张晓明表示，园区今年引进外资项目120个。",
]


@needs_compiled
def test_model_gives_the_same_entities_either_way(monkeypatch):
    from extract import Pipeline  # noqa: F401  (the model reads the pipeline's tokens)
    from extract.nlp import build_nlp
    from extract.ner.features import doc_words

    model = load_model()
    if model is None:
        pytest.skip("no shipped NER model")
    nlp = build_nlp(components=())
    text = "".join(SENTENCES * 20)
    doc = nlp.make_doc(text)
    starts, hashes = doc_words(doc)
    compiled, fallback = _both(lambda: model.predict(text, starts, hashes), monkeypatch)
    assert compiled == fallback
    labels = {text[s:e]: label for s, e, label in compiled}
    assert labels.get("刘耀军") == "PER"
    assert len(split_pieces(text)) >= 60


# The feature hash is part of the shipped model: a bucket id that moved would silently
# read another feature's weights. These ids were computed by hand from the definition
# (v = seed(column); per part: v = (v ^ part) * 0xFF51AFD7ED558CCD mod 2**64, v ^= v >> 33).
PINNED_HASHES = [
    (0, [ord("合")], 22, 1333147),
    (17, [ord("市"), 3], 22, 2909080),
    (35, [1, 2, 3], 20, 569775),
]


@pytest.mark.parametrize("use_numpy", [False, True])
@pytest.mark.parametrize("column, parts, bits, expected", PINNED_HASHES)
def test_mix_gives_the_pinned_ids(monkeypatch, use_numpy, column, parts, bits, expected):
    if use_numpy:
        monkeypatch.setenv("EXTRACT_NO_KERNELS", "1")
    out = numpy.zeros((3, 36), dtype=numpy.int64)
    codes = [numpy.full(3, part, dtype=numpy.uint64) for part in parts]
    kernels.mix_into(out, column, codes, (1 << bits) - 1)
    assert out[:, column].tolist() == [expected] * 3
    assert not numpy.delete(out, column, axis=1).any()  # other columns untouched


@needs_compiled
def test_mix_matches_on_random_parts(monkeypatch):
    rng = numpy.random.default_rng(3)
    parts = [rng.integers(0, 2**63, size=5000, dtype=numpy.uint64) for _ in range(3)]
    def fill():
        out = numpy.zeros((5000, 4), dtype=numpy.int64)
        for column in range(4):
            kernels.mix_into(out, column, parts[: column % 3 + 1], (1 << 22) - 1)
        return out
    compiled, fallback = _both(fill, monkeypatch)
    assert numpy.array_equal(compiled, fallback)


def test_mix_needs_a_part():
    with pytest.raises(ValueError):
        kernels.mix_into(numpy.zeros((2, 2), dtype=numpy.int64), 0, [], 255)


@needs_compiled
def test_name_trie_finds_the_longest_name_at_each_start():
    from extract.ner.name_trie import NameTrie

    trie = NameTrie({"北京": 1, "北京市": 2, "京市": 3, "市政府": 4})
    text = "在北京市政府，北京。"
    longest = trie.longest(text).tolist()
    assert longest == [0, 2, 3, 4, 0, 0, 0, 1, 0, 0]
    assert trie.longest("").tolist() == []


@needs_compiled
def test_known_name_codes_match_the_automaton(monkeypatch):
    """Gazetteer codes through the compiled trie equal pyahocorasick's, names and texts
    drawn at random from a small alphabet so that names nest and overlap everywhere."""
    from extract.ner.gazetteer import Gazetteer

    rng = numpy.random.default_rng(11)
    alphabet = list("北京市区县人民政府科技局")
    names = {"".join(rng.choice(alphabet, size=int(rng.integers(2, 6)))): str(rng.choice(["PER", "LOC", "ORG"]))
             for _ in range(300)}
    texts = ["".join(rng.choice(alphabet + ["，", "a"], size=int(rng.integers(0, 400)))) for _ in range(30)]

    def codes():
        gazetteer = Gazetteer(names)
        return [gazetteer.char_codes(text) for text in texts]

    compiled, fallback = _both(codes, monkeypatch)
    assert all(numpy.array_equal(a, b) for a, b in zip(compiled, fallback))
    assert sum(int(c.astype(bool).sum()) for c in compiled) > 1000
