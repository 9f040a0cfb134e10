"""Part-of-speech tagging as `jieba.posseg` does it (HMM on), fast and with the same pairs.

`extract.nlp.PosSegmenter` already takes the dictionary route from rjieba; what stays slow
there is posseg's HMM (`jieba.posseg.viterbi`), which scores every pair of states at every
character of an unknown run: about 600 sums per character, in Python generator code. This
module keeps posseg's model and rules and changes only how the best path is searched:

- a state can only follow the states that have a transition to it, so each step scores
  those pairs alone (about 120 per character). posseg also scores the others, but their
  transition is -inf and they can never win: every path kept has a finite score (the model
  has no -inf start, emission or transition), so the winner, its score and its tie-breaking
  (posseg's `max` over `(score, state)` tuples: the greater state wins a tie) are the same;
- the sums are written in posseg's order (score + transition + emission), so every float
  is the same bit for bit;
- which states a character may take, and which pairs to score, depend only on the states
  of the character before and on the character, so that plan of a step is made once and
  kept (`_Hmm.step`): a step then only adds and compares numbers;
- the tagged pairs of an unknown run depend only on the run, and the same runs recur
  (names, places, 2025年), so they are kept in a bounded cache.

`PosTagger.tag(text)` returns `(word, tag)` pairs equal to those of `PosSegmenter.cut`
(and so to `jieba.posseg.POSTokenizer.lcut` after the same `add_word` calls); the route
through the dictionary comes from rjieba as there (`nlp._Routes`), and the text outside
posseg's blocks is tagged by posseg's rules, copied here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import deque
from itertools import compress, count, repeat
from operator import is_
from typing import Iterable, Optional

from . import nlp

Pair = tuple[str, str]
State = tuple[str, str]  # (B/M/E/S, tag)

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's score for an impossible state (same value)
# jieba.posseg's blocks are runs of these characters (no `%` or `-`); between blocks, \r\n
# and every other character are words of their own, tagged x (posseg's m and eng never
# apply there: digits and Latin letters are block characters) …
_OUTSIDE = re.compile("\r\n|[^\u4E00-\u9FD5a-zA-Z0-9+#&\\._]")
# … and of an unknown run: Han blocks go through the HMM; digits are m, Latin eng.
_NUMBER = re.compile(r"[\.0-9]+")
_LATIN = re.compile(r"[a-zA-Z0-9]+")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
# jieba's no-HMM route takes letters and digits one by one where rjieba joins them.
_ALNUM_RUN = re.compile(r"[a-zA-Z0-9]{2,}")


class _Hmm:
    """posseg's HMM, searched with plans: the states a character may take depend only on
    the states the character before took and on the character itself, so for each such
    pair the plan of the step is worked out once — the states, their emission, and for each
    state the states before it that have a transition to it (the others have -inf and never
    win), latest-sorting first — and kept. A step then only adds and compares numbers.

    Loaded on first use, from jieba.posseg's table files (`lexicon.posseg_model`).
    """

    # (state set, character) pairs kept, a few kB each (about 100 candidate pairs, their
    # tuples shared between plans). News text of 170k characters makes 300-5,000 of them;
    # past the bound they are made anew.
    PLAN_CACHE_SIZE = 8192

    def __init__(self):
        from .lexicon import posseg_model

        char_state_tab_P, start_P, trans_P, emit_P = posseg_model()
        self.start, self.emit, self.char_states, self.min_float = start_P, emit_P, char_state_tab_P, MIN_FLOAT
        self.all_states: tuple[State, ...] = tuple(trans_P)
        self.successors = {state: frozenset(nexts) for state, nexts in trans_P.items()}
        self.transitions = trans_P
        # state -> ((state before it, transition log-probability), …), greatest state first
        predecessors: dict[State, list] = {state: [] for state in self.all_states}
        for before, nexts in trans_P.items():
            for after, probability in nexts.items():
                predecessors[after].append((before, probability))
        self.predecessors = {state: sorted(found, reverse=True) for state, found in predecessors.items()}
        self.state_sets: list[tuple[State, ...]] = []  # id -> states, in sorted order
        self.positions: list[dict[State, int]] = []  # id -> each state's index in the set
        self.expected: list[frozenset[State]] = []  # id -> the states that may follow
        self.pairs: dict[tuple[int, State], tuple] = {}
        self.set_ids: dict[tuple[State, ...], int] = {}
        self.plans: dict[tuple[int, str], tuple] = {}
        self.first_plans: dict[str, tuple] = {}

    def _set_id(self, states) -> int:
        key = tuple(sorted(states))
        found = self.set_ids.get(key)
        if found is None:
            found = self.set_ids[key] = len(self.state_sets)
            self.state_sets.append(key)
            self.positions.append({state: index for index, state in enumerate(key)})
            self.expected.append(frozenset().union(*(self.successors[state] for state in key)))
        return found

    def first(self, char: str) -> tuple[int, list[float]]:
        """The first character's states (as a set id) and their scores."""
        plan = self.first_plans.get(char)
        if plan is None:
            set_id = self._set_id(self.char_states.get(char, self.all_states))
            scores = [self.start[state] + self.emit[state].get(char, self.min_float) for state in self.state_sets[set_id]]
            plan = self.first_plans[char] = (set_id, scores)
        return plan[0], list(plan[1])

    def step(self, set_id: int, char: str) -> tuple[int, tuple]:
        """posseg's step to `char` from the states of set `set_id`: the next set's id and,
        per state of it, (emission, indices of the states before it, their transitions)."""
        plan = self.plans.get((set_id, char))
        if plan is None:
            if len(self.plans) >= self.PLAN_CACHE_SIZE:
                self.plans.clear()
                self.pairs.clear()
            plan = self.plans[(set_id, char)] = self._plan(set_id, char)
        return plan

    def _plan(self, set_id: int, char: str) -> tuple[int, tuple]:
        expected = self.expected[set_id]
        if not expected:  # posseg's max() of nothing
            raise ValueError(f"no state can follow at {char!r}")
        observed = expected.intersection(self.char_states.get(char, self.all_states)) or expected
        next_id = self._set_id(observed)
        emit, min_float = self.emit, self.min_float
        steps = []
        for state in self.state_sets[next_id]:
            indices, transitions = self._pairs(set_id, state)
            steps.append((emit[state].get(char, min_float), indices, transitions))
        return next_id, tuple(steps)

    def _pairs(self, set_id: int, state: State) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """The states of set `set_id` that have a transition to `state` (their indices) and
        those transitions, greatest state first (predecessors are listed so): posseg's max
        over (score, state) keeps it on a tie. Shared by the plans of every character."""
        found = self.pairs.get((set_id, state))
        if found is None:
            before, predecessors = self.state_sets[set_id], self.predecessors[state]
            if len(before) < len(predecessors):  # walk the shorter list (sets are sorted)
                candidates = [(index, self.transitions[prior][state])
                              for index, prior in zip(range(len(before) - 1, -1, -1), reversed(before))
                              if state in self.transitions[prior]]
            else:
                position = self.positions[set_id]
                candidates = [(position[prior], transition) for prior, transition in predecessors if prior in position]
            found = self.pairs[(set_id, state)] = tuple(zip(*candidates))
        return found


@lru_cache(maxsize=1)
def _hmm() -> _Hmm:
    return _Hmm()


RUN_CACHE_SIZE = 1 << 16  # distinct unknown runs kept (a few MB at most)


def viterbi_states(chars: str) -> list[State]:
    """The state of each character on posseg's best path (`jieba.posseg.viterbi`'s route)."""
    hmm = _hmm()
    set_id, scores = hmm.first(chars[0])
    set_ids = [set_id]
    pointers: list[list[int]] = []
    for char in chars[1:]:
        set_id, steps = hmm.step(set_id, char)
        step_scores: list[float] = []
        step_pointers: list[int] = []
        for emission, indices, transitions in steps:
            best = None
            for index, transition in zip(indices, transitions):
                value = scores[index] + transition + emission  # posseg's order of the sums
                if best is None or value > best:  # the first best: the greatest state
                    best, best_index = value, index
            step_scores.append(best)
            step_pointers.append(best_index)
        scores = step_scores
        set_ids.append(set_id)
        pointers.append(step_pointers)
    states = hmm.state_sets[set_id]
    index = max(range(len(states)), key=lambda i: (scores[i], states[i]))
    route = [states[index]]
    for step, step_pointers in zip(range(len(pointers) - 1, -1, -1), reversed(pointers)):
        index = step_pointers[index]
        route.append(hmm.state_sets[set_ids[step]][index])
    route.reverse()
    return route


def _hmm_words(block: str) -> list[Pair]:
    """posseg's HMM cut of one Han block (`POSTokenizer.__cut`): B…E and S close words."""
    route = viterbi_states(block)
    pairs: list[Pair] = []
    begin = closed = 0
    for index, (position, tag) in enumerate(route):
        if position == "B":
            begin = index
        elif position == "E":
            pairs.append((block[begin:index + 1], tag))
            closed = index + 1
        elif position == "S":
            pairs.append((block[index], tag))
            closed = index + 1
    if closed < len(block):
        pairs.append((block[closed:], route[closed][1]))
    return pairs


@lru_cache(maxsize=RUN_CACHE_SIZE)
def unknown_run_pairs(run: str) -> tuple[Pair, ...]:
    """posseg's pairs for a run of characters the dictionary does not join
    (`POSTokenizer.__cut_detail`)."""
    pairs: list[Pair] = []
    for block in _HAN_DETAIL.split(run):
        if _HAN_DETAIL.match(block):
            pairs += _hmm_words(block)
            continue
        for piece in _SKIP_DETAIL.split(block):
            if piece:
                pairs.append((piece, "m" if _NUMBER.match(piece) else "eng" if _LATIN.match(piece) else "x"))
    return tuple(pairs)


class PosTagger:
    """`jieba.posseg` (HMM on) over a private dictionary: `tag(text)` gives the `(word, tag)`
    pairs of `extract.nlp.PosSegmenter(additions).cut(text)`.

    `additions` are the `add_word(word, freq, tag)` calls (freq 0: `del_word`) in order.
    Without rjieba the slow `PosSegmenter` (jieba itself) does the work.
    """

    def __init__(self, additions: Iterable[tuple[str, int, Optional[str]]] = ()):
        additions = list(additions)
        self.fast = nlp.rjieba is not None
        if not self.fast:
            self._slow = nlp.PosSegmenter(additions)
            return
        from .lexicon import jieba_dictionary

        self._routes = nlp._Routes((word, freq) for word, freq, _ in additions)
        self._engine = self._routes.engine
        # jieba's own tags, from the cached dictionary: importing jieba.posseg for its table
        # would read all of dict.txt again (about a second at start-up)
        self._base_tags = jieba_dictionary()
        self._user_tags = {word: tag for word, _, tag in additions if tag}
        self._tags: dict[str, str] = {}  # the two tables' answer per word, filled as words come
        self._runs: dict[str, tuple | None] = {}  # `_cut_run`'s answers

    def tag_of(self, word: str) -> str:
        tag = self._tags.get(word)
        if tag is None:
            tag = self._user_tags.get(word)
            if tag is None:
                tag = self._base_tags.tag(word) or "x"
            self._tags[word] = tag
        return tag

    def tag(self, text: str) -> list[Pair]:
        return list(zip(*self.tag_lists(text)))

    def tag_lists(self, text: str) -> tuple[list[str], list[str]]:
        """The words of `text` and their tags, in two lists (`tag`'s pairs unzipped).

        Each step that touches every word is a C-level pass over the whole text (one cut,
        the table look-ups, the search for runs of single steps, the words between blocks
        put back); Python code runs once per run of single steps, not once per word.
        """
        if not self.fast:
            pairs = [(pair.word, pair.flag) for pair in self._slow.cut(text, HMM=True)]
            return [word for word, _ in pairs], [tag for _, tag in pairs]
        # One cut for the whole text with each of posseg's words between blocks replaced by
        # a separator that jieba's cut gives back as a word of its own; they are put back after.
        outside = _OUTSIDE.findall(text)
        words = self._engine.cut(_OUTSIDE.sub(_SEPARATOR, text), False) if outside else self._engine.cut(text, False)
        tags = list(map(self._tags.get, words))
        if None in tags:  # words met for the first time
            tag_of = self.tag_of
            for index in compress(count(), map(is_, tags, repeat(None))):
                tags[index] = tag_of(words[index])
        words, tags = self._retag_runs(words, tags, self._route_shape(text, words))
        if outside:
            separators = list(compress(count(), map(_SEPARATOR.__eq__, words)))
            deque(map(words.__setitem__, separators, outside), maxlen=0)
            deque(map(tags.__setitem__, separators, repeat("x")), maxlen=0)
        return words, tags

    def _cut_run(self, run: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """posseg's words and tags of a run of single steps; None for a run the dictionary
        knows whole, which stays in characters. Kept per run (they recur: names, places)."""
        if len(self._runs) >= RUN_CACHE_SIZE:
            self._runs.clear()
        cut = self._runs[run] = None if self._routes.is_word(run) else unknown_run_lists(run)
        return cut

    def _route_shape(self, text: str, route: list[str]) -> str:
        """One character per step of the route: its length (chr 1 a single step, chr 2
        and up a word, the separator too), chr 0 for letters/digits rjieba joined that
        jieba's route takes one by one (they join the runs of single steps)."""
        shape = "".join(map(chr, map(len, route)))
        if not _ALNUM_RUN.search(text):
            return shape
        is_word = self._routes.is_word
        joined = [index for index in compress(count(), map(str.isascii, route))  # (few words are ASCII)
                  if route[index] != _SEPARATOR and _ALNUM_RUN.fullmatch(route[index]) and not is_word(route[index])]
        if not joined:
            return shape
        codes = list(shape)
        for index in joined:
            codes[index] = _JOINED
        return "".join(codes)

    def _retag_runs(self, words: list[str], tags: list[str], shape: str) -> tuple[list[str], list[str]]:
        """Runs of single steps, as posseg takes them: a run the dictionary knows whole
        stays in characters, any other goes to posseg's HMM (`unknown_run_pairs`). A lone
        single step is a word with its own tag."""
        changes = []
        runs, tag_of = self._runs, self.tag_of
        for match in _STEP_RUN.finditer(shape):
            start, end = match.span()
            run = "".join(words[start:end])
            cut = runs.get(run, False)
            if cut is False:
                cut = self._cut_run(run)
            if cut is not None:
                changes.append((start, end, *cut))
            elif end - start != len(run):  # joined letters/digits, to be taken one by one
                changes.append((start, end, list(run), list(map(tag_of, run))))
            # (else single characters already, each tagged as itself)
        if not changes:
            return words, tags
        new_words: list[str] = []
        new_tags: list[str] = []
        done = 0
        for start, end, run_words, run_tags in changes:
            new_words += words[done:start]
            new_words += run_words
            new_tags += tags[done:start]
            new_tags += run_tags
            done = end
        new_words += words[done:]
        new_tags += tags[done:]
        return new_words, new_tags


# The stand-in for posseg's words between blocks in the one cut of the text: whitespace
# that jieba's cut gives back as one word of two characters (so it ends any run of single
# steps) and that no block holds.
_SEPARATOR = "\r\n"
_JOINED = "\x00"  # (no step has length 0)
# Runs of single steps: two or more, or joined letters/digits alone (a run of characters).
_STEP_RUN = re.compile("[\x01\x00]{2,}|\x00")


@lru_cache(maxsize=RUN_CACHE_SIZE)
def unknown_run_lists(run: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`unknown_run_pairs(run)` as words and tags."""
    pairs = unknown_run_pairs(run)
    return tuple(word for word, _ in pairs), tuple(tag for _, tag in pairs)
