"""Hashed feature ids per character, computed with numpy over a whole text at once.

Each character gets one id per template: characters, bigrams and trigrams in a window of
two around it (folded: full-width forms to ASCII, ASCII upper to lower case), character
classes, and where it sits in its jieba word (the word itself, its neighbours, its length),
plus name cues that carry over to unseen names (name-char classes, distance to the next
organisation head; see `name_cues`).
Ids are hashed into a fixed number of buckets, so the model is one weight matrix and
needs no feature dictionary at load time. Training and prediction both call `char_features`,
which is what keeps them consistent.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, ORTH
from spacy.tokens import Doc

from .kernels import mix_into
from .name_cues import name_char_codes, org_head_codes, table_digest

PAD = 3  # window half-width
BEGIN, END = 1, 2  # codes of padding "characters" (control codes never seen as text)
TAG_BEGIN, TAG_END = 254, 255  # dictionary tag ids of the padding words (real ids are small)

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20
FOLD_TABLE = {**_FULL_WIDTH, **{code: code + 32 for code in range(0x41, 0x5B)}}
for _full, _ascii in list(_FULL_WIDTH.items()):
    if 0x41 <= _ascii <= 0x5A:
        FOLD_TABLE[_full] = _ascii + 32

CHINESE_NUMERALS = "〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"

# Template name -> (kind, offsets); kinds: char codes, char classes, word information,
# known-name codes (offsets, or "char" for the char itself).
TEMPLATES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("char", (-3,)), ("char", (-2,)), ("char", (-1,)), ("char", (0,)), ("char", (1,)), ("char", (2,)), ("char", (3,)),
    ("char", (-3, -2)), ("char", (2, 3)),
    ("char", (-2, -1)), ("char", (-1, 0)), ("char", (0, 1)), ("char", (1, 2)),
    ("char", (-1, 1)),
    ("char", (-2, -1, 0)), ("char", (-1, 0, 1)), ("char", (0, 1, 2)),
    ("class", (-1, 0, 1)),
    ("word", ("hash", "place")),
    ("word", ("place", "char")),
    ("word", ("length", "place")),
    ("word", ("first", "place")),
    ("word", ("last", "place")),
    ("word", ("next_last",)),
    ("word", ("previous",)),
    ("word", ("next",)),
    ("word", ("previous", "place", "char")),
    ("word", ("tag", "place")),
    ("word", ("tag", "place", "char")),
    ("word", ("previous_tag", "tag")),
    ("word", ("tag", "next_tag")),
    ("known", (0,)),
    ("known", (-1, 0)),
    ("known", (0, 1)),
    ("known", (0, "char")),
    ("bias", ()),
)
# Classes shared by many names (see name_cues): name-char classes in windows, the distance to
# the organisation head on the right, and the tables' digest (a constant feature whose only
# job is to make a model trained with other tables fail the template check at load).
CUE_TEMPLATES: tuple[tuple[str, tuple], ...] = (
    ("name", (0,)), ("name", (-1, 0, 1)), ("name", (-2, -1, 0)), ("name", (0, 1, 2)),
    ("head", ("distance",)), ("head", ("distance", "char")), ("head", ("distance", "head")),
    ("tables", (table_digest(),)),
)
TEMPLATES = TEMPLATES + CUE_TEMPLATES
FEATURE_COUNT = len(TEMPLATES)


def fold_codes(text: str) -> numpy.ndarray:
    """Code points of the folded text (folding keeps one char per char)."""
    folded = text.translate(FOLD_TABLE)
    return numpy.frombuffer(folded.encode("utf-32-le"), dtype=numpy.uint32).astype(numpy.uint64)


def _class_table() -> numpy.ndarray:
    """Class of every BMP code point (what `char_classes` looks up)."""
    table = numpy.zeros(0x10000, dtype=numpy.uint64)
    table[0x30:0x3A] = 1
    table[0x61:0x7B] = 3
    table[0x4E00:0xA000] = 4
    table[[ord(c) for c in CHINESE_NUMERALS]] = 2
    table[[ord(c) for c in " \t\n\r\u3000\xa0"]] = 5
    return table


_CLASS_OF = _class_table()


def char_classes(codes: numpy.ndarray) -> numpy.ndarray:
    """0 other/punctuation, 1 ASCII digit, 2 Chinese numeral, 3 Latin, 4 CJK, 5 space
    (codes beyond the BMP: 0)."""
    return _CLASS_OF[numpy.where(codes < 0x10000, codes, 0)]



def word_layout(
    codes: numpy.ndarray, starts: numpy.ndarray, hashes: numpy.ndarray, tags: numpy.ndarray
) -> dict[str, numpy.ndarray]:
    """Per char (`codes` are the text's folded chars): its word's hash and dictionary tag, its
    place in the word (0 single, 1 first, 2 middle, 3 last), the word length (capped at 8),
    the hashes and tags of the words before and after, the first and last char of its word
    (the heads and suffixes that make names: 市, 局, 公司) and the last char of the next word."""
    text_length = len(codes)
    positions = numpy.arange(text_length)
    token_of_char = numpy.searchsorted(starts, positions, side="right") - 1
    ends = numpy.append(starts[1:], text_length)
    lengths = (ends - starts)[token_of_char]
    offset = positions - starts[token_of_char]
    place = numpy.where(lengths == 1, 0, numpy.where(offset == 0, 1, numpy.where(offset == lengths - 1, 3, 2)))
    edges = ([numpy.uint64(BEGIN)], [numpy.uint64(END)])
    padded = numpy.concatenate((edges[0], hashes.astype(numpy.uint64), edges[1]))
    tag_edges = ([numpy.uint64(TAG_BEGIN)], [numpy.uint64(TAG_END)])
    padded_tags = numpy.concatenate((tag_edges[0], tags.astype(numpy.uint64), tag_edges[1]))
    layout = {
        "hash": padded[token_of_char + 1],
        "previous": padded[token_of_char],
        "next": padded[token_of_char + 2],
        "tag": padded_tags[token_of_char + 1],
        "previous_tag": padded_tags[token_of_char],
        "next_tag": padded_tags[token_of_char + 2],
        "place": place.astype(numpy.uint64),
        "length": numpy.minimum(lengths, 8).astype(numpy.uint64),
    }
    if not text_length:
        return {**layout, "first": codes, "last": codes, "next_last": codes}
    next_ends = numpy.append(ends[1:], text_length)
    has_next = token_of_char + 1 < len(starts)
    next_last = codes[numpy.maximum(next_ends[token_of_char] - 1, 0)]
    layout["first"] = codes[starts[token_of_char]]
    layout["last"] = codes[ends[token_of_char] - 1]
    layout["next_last"] = numpy.where(has_next, next_last, numpy.uint64(END))
    return layout


def doc_words(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(start offsets, ORTH hashes) of the tokens of a spaCy Doc."""
    if len(doc) == 0:
        return numpy.zeros(0, dtype=numpy.int64), numpy.zeros(0, dtype=numpy.uint64)
    array = doc.to_array([IDX, ORTH])
    return array[:, 0].astype(numpy.int64), array[:, 1].astype(numpy.uint64)


def char_features(
    text: str,
    starts: numpy.ndarray,
    hashes: numpy.ndarray,
    tags: numpy.ndarray,
    known: numpy.ndarray,
    bits: int,
) -> numpy.ndarray:
    """Feature bucket ids, shape (len(text), FEATURE_COUNT); `tags` are the words'
    dictionary tag ids (see `word_tags`), `known` the chars' known-name codes (see
    `gazetteer`)."""
    length = len(text)
    mask = (1 << bits) - 1
    codes = fold_codes(text)
    padded = numpy.concatenate(
        (numpy.full(PAD, BEGIN, numpy.uint64), codes, numpy.full(PAD, END, numpy.uint64))
    )
    classes = numpy.concatenate(
        (numpy.full(PAD, 6, numpy.uint64), char_classes(codes), numpy.full(PAD, 7, numpy.uint64))
    )
    words = word_layout(codes, starts, hashes, tags)
    words["char"] = codes
    known_padded = numpy.concatenate(
        (numpy.full(PAD, 98, numpy.uint64), known.astype(numpy.uint64), numpy.full(PAD, 99, numpy.uint64))
    )
    cues = _cue_layout(text, codes, length) if any(kind in ("name", "head") for kind, _ in TEMPLATES) else {}
    features = numpy.empty((length, FEATURE_COUNT), dtype=numpy.int64)
    for column, (kind, spec) in enumerate(TEMPLATES):
        if kind == "char":
            parts = [padded[PAD + offset : PAD + offset + length] for offset in spec]
        elif kind == "class":
            parts = [classes[PAD + offset : PAD + offset + length] for offset in spec]
        elif kind == "word":
            parts = [words[name] for name in spec]
        elif kind == "known":
            parts = [words[k] if k == "char" else known_padded[PAD + k : PAD + k + length] for k in spec]
        elif kind == "name":
            parts = [cues["name"][PAD + offset : PAD + offset + length] for offset in spec]
        elif kind == "head":
            parts = [cues[name] for name in spec]
        else:  # bias, tables: one constant id per column
            parts = []
        if parts:
            mix_into(features, column, parts, mask)
        else:
            features[:, column] = column
    return features


def _cue_layout(text: str, codes: numpy.ndarray, length: int) -> dict[str, numpy.ndarray]:
    """Name-char codes (padded like the chars) and organisation-head distances per char."""
    distance, head = org_head_codes(text)
    name = numpy.concatenate(
        (numpy.full(PAD, 254, numpy.uint64), name_char_codes(codes), numpy.full(PAD, 255, numpy.uint64))
    )
    return {"name": name, "distance": distance, "head": head, "char": codes}
