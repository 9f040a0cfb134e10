"""The left edge of an organisation's name, found by walking back from its head.

Tokens before a head belong to the name while they can (nouns, places, quoted parts,
numerals of names such as 五邑), and the walk stops at punctuation, function words, verbs
and the end of another organisation — except that a unit goes on through the body it
belongs to (同济大学 + 汽车学院) and a company's name goes on through a brand or group inside
it (国家电网 + 安徽省电力有限公司). Words that only sometimes sit inside names (和 in
工业和信息化局, adjectives, a trade name's verb) are crossed when the walk beyond them
reaches an anchor: a place, a parent body.
"""

from __future__ import annotations

from dataclasses import dataclass

from .entity_tables import OrgHead, Tables
from .entity_tokens import HAN, PUNCT, Tok, as_tokens, token_ending_at, token_index_at
from .places import PlaceHit

MAX_NAME_CHARS = 24
OPEN_QUOTES = {"”": "“", "」": "「", "’": "‘", '"': '"'}
QUOTE_CHARS = "“”「」‘’\"'"
# POS tags (jieba/ICTCLAS) of tokens that can sit inside a name before its head.
NOUNISH = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "nw", "ng", "eng", "j", "vn", "an", "t", "l", "x"}
PROPER = {"nr", "nrt", "nrfg", "nz", "nt", "eng"}
CHINESE_NUMERALS = set("一二三四五六七八九十百千万零两")
# A numeral followed by one of these is a count (两家, 一批), not part of a name (五邑, 五里).
CLASSIFIERS = set("个家批只项座条支名位种类年月日次期届大多余些")
# Tags that always end a name: prepositions, conjunctions, particles, pronouns, numerals,
# measure words, directions, onomatopoeia, interjections, modal particles.
# Tags a one-character head may carry when jieba leaves it alone (发展/改革/委).
HEAD_TOKEN_TAGS = {"n", "ng", "nt", "zg", "j", "x"}
STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "r", "m", "mq", "q", "f", "o", "e", "y", "s", "z"}


@dataclass
class Modifier:
    start: int
    place: PlaceHit | None = None  # the administrative prefix, if any
    deictic: PlaceHit | None = None
    # (start, end, level) of a level word standing for the article's place: 区 in 区科技局,
    # 市委 in 市委组织部, 经开区 in 经开区管委会, 市 in 市政府
    admin_char: tuple[int, int, str] | None = None
    quoted: bool = False
    proper: bool = False
    generic_only: bool = True
    hard_start: int = 0  # how far left a name could reach at most (for the model)
    from_model: bool = False  # the model moved the left edge
    parent_type: str | None = None  # the type of the body this one is a unit of (同济大学 → 汽车学院)
    industry_only: bool = True  # 科技有限公司: no trade name before the company form


class WalkContext:
    """What the left walk needs to know about the text around a head."""

    def __init__(self, text: str, tokens: list[Tok], tables: Tables, places: list[PlaceHit]):
        self.text = text
        self.tokens = tokens
        self.tables = tables
        # Longer hits win: 西安高新区 (an area) over the 西安 inside it.
        self.place_by_end = {}
        for hit in sorted(places, key=lambda h: h.end - h.start):
            self.place_by_end[hit.end] = hit
        # The order `place_by_end` holds its ends in: the first one a scan would meet wins.
        self.place_end_rank = {end: rank for rank, end in enumerate(self.place_by_end)}
        self.place_by_start = {}
        for hit in sorted(places, key=lambda h: h.end - h.start):
            if not hit.deictic:
                self.place_by_start[hit.start] = hit
        self.org_ends: set[int] = set()
        self.built: dict = {}  # end -> OrgMention already found (a parent a unit may follow)
        self.word_tests = _word_tests(tables)

    def token_ending_at(self, position: int) -> Tok | None:
        return token_ending_at(self.tokens, position) if position > 0 else None

    def token_tests(self, token: Tok, head: OrgHead) -> tuple[bool, bool]:
        """(`_is_soft`, `_can_continue`) of a token before a head: they depend on the word,
        its tag and the head's kind alone, and the walks of every text ask them again."""
        key = (token.text, token.pos, head.kind)
        found = self.word_tests.get(key)
        if found is None:
            if len(self.word_tests) >= WORD_TESTS_KEPT:
                self.word_tests.clear()
            found = self.word_tests[key] = (_is_soft(token, head, self.tables), _can_continue(token, head, self.tables))
        return found


WORD_TESTS_KEPT = 1 << 16  # (word, tag, head kind) answers kept per tables object
_WORD_TESTS: dict[int, tuple[Tables, dict]] = {}


def _word_tests(tables: Tables) -> dict:
    cached = _WORD_TESTS.get(id(tables))
    if cached is None or cached[0] is not tables:
        cached = _WORD_TESTS[id(tables)] = (tables, {})
    return cached[1]


def head_hits(text: str, tokens: list[Tok], tables: Tables) -> list[tuple[int, OrgHead]]:
    """(end, head) for the longest head ending at each token end."""
    token_ends = as_tokens(tokens).by_end
    best: dict[int, OrgHead] = {}
    for end_index, key in tables.head_automaton.iter(text):
        end = end_index + 1
        if end not in token_ends or token_ends[end].text in tables.words.get("false_head", ()):
            continue
        token = token_ends[end]
        if len(key) == 1 and token.text == key and token.pos not in HEAD_TOKEN_TAGS and tables.heads[key].kind != "unit":
            continue  # 国籍法所规定: a lone 所 tagged as a particle is no head (a unit needs its parent anyway)
        if end not in best or len(key) > len(best[end].head):
            best[end] = tables.heads[key]
    return sorted(best.items())


def _quote_start(text: str, position: int) -> int | None:
    """Start of the quoted part that closes at `position` (the closing quote is text[position-1])."""
    opening = OPEN_QUOTES.get(text[position - 1])
    if opening is None:
        return None
    for start in range(position - 2, max(-1, position - 16), -1):
        char = text[start]
        if char == opening:
            return start if start < position - 2 else None
        if char in PUNCT:
            return None
    return None


def _reads_as_quoted_name(quoted: str) -> bool:
    return len(quoted) >= 3 and quoted[0] not in CHINESE_NUMERALS and not any(c.isdigit() for c in quoted)


def _is_name_numeral(token: Tok) -> bool:
    """五 in 五邑大学, 五里 in 五里工业园区, 第一 in 第一人民医院 — not 两家, 一批, 29."""
    text = token.text.removeprefix("第")
    if not text or _is_count(token):
        return False
    return len(text) <= 2 and text[0] in CHINESE_NUMERALS


def _is_count(token: Tok) -> bool:
    """三大, 两家, 第六批: a numeral with a measure word counts things; it is no name."""
    text = token.text.removeprefix("第")
    return bool(text) and text[0] in CHINESE_NUMERALS and any(c in CLASSIFIERS for c in text[1:])


def _can_continue(token: Tok, head: OrgHead, tables: Tables) -> bool:
    """Whether `token` may stand inside a name ending with `head`."""
    words = tables.words
    if token.text in words.get("stop", ()) or token.text in words.get("generic", ()) or _is_count(token):
        return False
    tag = token.pos
    if tag == "m":
        return _is_name_numeral(token)
    if tag in STOP_TAGS:
        return False
    if token.text in tables.titles:
        return False  # 出版社社长兼…有限公司: a title ends the name before it
    if head.kind == "company":
        # A company's trade name (字号) is free: only function words, adverbs and verbs of
        # action stop it (太 in 中科太赫兹 is one character of the trade name).
        if len(token.text) > 1 and tag in ("d", "ad"):
            return False
        return not (tag.startswith("v") and tag != "vn" and len(token.text) > 1 and token.text not in words.get("name_verb", ()))
    if tag.startswith("v") and tag != "vn":
        return token.text in words.get("name_verb", ())
    if tag == "x":
        return bool(HAN.match(token.text))
    return tag in NOUNISH


def _may_cross(head: OrgHead, parent) -> bool:
    """A unit may follow the body it belongs to: 同济大学汽车学院, 株洲市人民政府新闻办公室,
    山东大学齐鲁医院 (a university's hospital). A company's park stays apart from the company
    (中联重科股份有限公司 | 芜湖工业园)."""
    if head.kind in ("sub", "weak", "unit"):
        return True
    if head.kind == "strong" and head.type in ("facility", "park"):
        return parent.type in ("university", "research")
    return head.kind == "gov" and parent.is_gov


def walk_left(ctx: WalkContext, head_start: int, head: OrgHead, head_end: int) -> Modifier:
    """Find the left edge of the name whose head starts at `head_start`."""
    tables = ctx.tables
    index = token_index_at(ctx.tokens, head_start)
    position = ctx.tokens[index].start  # a word holding the head holds its modifier too (科技局)
    mod = Modifier(position)
    if position < head_start:
        inner = ctx.tokens[index].text[: head_start - position]
        mod.generic_only = inner in tables.words.get("generic", ())
        mod.industry_only = inner in tables.words.get("industry", ())
        if inner in tables.admin_char_level and boundary_before(ctx, position):
            # 市政府, 区委 as one word: the level word is the whole prefix
            mod.admin_char = (position, head_start, tables.admin_char_level[inner])
            mod.hard_start = position
            return mod
    place = _place_in_head(ctx, position, head_start, head_end)
    if place is not None:
        # 包河区委: the head shares its first character with the place (包河区 + 区委);
        # 伦教街道办事处: the place ends inside the word that holds the head.
        mod.place, mod.generic_only, position = place, False, place.start
    _continue_walk(ctx, mod, position, head, head_end, allow_soft=True)
    return mod


def _place_in_head(ctx: WalkContext, position: int, head_start: int, head_end: int) -> PlaceHit | None:
    """A place that ends inside the head's word (a place ending at head_start … head_end),
    the first of them in `place_by_end`'s order."""
    found = []
    for end in range(head_start, head_end + 1):
        p = ctx.place_by_end.get(end)
        if (p is not None and p.start < head_start and p.end > position and not p.deictic
                and not (p.level == "area" and p.end == head_end)):  # 五里工业园区 is the park's own name
            found.append((ctx.place_end_rank[end], p))
    return min(found, key=lambda f: f[0])[1] if found else None


def _continue_walk(ctx: WalkContext, mod: Modifier, position: int, head: OrgHead, head_end: int, allow_soft: bool) -> None:
    text, tables = ctx.text, ctx.tables
    hard_edge_reached = False
    while position > 0 and head_end - position < MAX_NAME_CHARS:
        place = ctx.place_by_end.get(position)
        if place is not None:
            if place.deictic:
                mod.deictic, position = place, place.start
                break
            mod.place, position, mod.generic_only, mod.industry_only = place, place.start, False, False
            continue
        if position in ctx.org_ends and not _ends_with_level_word(ctx, position):
            parent = ctx.built.get(position)
            if parent is not None and head.kind == "company" and ("gazetteer" in parent.sources or parent.type == "company"):
                # 国家电网安徽省电力有限公司, 奇瑞控股集团有限公司: a brand or a group inside a company's name
                position, mod.generic_only, mod.proper, mod.industry_only = parent.start, False, True, False
                continue
            if parent is not None and _may_cross(head, parent):
                mod.parent_type, position, mod.generic_only = parent.type, parent.start, False
            break
        quote_start = _quote_start(text, position)
        if quote_start is not None:
            # “科大硅谷”庐阳园区: a quoted name; “一站式”, “15分钟”, “智慧” are slogans, not names.
            quoted = text[quote_start + 1:position - 1]
            mod.quoted = mod.quoted or _reads_as_quoted_name(quoted)
            position, mod.generic_only, mod.industry_only = quote_start, False, False
            continue
        token = ctx.token_ending_at(position)
        if token is None or token.is_punct:
            break
        if token.text in tables.admin_char_level and boundary_before(ctx, token.start):
            mod.admin_char, position = (token.start, token.end, tables.admin_char_level[token.text]), token.start
            break
        if token.text in tables.words.get("party_committee", ()) and boundary_before(ctx, token.start):
            # 市委组织部: the article's city committee
            level = tables.admin_char_level.get(token.text[0], "county")
            mod.admin_char, position = (token.start, token.end, level), token.start
            break
        if token.text in tables.words.get("area_suffix", ()) and head.kind == "gov" and boundary_before(ctx, token.start):
            # 经开区管委会: the article's development zone, named by its kind alone
            mod.admin_char, position = (token.start, token.end, "area"), token.start
            break
        soft, can_continue = ctx.token_tests(token, head)
        if soft and allow_soft and _through_soft_word(ctx, mod, token.start, head, head_end):
            return
        if not can_continue:
            hard_edge_reached = token.pos in STOP_TAGS or token.text in tables.words.get("stop", ())
            break
        if token.pos in PROPER:
            mod.proper = True
        if token.text not in tables.words.get("generic", ()) and token.text not in tables.words.get("plain", ()):
            mod.generic_only = False
        if token.text not in tables.words.get("industry", ()):
            mod.industry_only = False
        position = token.start
    mod.start = position
    mod.hard_start = position if hard_edge_reached else _hard_edge(ctx, position)


def _ends_with_level_word(ctx: WalkContext, position: int) -> bool:
    """市委 before 组织部 is a level word (the article's city committee), not a body the walk
    must stop at — unless it was found as a body with its own place (合肥市委)."""
    token = ctx.token_ending_at(position)
    return (
        token is not None
        and token.text in ctx.tables.words.get("party_committee", ())
        and position not in ctx.built
    )


def _is_soft(token: Tok, head: OrgHead, tables: Tables) -> bool:
    """和 (工业和信息化局) and adjectives (先进技术研究院) may sit inside a name, but only
    when the name goes on to a clear anchor (a place, a parent body)."""
    conjunctions = tables.words.get("name_conjunction", set())
    if token.text in tables.words.get("generic", ()) or (
            token.text in tables.words.get("stop", ()) and token.text not in conjunctions):
        return False
    if head.kind == "company":
        # 合肥走向未来科技有限公司: a trade name may be any word when a place opens the name.
        return token.pos.startswith("v") or token.pos in ("a", "b", "d")
    return token.text in conjunctions or token.pos in ("a", "b")


def _through_soft_word(ctx: WalkContext, mod: Modifier, position: int, head: OrgHead, head_end: int) -> bool:
    """工业和信息化局, 政务服务管理和行政审批局: 和 joins two parts of one body's name when
    the walk beyond it still reaches the body's administrative prefix (or its parent body)."""
    conjunction = ctx.text[position:position + 1] in ctx.tables.words.get("name_conjunction", ())
    if conjunction and (mod.place is not None or mod.parent_type is not None or position in ctx.org_ends):
        # 合肥市和庐阳区科技局: the name already opened with its place right of 和;
        # 物理系与化学系: a body ends right before 与, so two bodies are joined.
        return False
    trial = Modifier(position, generic_only=mod.generic_only, proper=mod.proper, industry_only=mod.industry_only)
    _continue_walk(ctx, trial, position, head, head_end, allow_soft=False)
    if trial.place is None and trial.deictic is None and trial.admin_char is None and trial.parent_type is None:
        return False
    if conjunction and trial.parent_type is None and head.kind not in ("gov", "weak"):
        return False  # 南京市与东南大学: two names; a unit's 与 needs its parent (浙江大学材料科学与工程学院)
    if head.kind == "company" and (trial.place is None or trial.place.start != trial.start):
        return False  # the place must open the company's name
    for name in ("start", "place", "deictic", "admin_char", "quoted", "proper", "generic_only", "industry_only",
                 "hard_start", "parent_type"):
        setattr(mod, name, getattr(trial, name))
    mod.generic_only = False
    return True


def _hard_edge(ctx: WalkContext, position: int) -> int:
    """The leftmost start a model may propose: up to punctuation or a function word."""
    while position > 0:
        token = ctx.token_ending_at(position)
        if token is None or token.is_punct or token.pos in STOP_TAGS or token.text in ctx.tables.words.get("stop", ()):
            break
        if position in ctx.org_ends:
            break
        position = token.start
    return position


def boundary_before(ctx: WalkContext, position: int) -> bool:
    """Whether a name may open at `position`: no name material ends right before it."""
    if position == 0 or position in ctx.place_by_end:
        return position == 0
    token = ctx.token_ending_at(position)
    if token is None or token.is_punct or token.text in ctx.tables.words.get("stop", ()):
        return True
    return token.pos not in NOUNISH and token.pos not in PROPER
