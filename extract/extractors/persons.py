"""Person mentions: names next to a title (总经理刘耀军, 刘耀军总经理) and bylines (记者 张三).

A name is only taken where a title or byline vouches for it, or where the model finds one
that starts with a family name and that segmentation does not read as an ordinary word:
a wrong person costs as much as a missed one.

Titles may form a chain (党组成员、副局长; 吴江区委常委、副区长); the organisation is the one
named right before the chain in the same clause, or the one a bare reference points back
to (该公司董事长, 研究院院长 → the last company / research institute named).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from dataclasses import dataclass
from functools import cached_property

from .entity_tables import Tables
from .entity_tokens import (CLAUSE_END, HAN, PUNCT, SpanIndex, SpanSet, Tok, as_tokens, token_bounds, token_index_at,
                            tokens_overlapping)
from .orgs import OrgMention
from .places import PlaceHit
from .quotes import ASCII_QUOTES, OPENER_TO_CLOSER

NAME_TAGS = {"nr", "nrfg", "nrt"}
_CLAUSE_END = re.compile("|".join(map(re.escape, sorted(CLAUSE_END))))
BYLINE_GAP = " 　:："
# Tags of words that end a name when they follow it (介绍, 在, 对此, 说).
AFTER_NAME_TAGS = {"p", "c", "u", "uj", "ul", "d", "f", "r"}
# 该公司, 本行: a demonstrative before a bare head points back to a body named earlier.
BACK_REFERENCE_PREFIXES = ("该", "本")


@dataclass
class PersonMention:
    start: int
    end: int
    name: str
    title: str | None = None
    organisation: str | None = None
    title_start: int | None = None


def _surname_length(name: str, tables: Tables) -> int:
    if name[:2] in tables.surnames:
        return 2
    return 1 if name[:1] in tables.surnames else 0


def _is_name(candidate: str, tables: Tables, tagged: bool = True) -> bool:
    """Family name + one or two characters; a weak family name (和, 强, 信) only with
    other evidence (`tagged`: jieba read a name there, or a byline vouches for it)."""
    surname = _surname_length(candidate, tables)
    if surname == 1 and candidate[0] in tables.weak_surnames and not tagged:
        return False
    return surname > 0 and 1 <= len(candidate) - surname <= 2 and all(HAN.match(c) for c in candidate)


def _ends_name(tokens: list[Tok], index: int, tables: Tables) -> bool:
    """Whether the token at `index` can follow a name (or the text ends)."""
    if index < 0 or index >= len(tokens):
        return True
    token = tokens[index]
    words = tables.words
    return (
        token.is_punct
        or token.text in words.get("speech", ())
        or token.pos.startswith("v")
        or token.pos in AFTER_NAME_TAGS
        or token.text in tables.titles
    )


def _name_after(tokens: list[Tok], position: int, tables: Tables) -> str | None:
    """The name starting at `position` (right after a title): the longest run of tokens
    that reads as family name + given name and is followed by a word that ends names."""
    index = token_index_at(tokens, position)
    if index < 0 or tokens[index].start != position:
        return None
    first = tokens[index]
    words = tables.words
    if first.text in words.get("not_name", ()) or first.text in words.get("speech", ()):
        return None
    dated = _date_word_name(tokens, position, tables)
    if dated is not None:
        return dated
    if len(first.text) > 1 and first.pos not in NAME_TAGS and first.pos != "x" and first.text not in tables.surnames:
        return None  # an ordinary word follows the title (局长接办日, 局长信箱); 欧阳 is a family name
    text, best, tagged = "", None, False
    for offset, token in enumerate(tokens[index:index + 4]):
        if token.is_punct or not HAN.match(token.text) or (offset and token.text in words.get("speech", ())):
            break
        text += token.text
        tagged = tagged or token.pos in NAME_TAGS
        if len(text) > 4:
            break
        if _is_name(text, tables, tagged) and _ends_name(tokens, index + offset + 1, tables):
            best = text
    return _without_speech_tail(best, tables)


def _date_word_name(tokens: list[Tok], position: int, tables: Tables) -> str | None:
    """王国庆, 张元旦: a family name before a holiday word that is also a given name, read
    by jieba as 王国/庆 or 张/元旦 — a name when it ends on a word boundary before a word
    that ends names."""
    index = token_index_at(tokens, position)
    text = "".join(t.text for t in (tokens[index:index + 4] if index >= 0 else tokens[-1:]))
    for surname in (2, 1):
        family, given = text[:surname], text[surname:surname + 2]
        if family not in tables.surnames or family in tables.weak_surnames or given not in tables.words.get("name_date_word", ()):
            continue  # 局长于春节期间: a weak family name (于, 和) is a preposition before a date
        end = position + surname + 2
        after = token_index_at(tokens, end)
        if (after < 0 or tokens[after].start == end) and _ends_name(tokens, after, tables):
            return family + given
    return None


def _without_speech_tail(name: str | None, tables: Tables) -> str | None:
    """王文说 (segmented 王/文说) is 王文 who speaks: a trailing 说 or 称 is the verb."""
    if name and len(name) == 3 and name[-1] in tables.words.get("speech", ()) and _is_name(name[:2], tables):
        return name[:2]
    return name


def _title_hits(text: str, tokens: list[Tok], tables: Tables) -> list[tuple[int, int, str]]:
    bounds = token_bounds(tokens)
    found = sorted(
        ((end + 1 - len(key), end + 1, key) for end, key in tables.title_automaton.iter(text)),
        key=lambda item: (item[0], item[0] - item[1]),
    )
    hits, taken_until = [], -1
    for start, end, key in found:
        # 主任何伟明说 is segmented 主/任何/伟/明说: a title may end inside a word when a name follows.
        ends_well = end in bounds or _name_by_chars(text, end, tables) is not None
        if start >= taken_until and start in bounds and ends_well:
            hits.append((start, end, key))
            taken_until = end
    return hits


def _name_by_chars(text: str, position: int, tables: Tables) -> str | None:
    """A name read from the characters where segmentation went wrong: family name + one or
    two characters, followed by a speech verb, a function word or punctuation."""
    words = tables.words
    for length in (3, 2, 4):
        candidate = text[position:position + length]
        if len(candidate) < length or not _is_name(candidate, tables, tagged=False):
            continue
        after = text[position + length:position + length + 2]
        if not after or after[0] in PUNCT or after[0] in words.get("speech", ()) or after in words.get("speech", ()):
            return candidate
    return None


class _Around:
    """Where the article's places, bodies and titles lie, indexed once per text: every
    title asks what comes right before it, and scans of all mentions per title made long
    texts quadratic."""

    def __init__(self, text: str, titles: list[tuple[int, int, str]], places: list[PlaceHit],
                 orgs: list[OrgMention]):
        self.title_start_by_end = {end: title_start for title_start, end, _ in titles}
        self.places = SpanIndex(places)
        self.place_spans = SpanSet((h.start, h.end) for h in places)
        self.named_place_by_end: dict[int, PlaceHit] = {}
        for hit in places:
            if hit.name:
                self.named_place_by_end.setdefault(hit.end, hit)
        self.org_spans = SpanSet((o.start, o.end) for o in orgs)
        self.orgs_by_end: dict[int, list[OrgMention]] = {}
        for org in orgs:
            self.orgs_by_end.setdefault(org.end, []).append(org)
        self.org_ends = sorted(self.orgs_by_end)
        self.text, self.orgs = text, orgs

    @cached_property
    def clause_ends(self) -> list[int]:
        return [match.start() for match in _CLAUSE_END.finditer(self.text)]

    @cached_property
    def latest_first(self) -> list[OrgMention]:
        """The bodies, latest ending first (in the given order on equal ends)."""
        return sorted(self.orgs, key=lambda o: o.end, reverse=True)

    @cached_property
    def by_type(self) -> dict[str, list[OrgMention]]:
        found: dict[str, list[OrgMention]] = {}
        for org in self.latest_first:
            found.setdefault(org.type, []).append(org)
        return found

    @cached_property
    def by_name_end(self) -> dict[str, list[OrgMention]]:
        """Bodies by each ending of two characters or more of their names."""
        found: dict[str, list[OrgMention]] = {}
        for org in self.latest_first:
            for length in range(2, len(org.name) + 1):
                found.setdefault(org.name[-length:], []).append(org)
        return found

    def nearest_org_before(self, position: int) -> OrgMention | None:
        """The body ending last at or before `position` (the first given, on a tie)."""
        index = bisect_right(self.org_ends, position) - 1
        return self.orgs_by_end[self.org_ends[index]][0] if index >= 0 else None

    def clause_ends_between(self, start: int, end: int) -> bool:
        index = bisect_left(self.clause_ends, start)
        return index < len(self.clause_ends) and self.clause_ends[index] < end


def _latest_ending_by(orgs_latest_first: list[OrgMention], position: int) -> OrgMention | None:
    """The first of these (latest first) that ends at or before `position`."""
    low, high = 0, len(orgs_latest_first)
    while low < high:
        middle = (low + high) // 2
        if orgs_latest_first[middle].end > position:
            low = middle + 1
        else:
            high = middle
    return orgs_latest_first[low] if low < len(orgs_latest_first) else None


def _title_chain(text: str, start: int, around: _Around, tables: Tables) -> tuple[int, OrgMention | None]:
    """Start of the title chain ending with the title at `start` — 党组成员、副局长; the place
    of a party committee title (吴江区委常委); a body's title inside the chain
    (党工委委员、管委会副主任) — and that body, which the person then belongs to."""
    ends = around.title_start_by_end
    body = None
    while True:
        place = next((h for h in around.places.holding(start - 1, start) if h.name), None)  # h.start < start <= h.end
        unit = next((o for o in around.orgs_by_end.get(start, ()) if o.place is None and o.name in tables.bodies), None)
        # 吴江区 + 区委常委: the level character of a party title belongs with the place before it.
        if place is not None and text.startswith(tuple(tables.words.get("party_committee", ())), start):
            start = place.start
        elif text[start - 1:start] == "、" and (start - 1) in ends:
            start = ends[start - 1]
        elif unit is not None and text[unit.start - 1:unit.start] == "、" and (unit.start - 1) in ends:
            body, start = body or unit, ends[unit.start - 1]
        else:
            return start, body


def _byline_names(text: str, end: int, tables: Tables) -> list[tuple[int, str]]:
    """记者 张三 李四 / 通讯员 王五: names separated by spaces or 、 after a byline title."""
    names, position = [], end
    while True:
        while position < len(text) and text[position] in BYLINE_GAP + "、":
            position += 1
        match = next(
            (text[position:position + n] for n in (3, 2, 4)
             if position + n <= len(text) and _is_name(text[position:position + n], tables)
             and (position + n == len(text) or text[position + n] in BYLINE_GAP + "、）)\n")),
            None,
        )
        if match is None:
            return names
        match = _without_speech_tail(match, tables)  # 李舸摄: the photo credit's 摄
        names.append((position, match))
        position += len(match)


def _byline_opens(text: str, start: int) -> bool:
    """A byline starts a line, a bracket or follows another byline: （记者 张三 通讯员 李四）,
    not 告诉记者."""
    if start == 0:
        return True
    before = text[max(0, start - 2):start]
    return before[-1] in "\n（(【[ 　" or before.endswith("本报")


def _byline_organisation(text: str, start: int, around: _Around) -> str | None:
    """株洲日报讯（记者 谭晓雯）: the paper the byline belongs to."""
    bracket = text.rfind("（", max(0, start - 12), start)
    bracket = max(bracket, text.rfind("(", max(0, start - 12), start))
    if bracket < 1 or text[bracket - 1] != "讯":
        return None
    return next((org.name for org in around.orgs_by_end.get(bracket - 1, ())), None)


def find_person_mentions(text: str, tokens: list[Tok], tables: Tables, orgs: list[OrgMention],
                         places: list[PlaceHit], model_spans=()) -> list[PersonMention]:
    mentions: list[PersonMention] = []
    tokens = as_tokens(tokens)
    titles = _title_hits(text, tokens, tables)
    around = _Around(text, titles, places, orgs)
    bounds = tokens.bounds
    ends = bounds  # (token ends and 0: a name after a title never ends at 0)
    # Built once per text: per-title scans of every token or span made long texts quadratic.
    token_starts = tokens.starts
    model_names = {}
    for span_start, span_end, label in model_spans or ():
        if label == "PER":
            model_names.setdefault(span_start, []).append(span_end)
    for start, end, title in titles:
        if tables.titles[title] == "byline":
            if _byline_opens(text, start):
                org = _byline_organisation(text, start, around)
                for position, name in _byline_names(text, end, tables):
                    mentions.append(PersonMention(position, position + len(name), name, tables.title_forms[title], org, start))
            continue
        name = (_model_name_at(text, model_names, end, tokens, token_starts, ends, tables)
                or _name_after(tokens, end, tables))
        if name is None and end not in bounds:
            name = _name_by_chars(text, end, tables)  # 主/任何/伟/明说: segmentation went wrong
        if name:
            chain_start, body = _title_chain(text, start, around, tables)
            org = body.name if body else _organisation_before(text, tokens, chain_start, around, tables)
            chain = text[chain_start:end]
            mentions.append(PersonMention(end, end + len(name), name, chain, org, chain_start))
            continue
        before = _name_before(text, tokens, token_starts, start, tables, around)
        if before is not None:
            name_start, name = before
            org = _organisation_before(text, tokens, name_start, around, tables)
            mentions.append(PersonMention(name_start, name_start + len(name), name, title, org, start))
    mentions += _model_only(text, tokens, tables, model_spans, mentions, orgs, places)
    return mentions


def _model_name_at(text: str, model_names: dict[int, list[int]], position: int, tokens: list[Tok],
                   token_starts: list[int], token_ends: set[int], tables: Tables) -> str | None:
    """A model name right after a title, when it ends on a word boundary and reads as a name
    (局长于春节期间: 于春 ends inside 春节, and 于 is a weak family name)."""
    start = position
    for end in model_names.get(position, ()):
        if 2 <= end - start <= 4 and end in token_ends:
            inside = tokens[bisect_left(token_starts, start):bisect_left(token_starts, end)]
            tagged = any(t.pos in NAME_TAGS for t in inside)
            if _is_name(text[start:end], tables, tagged):
                return text[start:end]
    return None


def _name_before(text: str, tokens: list[Tok], token_starts: list[int], title_start: int, tables: Tables,
                 around: _Around) -> tuple[int, str] | None:
    """张明远董事长: a name right before the title, opening a clause or following a word
    that ends one (not a place: 吴江区委常委; not the end of a body's name)."""
    for length in (3, 2, 4):
        start = title_start - length
        candidate = text[max(0, start):title_start]
        if start < 0 or not _starts_token(token_starts, start) or not _is_name(candidate, tables):
            continue
        if around.place_spans.overlaps(start, title_start) or around.org_spans.overlaps(start, title_start):
            continue
        inside = tokens[bisect_left(token_starts, start):bisect_left(token_starts, title_start)]
        dated = (candidate[_surname_length(candidate, tables):] in tables.words.get("name_date_word", ())
                 and candidate[0] not in tables.weak_surnames)
        # 张/明远 or 刘耀军 read as a name; 全球 (合伙人) is an ordinary word; 张/元旦 is a name.
        if not dated and any(len(t.text) > 1 and t.pos not in NAME_TAGS and t.pos not in ("a", "ag", "x") for t in inside):
            continue
        if not _is_name(candidate, tables, tagged=dated or any(t.pos in NAME_TAGS for t in inside)):
            continue
        if start == 0 or _opens_clause(tokens, start, tables):
            return start, candidate
    return None


def _starts_token(token_starts: list[int], position: int) -> bool:
    index = bisect_left(token_starts, position)
    return index < len(token_starts) and token_starts[index] == position


def _opens_clause(tokens: list[Tok], position: int, tables: Tables) -> bool:
    index = token_index_at(tokens, position - 1)
    if index < 0:
        return True
    token = tokens[index]
    return token.is_punct or token.text in tables.words.get("stop", ()) or token.pos in ("p", "c", "u", "uj")


def _organisation_before(text: str, tokens: list[Tok], position: int, around: _Around, tables: Tables) -> str | None:
    """The organisation a title belongs to: named right before it in the same clause, or
    pointed back to (该公司董事长), or the place (江门市副市长)."""
    back = _back_reference(text, tokens, position, around, tables)
    if back is not None:
        return back
    # The nearest body ending before the title: if a clause ends between it and the title,
    # every body further back is cut off too, so only the nearest needs the clause check.
    best = around.nearest_org_before(position)
    if best is not None and not around.clause_ends_between(best.end, position):
        return best.name
    place = around.named_place_by_end.get(position)
    return place.name if place else None


def _back_reference(text: str, tokens: list[Tok], position: int, around: _Around, tables: Tables) -> str | None:
    """公司董事长, 该行行长, 研究院院长: the last organisation of that kind named before."""
    index = token_index_at(tokens, position - 1) if position else -1
    if index < 0 or tokens[index].end != position:
        return None
    word = tokens[index].text
    if around.org_spans.holds(tokens[index].start, tokens[index].end):
        return None  # the word is the end of a full name (…有限公司董事长)
    bare = word[1:] if word.startswith(BACK_REFERENCE_PREFIXES) and len(word) > 1 else word
    wanted_type = tables.back_reference_types.get(bare)
    if wanted_type:
        candidates = around.by_type.get(wanted_type, [])
    elif len(bare) >= 2:
        candidates = around.by_name_end.get(bare, [])
    else:
        return None
    org = _latest_ending_by(candidates, position)
    return org.name if org else None


def _quoted_whole(text: str, start: int, end: int) -> bool:
    """The span sits between a quote mark and its closing mark (“…”, ‘…’, "…")."""
    if not (0 < start and end < len(text)):
        return False
    opener, closer = text[start - 1], text[end]
    return OPENER_TO_CLOSER.get(opener) == closer or (opener == closer and opener in ASCII_QUOTES | {"'"})


def _model_only(text, tokens, tables, model_spans, found, orgs, places) -> list[PersonMention]:
    """Model PER spans without a title, kept when they start with a family name and sit on
    word boundaries as a name (not an ordinary word that happens to start with 王, 高 …)."""
    extra = []
    taken: set[int] = set()  # characters already inside a person, body or place
    for item in [*found, *orgs, *places]:
        taken.update(range(item.start, item.end))
    for start, end, label in model_spans or ():
        name = text[start:end]
        if label != "PER" or not _is_name(name, tables) or any(pos in taken for pos in range(start, end)):
            continue
        if name in tables.places or name in tables.place_shorts or name in tables.risky_shorts:
            continue  # 选择吴江: a place's name that starts with a family name
        if _quoted_whole(text, start, end):
            continue  # “秦创原”: a quoted name is a brand, platform or programme, not a person
        inside = [t for t in tokens_overlapping(tokens, start, end) if t.start >= start]
        if not inside or inside[-1].end != end or not _is_name(name, tables, any(t.pos in NAME_TAGS for t in inside)):
            continue  # 于春节期间: the span ends inside a word, and 于 is a weak family name
        index = token_index_at(tokens, start)
        token = tokens[index] if index >= 0 else None
        if token is None or token.start != start or token.end > end:
            continue
        if token.end == end and token.pos not in NAME_TAGS:
            continue
        extra.append(PersonMention(start, end, name))
    return extra
