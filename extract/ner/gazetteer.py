"""Known names as a feature: which characters lie inside a listed PER/LOC/ORG name.

The list holds the entity strings of the training data (and may hold more at run time);
the model learns how far to trust a match. Each char gets a code for the longest listed
name covering it: its label and its place in the name (single, first, middle, last). During
training the list for each fold of sentences is built from the other folds only, so the
feature is as unreliable on training text as it will be on new text.
"""

from __future__ import annotations

from collections import Counter

import ahocorasick
import numpy

from . import kernels
from .name_trie import NameTrie
from .tags import LABELS

MIN_LENGTH = 2
LABEL_SLOTS = 4  # a match's value packs length * LABEL_SLOTS + label index into one int


class Gazetteer:
    """name -> label, matched with Aho-Corasick over a whole text at once."""

    def __init__(self, names: dict[str, str]):
        self.names = {name: label for name, label in names.items() if len(name) >= MIN_LENGTH and label in LABELS}
        self._automaton = None
        self._trie = None

    @classmethod
    def from_spans(cls, sentences, min_count: int = 1) -> "Gazetteer":
        """The most frequent label of every entity string in (text, spans) sentences."""
        counts: dict[str, Counter] = {}
        for text, spans in sentences:
            for start, end, label in spans:
                if label in LABELS:
                    counts.setdefault(text[start:end], Counter())[label] += 1
        return cls({
            name: labels.most_common(1)[0][0]
            for name, labels in counts.items()
            if sum(labels.values()) >= min_count
        })

    def automaton(self):
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for name, label in self.names.items():
                automaton.add_word(name, len(name) * LABEL_SLOTS + LABELS.index(label))
            if self.names:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def _matches(self, text: str) -> numpy.ndarray:
        """(end index, length * LABEL_SLOTS + label) rows of names found in `text`: every
        match (pyahocorasick), or with the compiled kernels only the longest at each start,
        which gives the same codes (a shorter match at a start never wins a char over the
        longer one there)."""
        if kernels.use_compiled():
            if self._trie is None:
                self._trie = NameTrie(
                    {name: len(name) * LABEL_SLOTS + LABELS.index(label) for name, label in self.names.items()}
                )
            longest = self._trie.longest(text)
            starts = numpy.flatnonzero(longest)
            values = longest[starts].astype(numpy.int64)
            return numpy.column_stack((starts + values // LABEL_SLOTS - 1, values))
        return numpy.array(list(self.automaton().iter(text)), dtype=numpy.int64).reshape(-1, 2)

    def char_codes(self, text: str) -> numpy.ndarray:
        """Per char: 0 outside every name, else 1 + 4 * label + place (0 single, 1 first,
        2 middle, 3 last) for the longest name covering it."""
        codes = numpy.zeros(len(text), dtype=numpy.uint64)
        if not self.names or not text:
            return codes
        found = self._matches(text)
        if not len(found):
            return codes
        lengths, labels = found[:, 1] // LABEL_SLOTS, found[:, 1] % LABEL_SLOTS
        starts = found[:, 0] + 1 - lengths
        # One row per (match, covered char); the longest match covering a char wins (ties:
        # the later start), as if matches were written shortest first over each other.
        first_row = numpy.cumsum(lengths) - lengths
        inside = numpy.arange(int(lengths.sum())) - numpy.repeat(first_row, lengths)
        position = numpy.repeat(starts, lengths) + inside
        length = numpy.repeat(lengths, lengths)
        place = numpy.where(length == 1, 0, numpy.where(inside == 0, 1, numpy.where(inside == length - 1, 3, 2)))
        code = 1 + 4 * numpy.repeat(labels, lengths) + place
        order = numpy.lexsort((numpy.repeat(starts, lengths), length, position))
        position, code = position[order], code[order]
        last_of_position = numpy.append(position[1:] != position[:-1], True)
        codes[position[last_of_position]] = code[last_of_position]
        return codes
