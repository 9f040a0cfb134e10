"""The spaCy `zh` Language with a jieba tokenizer, built once per process.

spaCy's own Chinese tokenizer can use jieba, but it does not take a user dictionary from
our data files, so the tokenizer here wraps a private segmenter (the global jieba one is
shared with whatever else the user imports) loaded with `extract.lexicon`.

Segmentation is jieba's (accurate mode, HMM on) with rjieba, the Rust port of jieba, doing
the expensive part when it is installed: the dictionary route (the DAG search over jieba's
dictionary plus ours, with jieba's word probabilities). The rest stays jieba's own code or
rules, because rjieba differs there (`tests/test_tokenizer.py` checks the tokens are
jieba's on the corpus and on generated text):
- the split of the text into blocks (rjieba counts more code points as Han): jieba's
  block regexes run here, and only jieba's Han blocks reach rjieba;
- runs of characters the dictionary does not join go through jieba's HMM
  (`jieba.finalseg`): rjieba's HMM keeps `1-3` whole where jieba gives `1`, `-`, `3`, and
  breaks ties between equally likely labellings (repeated characters) differently.
`PosSegmenter` does the same for `jieba.posseg`, whose HMM also tags parts of speech.
One difference remains by design: where two routes are exactly equally likely (万万万 as
万+万万 or 万万+万: equal products of word frequencies), jieba and rjieba round the equal
sums in a different order and may keep different ones; both are jieba's best route.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from functools import lru_cache
from typing import Iterable, Iterator, Optional

import jieba
import spacy
from jieba import finalseg
from spacy.language import Language
from spacy.tokens import Doc

from .lexicon import user_words

try:  # the fast engine; without it jieba itself segments (same tokens, slower)
    import rjieba
except ImportError:  # pragma: no cover - depends on the environment
    rjieba = None

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


def user_word_freq(word: str) -> int:
    """The frequency a user-dictionary word gets: enough to beat jieba's own splits."""
    return max(20000, 200 * len(word))


# jieba's accurate-mode block split (jieba.Tokenizer.cut): Han blocks are segmented,
# whitespace is kept as tokens, any other character is a token of its own.
_HAN_BLOCK = jieba.re_han_default
_SKIP = jieba.re_skip_default
# A word no text can contain (private-use characters are never inside a Han block).
_TOTAL_CARRIER = "\ue000\ue001"
# jieba's no-HMM cut joins consecutive single letters/digits into one token.
_ALNUM_RUN = re.compile(r"[a-zA-Z0-9]{2,}")
# jieba.posseg's block split: no `%` or `-` inside blocks; outside, digits are m, Latin eng.
_POS_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_POS_NUMBER = re.compile(r"[\.0-9]+")
_POS_LATIN = re.compile(r"[a-zA-Z0-9]+")


def _dictionary_freqs(words: frozenset[str]) -> dict[str, int]:
    """Frequencies in jieba's main dictionary (dict.txt, installed with jieba) of `words`."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    found: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:  # streamed: the 350k lines are never all in memory at once
            word, _, rest = line.partition(" ")
            if word in words:
                found[word] = int(rest.split(" ", 1)[0])
    return found


class _Routes:
    """rjieba loaded as a jieba.Tokenizer would be after the same `add_word` calls.

    `additions` are (word, freq) in call order; freq 0 is jieba's `del_word`. Gives the
    dictionary route of a Han block: the words jieba's DAG search picks, before its HMM.
    """

    def __init__(self, additions: Iterable[tuple[str, int]]):
        additions = list(additions)
        self.engine = rjieba.Jieba()
        # jieba's add_word of a word already there adds the new frequency to the total and
        # keeps the old one in it; rjieba takes the old one out. A word no text can contain
        # carries the difference, so both totals (all word probabilities) are equal.
        current = _dictionary_freqs(frozenset(word for word, _ in additions))  # before each add
        replaced = 0
        for word, freq in additions:
            self.engine.add_word(word, freq, None)
            replaced += current.get(word, 0)
            current[word] = freq
        if replaced:
            self.engine.add_word(_TOTAL_CARRIER, replaced, None)
        # rjieba still "has" a word set to frequency 0; jieba treats it as absent.
        self.deleted = frozenset(word for word, freq in current.items() if freq == 0)

    def is_word(self, text: str) -> bool:
        return text not in self.deleted and self.engine.has_word(text)

    def route(self, block: str) -> list[str]:
        """rjieba's no-HMM cut with the letter/digit runs it joins split back into steps."""
        steps: list[str] = []
        for word in self.engine.cut(block, False):
            if _ALNUM_RUN.fullmatch(word) and not self.is_word(word):
                steps += word
            else:
                steps.append(word)
        return steps

    def runs(self, block: str) -> Iterator[tuple[str, bool]]:
        """The route as jieba's HMM cut walks it: (word, False) or (run of single steps, True)."""
        run = ""
        for word in self.route(block):
            if len(word) == 1:
                run += word
                continue
            if run:
                yield run, True
                run = ""
            yield word, False
        if run:
            yield run, True


class Segmenter:
    """jieba's accurate-mode segmentation with user words; rjieba does the work when installed.

    `cut`/`lcut(text, HMM=True)` return the tokens `jieba.Tokenizer.lcut` would, after
    the same `add_word(word, freq)` calls.
    """

    def __init__(self, words: tuple[str, ...] = ()):
        self.fast = rjieba is not None
        if self.fast:
            self._routes = _Routes((word, user_word_freq(word)) for word in words)
            self._engine = self._routes.engine
        else:
            self._engine = jieba.Tokenizer()
            self._engine.initialize()
            for word in words:
                self._engine.add_word(word, freq=user_word_freq(word))

    def cut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803  (jieba's name)
        if not self.fast:
            return self._engine.lcut(text, HMM=HMM)
        tokens: list[str] = []
        for block in _HAN_BLOCK.split(text):
            if not block:
                continue
            if _HAN_BLOCK.match(block):
                tokens += self._cut_jieba_hmm(block) if HMM else self._engine.cut(block, False)
            elif "\r\n" in block:
                for piece in _SKIP.split(block):
                    tokens += [piece] if _SKIP.match(piece) else list(piece)
            else:
                tokens += block  # one token per character, whitespace included
        return tokens

    lcut = cut

    def _cut_jieba_hmm(self, block: str) -> list[str]:
        """jieba's HMM cut of one block: the dictionary route, unknown runs to jieba.finalseg."""
        tokens: list[str] = []
        for word, is_run in self._routes.runs(block):
            if not is_run or len(word) == 1:
                tokens.append(word)
            elif self._routes.is_word(word):
                tokens += word
            else:
                tokens += _finalseg_cut(word)
        return tokens


def _finalseg_cut(run: str) -> list[str]:
    """`jieba.finalseg.cut` without its process-wide force-split set (filled by any jieba
    instance's `del_word`, e.g. the entity tagger's): this segmenter deletes no word."""
    tokens: list[str] = []
    for block in finalseg.re_han.split(run):
        if finalseg.re_han.match(block):
            tokens += _FINALSEG_VITERBI(block)
        else:
            tokens += [piece for piece in finalseg.re_skip.split(block) if piece]
    return tokens


_FINALSEG_VITERBI = getattr(finalseg, "__cut")  # the HMM cut of one Han block


class PosSegmenter:
    """`jieba.posseg` (HMM on) over a private dictionary, with rjieba finding the route.

    `additions` are the `add_word(word, freq, tag)` calls a `jieba.Tokenizer` wrapped in a
    `jieba.posseg.POSTokenizer` would get, in order (freq 0: `del_word`). `cut`/`lcut(text)`
    return the same `jieba.posseg.pair`s (`.word`, `.flag`) as that POSTokenizer: the
    dictionary route comes from rjieba, tags from jieba's dictionary and the added tags, and
    runs of unknown characters go through posseg's own HMM, unchanged.
    """

    def __init__(self, additions: Iterable[tuple[str, int, Optional[str]]] = ()):
        import jieba.posseg  # its module-level tokenizer holds the dictionary tags and the HMM

        additions = list(additions)
        self.fast = rjieba is not None
        if not self.fast:
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word, freq, tag in additions:
                tokenizer.add_word(word, freq=freq, tag=tag)
            self._posseg = jieba.posseg.POSTokenizer(tokenizer)
            return
        self._routes = _Routes((word, freq) for word, freq, _ in additions)
        self._base_tags = jieba.posseg.dt.word_tag_tab
        self._user_tags = {word: tag for word, _, tag in additions if tag}
        self._cut_unknown = jieba.posseg.dt._POSTokenizer__cut_detail
        self._pair = jieba.posseg.pair

    def tag_of(self, word: str) -> str:
        tag = self._user_tags.get(word)
        return tag if tag is not None else self._base_tags.get(word, "x")

    def cut(self, text: str, HMM: bool = True) -> list:  # noqa: N803  (jieba's name)
        if not HMM:
            raise ValueError("PosSegmenter reproduces jieba.posseg with its HMM on only")
        if not self.fast:
            return self._posseg.lcut(text, HMM=True)
        pairs: list = []
        for block in _POS_BLOCK.split(text):
            if not block:
                continue
            if _POS_BLOCK.match(block):
                pairs += self._cut_block(block)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    pairs.append(self._pair(piece, "x"))
                    continue
                latin = _POS_LATIN.match(piece)  # posseg tests the whole piece here
                for char in piece:
                    pairs.append(self._pair(char, "m" if _POS_NUMBER.match(char) else "eng" if latin else "x"))
        return pairs

    lcut = cut

    def _cut_block(self, block: str) -> list:
        pairs: list = []
        for word, is_run in self._routes.runs(block):
            if not is_run or len(word) == 1:
                pairs.append(self._pair(word, self.tag_of(word)))
            elif self._routes.is_word(word):
                pairs += [self._pair(char, self.tag_of(char)) for char in word]
            else:
                pairs += self._cut_unknown(word)
        return pairs


@lru_cache(maxsize=4)
def get_segmenter(words: tuple[str, ...]) -> Segmenter:
    """One segmenter per word list per process (they are read-only once built)."""
    return Segmenter(words)


class CodeOnlyTokenizer:
    """spaCy serialises a tokenizer with its pipeline; ours are rebuilt from code and data
    files, so there is nothing to save or load."""

    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, data, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self


class JiebaTokenizer(CodeOnlyTokenizer):
    """Segments with jieba; whitespace runs become their own tokens so offsets stay exact.

    `.jieba` is the segmenter (`lcut(text, HMM=True)`), for components that cut windows.
    """

    def __init__(self, vocab, words: tuple[str, ...] = ()):
        self.vocab = vocab
        self.jieba = get_segmenter(tuple(words))

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
