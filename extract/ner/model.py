"""Load the shipped linear NER model and predict PER/LOC/ORG spans for a text.

The model file (`extract/models/ner/model.npz`) holds the feature-bucket weights (int8 with
one scale per tag, to keep the package small), the tag transitions and the hash size.
Prediction: hashed features for the whole text, per-char tag scores, then Viterbi over
sentence/clause pieces all at once.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path

import numpy

from . import kernels
from .features import FEATURE_COUNT, TEMPLATES, char_features
from .gazetteer import Gazetteer
from .tags import TAGS, Span, constraint_matrices, tags_to_spans
from .word_tags import WordTags

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"
MODEL_FILE = "model.npz"
# Entities never cross a sentence end, and almost never a clause end; cutting there keeps
# the decoding loop short (its steps are the longest piece, not the text).
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
CLAUSE_END = re.compile(r"(?<=[，,、：:])")
MAX_PIECE = 120
PRUNE_UNITS = 8.0
ROW_BYTES = 16


class LinearNer:
    """A trained model: weights (buckets, tags) and transitions (tags, tags)."""

    def __init__(
        self,
        weights: numpy.ndarray,
        transition: numpy.ndarray,
        bits: int,
        word_tags: WordTags,
        gazetteer: Gazetteer,
        meta: dict | None = None,
        scale: numpy.ndarray | None = None,
    ):
        if weights.shape != (1 << bits, len(TAGS)):
            raise ValueError(f"weights of shape {weights.shape} do not fit {bits} bits x {len(TAGS)} tags")
        self.weights = weights
        self.scale = numpy.ones(len(TAGS), dtype=numpy.float32) if scale is None else scale
        self._padded = None  # int8 weights in 16-byte rows, made on first use
        self.bits = bits
        self.word_tags = word_tags
        self.gazetteer = gazetteer
        self.meta = meta or {}
        penalty, self.start, self.end = constraint_matrices()
        self.transition = (transition + penalty).astype(numpy.float32)
        # Chars that prefer O by a wide margin are taken as O before decoding (see
        # decode_pieces). The margin is in units of the most a transition can gain over
        # O -> O; 8 units changed MSRA test F1 by -0.0004 (2 units: -0.0093), so it is safe.
        self.o_margin = PRUNE_UNITS * max(0.0, float(transition.max() - transition[0, 0]))

    def emissions(self, features: numpy.ndarray) -> numpy.ndarray:
        """(chars, tags) scores: the sum of each feature's weights.

        Shipped weights are int8, padded to 16-byte rows (whole rows read faster) and summed
        exactly by `kernels.emissions` (compiled where built), then scaled per tag. Float
        weights (during training) take the plain numpy path."""
        if self.weights.dtype != numpy.int8:
            scores = self.weights[features[:, 0]].astype(numpy.float32)
            for column in range(1, FEATURE_COUNT):
                scores += self.weights[features[:, column]]
            return scores
        if self._padded is None:
            self._padded = numpy.zeros((len(self.weights), ROW_BYTES), dtype=numpy.int8)
            self._padded[:, : len(TAGS)] = self.weights
            self.weights = self._padded[:, : len(TAGS)]  # a view: one copy in memory, not two
        return kernels.emissions(self._padded, features, self.scale, len(TAGS))

    def predict(self, text: str, starts: numpy.ndarray, hashes: numpy.ndarray) -> list[Span]:
        """(start, end, label) char spans in `text`, given its words' starts and hashes."""
        if not text:
            return []
        features = char_features(
            text, starts, hashes, self.word_tags.lookup(hashes), self.gazetteer.char_codes(text), self.bits
        )
        scores = self.emissions(features)
        pieces = split_pieces(text)
        return self.decode_pieces(scores, pieces)

    def decode_pieces(self, scores: numpy.ndarray, pieces: list[tuple[int, int]]) -> list[Span]:
        """Viterbi over the stretches of each piece that could hold an entity.

        A char whose O score beats every other tag by `o_margin` is taken as O: a path
        through it would have to win back that loss with transitions alone, which long names
        with weak middle chars can do only rarely at this margin (measured in __init__). What
        remains are short runs around candidate names, decoded all at once, so the decoding
        loop runs as many steps as the longest run, not the longest sentence."""
        if not pieces:
            return []
        offsets, lengths = self.candidate_runs(scores, pieces)
        if not len(offsets):
            return []
        best = kernels.viterbi_runs(scores, offsets, lengths, self.transition, self.start, self.end)
        named = numpy.flatnonzero(best)
        spans: list[Span] = []
        for run in numpy.unique(numpy.searchsorted(offsets, named, side="right") - 1):
            offset, length = int(offsets[run]), int(lengths[run])
            spans.extend((offset + s, offset + e, label) for s, e, label in tags_to_spans(best[offset : offset + length]))
        return spans

    def candidate_runs(self, scores: numpy.ndarray, pieces: list[tuple[int, int]]):
        """(offsets, lengths) of the runs of undecided chars, never crossing a piece end."""
        undecided = (scores[:, 0] - scores[:, 1:].max(axis=1)) < self.o_margin
        piece_start = numpy.zeros(len(scores) + 1, dtype=bool)
        piece_start[[start for start, _ in pieces]] = True
        piece_start[len(scores)] = True
        before = numpy.concatenate(([False], undecided[:-1]))
        after = numpy.concatenate((undecided[1:], [False]))
        starts = numpy.flatnonzero(undecided & (~before | piece_start[:-1]))
        ends = numpy.flatnonzero(undecided & (~after | piece_start[1:])) + 1
        lengths = ends - starts
        if len(lengths) and lengths.max() > MAX_PIECE:  # rare: cut very long runs
            cut = [(s + k, min(MAX_PIECE, e - s - k)) for s, e in zip(starts, ends) for k in range(0, e - s, MAX_PIECE)]
            starts = numpy.array([s for s, _ in cut])
            lengths = numpy.array([n for _, n in cut])
        return starts, lengths

    def save(self, path: Path) -> None:
        """int8 weights with a per-tag scale: a quarter of float32's size, same decisions
        within rounding (the training script reports scores of the saved model)."""
        if self.weights.dtype == numpy.int8:
            quantized, scale = self.weights, self.scale
        else:
            scale = numpy.abs(self.weights).max(axis=0) / 127.0
            scale[scale == 0] = 1.0
            quantized = numpy.round(self.weights / scale).astype(numpy.int8)
        penalty, _, _ = constraint_matrices()
        numpy.savez_compressed(
            path,
            weights=quantized,
            scale=scale.astype(numpy.float32),
            transition=(self.transition - penalty).astype(numpy.float32),
            bits=numpy.array(self.bits),
            tag_hashes=self.word_tags.hashes,
            tag_ids=self.word_tags.tag_ids,
            tag_names=numpy.array(self.word_tags.names),
            known_names=numpy.array(list(self.gazetteer.names)),
            known_labels=numpy.array(list(self.gazetteer.names.values())),
            tags=numpy.array(TAGS),
            meta=numpy.array(json.dumps(self.meta)),
            templates=numpy.array(json.dumps(TEMPLATES)),
        )


def split_pieces(text: str, max_chars: int = MAX_PIECE) -> list[tuple[int, int]]:
    """(start, end) pieces of `text`, cut at sentence ends, then clause ends, then hard."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for sentence in SENTENCE_END.split(text):
        for piece_length in _cut_long(sentence, max_chars):
            pieces.append((start, start + piece_length))
            start += piece_length
    return [(s, e) for s, e in pieces if e > s]


def _cut_long(sentence: str, max_chars: int) -> list[int]:
    if len(sentence) <= max_chars:
        return [len(sentence)]
    lengths: list[int] = []
    current = 0
    for clause in CLAUSE_END.split(sentence):
        if current and current + len(clause) > max_chars:
            lengths.append(current)
            current = 0
        current += len(clause)
        while current > max_chars:  # a clause with no punctuation at all
            lengths.append(max_chars)
            current -= max_chars
    if current:
        lengths.append(current)
    return lengths


def load_file(path: Path) -> LinearNer:
    with numpy.load(path) as data:
        if tuple(data["tags"].tolist()) != TAGS:
            raise ValueError(f"{path} was trained with other tags: {data['tags'].tolist()}")
        if "templates" in data and json.loads(str(data["templates"])) != json.loads(json.dumps(TEMPLATES)):
            raise ValueError(f"{path} was trained with other features than extract/ner/features.py computes")
        meta = json.loads(str(data["meta"]))
        word_tags = WordTags(data["tag_hashes"], data["tag_ids"], data["tag_names"].tolist())
        gazetteer = Gazetteer(dict(zip(data["known_names"].tolist(), data["known_labels"].tolist())))
        return LinearNer(
            data["weights"], data["transition"], int(data["bits"]), word_tags, gazetteer, meta, data["scale"]
        )


@lru_cache(maxsize=4)
def load_model(model_dir: str | None = None) -> LinearNer | None:
    """The shipped model, loaded once per process; None (warned) if the file is missing."""
    path = Path(model_dir or MODEL_DIR) / MODEL_FILE
    if not path.is_file():
        log.warning("NER model not found at %s: ner_model will return no entities", path)
        return None
    return load_file(path)
