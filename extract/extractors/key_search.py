"""Every occurrence of many short keys (place names) in a text, found by their first two
characters.

An Aho-Corasick automaton walks the text one character at a time through a trie whose root
has a child for each distinct first character; with a gazetteer's keys (hundreds of first
characters) that walk costs more than all the place rules together. Here a regex scan (C)
finds the positions where a key's first character stands before a possible second one,
and only there are the keys that open with those two characters compared.
"""

from __future__ import annotations

import re


class KeySearch:
    """Keys of two or more characters, found anywhere in a text (overlaps included)."""

    def __init__(self, keys):
        keys = set(keys)
        if any(len(key) < 2 for key in keys):
            raise ValueError("keys must have two characters or more")
        self.by_pair: dict[str, tuple[str, ...]] = {}
        for key in sorted(keys, key=lambda k: (-len(k), k)):  # longer first
            self.by_pair[key[:2]] = self.by_pair.get(key[:2], ()) + (key,)
        firsts = "".join(sorted({pair[0] for pair in self.by_pair}))
        seconds = "".join(sorted({pair[1] for pair in self.by_pair}))
        # One character matched per position (the second is looked ahead): overlaps are found.
        self.opening = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])") if keys else None

    def __len__(self) -> int:
        return sum(map(len, self.by_pair.values()))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of every occurrence, by start, the longer first at a start."""
        if self.opening is None:
            return []
        found = []
        by_pair = self.by_pair
        for match in self.opening.finditer(text):
            start = match.start()
            for key in by_pair.get(text[start:start + 2], ()):
                if text.startswith(key, start):
                    found.append((start, start + len(key), key))
        return found
