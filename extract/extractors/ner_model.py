"""Statistical NER: the project's own character-level spaCy model, run as the `ner_model` component.

Chinese NER works best on characters, while the main pipeline is segmented by jieba, so the
model lives in a separate small spaCy pipeline (shipped in `extract/models/ner/`) whose
tokenizer makes one token per character. Token offsets are then character offsets, and the
entities map straight onto `doc.text` of the main pipeline.

The char tokenizer also writes the features the model embeds: NORM holds the width-folded,
lower-cased character and LEMMA the folded bigram of the character and its right neighbour
(bigrams carry much of the word-boundary signal a character model lacks). It is registered
here so that loading the shipped model needs nothing else than importing this module.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import LEMMA, NORM
from spacy.language import Language
from spacy.tokens import Doc

from ..nlp import CodeOnlyTokenizer

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner"
LABELS = ("PER", "LOC", "ORG")
END_MARK = "</s>"
# Long texts are cut at sentence ends, then (if still long) at clause ends, so that one
# pathological paragraph does not make one huge Doc; the CNN's context is only a few chars.
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
CLAUSE_END = re.compile(r"(?<=[，,、：:])")
MAX_CHUNK_CHARS = 300


def fold_char(char: str) -> str:
    """The character as the model sees it: full-width forms folded (１→1, Ａ→a), lower case."""
    folded = unicodedata.normalize("NFKC", char).lower()
    return folded if len(folded) == 1 else char


class CharTokenizer(CodeOnlyTokenizer):
    """One token per character (whitespace too), with NORM/LEMMA feature strings set."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        chars = list(text)
        doc = Doc(self.vocab, words=chars, spaces=[False] * len(chars))
        if not chars:
            return doc
        folded = [fold_char(char) for char in chars]
        bigrams = [left + right for left, right in zip(folded, folded[1:] + [END_MARK])]
        strings = self.vocab.strings
        features = numpy.array(
            [[strings.add(uni), strings.add(bi)] for uni, bi in zip(folded, bigrams)],
            dtype="uint64",
        )
        doc.from_array([NORM, LEMMA], features)
        return doc



@spacy.registry.tokenizers("extract.char_tokenizer.v1")
def create_char_tokenizer():
    def make_tokenizer(nlp):
        return CharTokenizer(nlp.vocab)

    return make_tokenizer


@lru_cache(maxsize=4)
def load_char_pipeline(model_dir: str) -> Language | None:
    """The shipped char pipeline, loaded once per process; None (warned once) if absent."""
    path = Path(model_dir)
    if not (path / "config.cfg").is_file():
        log.warning("NER model not found at %s: ner_model will return no entities", path)
        return None
    return spacy.load(path)


def split_for_model(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """(start offset, piece) pieces of `text`, cut at sentence and clause ends."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for sentence in SENTENCE_END.split(text):
        for piece in _cut_long(sentence, max_chars):
            if piece.strip():
                pieces.append((start, piece))
            start += len(piece)
    return pieces


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in CLAUSE_END.split(sentence):
        if current and len(current) + len(clause) > max_chars:
            pieces.append(current)
            current = ""
        current += clause
        while len(current) > max_chars:  # a clause with no punctuation at all
            pieces.append(current[:max_chars])
            current = current[max_chars:]
    if current:
        pieces.append(current)
    return pieces


def predict_entities(char_nlp: Language, text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) char spans of `text` found by the char pipeline."""
    pieces = split_for_model(text)
    entities: list[tuple[int, int, str]] = []
    docs = char_nlp.pipe(piece for _, piece in pieces)
    for (offset, _), doc in zip(pieces, docs):
        entities.extend(
            (offset + ent.start_char, offset + ent.end_char, ent.label_)
            for ent in doc.ents
            if ent.label_ in LABELS
        )
    return entities


class NerModel:
    def __init__(self, model_dir: str):
        self.model_dir = model_dir

    def __call__(self, doc: Doc) -> Doc:
        char_nlp = load_char_pipeline(self.model_dir)
        doc._.ner_entities = predict_entities(char_nlp, doc.text) if char_nlp else []
        return doc


@Language.factory("ner_model", default_config={"model_dir": None})
def create_ner_model(nlp: Language, name: str, model_dir: str | None) -> NerModel:
    return NerModel(str(model_dir or MODEL_DIR))
