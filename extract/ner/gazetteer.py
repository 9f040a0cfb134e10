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

from .tags import LABELS

MIN_LENGTH = 2


class Gazetteer:
    """name -> label, matched with Aho-Corasick over a whole text at once."""

    def __init__(self, names: dict[str, str]):
        self.names = {name: label for name, label in names.items() if len(name) >= MIN_LENGTH and label in LABELS}
        self._automaton = None

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
                automaton.add_word(name, (len(name), LABELS.index(label)))
            if self.names:
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def char_codes(self, text: str) -> numpy.ndarray:
        """Per char: 0 outside every name, else 1 + 4 * label + place (0 single, 1 first,
        2 middle, 3 last) for the longest name covering it."""
        codes = numpy.zeros(len(text), dtype=numpy.uint64)
        if not self.names or not text:
            return codes
        matches = sorted(
            (length, end + 1 - length, label) for end, (length, label) in self.automaton().iter(text)
        )
        for length, start, label in matches:  # shortest first: longer names overwrite
            base = 1 + 4 * label
            if length == 1:
                codes[start] = base
                continue
            codes[start] = base + 1
            codes[start + 1 : start + length - 1] = base + 2
            codes[start + length - 1] = base + 3
        return codes
