"""The spaCy `zh` Language with a jieba tokenizer, built once per process.

spaCy's own Chinese tokenizer can use jieba, but it does not take a user dictionary from
our data files, so the tokenizer here wraps a private `jieba.Tokenizer` instance (the
global one is shared with whatever else the user imports) loaded with `extract.lexicon`.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import user_words

jieba.setLogLevel(logging.WARNING)

DOC_EXTENSIONS = {
    "reference_date": None,
    "reference_date_used": None,
    "reference_date_inferred": False,
    "unrecoverable": None,
    "figures": None,
    "dates": None,
    "organisations": None,
    "persons": None,
    "locations": None,
    "policy_terms": None,
    "ner_entities": None,
}

COMPONENTS = ("ner_model", "dates", "figures", "entities", "policy_terms")


def _register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


class JiebaTokenizer:
    """Segments with jieba; whitespace runs become their own tokens so offsets stay exact."""

    def __init__(self, vocab, words: tuple[str, ...] = ()):
        self.vocab = vocab
        self.jieba = jieba.Tokenizer()
        self.jieba.initialize()
        for word in words:
            self.jieba.add_word(word, freq=max(20000, 200 * len(word)))

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for word in self.jieba.cut(text, HMM=True):
            if word == " " and words and not spaces[-1]:
                # spaCy represents one trailing space as a flag, not a token.
                spaces[-1] = True
                continue
            words.append(word)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    # spaCy serialises tokenizers with the pipeline; ours is rebuilt from data files.
    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, data, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


def build_nlp(components: tuple[str, ...] = COMPONENTS) -> Language:
    """A fresh `zh` pipeline with the jieba tokenizer and the named extractor components."""
    _register_extensions()
    from . import extractors  # noqa: F401  (registers the component factories)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer", "segmenter": "char"}}})
    nlp.tokenizer = JiebaTokenizer(nlp.vocab, user_words())
    for name in components:
        if name in Language.factories:
            nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline (built on first use, then reused)."""
    return build_nlp()


def make_doc(text: str, reference_date: dt.date | None = None, unrecoverable=()) -> Doc:
    """Tokenize only, with the pipeline inputs set: what each component receives."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc._.reference_date = reference_date
    doc._.unrecoverable = list(unrecoverable)
    return doc
