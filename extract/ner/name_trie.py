"""A trie of listed names, laid out for the compiled `trie_longest` kernel.

For every position of a text the kernel walks the trie from there and reports the longest
listed name that starts at that position (its value). Edges live in one open-addressing
table keyed by (node + 1) << 32 | code point, so the walk is a hash probe per character and
needs no Python objects. The table is built here with numpy, with the same hash as
`_kernels.c`.
"""

from __future__ import annotations

import numpy

from . import kernels

MULTIPLIER = numpy.uint64(0x9E3779B97F4A7C15)


class NameTrie:
    """name -> nonzero int value; `longest(text)` gives, per char, the value of the longest
    name starting there (0 where none does)."""

    def __init__(self, values: dict[str, int]):
        if any(value == 0 for value in values.values()):
            raise ValueError("0 means 'no name': values must be nonzero")
        edges: dict[tuple[int, int], int] = {}
        terminal = [0]
        for name, value in values.items():
            node = 0
            for char in name:
                child = edges.get((node, ord(char)))
                if child is None:
                    child = edges[(node, ord(char))] = len(terminal)
                    terminal.append(0)
                node = child
            terminal[node] = value
        self.terminal = numpy.array(terminal, dtype=numpy.int32)
        parents = numpy.fromiter((parent for parent, _ in edges), dtype=numpy.uint64, count=len(edges))
        codes = numpy.fromiter((code for _, code in edges), dtype=numpy.uint64, count=len(edges))
        children = numpy.fromiter(edges.values(), dtype=numpy.int32, count=len(edges))
        self.keys, self.children = _table(((parents + numpy.uint64(1)) << numpy.uint64(32)) | codes, children)

    def longest(self, text: str) -> numpy.ndarray:
        codes = numpy.frombuffer(text.encode("utf-32-le"), dtype=numpy.uint32)
        out = numpy.zeros(len(codes), dtype=numpy.int32)
        kernels.trie_longest(codes, self.keys, self.children, self.terminal, out)
        return out


def _table(keys: numpy.ndarray, children: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Open addressing at most half full; colliding keys move to the next free slot, as the
    kernel's probe expects (the order among them does not matter: keys are distinct)."""
    bits = max(4, (2 * len(keys)).bit_length())
    size = 1 << bits
    table = numpy.zeros(size, dtype=numpy.uint64)
    values = numpy.zeros(size, dtype=numpy.int32)
    slot = (keys * MULTIPLIER) >> numpy.uint64(64 - bits)
    pending = numpy.arange(len(keys))
    while len(pending):
        free = table[slot] == 0
        taken_slots, first = numpy.unique(slot[free], return_index=True)
        winners = pending[free][first]
        table[taken_slots] = keys[winners]
        values[taken_slots] = children[winners]
        placed = numpy.zeros(len(pending), dtype=bool)
        placed[numpy.flatnonzero(free)[first]] = True
        pending, slot = pending[~placed], (slot[~placed] + numpy.uint64(1)) & numpy.uint64(size - 1)
    return table, values
