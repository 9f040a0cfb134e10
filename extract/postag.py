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
from typing import Iterable, Optional

from . import nlp

Pair = tuple[str, str]
State = tuple[str, str]  # (B/M/E/S, tag)

# jieba.posseg's split of a text into blocks (no `%` or `-` inside; outside, whitespace runs
# are x and other characters go one by one: digits m, Latin eng) …
MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's score for an impossible state (same value)
_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
_WHITESPACE = re.compile(r"(\r\n|\s)")
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

    def tag_of(self, word: str) -> str:
        tag = self._tags.get(word)
        if tag is None:
            tag = self._user_tags.get(word)
            if tag is None:
                tag = self._base_tags.tag(word) or "x"
            self._tags[word] = tag
        return tag

    def tag(self, text: str) -> list[Pair]:
        if not self.fast:
            return [(pair.word, pair.flag) for pair in self._slow.cut(text, HMM=True)]
        pairs: list[Pair] = []
        for block in _BLOCK.split(text):
            if not block:
                continue
            if _BLOCK.match(block):
                self._tag_block(block, pairs)
            else:
                _tag_outside(block, pairs)
        return pairs

    def _tag_block(self, block: str, pairs: list[Pair]) -> None:
        """The dictionary route (`nlp._Routes.runs`, inlined): words of two or more
        characters are tagged from the tables; single steps gather into runs."""
        tags, tag_of, is_word = self._tags, self.tag_of, self._routes.is_word
        run: list[str] = []
        for word in self._engine.cut(block, False):
            if len(word) == 1:
                run.append(word)
                continue
            if word[0] < "\x80" and _ALNUM_RUN.fullmatch(word) and not is_word(word):
                run += word  # rjieba joins letters/digits that jieba's route takes one by one
                continue
            if run:
                self._tag_run("".join(run), pairs)
                run = []
            tag = tags.get(word)
            pairs.append((word, tag if tag is not None else tag_of(word)))
        if run:
            self._tag_run("".join(run), pairs)

    def _tag_run(self, run: str, pairs: list[Pair]) -> None:
        """Single steps of the route: one is a word; a run the dictionary knows whole is
        kept as characters; any other run is posseg's HMM's."""
        if len(run) == 1:
            pairs.append((run, self.tag_of(run)))
        elif self._routes.is_word(run):
            pairs += [(char, self.tag_of(char)) for char in run]
        else:
            pairs += unknown_run_pairs(run)


def _tag_outside(block: str, pairs: list[Pair]) -> None:
    """Text between posseg's blocks: whitespace runs are x, other characters one by one."""
    if "\r" not in block:
        # Every ASCII letter and digit is inside a block, so out here each character,
        # whitespace or not, is a word of its own tagged x (posseg's m and eng never apply).
        pairs += [(char, "x") for char in block]
        return
    for piece in _WHITESPACE.split(block):
        if not piece:
            continue
        if _WHITESPACE.match(piece):
            pairs.append((piece, "x"))
            continue
        latin = _LATIN.match(piece)  # posseg tests the whole piece here
        for char in piece:
            pairs.append((char, "m" if _NUMBER.match(char) else "eng" if latin else "x"))
