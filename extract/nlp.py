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
import importlib.machinery
import importlib.util
import logging
import os
import re
import sys
import types
from functools import lru_cache
from typing import Iterable, Iterator, Optional


def _import_jieba():
    """`import jieba`, without the `pkg_resources` import it makes only to open its own
    data files (0.15 s of start-up; jieba falls back to plain `open` when it is missing)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # `import pkg_resources` raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _import_rjieba():
    """rjieba, or None. Its package import builds a default dictionary (0.15 s and tens of
    MB) this module never uses: only the extension module holding `Jieba` is loaded."""
    if "rjieba" in sys.modules:
        return sys.modules["rjieba"]
    try:
        spec = importlib.util.find_spec("rjieba")
        folder = spec.submodule_search_locations[0]
        name = next(f for f in os.listdir(folder) if f.startswith("rjieba.") and f.endswith((".so", ".pyd")))
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", os.path.join(folder, name))
        module = importlib.util.module_from_spec(importlib.util.spec_from_loader("rjieba.rjieba", loader))
        loader.exec_module(module)
        # Registered, so a later `import rjieba` reuses it (PyO3 modules load once per process).
        sys.modules["rjieba.rjieba"] = module
        return module
    except Exception:  # noqa: BLE001  (not installed, or laid out differently: the plain import)
        try:
            import rjieba
        except ImportError:  # pragma: no cover - depends on the environment
            return None
        return rjieba


def _import_spacy():
    """`import spacy` without its command-line package, when nothing has imported it yet.

    spaCy's `__init__` imports `spacy.cli.info` only to offer `spacy.info`, and that loads
    every spaCy command with their dependencies (weasel, requests, httpx...): 0.3 s and
    360 modules a pipeline never uses. A stand-in answers that one import; afterwards it
    is removed, so `spacy.info` still works (it loads the real command when called) and
    any later `import spacy.cli` or `from spacy import cli` gets the real package.
    """
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy
        return spacy
    stand_in = types.ModuleType("spacy.cli")
    stand_in.__path__ = []  # a package, with no submodules of its own
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info_module.info = info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = stand_in, info_module
    try:
        import spacy
    except Exception:  # noqa: BLE001  (something wanted the real spacy.cli: import it all)
        spacy = None
    finally:
        for name, module in (("spacy.cli.info", info_module), ("spacy.cli", stand_in)):
            if sys.modules.get(name) is module:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is stand_in:
            delattr(parent, "cli")
    if spacy is None:
        import spacy
    return spacy


jieba = _import_jieba()
# the fast engine; without it jieba itself segments (same tokens, slower)
rjieba = _import_rjieba()
spacy = _import_spacy()

from jieba import finalseg  # noqa: E402  (after _import_jieba)
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from .lexicon import jieba_dictionary, user_words  # noqa: E402

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
    dictionary = jieba_dictionary()
    found: dict[str, int] = {}
    for word in words:
        freq = dictionary.freq(word)
        if freq is not None:
            found[word] = freq
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
        # split() with the block pattern's group alternates: other text, Han block, other...
        for index, block in enumerate(_HAN_BLOCK.split(text)):
            if not block:
                continue
            if index % 2:
                if HMM:
                    self._cut_jieba_hmm(block, tokens)
                else:
                    tokens += self._engine.cut(block, False)
            elif "\r\n" in block:
                for piece in _SKIP.split(block):
                    tokens += [piece] if _SKIP.match(piece) else list(piece)
            else:
                tokens += block  # one token per character, whitespace included
        return tokens

    lcut = cut

    def _cut_jieba_hmm(self, block: str, tokens: list[str]) -> None:
        """jieba's HMM cut of one block, onto `tokens`: the dictionary route, with the runs
        of single steps the dictionary does not join going to jieba.finalseg.

        `_Routes.runs` walks the same route; this is it inlined (the hot loop of
        segmentation). rjieba joins letter/digit runs that jieba takes one step at a time:
        such a run that is not a word is a run of single steps.
        """
        is_word = self._routes.is_word
        run = ""
        for word in self._engine.cut(block, False):
            if len(word) == 1 or (word.isascii() and word.isalnum() and not is_word(word)):
                run += word
                continue
            if run:
                self._add_run(run, tokens)
                run = ""
            tokens.append(word)
        if run:
            self._add_run(run, tokens)

    def _add_run(self, run: str, tokens: list[str]) -> None:
        if len(run) == 1:
            tokens.append(run)
        elif self._routes.is_word(run):
            tokens += run  # a word the route did not take stays in single characters (jieba)
        else:
            tokens += _finalseg_cut(run)


# Distinct unknown runs whose HMM cut is kept: they recur (names, places); a few MB at most.
HMM_CACHE_SIZE = 1 << 16


@lru_cache(maxsize=HMM_CACHE_SIZE)
def _finalseg_cut(run: str) -> tuple[str, ...]:
    """`jieba.finalseg.cut` without its process-wide force-split set (filled by any jieba
    instance's `del_word`, e.g. the entity tagger's): this segmenter deletes no word.
    The cut depends on the run alone, so it is cached."""
    tokens: list[str] = []
    for block in finalseg.re_han.split(run):
        if finalseg.re_han.match(block):
            tokens += _hmm_words(block)
        else:
            tokens += [piece for piece in finalseg.re_skip.split(block) if piece]
    return tuple(tokens)


_MIN_FLOAT = finalseg.MIN_FLOAT


def _hmm_words(block: str) -> list[str]:
    """`jieba.finalseg`'s HMM cut of one Han block (its `__cut`), the same words.

    jieba's `viterbi` over the four states B, M, E, S written out: each state has two
    possible predecessors (`finalseg.PrevStatus`), the sums are made in jieba's order
    (score + transition + emission, so every float is the same bit for bit), and ties go
    where jieba's `max` over (score, state) tuples sends them: to the greater state letter.
    Back-pointers replace jieba's copied path lists.
    """
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    emit_b, emit_m, emit_e, emit_s = emit["B"], emit["M"], emit["E"], emit["S"]
    t_eb, t_sb = trans["E"]["B"], trans["S"]["B"]  # into B from E, S
    t_mm, t_bm = trans["M"]["M"], trans["B"]["M"]  # into M from M, B
    t_ss, t_es = trans["S"]["S"], trans["E"]["S"]  # into S from S, E
    t_be, t_me = trans["B"]["E"], trans["M"]["E"]  # into E from B, M
    low = _MIN_FLOAT
    char = block[0]
    b = start["B"] + emit_b.get(char, low)
    m = start["M"] + emit_m.get(char, low)
    e = start["E"] + emit_e.get(char, low)
    s = start["S"] + emit_s.get(char, low)
    back: list[tuple[str, str, str, str]] = []  # per later character: predecessor of B, M, E, S
    for char in block[1:]:
        em = emit_b.get(char, low)
        from_e, from_s = e + t_eb + em, s + t_sb + em
        nb, pb = (from_s, "S") if from_s >= from_e else (from_e, "E")
        em = emit_m.get(char, low)
        from_m, from_b = m + t_mm + em, b + t_bm + em
        nm, pm = (from_m, "M") if from_m >= from_b else (from_b, "B")
        em = emit_s.get(char, low)
        from_s, from_e = s + t_ss + em, e + t_es + em
        ns, ps = (from_s, "S") if from_s >= from_e else (from_e, "E")
        em = emit_e.get(char, low)
        from_b, from_m = b + t_be + em, m + t_me + em
        ne, pe = (from_m, "M") if from_m >= from_b else (from_b, "B")
        b, m, e, s = nb, nm, ne, ns
        back.append((pb, pm, pe, ps))
    state = "S" if s >= e else "E"
    states = [state]
    slot = {"B": 0, "M": 1, "E": 2, "S": 3}
    for pointers in reversed(back):
        state = pointers[slot[state]]
        states.append(state)
    states.reverse()
    words: list[str] = []
    begin = closed = 0
    for index, state in enumerate(states):
        if state == "B":
            begin = index
        elif state == "E":
            words.append(block[begin:index + 1])
            closed = index + 1
        elif state == "S":
            words.append(block[index])
            closed = index + 1
    if closed < len(block):
        words.append(block[closed:])
    return words


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


TEXT_KEY = "extract.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built at most once per Doc: spaCy joins the tokens anew on every `doc.text`
    (about 0.4 µs a character), and every component needs the text. The tokenizer stores
    the text it was given in `doc.user_data`; a Doc made elsewhere gets it on first use."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


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
        doc = self._make(text)
        doc.user_data[TEXT_KEY] = text  # see doc_text(): the components share this copy
        return doc

    def _make(self, text: str) -> Doc:
        tokens = self.jieba.cut(text, HMM=True)
        if " " not in text:  # the usual case: no token carries a trailing space
            return Doc(self.vocab, words=tokens, spaces=[False] * len(tokens))
        words: list[str] = []
        spaces: list[bool] = []
        for word in tokens:
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
