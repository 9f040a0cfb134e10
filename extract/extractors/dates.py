"""The `dates` component: calendar expressions resolved to inclusive ISO bounds → doc._.dates.

Expressions are found with patterns built from `date_words.tsv` (absolute 2025年2月6日,
partial 2月6日上午, relative 去年9月 / 上半年 / 前7个月 / 近3年, ranges 2024—2026年,
holidays, vague 近年来) and resolved against the reference date: the caller's, or else
one inferred from the article itself (`infer_reference_date`), never the machine's clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import read_rows
from ..nlp import doc_text
from ..numerals import parse_numeral
from ..records import DateMention

Bounds = tuple[dt.date, dt.date, str]  # start, end, granularity
Resolver = Callable[[Optional[dt.date]], Optional[Bounds]]

_CONNECTOR = r"\s*(?:[-—–~～至到]|——)\s*"
_CONNECTOR_CHAR = r"[-—–~～至到]"  # the first character of every connector
_YEAR_DIGITS = r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_QUARTER = r"[一二三四1-4]"
_COUNT = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
# Words before a year that make it a target rather than a past or present year (到2027年).
_FUTURE_BEFORE = ("到", "至", "力争", "预计", "计划", "目标", "展望")
_FUTURE_AFTER = ("前", "年前", "底前", "以前")
# Word kinds of date_words.tsv that stand alone as a date expression.
_WORD_KINDS = ("vague", "plan", "month_rel", "day_rel")


@lru_cache(maxsize=1)
def date_words() -> dict[str, dict[str, str]]:
    """kind → {word: value} from date_words.tsv."""
    kinds: dict[str, dict[str, str]] = {}
    for row in read_rows("date_words.tsv"):
        word, kind, value = (row + ["", ""])[:3]
        kinds.setdefault(kind, {})[word] = value
    return kinds


@lru_cache(maxsize=1)
def holiday_dates() -> dict[tuple[str, int], dt.date]:
    table = {}
    for holiday, iso in read_rows("holiday_dates.tsv"):
        day = dt.date.fromisoformat(iso.strip())
        table[(holiday, day.year)] = day
    return table


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_chars(*sources) -> str:
    """A regex character-class body of the first characters of the words or strings given."""
    chars: set[str] = set()
    for source in sources:
        chars.update(source if isinstance(source, str) else (word[:1] for word in source))
    return "".join(re.escape(char) for char in sorted(chars))


@lru_cache(maxsize=2)
def _patterns(skip_ahead: bool = True) -> dict[str, re.Pattern]:
    """The date patterns. `skip_ahead` puts in front of some a lookahead that only lets the
    regex engine pass over, in C, the places where the pattern cannot match (the same
    matches either way: tests/test_dates_patterns.py)."""
    words = date_words()
    year_rel = _alternation(words["year"])
    sub = (
        rf"(?P<m1>{_MONTH})月?{_CONNECTOR}(?P<m2>{_MONTH})月份?"
        rf"|(?P<month>{_MONTH})月份?(?:(?P<day>{_DAY})[日号](?:{_CONNECTOR}(?P<day2>{_DAY})[日号])?"
        rf"|(?P<xun>{_alternation(words['xun'])}))?"
        rf"|(?P<q1>{_QUARTER}){_CONNECTOR}(?P<q2>{_QUARTER})季度"
        rf"|前(?P<qn>[一二三])(?:个)?季度"
        rf"|第?(?P<q>{_QUARTER})季度"
        rf"|(?P<half>{_alternation(words['half'])})"
        rf"|前(?P<first_months>{_COUNT})个月"
        rf"|(?P<ypart>{_alternation(words['year_part'])})"
        rf"|(?P<season>{_alternation(words['season'])})"
    )
    # Every group of the compound is optional, so it would match (empty) at every character:
    # the lookahead lets the regex engine skip the characters no part can begin with (a
    # superset of the first characters is enough)...
    compound_starts = _first_chars(
        "12〇零○一二三四五六七八九",                    # year_abs
        words["year"], words["half"], words["year_part"], words["season"],
        "0123456789十一二三四五六七八九",                # m1, month, q1, q
        "前第",                                          # 前三季度, 前7个月, 第一季度
        "初底末",                                        # yshort (after 年)
        words["part_of_day"], "以",                      # pod, since (以来)
    )
    # ...and a numeral (the commonest start, in every figure) starts a date only before 年
    # (a year), 月 or a range connector (a month), or 季 (a quarter): checked before the
    # whole compound is tried there.
    other_starts = _first_chars(
        words["year"], words["half"], words["year_part"], words["season"],
        "前第", "初底末", words["part_of_day"], "以",
    )
    numeral_start = (
        rf"(?:19|20)\d\d年|[〇零○一二三四五六七八九]{{4}}年"
        rf"|(?:{_MONTH})(?:月|\s*{_CONNECTOR_CHAR})|{_QUARTER}(?:\s*{_CONNECTOR_CHAR}|季)"
    )
    ahead = {
        "compound": rf"(?=[{compound_starts}])(?=[{other_starts}]|{numeral_start})",
        "year_range": "(?=[12〇零○一二三四五六七八九])",
        "years_back": r"(?=[近过最\d一二两三四五六七八九十])",
    } if skip_ahead else {}
    compound = (
        ahead.get("compound", "") +
        rf"(?:(?P<year_abs>{_YEAR_DIGITS})年|(?P<year_rel>{year_rel}))?"
        rf"(?:(?P<sub>{sub})|(?<=年)(?P<yshort>初|底|末))?"
        rf"(?P<pod>{_alternation(words['part_of_day'])})?"
        rf"(?P<since>以来)?"
        # ...and where nothing matched, fail instead of matching empty: the greedy groups
        # took whatever could match, so this drops only the empty matches.
        r"(?(year_abs)|(?(year_rel)|(?(sub)|(?(yshort)|(?(pod)|(?(since)|(?!)))))))"
    )
    return {
        # (A pattern that starts with a word alternation needs no lookahead: the regex
        # engine finds the words' first characters itself, faster.)
        "year_range": re.compile(
            ahead.get("year_range", "") + rf"(?P<y1>{_YEAR_DIGITS})年?{_CONNECTOR}(?P<y2>{_YEAR_DIGITS})年"
        ),
        "compound": re.compile(compound),
        "years_back": re.compile(
            ahead.get("years_back", "") + rf"(?:(?:近|过去|最近)(?P<n>{_COUNT})年(?:来|内|间)?|(?P<n2>{_COUNT})年来)"
        ),
        "years_ahead": re.compile(rf"(?:未来|今后|此后)(?P<n>{_COUNT})年(?:内|间)?"),
        "words": re.compile(
            rf"(?P<word>{_alternation([w for kind in _WORD_KINDS for w in words[kind]])})(?:期间|时期)?"
        ),
        "holiday": re.compile(
            rf"(?P<holiday>{_alternation(list(words['lunar']) + list(words['fixed_day']))})"
            rf"(?P<around>前后|前夕|前|后|期间|假期|以来)?"
        ),
    }


@dataclass
class Candidate:
    start: int
    end: int
    resolve: Resolver
    relative: bool
    vague: bool = False
    explicit: Optional[tuple[int, int, int]] = None  # (year, month, day) written with a year
    partial: Optional[tuple[int, int]] = None          # (month, day) written without a year
    year_only: Optional[int] = None                    # a bare explicit year
    target: bool = False                               # a future target year (到2027年)


# --- small calendar helpers ---------------------------------------------------------

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int, granularity: str) -> Bounds:
    if last < first:  # winter: December to February of the next year
        return dt.date(year, first, 1), _month_end(year + 1, last), granularity
    return dt.date(year, first, 1), _month_end(year, last), granularity


def _num(text: str) -> int:
    return int(parse_numeral(text))


def _year_of(text: str) -> int:
    return int("".join(str(_num(ch)) for ch in text)) if not text.isdigit() else int(text)


# --- candidates -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Reading:
    """What a compound date's text says, wherever it stands: the regex groups of a match
    follow from its text (a leading 初/底/末 matches only after 年, which the text then
    needs wherever it is), so the reading is made once per distinct text (2024年, 今年, 1-9月
    recur in every article)."""
    resolve: Resolver
    relative: bool
    year_abs: Optional[int]
    explicit: Optional[tuple[int, int, int]]
    partial: Optional[tuple[int, int]]


_READINGS: dict[str, Optional[_Reading]] = {}
_READINGS_KEPT = 4096  # distinct compound texts remembered (then forgotten all at once)


def _compound(match: re.Match, text: str) -> Optional[Candidate]:
    key = match.group()
    if key in _READINGS:
        reading = _READINGS[key]
    else:
        if len(_READINGS) >= _READINGS_KEPT:
            _READINGS.clear()
        reading = _READINGS[key] = _read_compound(match.groupdict())
    if reading is None:
        return None
    candidate = Candidate(match.start(), match.end(), reading.resolve, relative=reading.relative,
                          explicit=reading.explicit, partial=reading.partial)
    if reading.year_abs is not None:
        candidate.target = _is_target(text, candidate.start, candidate.end)
        if reading.explicit is None:
            candidate.year_only = reading.year_abs  # 2024年, 2025年第一季度: the year is written out
    return candidate


def _read_compound(g: dict) -> Optional[_Reading]:
    if not (g["year_abs"] or g["year_rel"] or g["sub"]):
        return None
    has_year = bool(g["year_abs"] or g["year_rel"])
    if not has_year and (g["season"] or g["yshort"]):
        return None  # a bare season word (春天) or 底 is too loose on its own
    words = date_words()
    offset = int(words["year"][g["year_rel"]]) if g["year_rel"] else None
    year_abs = _year_of(g["year_abs"]) if g["year_abs"] else None
    if year_abs is not None and not 1900 <= year_abs <= 2100:
        return None
    sub_resolver = _sub_resolver(g, words)
    if sub_resolver is None and (g["sub"] or g["yshort"]):
        return None

    def resolve(ref: Optional[dt.date]) -> Optional[Bounds]:
        if year_abs is not None:
            year = year_abs
        elif ref is None:
            return None
        else:
            year = ref.year + (offset or 0)
        bounds = sub_resolver(year) if sub_resolver else (dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if bounds and g["since"] and ref is not None and bounds[0] <= ref:
            bounds = (bounds[0], ref, "range")
        return bounds

    try:
        resolve(dt.date(2000, 1, 1))  # validates month/day numbers (2月30日 is no date)
    except ValueError:
        return None
    explicit, partial = _anchors(g, year_abs)
    return _Reading(resolve, year_abs is None or bool(g["since"]), year_abs, explicit, partial)


def _anchors(g: dict, year_abs: Optional[int]) -> tuple[Optional[tuple[int, int, int]], Optional[tuple[int, int]]]:
    """What reference-date inference may use: an explicit date, a partial date (2月6日)."""
    month = _num(g["month"]) if g["month"] else None
    day = _num(g["day"]) if g["day"] else None
    if year_abs is not None:
        return ((year_abs, month, day) if month and day else None), None
    if not g["year_rel"] and month and day:
        return None, (month, day)
    return None, None


def _sub_resolver(g: dict, words) -> Optional[Callable[[int], Bounds]]:
    if g["m1"]:
        m1, m2 = _num(g["m1"]), _num(g["m2"])
        return (lambda y: _months(y, m1, m2, "range")) if m1 < m2 else None
    if g["month"]:
        return _month_resolver(g, words)
    if g["q1"]:
        q1, q2 = _num(g["q1"]), _num(g["q2"])
        return (lambda y: _months(y, 3 * q1 - 2, 3 * q2, "quarter")) if q1 < q2 else None
    if g["qn"]:
        qn = _num(g["qn"])
        return lambda y: _months(y, 1, 3 * qn, "quarter")
    if g["q"]:
        q = _num(g["q"])
        return lambda y: _months(y, 3 * q - 2, 3 * q, "quarter")
    if g["half"]:
        half = int(words["half"][g["half"]])
        return lambda y: _months(y, 6 * half - 5, 6 * half, "half_year")
    if g["first_months"]:
        n = _num(g["first_months"])
        return (lambda y: _months(y, 1, n, "range")) if 1 <= n <= 12 else None
    if g["ypart"] or g["yshort"]:
        first, last = (int(x) for x in words["year_part"].get(g["ypart"] or "年" + g["yshort"], "12-12").split("-"))
        return lambda y: _months(y, first, last, "month" if first == last else "range")
    if g["season"]:
        first, last = (int(x) for x in words["season"][g["season"]].split("-"))
        return lambda y: _months(y, first, last, "season")
    return None


def _month_resolver(g: dict, words) -> Optional[Callable[[int], Bounds]]:
    month = _num(g["month"])
    if not 1 <= month <= 12:
        return None
    if g["day"]:
        day = _num(g["day"])
        day2 = _num(g["day2"]) if g["day2"] else None
        if day2 is not None:
            return lambda y: (dt.date(y, month, day), dt.date(y, month, day2), "range")
        return lambda y: (dt.date(y, month, day), dt.date(y, month, day), "day")
    if g["xun"]:
        first, last = (int(x) for x in words["xun"][g["xun"]].split("-"))
        def part_of_month(y: int) -> Bounds:
            first_day = _month_end(y, month) if first == 0 else dt.date(y, month, first)
            last_day = _month_end(y, month) if last == 0 else dt.date(y, month, last)
            return first_day, last_day, "day" if first_day == last_day else "range"
        return part_of_month
    return lambda y: _months(y, month, month, "month")


def _is_target(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 4):start]
    after = text[end:end + 2]
    if "截至" in before or "截止" in before:
        return False
    return any(before.endswith(w) or w in before[-2:] for w in _FUTURE_BEFORE) or \
        any(after.startswith(w) for w in _FUTURE_AFTER)


def _year_range(match: re.Match, text: str) -> Optional[Candidate]:
    y1, y2 = _year_of(match.group("y1")), _year_of(match.group("y2"))
    if not (1900 <= y1 < y2 <= 2100):
        return None
    return Candidate(match.start(), match.end(),
                     lambda ref: (dt.date(y1, 1, 1), dt.date(y2, 12, 31), "multi_year"), relative=False)


def _years_back(match: re.Match, text: str) -> Optional[Candidate]:
    n = _num(match.group("n") or match.group("n2"))
    if not 1 <= n <= 50:
        return None
    return Candidate(match.start(), match.end(), lambda ref: None if ref is None else (
        dt.date(ref.year - n + 1, 1, 1), dt.date(ref.year, 12, 31), "multi_year"), relative=True)


def _years_ahead(match: re.Match, text: str) -> Optional[Candidate]:
    n = _num(match.group("n"))
    if not 1 <= n <= 50:
        return None
    return Candidate(match.start(), match.end(), lambda ref: None if ref is None else (
        dt.date(ref.year, 1, 1), dt.date(ref.year + n - 1, 12, 31), "multi_year"), relative=True)


def _word(match: re.Match, text: str) -> Optional[Candidate]:
    words = date_words()
    word = match.group("word")
    if word in words["vague"]:
        return Candidate(match.start(), match.end(), lambda ref: None, relative=False, vague=True)
    if word in words["plan"]:
        first, last = (int(x) for x in words["plan"][word].split("-"))
        return Candidate(match.start(), match.end(),
                         lambda ref: (dt.date(first, 1, 1), dt.date(last, 12, 31), "multi_year"), relative=False)
    if word in words["month_rel"]:
        offset = int(words["month_rel"][word])

        def month_rel(ref):
            if ref is None:
                return None
            index = ref.year * 12 + ref.month - 1 + offset
            return _months(index // 12, index % 12 + 1, index % 12 + 1, "month")
        return Candidate(match.start(), match.end(), month_rel, relative=True)
    offset = int(words["day_rel"][word])
    return Candidate(match.start(), match.end(), lambda ref: None if ref is None else (
        ref + dt.timedelta(days=offset), ref + dt.timedelta(days=offset), "day"), relative=True)


@lru_cache(maxsize=1)
def _strong_surnames() -> frozenset[str]:
    rows = list(read_rows("surnames.tsv"))
    return frozenset(row[0].strip() for row in rows if len(row) < 2 or row[1].strip() != "weak")


def _holiday_in_context(match: re.Match, text: str) -> bool:
    """Whether a short holiday word (国庆, 中秋, 元宵) is used as a date, not inside a name.

    The short forms are common given names (陈国庆) and hide in other words (全国庆祝), so
    they count only next to calendar context (国庆期间, 国庆长假, 今年国庆, 迎中秋) and
    never right after a family name. Full names ending in 节 need no context.
    """
    words = date_words()
    name, start, end = match.group("holiday"), match.start(), match.end()
    if name.endswith("节") or name not in words.get("short_holiday", {}):
        return True
    if start > 0 and text[start - 1] in _strong_surnames():
        return False
    if match.group("around"):
        return True
    after = words.get("holiday_after", {})
    before = words.get("holiday_before", {})
    return (any(text.startswith(word, end) for word in after)
            or any(text.endswith(word, 0, start) for word in before))


def _holiday(match: re.Match, text: str) -> Optional[Candidate]:
    words = date_words()
    name, around = match.group("holiday"), match.group("around")
    if not _holiday_in_context(match, text):
        return None
    if name in words["fixed_day"]:
        month, day = (int(x) for x in words["fixed_day"][name].split("-"))
        on_day: Callable[[int], Optional[dt.date]] = lambda year: dt.date(year, month, day)
    else:
        holiday = words["lunar"][name]
        on_day = lambda year: holiday_dates().get((holiday, year))  # noqa: E731

    def resolve(ref: Optional[dt.date]) -> Optional[Bounds]:
        if ref is None:
            return None
        day = on_day(ref.year)
        if day is not None and day < ref and around in ("前", "前夕"):
            day = on_day(ref.year + 1)  # 春节前 written in December: the coming festival
        if day is None:
            return None
        if not around:
            return day, day, "day"
        if around in ("前", "前夕") and ref < day:
            # From now until the eve: the span a "before the holiday" plan covers.
            return ref, day - dt.timedelta(days=1), "range"
        return None  # 春节后, 国庆期间: anchored to the holiday but without agreed bounds

    vague = bool(around) and around not in ("前", "前夕")
    return Candidate(match.start(), match.end(), resolve, relative=True, vague=vague)


_BUILDERS = {
    "year_range": _year_range,
    "compound": _compound,
    "years_back": _years_back,
    "years_ahead": _years_ahead,
    "words": _word,
    "holiday": _holiday,
}


def find_candidates(text: str) -> list[Candidate]:
    """Every date expression, longest first where they overlap."""
    found: list[Candidate] = []
    for name, pattern in _patterns().items():
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            candidate = _BUILDERS[name](match, text)
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    covered: set[int] = set()  # characters of kept candidates: overlap tests stay local
    for candidate in sorted(found, key=lambda c: -(c.end - c.start)):
        chars = range(candidate.start, candidate.end)
        if not any(pos in covered for pos in chars):
            kept.append(candidate)
            covered.update(chars)
    return sorted(kept, key=lambda c: c.start)


# --- reference date -------------------------------------------------------------------

def infer_reference_date(text: str) -> Optional[dt.date]:
    """The article's own 'now': its latest explicit date in its latest non-target year.

    The year is the latest year the article writes out that is not a target (到2027年); a
    partial date (2月6日) or a full date in that year then places the day. Articles report
    what has happened, so the latest such date is the closest lower bound of publication.
    """
    return _infer_from(find_candidates(text))


def _infer_from(candidates: list[Candidate]) -> Optional[dt.date]:
    years = [c.explicit[0] for c in candidates if c.explicit and not c.target]
    years += [c.year_only for c in candidates if c.year_only and not c.target]
    if not years:
        return None
    year = max(years)
    days = [dt.date(*c.explicit) for c in candidates if c.explicit and c.explicit[0] == year]
    for c in candidates:
        if c.partial:
            try:
                days.append(dt.date(year, *c.partial))
            except ValueError:
                continue
    return max(days) if days else dt.date(year, 1, 1)


# --- component ------------------------------------------------------------------------

def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def find_dates(
    text: str, reference_date: Optional[dt.date], unrecoverable=()
) -> tuple[list[DateMention], Optional[dt.date], bool]:
    """(dates, reference date used, whether it was inferred)."""
    candidates = [c for c in find_candidates(text) if not _overlaps(c.start, c.end, unrecoverable)]
    inferred = reference_date is None
    reference = _infer_from(candidates) if inferred else reference_date
    mentions = []
    for c in candidates:
        bounds = c.resolve(reference)
        start, end, granularity = bounds if bounds else (None, None, "vague")
        mentions.append(DateMention(
            text=text[c.start:c.end], start=start, end=end, granularity=granularity,
            vague=c.vague or bounds is None, relative=c.relative,
            inferred=bool(c.relative and inferred and bounds is not None),
            span=(c.start, c.end),
        ))
    return mentions, reference, inferred and reference is not None


@Language.factory("dates")
def create_dates_component(nlp: Language, name: str):
    def dates_component(doc: Doc) -> Doc:
        extensions = doc._  # a new accessor object on every `doc._`: made once
        mentions, reference, inferred = find_dates(
            doc_text(doc), extensions.reference_date, extensions.unrecoverable or [])
        extensions.dates = mentions
        extensions.reference_date_used = reference
        extensions.reference_date_inferred = inferred
        return doc
    return dates_component
