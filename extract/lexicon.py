"""Reads the project's data files and builds the word list for jieba's user dictionary.

Every file under `extract/resources/` is UTF-8; lines starting with `#` are the header
(provenance) or comments; the first tab-separated column is the term.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Iterator

# Files whose first column holds words that must stay whole in segmentation.
USER_DICT_FILES = (
    "domain_words.txt",
    "units.tsv",
    "org_suffixes.tsv",
    "org_aliases.tsv",
    "places.tsv",
    "policy_vocab.tsv",
)


def resource_path(name: str):
    return resources.files("extract.resources").joinpath(name)


def read_rows(name: str) -> Iterator[list[str]]:
    """Yield the tab-separated fields of each data line of a resource file."""
    path = resource_path(name)
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield line.split("\t")


@lru_cache(maxsize=1)
def user_words() -> tuple[str, ...]:
    words: dict[str, None] = {}
    for name in USER_DICT_FILES:
        for row in read_rows(name):
            term = row[0].strip()
            # Single characters would only fragment jieba's own choices; quotes are not words.
            if len(term) >= 2 and not any(q in term for q in "“”\"'‘’"):
                words[term] = None
    return tuple(words)
