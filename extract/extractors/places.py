"""Place mentions: gazetteer places, towns and named areas, deictic 该区, with parents.

Only the finding of mentions lives here; `entities` decides which become `Location`s
(places inside company or park names are not locations of the article). Places come from
the gazetteer (full names anywhere on word boundaries, short forms as words of their own,
county short forms only beside their full name), from suffixes (大杨镇, 合肥高新区), from a
listed place's unlisted child (赣州市南康区), from jieba's place tags (晋江市), from the
model, and from deictics (该区) resolved to the article's most frequent place of that kind.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .entity_tables import LEVEL_RANK, Tables
from .entity_tokens import (HAN, PUNCT, Tok, WordKinds, as_tokens, token_bounds, token_ending_at, token_index_at,
                            tokens_overlapping)
from .occurrences import occurrences

# Function characters that never sit inside a place name's stem (政府和街道).
STEM_BREAKERS = set("的和与及在于到从向对为是了着等")
# The level a place of unknown rank gets from its last character.
ADMIN_LEVEL = {"省": "province", "市": "county", "区": "county", "县": "county", "旗": "county", "镇": "town", "乡": "town"}


@dataclass
class PlaceHit:
    start: int
    end: int
    surface: str
    name: str  # canonical full name ('' for an unresolved deictic)
    level: str
    parent: str | None = None  # the containing place, as the text gives it
    prefix_of_child: bool = False  # 北京市 in 北京市海淀区
    deictic: bool = False
    source: str = "gazetteer"
    parent_hit: "PlaceHit | None" = None  # the hit that gave `parent` (may be a deictic)
    names_area: bool = False  # 西安 in 西安高新区: part of the area's name, not an address


class Coverage:
    """Which characters are inside spans taken so far: an overlap test costs the length of
    the span asked about, not the number of spans (lists of spans made long texts quadratic)."""

    def __init__(self, length: int, spans=()):
        self.marks = marks = bytearray(length + 1)
        for start, end in spans:  # (`add`, inlined: every rule makes one of these per text)
            if end > start:
                marks[start:end] = b"\x01" * (end - start)

    def add(self, start: int, end: int) -> None:
        if end > start:
            self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with a span taken (spans are never empty)."""
        return end > start and self.marks.find(1, start, end) != -1


def _token_bounds(tokens: list[Tok]) -> frozenset[int]:
    return token_bounds(tokens)


def _gazetteer_candidates(text: str, tables: Tables) -> list[tuple[int, int, str]]:
    """Every table key in the text as (start, end, key), by start, longer first (one key
    per start and length, so no two sort alike)."""
    return tables.place_search.find(text)


def _resolve_key(key: str, text: str, tables: Tables, in_text: dict[str, bool]) -> str | None:
    """The full place name a matched key stands for, or None if the key is untrusted here.
    `in_text` remembers which full names the text holds (one search each per text)."""
    if key in tables.places:
        return key
    if key in tables.place_shorts:
        return tables.place_shorts[key]
    full = tables.risky_shorts.get(key)
    if not full:
        return None
    if full not in in_text:
        in_text[full] = full in text
    return full if in_text[full] else None


def _gazetteer_hits(text: str, tokens: list[Tok], tables: Tables) -> list[PlaceHit]:
    bounds = _token_bounds(tokens)
    candidates = _gazetteer_candidates(text, tables)
    hits: list[PlaceHit] = []
    taken_until = -1
    in_text: dict[str, bool] = {}
    for start, end, key in candidates:
        if start < taken_until:
            continue
        full = _resolve_key(key, text, tables, in_text)
        if full is None:
            continue
        is_full = key == full
        after_place = bool(hits) and hits[-1].end == start
        if not (start in bounds or after_place):
            continue
        # A short form must be a word of its own (中山 is no place inside 中山大学), and not a
        # given name (，李金华表示).
        if not is_full and (end not in bounds or _reads_as_given_name(text, start, end, tables)):
            continue
        places = tables.places[full]
        hits.append(PlaceHit(start, end, key, full, places[0].level))
        taken_until = end
    return hits


def _reads_as_given_name(text: str, start: int, end: int, tables: Tables) -> bool:
    if start == 0 or text[start - 1] not in tables.surnames:
        return False
    opens = start == 1 or text[start - 2] in PUNCT
    speech = tables.words.get("speech", ())
    return opens and (text[end:end + 1] in speech or text[end:end + 2] in speech)


def _left_stem(text: str, suffix_start: int, bounds, tables: Tables, lengths=(2, 3)) -> int | None:
    """Start of a 2-3 character place stem ending at `suffix_start` whose left edge is a boundary."""
    for length in lengths:
        start = suffix_start - length
        if start < 0:
            continue
        stem = text[start:suffix_start]
        if not all(HAN.match(char) for char in stem):
            continue
        if stem[0] in tables.words.get("stop_char", ()) or any(c in ADMIN_LEVEL or c in STEM_BREAKERS for c in stem):
            continue  # 城镇, 百县千镇, 政府和街道
        if start in bounds or start == 0 or text[start - 1] in PUNCT:
            return start
    return None


class _Either:
    """Membership in either of two sets, without copying the large one into a union."""

    def __init__(self, first, second):
        self.first, self.second = first, second

    def __contains__(self, item) -> bool:
        return item in self.first or item in self.second


class _SuffixTable:
    """Town and area suffixes (镇, 街道, 高新区 …) by length, longest first."""

    def __init__(self, tables: Tables):
        self.level = {w: "town" for w in tables.words.get("town_suffix", ())}
        self.level.update({w: "area" for w in tables.words.get("area_suffix", ())})
        self.lengths = sorted({len(w) for w in self.level}, reverse=True)
        self.last_chars = {w[-1] for w in self.level}  # most words end with none of these
        self.first_chars = {w[0] for w in self.level}

    def longest_ending_at(self, text: str, end: int) -> str | None:
        """The longest suffix that ends at `end` (two suffixes of one length ending at the
        same place are the same string)."""
        if end == 0 or text[end - 1] not in self.last_chars:
            return None
        for length in self.lengths:
            if length <= end and text[end - length:end] in self.level:
                return text[end - length:end]
        return None


# The kinds of words the place rules look for by their form (bits of `WordKinds`).
SUFFIX_WORD = 1  # ends with a town/area suffix's last character, or opens with a suffix
ADMIN_WORD = 2  # three characters or more, ending with a level character (晋江市)
COMMITTEE_WORD = 4  # opens with a party committee (区委, 县委书记)
DEICTIC_WORD = 8  # 该区, 该市
AREA_KIND_WORD = 16  # 高新区, 经开区 on their own


class _RuleWords:
    """What the place rules need of the tables, made once per tables object: the suffix
    table and the kinds of words the rules start from."""

    def __init__(self, tables: Tables):
        self.suffixes = suffixes = _SuffixTable(tables)
        committees = tables.words.get("party_committee", ())
        lengths = sorted({len(c) for c in committees})
        committee_firsts = {c[:1] for c in committees}
        area_kinds = tables.words.get("area_suffix", ())
        self.kinds = WordKinds({
            SUFFIX_WORD: lambda word: word[-1:] in suffixes.last_chars or word[:1] in suffixes.first_chars,
            ADMIN_WORD: lambda word: len(word) >= 3 and word[-1] in ADMIN_LEVEL,
            COMMITTEE_WORD: lambda word: word[:1] in committee_firsts and any(
                word[:length] in committees for length in lengths if length <= len(word)),
            DEICTIC_WORD: lambda word: word in tables.deictic_level,
            AREA_KIND_WORD: lambda word: word in area_kinds,
        })


_RULE_WORDS: dict[int, tuple[Tables, _RuleWords]] = {}


def _rule_words(tables: Tables) -> _RuleWords:
    cached = _RULE_WORDS.get(id(tables))
    if cached is None or cached[0] is not tables:
        cached = _RULE_WORDS[id(tables)] = (tables, _RuleWords(tables))
    return cached[1]


def _tokens_of_kind(tokens: list[Tok], tables: Tables, kind: int) -> list[int]:
    """Indices, in text order, of the tokens whose word is of `kind`."""
    return as_tokens(tokens).indices_of_kind(_rule_words(tables).kinds, kind)


class _PlaceIndex:
    """The places known so far by end offset, in the order they were found."""

    def __init__(self, known: list[PlaceHit]):
        self.by_end: dict[int, list[PlaceHit]] = {}
        for hit in known:
            self.add(hit)

    def add(self, hit: PlaceHit) -> None:
        self.by_end.setdefault(hit.end, []).append(hit)

    def ending_at(self, position: int) -> list[PlaceHit]:
        return self.by_end.get(position, [])


def _suffix_hits(text: str, tokens: list[Tok], tables: Tables, known: list[PlaceHit]) -> list[PlaceHit]:
    """Towns (大杨镇) and named areas (合肥高新区, 吴江经济技术开发区): the longest suffix
    ending a word, with the name's stem before it."""
    bounds = _Either(_token_bounds(tokens), {hit.end for hit in known})
    taken = Coverage(len(text), ((hit.start, hit.end) for hit in known))
    index = _PlaceIndex(known)
    hits: list[PlaceHit] = []
    suffixes = _rule_words(tables).suffixes
    false_heads = tables.words.get("false_head", set())
    # Only words that end with a suffix's last character or open with a suffix can hold one.
    for position in _tokens_of_kind(tokens, tables, SUFFIX_WORD):
        token = tokens[position]
        if token.text in false_heads:
            continue
        for end in _suffix_ends(token, suffixes, tables):
            suffix = suffixes.longest_ending_at(text, end)
            if suffix is None:
                continue
            suffix_start = end - len(suffix)
            if taken.overlaps(suffix_start, end):
                continue
            level = suffixes.level[suffix]
            county = _county_word_before(tokens, suffix_start, tables, index) if level == "area" else None
            if county is not None:
                hits.append(county)
                index.add(county)
            hit = _named_area(text, tokens, suffix_start, end, level, bounds, tables, index)
            if hit:
                hits.append(hit)
                taken.add(hit.start, hit.end)
    return hits


def _suffix_ends(token: Tok, suffixes: _SuffixTable, tables: Tables) -> list[int]:
    """Where a place suffix may end in this word: at its end, or before a body's head
    that jieba glued to it (街道办事处 → 街道 + 办事处)."""
    ends = [token.end]
    word = token.text
    if word[:1] not in suffixes.first_chars:
        return ends
    for length in suffixes.lengths:  # longest first
        if length < len(word) and word[:length] in suffixes.level and word[length:] in tables.heads:
            ends.append(token.start + length)
    return ends


# Words of these classes do not occur inside a town's name (著名侨乡, 美丽乡村, 主要街道).
FUNCTION_TAGS = {"a", "ad", "b", "v", "vd", "vn", "d", "m", "p", "c", "u", "uj", "r"}


# 五里 in 五里工业园区 is a name; 两个, 三大 count things.
NAME_NUMERAL = re.compile(r"[一二三四五六七八九十][^个家批只项座条支名位种类年月日次期届大多余些]?")


def _stem_has_function_word(tokens: list[Tok], start: int, end: int, allowed=frozenset(), numerals=False) -> bool:
    return any(
        len(t.text) > 1 and t.pos in FUNCTION_TAGS and t.text not in allowed
        and not (numerals and t.pos == "m" and NAME_NUMERAL.fullmatch(t.text) and HAN.match(t.text[-1]))
        for t in tokens_overlapping(tokens, start, end)
    )


def _named_area(text, tokens, suffix_start, end, level, bounds, tables, known) -> PlaceHit | None:
    listed = _listed_place_ending_at(text, suffix_start, end, tables)
    if listed is not None:
        # 上海浦东新区 (one jieba word): 浦东新区 is a district the gazetteer lists, not a zone.
        return listed
    place_before = next((hit for hit in known.ending_at(suffix_start) if not hit.deictic), None)
    if level == "area" and place_before is not None:
        # 合肥高新区: the area is named by its place, which is part of the name, not an address.
        surface = text[place_before.start:end]
        place_before.prefix_of_child = place_before.names_area = True
        return PlaceHit(place_before.start, end, surface, surface, level, parent=place_before.name or None, source="rule")
    start = _left_stem(text, suffix_start, bounds, tables, lengths=(2, 3) if level == "town" else (2, 3, 4))
    allowed = tables.words.get("area_stem", frozenset()) if level == "area" else frozenset()
    if start is None or _stem_has_function_word(tokens, start, suffix_start, allowed, numerals=level == "area"):
        return None
    surface = text[start:end]
    generic = tables.words.get("generic", ())
    if surface in tables.words.get("false_head", ()) or any(text.startswith(word, start) for word in generic):
        return None  # 国家级新区, 全市工业园区: kinds of area, not names
    short_place = next((hit for hit in known.ending_at(start) if hit.surface != hit.name and not hit.deictic), None)
    if level == "area" and short_place is not None:
        # 青岛西海岸新区: a place in its short form opens the area's name; a full name
        # (吴江区汾湖高新区) is an address before it.
        short_place.prefix_of_child = short_place.names_area = True
        surface = text[short_place.start:end]
        return PlaceHit(short_place.start, end, surface, surface, level, parent=short_place.name, source="rule")
    return PlaceHit(start, end, surface, surface, level, source="rule")


def _county_word_before(tokens: list[Tok], position: int, tables: Tables, known: "_PlaceIndex") -> PlaceHit | None:
    """寿光市经济开发区: an unlisted county-level word (…市, …县, …区) right before an area's
    kind is the place that names the area."""
    if known.ending_at(position):
        return None
    token = token_ending_at(tokens, position)
    if token is None or not 3 <= len(token.text) <= 4 or token.text[-1] not in "市县区":
        return None
    if token.text[0] in tables.words.get("stop_char", ()) or not all(HAN.match(c) for c in token.text):
        return None
    if token.text in tables.words.get("admin_kind", ()) or token.pos in FUNCTION_TAGS:
        return None
    return PlaceHit(token.start, token.end, token.text, token.text, "county", source="rule")


def _listed_place_ending_at(text: str, suffix_start: int, end: int, tables: Tables) -> PlaceHit | None:
    for start in range(max(0, suffix_start - 4), suffix_start):
        places = tables.places.get(text[start:end])
        if places and places[0].level != "area":
            return PlaceHit(start, end, text[start:end], text[start:end], places[0].level)
    return None


def _child_hits(text: str, tokens: list[Tok], tables: Tables, known: list[PlaceHit]) -> list[PlaceHit]:
    """南宁市青秀区, 福建省晋江市: an unlisted district, county or city right after a listed place."""
    hits = []
    starts = {hit.start for hit in known}
    stop_chars = tables.words.get("stop_char", ())
    for hit in known:
        if hit.level not in ("province", "prefecture") or hit.deictic or hit.end in starts:
            continue
        match = re.match(r"[\u4e00-\u9fff]{2,3}?(?:区|县|旗|市)", text[hit.end:hit.end + 4])
        if not match:
            continue
        surface = match.group(0)
        end = hit.end + len(surface)
        if any(surface.endswith(area) for area in tables.words.get("area_suffix", ())):
            continue  # 西安高新区 is a named area, found with the other areas
        if any(c in stop_chars for c in surface[:-1]) or _stem_has_function_word(tokens, hit.end, end - 1):
            continue
        if end not in _token_bounds(tokens) and text[end:end + 1] not in PUNCT:
            # 株洲市实现地区…: the match must end a word
            if not _inside_noun(tokens, end):
                continue
        hits.append(PlaceHit(hit.end, end, surface, surface, "county", source="rule"))
    return hits


def _inside_noun(tokens: list[Tok], position: int) -> bool:
    """Whether `position` falls strictly inside a noun's word (tokens tile the text, so
    only the one token covering it can)."""
    index = token_index_at(tokens, position)
    return index >= 0 and tokens[index].start < position and tokens[index].pos.startswith("n")


def _segmenter_hits(tokens: list[Tok], tables: Tables, known: list[PlaceHit]) -> list[PlaceHit]:
    """Words jieba tags as places and that end like an administrative unit (晋江市, 南康区):
    places the gazetteer does not list."""
    taken = Coverage(tokens[-1].end if tokens else 0, ((h.start, h.end) for h in known))
    stop_chars = tables.words.get("stop_char", ())
    hits = []
    for index in _tokens_of_kind(tokens, tables, ADMIN_WORD):
        token = tokens[index]
        if token.pos != "ns":
            continue
        if token.text[0] in stop_chars or taken.overlaps(token.start, token.end):
            continue
        if token.text in tables.words.get("area_suffix", ()) or token.text in tables.words.get("false_head", ()):
            continue  # 经开区, 高新区 alone are kinds, not names
        hits.append(PlaceHit(token.start, token.end, token.text, token.text, ADMIN_LEVEL[token.text[-1]], source="rule"))
    return hits


def _committee_hits(tokens: list[Tok], tables: Tables, known: list[PlaceHit]) -> list[PlaceHit]:
    """顺德区委, 萧县县委书记: a name right before a level's party committee is that level's
    place (顺德 + 区委 → 顺德区), even when the gazetteer does not list it."""
    taken = Coverage(tokens[-1].end if tokens else 0, ((h.start, h.end) for h in known))
    hits = []
    for index in _tokens_of_kind(tokens, tables, COMMITTEE_WORD):
        if index == 0:
            continue
        before, token = tokens[index - 1], tokens[index]
        # Every committee word the token opens with starts with the token's first character,
        # the level character that is kept.
        word = token.text
        if not 2 <= len(before.text) <= 3 or not HAN.match(before.text):
            continue
        if before.pos not in ("ns", "nr", "nrt", "nz", "j") or taken.overlaps(before.start, token.start + 1):
            continue
        surface = before.text + word[0]
        hits.append(PlaceHit(before.start, before.end + 1, surface, surface, ADMIN_LEVEL[word[0]], source="rule"))
    return hits


def _county_before_town_hits(text: str, tokens: list[Tok], tables: Tables, known: list[PlaceHit]) -> list[PlaceHit]:
    """高密市夏庄镇: an unlisted county-level word (…市, …区, …县) right before a town is the
    town's county."""
    taken = Coverage(len(text), ((h.start, h.end) for h in known))
    stop_chars = tables.words.get("stop_char", ())
    hits = []
    for town in (h for h in known if h.level == "town" and not h.deictic):
        token = token_ending_at(tokens, town.start)
        if token is None or not 3 <= len(token.text) <= 4 or token.text[-1] not in "市区县":
            continue
        if token.text[0] in stop_chars or not all(HAN.match(c) for c in token.text):
            continue
        if taken.overlaps(token.start, token.end):
            continue
        hits.append(PlaceHit(token.start, token.end, token.text, token.text, "county", source="rule"))
    return hits


def _deictic_hits(tokens: list[Tok], tables: Tables) -> list[PlaceHit]:
    return [
        PlaceHit(t.start, t.end, t.text, "", tables.deictic_level[t.text], deictic=True, source="rule")
        for t in map(tokens.__getitem__, _tokens_of_kind(tokens, tables, DEICTIC_WORD))
    ]


def _model_hits(text, model_spans, tables, known) -> list[PlaceHit]:
    """Model LOC spans that read as an administrative place (…镇, …县) the tables missed."""
    hits = []
    taken = Coverage(len(text), ((h.start, h.end) for h in known))
    for start, end, label in model_spans or ():
        surface = text[start:end]
        if label != "LOC" or taken.overlaps(start, end):
            continue
        match = re.fullmatch(r"[\u4e00-\u9fff]{2,6}(镇|乡|街道|县|区)", surface)
        if not match or surface[0] in tables.words.get("stop_char", ()):
            continue
        level = "town" if match.group(1) in ("镇", "乡", "街道") else "county"
        hits.append(PlaceHit(start, end, surface, surface, level, source="model"))
    return hits


def find_place_hits(text: str, tokens: list[Tok], tables: Tables, model_spans=()) -> list[PlaceHit]:
    tokens = as_tokens(tokens)
    hits = _no_kinds(_gazetteer_hits(text, tokens, tables), tables)
    hits += _deictic_hits(tokens, tables)
    hits.sort(key=lambda h: h.start)
    hits += _no_kinds(_child_hits(text, tokens, tables, hits), tables)
    hits += _no_kinds(_suffix_hits(text, tokens, tables, hits), tables)
    hits += _no_kinds(_county_before_town_hits(text, tokens, tables, hits), tables)
    hits += _no_kinds(_segmenter_hits(tokens, tables, hits), tables)
    hits += _no_kinds(_committee_hits(tokens, tables, hits), tables)
    hits += _no_kinds(_model_hits(text, model_spans, tables, hits), tables)
    hits = _drop_nested(hits)
    hits = _drop_nested(hits + _repeat_hits(text, tokens, hits))
    hits += _bare_area_hits(tokens, tables, hits)
    _link_text_parents(hits)
    return hits


def _no_kinds(hits: list[PlaceHit], tables: Tables) -> list[PlaceHit]:
    """地级市, 县级市, 直辖市 name a kind of unit (位居湖南省地级市前列), never a place."""
    kinds = tables.words.get("admin_kind", ())
    return [hit for hit in hits if hit.surface not in kinds and hit.name not in kinds]


def _repeat_hits(text: str, tokens: list[Tok], hits: list[PlaceHit]) -> list[PlaceHit]:
    """Places found once by a rule (赣州市南康区 → 南康区) are places wherever they recur,
    and so is their stem (南康) once the full name is known."""
    bounds = _token_bounds(tokens)
    found = {h.name: h for h in hits if h.source != "gazetteer" and h.level in ("county", "town", "area") and not h.deictic}
    taken = Coverage(len(text), ((h.start, h.end) for h in hits))
    repeats = occurrences(text, {form for name, model in found.items() for form in _repeat_forms(name, model)})
    extra = []
    for name, model in found.items():
        for form in _repeat_forms(name, model):
            for start, end in repeats.get(form, ()):
                if taken.overlaps(start, end) or start not in bounds:
                    continue
                if form != name and end not in bounds:
                    continue
                extra.append(PlaceHit(start, end, form, name, model.level, source="rule"))
                taken.add(start, end)
    return extra


def _repeat_forms(name: str, model: PlaceHit) -> list[str]:
    return [name] + ([name[:-1]] if model.level == "county" and len(name) == 3 else [])


def _bare_area_hits(tokens: list[Tok], tables: Tables, hits: list[PlaceHit]) -> list[PlaceHit]:
    """高新区 on its own, after 西安高新区 was named: the one area of that kind in the text."""
    inside = _Containment((h.start, h.end) for h in hits)
    area_names = [h.name for h in hits if h.level == "area"]
    areas_of: dict[str, set[str]] = {}
    extra = []
    for token in map(tokens.__getitem__, _tokens_of_kind(tokens, tables, AREA_KIND_WORD)):
        if inside.holds(token.start, token.end):
            continue
        if token.text not in areas_of:
            areas_of[token.text] = {n for n in area_names if n.endswith(token.text) and n != token.text}
        areas = areas_of[token.text]
        if len(areas) == 1:
            extra.append(PlaceHit(token.start, token.end, token.text, next(iter(areas)), "area", source="rule"))
    return extra


class _Containment:
    """Whether some span holds [start, end): spans sorted by start with the furthest end
    reached so far, so each question is one binary search."""

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = []
        furthest = -1
        for _, end in ordered:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def holds(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.reach[index] >= end


def _drop_nested(hits: list[PlaceHit]) -> list[PlaceHit]:
    """Keep the longest of overlapping hits, except an area keeps the place that names it."""
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    kept: list[PlaceHit] = []
    # Hits come sorted by start, so a kept non-area hit contains this one exactly when it
    # reaches at least as far: tracking the furthest end replaces a scan of all kept hits.
    furthest = -1
    for hit in hits:
        if hit.end <= furthest:
            continue
        kept.append(hit)
        if hit.level != "area":
            furthest = max(furthest, hit.end)
    return kept


def _link_text_parents(hits: list[PlaceHit]) -> None:
    """合肥市庐阳区 → 庐阳区 has parent 合肥市; 该区大杨镇 → 大杨镇 in the article's district."""
    by_end = {hit.end: hit for hit in hits if hit.level != "area"}
    for hit in hits:
        before = by_end.get(hit.start)
        if before is None or hit.parent:
            continue
        if LEVEL_RANK.get(before.level, 9) < LEVEL_RANK.get(hit.level, 9):
            hit.parent = before.name or None
            hit.parent_hit = before
            before.prefix_of_child = True


def article_places(hits: list[PlaceHit], tables: Tables) -> dict[str, str]:
    """The article's place for each deictic (该区, 该市 …): the most frequent place whose
    name ends like the deictic (区 covers 高新区; 市 covers county-level 晋江市), first on ties."""
    result: dict[str, str] = {}
    named = [hit for hit in hits if not hit.deictic and hit.name]
    # Each name once, first met first, with its count: the first name of the best count is
    # the first such hit of the text. (Counted once, not once per ending and level.)
    counts = Counter(hit.name for hit in named)
    level_counts = Counter((hit.level, hit.name) for hit in named)
    endings = {word[-1] for word in tables.deictic_level} | set(tables.admin_char_level)
    for ending in endings:
        ending_counts = {name: count for name, count in counts.items() if name.endswith(ending)}
        if ending_counts:
            best = max(ending_counts.values())
            result[ending] = next(name for name, count in ending_counts.items() if count == best)
    for level in ("county", "prefecture", "province", "town", "area"):
        of_level = {name: count for (hit_level, name), count in level_counts.items() if hit_level == level}
        if of_level:
            best = max(of_level.values())
            result[level] = next(name for name, count in of_level.items() if count == best)
    if "county" not in result and "area" in result:
        result["county"] = result["area"]
    return result


def resolve_deictics(hits: list[PlaceHit], places: dict[str, str]) -> None:
    """该区 → the article's district; parents that were deictics get resolved too."""
    for hit in hits:
        if hit.deictic:
            hit.name = places.get(hit.surface[-1], places.get(hit.level, ""))
    for hit in hits:
        before = hit.parent_hit
        if before is not None and before.deictic:
            hit.parent = before.name or None
