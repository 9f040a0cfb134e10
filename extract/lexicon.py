"""Reads the project's data files and builds the word list for jieba's user dictionary;
looks words up in jieba's own dictionary.

Every file under `extract/resources/` is UTF-8; lines starting with `#` are the header
(provenance) or comments; the first tab-separated column is the term.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import tempfile
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterator, Optional, TypeVar

T = TypeVar("T")

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


# -- tables derived from files, cached on disk; jieba's main dictionary -----------------------

# Bump when the layout of any cached table changes.
_CACHE_FORMAT = 1


def cache_dir() -> str:
    """Where derived tables are cached: $EXTRACT_CACHE_DIR, else $XDG_CACHE_HOME/extract,
    else ~/.cache/extract."""
    explicit = os.environ.get("EXTRACT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "extract")


class JiebaDictionary:
    """Word lookups in jieba's main dictionary (dict.txt: word, frequency, POS tag).

    Turning its 349k lines into dicts costs a few tenths of a second, and several parts
    want a few of its words (the segmenters' totals, normalize's word frequencies, tags).
    The lines are grouped by first character instead (a dict of a few thousand strings),
    and a word is found by a search of its group. The groups are cached on disk, keyed by
    the file's path, size and mtime (as jieba caches its own prefix dictionary), so a fresh
    process loads them in milliseconds; a cache that cannot be written is only skipped.
    """

    def __init__(self, path: Optional[str] = None):
        self.path = path or _jieba_dict_path()
        self._groups = self._load_groups()
        self._entries: dict[str, Optional[tuple[int, str]]] = {}

    def entry(self, word: str) -> Optional[tuple[int, str]]:
        """(frequency, tag) of a dictionary word (the file's last line for it), else None."""
        try:
            return self._entries[word]
        except KeyError:
            pass
        found = None
        group = self._groups.get(word[:1])
        if group is not None:
            start = group.find("\n" + word + " ")
            if start != -1:
                line = group[start + 1:group.index("\n", start + 1)]
                _, freq, tag = line.split(" ")
                found = (int(freq), tag)
        self._entries[word] = found
        return found

    def freq(self, word: str) -> Optional[int]:
        found = self.entry(word)
        return found[0] if found is not None else None

    def tag(self, word: str) -> Optional[str]:
        found = self.entry(word)
        return found[1] if found is not None else None

    def _load_groups(self) -> dict[str, str]:
        return cached_table("jieba-dict", file_stamp(self.path), self._build_groups)

    def _build_groups(self) -> dict[str, str]:
        lines: dict[str, str] = {}
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    lines[line.split(" ", 1)[0]] = line  # a word listed twice: the last line wins
        grouped: dict[str, list[str]] = {}
        for word, line in lines.items():
            grouped.setdefault(word[0], []).append(line)
        # Each group starts and ends with a newline, so "\n<word> " finds whole words only.
        return {first: "\n" + "\n".join(group) + "\n" for first, group in grouped.items()}


def cached_table(name: str, key: str, build: Callable[[], T]) -> T:
    """A table derived from files, built by `build()` once and then loaded from the cache.

    The value must be marshal-able (dicts, lists, tuples, sets, strings, numbers). `key`
    names everything the table depends on (paths, sizes, mtimes, library versions): a
    different key is a different cache file. Loading takes milliseconds where building
    took tenths of a second. A cache that cannot be read or written is only skipped.
    """
    digest = hashlib.sha1(f"{_CACHE_FORMAT}|{key}".encode("utf-8")).hexdigest()[:16]
    path = os.path.join(cache_dir(), f"{name}-{digest}.marshal")
    try:
        with open(path, "rb") as fh:
            return marshal.load(fh)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    _write_atomically(path, marshal.dumps(value))
    return value


def file_stamp(path) -> str:
    """Path, size and mtime of a file: part of a `cached_table` key."""
    stat = os.stat(path)
    return f"{os.path.abspath(path)}|{stat.st_size}|{stat.st_mtime_ns}"


def _write_atomically(path: str, data: bytes) -> None:
    """Writes a cache file whole or not at all (concurrent processes may race: last wins)."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # read-only home, full disk: the table is rebuilt next time, nothing else changes


def _jieba_dict_path() -> str:
    # Found without importing jieba (whose import costs more than this whole lookup).
    spec = importlib.util.find_spec("jieba")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


@lru_cache(maxsize=1)
def jieba_dictionary() -> JiebaDictionary:
    """The process-wide lookup of jieba's installed dictionary."""
    return JiebaDictionary()


@lru_cache(maxsize=1)
def posseg_model() -> tuple[dict, dict, dict, dict]:
    """`jieba.posseg`'s HMM tables: (char_state_tab_P, start_P, trans_P, emit_P).

    Importing `jieba.posseg` also reads all of dict.txt into its tag table (about half a
    second), which `jieba_dictionary().tag(word)` makes unnecessary; so unless something
    already imported it, the table modules are loaded from jieba's files on their own.
    """
    import sys

    loaded = sys.modules.get("jieba.posseg")
    if loaded is not None:
        return loaded.char_state_tab_P, loaded.start_P, loaded.trans_P, loaded.emit_P
    folder = os.path.join(os.path.dirname(importlib.util.find_spec("jieba").origin), "posseg")
    tables = []
    for name in ("char_state_tab", "prob_start", "prob_trans", "prob_emit"):
        spec = importlib.util.spec_from_file_location(f"_extract_posseg_{name}", os.path.join(folder, name + ".py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tables.append(module.P)
    return tuple(tables)
