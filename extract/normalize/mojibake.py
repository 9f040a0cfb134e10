"""Repair of GBK byte-misalignment mojibake.

How the damage arises. Traditional text was encoded to GBK and one byte went missing, or
came out alone as `?`; the decoder then read every following pair one byte off, each
"character" being the trail byte of one original character plus the lead byte of the next
(`。”安徽` = A1A3 A1B1 B0B2 BBD5 came out as `?` `！`(A3A1) `卑`(B1B0) `不`(B2BB) ...).
Full-width punctuation among the garbage was later made ASCII (`！` → `!`) like the rest of
the text's punctuation. The decoder falls back into step by itself at the first original
single-byte character:
- a trail byte in 0x40-0x7E read alone comes out as that ASCII symbol (區 = 85 5E → `^`);
- a trail byte followed by an ASCII letter forms a valid pair (術 = 90 67 + ... → `夹g`);
- a trail byte followed by an ASCII byte below 0x40 (a digit) is an invalid pair that is
  swallowed as one `?`: that trail byte and that digit are lost. When the ASCII byte was
  the `(` of a pinyin annotation, the rest of the annotation (`gāi)`) follows the `?` and
  names the half-lost character; the run can end nowhere before that `?` (aligned text
  never holds a syllable and `)` without its `(`), and the remnant alone, when its syllable
  fits the half-lost character's first byte, makes a run whose only whole characters are
  `。”` certain.

The repair re-encodes the run to GBK, puts back a lead byte in front, decodes at the right
alignment, and keeps the result only when it reads as ordinary Chinese far better than
the run did. Nothing here knows any particular article: the run end is where the
misaligned stream itself must have realigned. Lost bytes are never invented: a lost
single-byte character stays `?`; a character whose first byte survives is guessed only
when one candidate is left (it forms the only common word with the character before, it
closes a pending quotation, or it alone has the annotation's reading), else it stays `?`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from .offsets import Edit, Span
from .pinyin import ANNOTATION_RE, SYLLABLE_CLASS
from .scoring import chinese_score, log_freq, to_simplified, word_freq
from .tables import char_readings

# ASCII punctuation that stands for a full-width sign inside a misaligned run (the run
# never contains a real single byte below 0x40: only trail bytes can be read alone there).
ASCII_TO_FULLWIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "(": "（", ")": "）"}
SWALLOWED = "?"
ASCII_SPACE = " \t\r\n\f\v"  # single bytes below 0x40: never part of a misaligned run
FULLWIDTH_QUESTION = "？".encode("gbk")
LEAD_BYTES = range(0x81, 0xFF)
TRAIL_BYTES = [b for b in range(0x40, 0xFF) if b != 0x7F]
PUNCTUATION_ROW = 0xA1  # GBK row of 、。“”‘’ etc.
OPENING_TO_CLOSING = {"“": "”", "‘": "’"}
MAX_RUN_CHARS = 200
# How far back a pending quotation is looked for.
CONTEXT_CHARS = 400
# How many `?` a run may be read through as ？ (bounds the work on text full of `?`).
MAX_QUESTION_MARKS = 2
# After the true end of a run the text is back in step: its next characters read normally.
TAIL_CHARS = 8
TAIL_WINDOW_FACTOR = 3  # raw characters read per tail character: room for annotations
MIN_TAIL_SCORE = 3.0
ANNOTATION_REMNANT_RE = re.compile(f"({SYLLABLE_CLASS}{{1,7}})[)）]")

# A repair is kept only when its text is ordinary Chinese and much more so than the run.
MIN_REPAIRED_SCORE = 3.5
MIN_SCORE_GAIN = 1.0
# A destroyed character is guessed from a two-character word only when that word is
# common and at least this many times commoner than any other candidate word.
MIN_GUESS_WORD_FREQ = 50
MIN_GUESS_MARGIN = 20
REPAIR_CONFIDENCE = 0.95
GUESS_CONFIDENCE = 0.6
READING_GUESS_CONFIDENCE = 0.8  # the annotation's syllable singles the character out

LOST_ASCII_NOTE = (
    "misaligned GBK bytes: a single-byte character (a digit or ASCII sign) was swallowed "
    "with the second byte of the character before it"
)
LOST_HALF_NOTE = "misaligned GBK bytes: a character lost its second byte and its first byte does not determine it"


@dataclass
class RunRepair:
    """One repaired run: edit on the raw text plus what the records need to say about it."""

    start: int
    end: int
    edit: Edit
    recovered_end: int  # original index where the fully recovered part ends
    recovered_chars: int  # how many characters of edit.after are fully recovered
    guessed: dict[int, float] = field(default_factory=dict)  # index into edit.after -> confidence
    lost: list[int] = field(default_factory=list)  # indexes into edit.after ('?')
    lost_notes: dict[int, str] = field(default_factory=dict)


def _char_bytes(ch: str) -> bytes | None:
    if ch in ASCII_TO_FULLWIDTH:
        ch = ASCII_TO_FULLWIDTH[ch]
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded


def _walk_candidates(text: str, start: int) -> Iterator[tuple[bytearray, list[int], int, bool]]:
    """Re-encode the misaligned run that begins after the `?` at `start`.

    Yields (bytes, source char index of each byte, end index, swallowed) for each place the
    run may end. A `?` inside the run is usually the swallowed invalid pair, but it may be
    a full-width ？ (A3 BF) made ASCII, so the walk yields there and goes on. Stops when the
    characters cannot be a misaligned GBK stream.
    """
    data = bytearray()
    sources: list[int] = []
    question_marks = 0
    limit = min(len(text), start + 1 + MAX_RUN_CHARS)
    for i in range(start + 1, limit):
        ch = text[i]
        if ch == SWALLOWED:
            if not data:
                return  # a run holds at least one misread character before any `?`
            yield bytearray(data), list(sources), i + 1, True
            question_marks += 1
            if question_marks > MAX_QUESTION_MARKS:
                return
            data += FULLWIDTH_QUESTION
            sources += (i, i)
            continue
        encoded = _char_bytes(ch)
        if encoded is None:
            return
        if len(encoded) == 1:
            # Alone, only a trail byte (0x40-0x7E) can appear: it realigns the stream.
            if 0x40 <= encoded[0] <= 0x7E and data:
                yield data + encoded, sources + [i], i + 1, False
            return
        data += encoded
        sources += (i, i)
        if encoded[1] < 0x80:
            # The second byte was an original ASCII letter: the stream is back in step.
            yield data, sources, i + 1, False
            return


@lru_cache(maxsize=None)
def _lead_candidates(lead: int) -> tuple[str, ...]:
    """Every GBK character whose first byte is `lead`."""
    found = []
    for trail in TRAIL_BYTES:
        try:
            found.append(bytes((lead, trail)).decode("gbk"))
        except UnicodeDecodeError:
            continue
    return tuple(found)


@lru_cache(maxsize=None)
def _simplified_candidates(lead: int) -> tuple[str, ...]:
    """_lead_candidates(lead) read as Simplified, position for position."""
    return tuple(to_simplified("\n".join(_lead_candidates(lead))).split("\n"))


@lru_cache(maxsize=None)
def _best_lead(second: int) -> int | None:
    """The lost first byte: the lead that makes the commonest character with `second`."""
    best, best_score = None, -1.0
    for lead in LEAD_BYTES:
        try:
            ch = bytes((lead, second)).decode("gbk")
        except UnicodeDecodeError:
            continue
        score = log_freq(ch)
        if score > best_score:
            best, best_score = lead, score
    return best


def _decode_tracked(data: bytes, sources: list[int]) -> tuple[str, list[Span]] | None:
    chars: list[str] = []
    spans: list[Span] = []
    i = 0
    while i < len(data):
        width = 1 if data[i] < 0x80 else 2
        try:
            chars.append(bytes(data[i:i + width]).decode("gbk"))
        except UnicodeDecodeError:
            return None
        spans.append((sources[i], sources[i + width - 1] + 1))
        i += width
    return "".join(chars), spans


def _unclosed_quote(prefix: str) -> str | None:
    """The innermost quotation opened and not closed in `prefix` (one paragraph)."""
    stack: list[str] = []
    for ch in prefix:
        if ch in OPENING_TO_CLOSING:
            stack.append(ch)
        elif stack and ch == OPENING_TO_CLOSING[stack[-1]]:
            stack.pop()
    return stack[-1] if stack else None


def _guess_from_lead(lead: int, before: str) -> str | None:
    """The character whose first GBK byte is `lead`, if the text before leaves no doubt."""
    candidates = _lead_candidates(lead)
    if lead == PUNCTUATION_ROW:
        # Only a pending quotation settles which sign of the punctuation row was lost.
        opening = _unclosed_quote(before)
        closing = OPENING_TO_CLOSING.get(opening) if opening else None
        return closing if closing in candidates else None
    if not before:
        return None
    previous = to_simplified(before[-1])
    simplified = _simplified_candidates(lead)
    ranked = sorted(((word_freq(previous + s), c) for s, c in zip(simplified, candidates)), reverse=True)
    best_freq, best = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0
    if best_freq >= MIN_GUESS_WORD_FREQ and best_freq >= MIN_GUESS_MARGIN * max(runner_up, 1):
        return best
    return None


def _paragraph_before(text: str, index: int) -> str:
    """The text of the paragraph before `index`, at most CONTEXT_CHARS of it."""
    lower = max(0, index - CONTEXT_CHARS)
    newline = text.rfind("\n", lower, index)
    return text[newline + 1 if newline != -1 else lower:index]


def _reading_matches(lead: int, syllable: str) -> list[str]:
    """The characters with first GBK byte `lead` that read `syllable`."""
    readings = char_readings()
    syllable = unicodedata.normalize("NFC", syllable)
    return [ch for ch in _lead_candidates(lead) if syllable in readings.get(ch, ())]


def _guess_from_reading(matches: list[str]) -> str | None:
    """The one character of `_reading_matches`, if only one is left.

    Variant forms that convert to the same Simplified character count as one.
    """
    if not matches or len(set(to_simplified("\n".join(matches)).split("\n"))) != 1:
        return None
    return matches[0]


def _build(text: str, start: int, walked: tuple[bytearray, list[int], int, bool]) -> tuple[RunRepair, float] | None:
    data, sources, end, swallowed = walked
    lead = _best_lead(data[0])
    if lead is None:
        return None
    data = bytearray((lead,)) + data
    sources = [start] + sources
    pending_lead = pending_source = None
    if swallowed:
        pending_lead, pending_source = data[-1], sources[-1]
        data, sources = data[:-1], sources[:-1]
    decoded = _decode_tracked(bytes(data), sources)
    if decoded is None or not decoded[0]:
        return None
    recovered, spans = decoded
    repaired_score = chinese_score(recovered)
    if repaired_score < MIN_REPAIRED_SCORE or repaired_score - chinese_score(text[start:end], SWALLOWED) < MIN_SCORE_GAIN:
        return None
    after = recovered
    guessed: dict[int, float] = {}
    lost: list[int] = []
    notes: dict[int, str] = {}
    recovered_end = end
    annotated = False  # the half-lost character's annotation survives and fits its first byte
    if swallowed:
        swallow_at = end - 1
        recovered_end = swallow_at
        remnant = ANNOTATION_REMNANT_RE.match(text, end)
        if remnant:
            # The swallowed ASCII byte was the "(" of a pinyin annotation: what is left of it
            # names the reading of the half-lost character and goes with the run.
            end = remnant.end()
            matches = _reading_matches(pending_lead, remnant.group(1))
            annotated = bool(matches)
            guess = _guess_from_reading(matches)
            confidence = READING_GUESS_CONFIDENCE
        else:
            guess = _guess_from_lead(pending_lead, _paragraph_before(text, start) + recovered)
            confidence = GUESS_CONFIDENCE
        if guess is None:
            lost.append(len(after))
            notes[len(after)] = LOST_HALF_NOTE
            after += SWALLOWED
        else:
            guessed[len(after)] = confidence
            after += guess
        spans.append((pending_source, swallow_at + 1))
        if not remnant:
            lost.append(len(after))
            notes[len(after)] = LOST_ASCII_NOTE
            after += SWALLOWED
            spans.append((swallow_at, swallow_at + 1))
    if not guessed and not annotated and not any(_is_ideograph(ch) for ch in recovered):
        # A run of misread punctuation alone (`?!?`) is weak evidence; only a pending
        # quotation that the lost sign closes, or the rest of an annotation whose syllable
        # fits the half-lost character's first byte (`?!必?fù)`), makes it certain enough.
        return None
    edit = Edit(start, end, after, tuple(spans))
    return RunRepair(start, end, edit, recovered_end, len(recovered), guessed, lost, notes), repaired_score


def _is_ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _ends_a_sentence(text: str, start: int) -> bool:
    """A run starts where a sentence ends (its 。 is the lost first byte), so text comes before."""
    return start > 0 and text[start - 1] not in ASCII_SPACE


def _reads_aligned(text: str, start: int) -> bool:
    """Whether the text right after a run end reads as ordinary (aligned) Chinese.

    Runs are repaired before pinyin annotations are removed, so the tail is read without
    them (`瞭(liǎo)解` is aligned text; its Latin letters are not evidence against it). It stops
    at the next `?`: what follows may be the next run (two quotations a few characters
    apart), whose garbage says nothing about where this run ended.
    """
    window = text[start:start + TAIL_CHARS * TAIL_WINDOW_FACTOR].split(SWALLOWED, 1)[0]
    tail = ANNOTATION_RE.sub("", window)[:TAIL_CHARS]
    tail = "".join(ASCII_TO_FULLWIDTH.get(ch, ch) for ch in tail)
    return not tail.strip() or chinese_score(tail) >= MIN_TAIL_SCORE


def _strands_annotation_remnant(text: str, end: int) -> bool:
    """Whether a run ending at `end` would leave a pinyin syllable and `)` without its `(`.

    Aligned text never holds such a remnant: its `(` can only have gone as the ASCII byte of
    a swallowed pair, and then that `?`, not an earlier place, ends the run.
    """
    return ANNOTATION_REMNANT_RE.match(text, end) is not None


def repair_run(text: str, start: int) -> RunRepair | None:
    """Try to repair a run whose lost first byte shows as the `?` at `start`.

    Where a `?` inside the run could also be a ？, the first accepted reading after which
    the text reads aligned wins; failing that, the longest accepted reading. A reading that
    strands the rest of a pinyin annotation is never taken (see _strands_annotation_remnant).
    """
    last = None
    for walked in _walk_candidates(text, start):
        built = _build(text, start, walked)
        if built is None or _strands_annotation_remnant(text, built[0].end):
            continue
        last = built[0]
        if _reads_aligned(text, last.end):
            return last
    return last


def find_repairs(text: str) -> list[RunRepair]:
    """All accepted run repairs in `text`, left to right. Cheap when `text` has no `?`."""
    repairs: list[RunRepair] = []
    index = text.find(SWALLOWED)
    while index != -1:
        plausible = index + 1 < len(text) and text[index + 1] not in ASCII_SPACE and _ends_a_sentence(text, index)
        repair = repair_run(text, index) if plausible else None
        if repair is not None:
            repairs.append(repair)
            index = text.find(SWALLOWED, repair.end)
        else:
            index = text.find(SWALLOWED, index + 1)
    return repairs
