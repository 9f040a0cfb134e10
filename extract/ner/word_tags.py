"""Part-of-speech tags of dictionary words, looked up by spaCy's word hash with numpy.

jieba's dictionary tags many names (nr person, ns place, nt organisation, nz other proper
noun); those tags are strong NER evidence for the word and its neighbours. The table is
built once by `scripts/train_ner.py` from jieba's `dict.txt` and stored inside the model
file, so the model and the tags it was trained with always travel together.
"""

from __future__ import annotations

from pathlib import Path

import numpy
from spacy.strings import hash_string

UNKNOWN = 0  # words not in the dictionary: tag id 0


class WordTags:
    """Sorted word hashes with one tag id each; tag names[0] is the unknown-word tag."""

    def __init__(self, hashes: numpy.ndarray, tag_ids: numpy.ndarray, names: list[str]):
        order = numpy.argsort(hashes)
        self.hashes = hashes[order].astype(numpy.uint64)
        self.tag_ids = tag_ids[order].astype(numpy.uint8)
        self.names = list(names)

    def lookup(self, word_hashes: numpy.ndarray) -> numpy.ndarray:
        """Tag id per word hash (UNKNOWN when absent), as uint64 for feature hashing."""
        if len(self.hashes) == 0 or len(word_hashes) == 0:
            return numpy.zeros(len(word_hashes), dtype=numpy.uint64)
        index = numpy.searchsorted(self.hashes, word_hashes)
        index = numpy.minimum(index, len(self.hashes) - 1)
        found = self.hashes[index] == word_hashes
        return numpy.where(found, self.tag_ids[index], UNKNOWN).astype(numpy.uint64)

    @classmethod
    def empty(cls) -> "WordTags":
        return cls(numpy.zeros(0, dtype=numpy.uint64), numpy.zeros(0, dtype=numpy.uint8), ["?"])

    @classmethod
    def from_pairs(cls, pairs) -> "WordTags":
        """From (word, tag) pairs; the first tag seen for a word wins."""
        names = ["?"]
        name_ids: dict[str, int] = {}
        table: dict[int, int] = {}
        for word, tag in pairs:
            if tag not in name_ids:
                name_ids[tag] = len(names)
                names.append(tag)
            table.setdefault(hash_string(word), name_ids[tag])
        hashes = numpy.fromiter(table.keys(), dtype=numpy.uint64, count=len(table))
        tag_ids = numpy.fromiter(table.values(), dtype=numpy.uint8, count=len(table))
        return cls(hashes, tag_ids, names)


def jieba_dictionary_pairs(path: Path | None = None):
    """(word, tag) from jieba's main dictionary (lines: word, frequency, tag)."""
    if path is None:
        import jieba

        path = Path(jieba.__file__).with_name("dict.txt")
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if len(fields) == 3:
                yield fields[0], fields[2]
