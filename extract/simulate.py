"""Corruption simulator: clean Simplified news text → text damaged like the reference article.

The damage, in the order it happened to the reference:
1. Simplified → Traditional (OpenCC s2tw, as the reference's 為/著 show);
2. pinyin annotations after some of the characters that changed script (`區(qū)`);
3. GBK byte misalignment starting at some `。”`/`。“`: the text is GBK-encoded, the first
   byte of 。 comes out alone as `?`, the decoder reads pairs one byte off until the stream
   realigns by itself (a trail byte in 0x40-0x7E read alone, a pair whose second byte is an
   ASCII letter, or an invalid pair lead + ASCII byte below 0x40 swallowed as one `?`);
4. full-width ， ； ： ？ ！ （ ） made ASCII everywhere, the misaligned runs included.

`simulate` returns the damaged text together with what a perfect normalizer must give
back: the clean text, and the positions whose characters were destroyed (they may come back
as `?`; `half_lost` ones, of which one GBK byte survives, may also be guessed right).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache

import opencc
from pypinyin import Style, pinyin

from .lexicon import read_rows

FULLWIDTH_TO_ASCII = str.maketrans({"，": ",", "；": ";", "：": ":", "？": "?", "！": "!", "（": "(", "）": ")"})
RUN_SITES = ("。”", "。“")
MAX_RUN_BYTES = 400


@dataclass
class Simulated:
    corrupted: str
    clean: str
    lost: list[int] = field(default_factory=list)  # clean positions destroyed (ASCII byte swallowed)
    half_lost: list[int] = field(default_factory=list)  # clean positions that lost one GBK byte
    runs: int = 0  # how many misaligned runs were made

    def expected(self) -> str:
        """The clean text with `?` at every destroyed position (the never-invent reading)."""
        chars = list(self.clean)
        for i in self.lost + self.half_lost:
            chars[i] = "?"
        return "".join(chars)

    def accepts(self, normalized: str) -> bool:
        """Whether `normalized` is the clean text up to `?` (or a right guess) where bytes were lost."""
        if len(normalized) != len(self.clean):
            return False
        damaged = set(self.lost) | set(self.half_lost)
        return all(n == c or (i in damaged and n == "?") for i, (n, c) in enumerate(zip(normalized, self.clean)))


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _to_traditional(clean: str) -> str:
    converted = _converter("s2tw").convert(clean)
    if len(converted) == len(clean):
        return converted
    # Keep one character per character so positions stay comparable.
    return "".join(c if len(c := _converter("s2tw").convert(ch)) == 1 else ch for ch in clean)


def _readings(clean: str) -> list[str]:
    """A tone-marked reading per character, chosen in context by pypinyin."""
    return [r[0] for r in pinyin(clean, style=Style.TONE, errors=lambda s: [""] * len(s))]


def _annotate(clean: str, trad: str, rng: random.Random, rate: float) -> list[str]:
    """Per clean position, the Traditional character plus maybe its pinyin annotation."""
    readings = _readings(clean)
    tokens = []
    for s_ch, t_ch, reading in zip(clean, trad, readings):
        annotate = s_ch != t_ch and reading and reading.isalpha() and rng.random() < rate
        tokens.append(f"{t_ch}({reading})" if annotate else t_ch)
    return tokens


def _misaligned(tokens: list[str], start: int) -> tuple[str, int, list[int], list[int]] | None:
    """Misdecode the GBK bytes of tokens[start:], the first byte coming out alone as `?`.

    Returns (corrupted text replacing tokens[start:end], end, lost positions, half-lost
    positions), or None when no run can be made here (unencodable text, no realignment in
    reach). The corrupted text ends with the rest of the last token the run reached into
    (an annotation after the realignment point), decoded normally.
    """
    data = bytearray()
    owner: list[int] = []  # token position of each byte
    is_content: list[bool] = []  # False for the bytes of an annotation
    for pos in range(start, len(tokens)):
        for k, ch in enumerate(tokens[pos]):
            try:
                encoded = ch.encode("gbk")
            except UnicodeEncodeError:
                return None
            data += encoded
            owner += [pos] * len(encoded)
            is_content += [k == 0] * len(encoded)
        if len(data) > MAX_RUN_BYTES:
            break
    out = ["?"]
    lost: list[int] = []
    half_lost: list[int] = []
    i = 1
    while True:
        if i >= len(data):
            return None
        first = data[i]
        if first < 0x80:
            if not 0x40 <= first <= 0x7E:
                return None
            out.append(chr(first))
            i += 1
            break
        if first in (0x80, 0xFF) or i + 1 >= len(data):
            return None
        second = data[i + 1]
        if second < 0x40 or second == 0x7F:
            out.append("?")  # invalid pair swallowed: a trail byte and an ASCII byte lost
            lost = [owner[i + 1]] if is_content[i + 1] else []
            half_lost = [owner[i]]
            i += 2
            break
        try:
            out.append(bytes((first, second)).decode("gbk"))
        except UnicodeDecodeError:
            return None
        i += 2
        if second < 0x80:
            break
    end = owner[i - 1] + 1
    token_end = i
    while token_end < len(data) and owner[token_end] < end:
        token_end += 1
    return "".join(out) + bytes(data[i:token_end]).decode("gbk"), end, lost, half_lost


def simulate(clean: str, seed: int | random.Random = 0, *, pinyin_rate: float = 0.3, run_rate: float = 0.5) -> Simulated:
    """Corrupt clean Simplified text; see the module docstring."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    trad = _to_traditional(clean)
    tokens = _annotate(clean, trad, rng, pinyin_rate)
    pieces: list[str] = []
    lost: list[int] = []
    half_lost: list[int] = []
    runs = 0
    pos = 0
    while pos < len(tokens):
        if clean[pos:pos + 2] in RUN_SITES and rng.random() < run_rate:
            made = _misaligned(tokens, pos)
            if made is not None:
                text, pos, run_lost, run_half = made
                pieces.append(text)
                lost += run_lost
                half_lost += run_half
                runs += 1
                continue
        pieces.append(tokens[pos])
        pos += 1
    corrupted = "".join(pieces).translate(FULLWIDTH_TO_ASCII)
    return Simulated(corrupted, clean, sorted(lost), sorted(half_lost), runs)


@lru_cache(maxsize=1)
def sample_sentences() -> tuple[str, ...]:
    return tuple(row[0] for row in read_rows("sim_sentences.txt") if row and row[0])


def sample_article(seed: int | random.Random = 0, sentences: int = 20) -> str:
    """Clean Simplified article text strung from the project's sample sentences."""
    rng = seed if isinstance(seed, random.Random) else random.Random(seed)
    pool = sample_sentences()
    lines = []
    for _ in range(max(1, sentences // 4)):
        lines.append("".join(rng.choice(pool) for _ in range(4)))
    return "\n".join(lines)
