"""Organisation mentions: found by their heads (有限公司, 产业园, 科技局 …) and by the tables.

A head gives the type; the left boundary is found by walking back over the tokens before
it while they can belong to a name (nouns, places, quoted parts), stopping at punctuation,
function words, verbs and the end of another organisation. The statistical model, when
present, may move the left edge where the rules would stop early. Deictic prefixes
(该区投促中心) and one-character level prefixes (区科技局) are resolved to the article's
place; the surface form stays as an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entity_tables import OrgHead, Tables, body_forms
from .entity_tokens import HAN, PUNCT, Tok, token_index_at
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
STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "uv", "ud", "ug", "r", "m", "mq", "q", "f", "o", "e", "y", "s", "z"}
PHASE = re.compile(r"[（(](?:[一二三四五六七八九十0-9]+期|筹)[）)]")
SHORT_NAME = re.compile(r"[（(](?:以下)?简称[：:]?[“\"]([^”\"）)]{2,12})[”\"][）)]")


@dataclass
class Modifier:
    start: int
    place: PlaceHit | None = None  # the administrative prefix, if any
    deictic: PlaceHit | None = None
    admin_char: tuple[int, str] | None = None  # (position, level) of 区 in 区科技局
    quoted: bool = False
    proper: bool = False
    generic_only: bool = True
    hard_start: int = 0  # how far left a name could reach at most (for the model)
    from_model: bool = False  # the model moved the left edge
    parent_type: str | None = None  # the type of the body this one is a unit of (同济大学 → 汽车学院)
    industry_only: bool = True  # 科技有限公司: no trade name before the company form


@dataclass
class OrgMention:
    start: int
    end: int  # end of the mention (a phase bracket included)
    surface: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    key: str = ""  # mentions with one key are one body
    place: str | None = None  # the administrative prefix's place name
    bare: str | None = None  # the name without its place prefix (科技局)
    is_gov: bool = False


class _Context:
    """What the left walk needs to know about the text around a head."""

    def __init__(self, text: str, tokens: list[Tok], tables: Tables, places: list[PlaceHit]):
        self.text = text
        self.tokens = tokens
        self.tables = tables
        # Longer hits win: 西安高新区 (an area) over the 西安 inside it.
        self.place_by_end = {}
        for hit in sorted(places, key=lambda h: h.end - h.start):
            self.place_by_end[hit.end] = hit
        self.place_by_start = {}
        for hit in sorted(places, key=lambda h: h.end - h.start):
            if not hit.deictic:
                self.place_by_start[hit.start] = hit
        self.org_ends: set[int] = set()
        self.built: dict[int, "OrgMention"] = {}  # mentions already found, by end

    def token_ending_at(self, position: int) -> Tok | None:
        index = token_index_at(self.tokens, position - 1) if position > 0 else -1
        if index < 0:
            return None
        token = self.tokens[index]
        return token if token.end == position else None


def _head_hits(text: str, tokens: list[Tok], tables: Tables) -> list[tuple[int, OrgHead]]:
    """(end, head) for the longest head ending at each token end."""
    token_ends = {token.end: token for token in tokens}
    best: dict[int, OrgHead] = {}
    for end_index, key in tables.head_automaton.iter(text):
        end = end_index + 1
        if end not in token_ends or token_ends[end].text in tables.words.get("false_head", ()):
            continue
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
    if head.kind == "company":
        # A company's trade name (字号) is free: only function words and verbs of action stop it.
        return not (tag.startswith("v") and tag != "vn" and len(token.text) > 1 and token.text not in words.get("name_verb", ()))
    if tag.startswith("v") and tag != "vn":
        return token.text in words.get("name_verb", ())
    if tag == "x":
        return bool(HAN.match(token.text))
    return tag in NOUNISH


def _may_cross(head: OrgHead, parent: "OrgMention") -> bool:
    """A unit may follow the body it belongs to: 同济大学汽车学院, 株洲市人民政府新闻办公室."""
    if head.kind in ("sub", "weak"):
        return True
    return head.kind == "gov" and parent.is_gov


def _walk_left(ctx: _Context, head_start: int, head: OrgHead, head_end: int) -> Modifier | None:
    """Find the left edge of the name whose head starts at `head_start`."""
    text, tables = ctx.text, ctx.tables
    index = token_index_at(ctx.tokens, head_start)
    position = ctx.tokens[index].start  # a word holding the head holds its modifier too (科技局)
    mod = Modifier(position)
    if position < head_start:
        inner = ctx.tokens[index].text[: head_start - position]
        mod.generic_only = inner in tables.words.get("generic", ())
        mod.industry_only = inner in tables.words.get("industry", ())
    place = next((p for p in ctx.place_by_end.values() if p.start < head_start < p.end <= head_end and not p.deictic), None)
    if place is not None:
        # 包河区委: the head shares its first character with the place (包河区 + 区委).
        mod.place, mod.generic_only, position = place, False, place.start
    _continue_walk(ctx, mod, position, head, head_end, allow_and=True)
    return mod


def _continue_walk(ctx: _Context, mod: Modifier, position: int, head: OrgHead, head_end: int, allow_and: bool) -> None:
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
        if position in ctx.org_ends:
            parent = ctx.built.get(position)
            if parent is not None and head.kind == "company" and "gazetteer" in parent.sources:
                # 国家电网安徽省电力有限公司, 合肥京东方光电科技有限公司: a known brand inside a company's name
                position, mod.generic_only, mod.proper, mod.industry_only = parent.start, False, True, False
                continue
            if parent is not None and _may_cross(head, parent):
                mod.parent_type, position, mod.generic_only = parent.type, parent.start, False
            break
        quote_start = _quote_start(text, position)
        if quote_start is not None:
            mod.quoted, position, mod.generic_only, mod.industry_only = True, quote_start, False, False
            continue
        token = ctx.token_ending_at(position)
        if token is None or token.is_punct:
            break
        if token.text in tables.admin_char_level and _boundary_before(ctx, token.start):
            mod.admin_char, position = (token.start, tables.admin_char_level[token.text]), token.start
            break
        if token.text in tables.words.get("area_suffix", ()) and head.kind == "gov" and _boundary_before(ctx, token.start):
            # 经开区管委会: the article's development zone, named by its kind alone
            mod.admin_char, position = (token.start, "area"), token.start
            break
        if _is_soft(token, head, tables) and allow_and and _and_inside_body(ctx, mod, token.start, head, head_end):
            return
        if not _can_continue(token, head, tables):
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


def _is_soft(token: Tok, head: OrgHead, tables: Tables) -> bool:
    """和 (工业和信息化局) and adjectives (先进技术研究院) may sit inside a name, but only
    when the name goes on to a clear anchor (a place, a parent body)."""
    if token.text in tables.words.get("generic", ()) or token.text in tables.words.get("stop", ()) - {"和"}:
        return False
    if head.kind == "company":
        # 合肥走向未来科技有限公司: a trade name may be any word when a place opens the name.
        return token.pos.startswith("v") or token.pos in ("a", "b", "d")
    return token.text == "和" or token.pos in ("a", "b")


def _and_inside_body(ctx: _Context, mod: Modifier, position: int, head: OrgHead, head_end: int) -> bool:
    """工业和信息化局, 政务服务管理和行政审批局: 和 joins two parts of one body's name when
    the walk beyond it still reaches the body's administrative prefix (or its parent body)."""
    trial = Modifier(position, generic_only=mod.generic_only, proper=mod.proper, industry_only=mod.industry_only)
    _continue_walk(ctx, trial, position, head, head_end, allow_and=False)
    if trial.place is None and trial.deictic is None and trial.admin_char is None and trial.parent_type is None:
        return False
    if head.kind == "company" and (trial.place is None or trial.place.start != trial.start):
        return False  # the place must open the company's name
    for name in ("start", "place", "deictic", "admin_char", "quoted", "proper", "generic_only", "industry_only",
                 "hard_start", "parent_type"):
        setattr(mod, name, getattr(trial, name))
    mod.generic_only = False
    return True


def _hard_edge(ctx: _Context, position: int) -> int:
    """The leftmost start a model may propose: up to punctuation or a function word."""
    while position > 0:
        token = ctx.token_ending_at(position)
        if token is None or token.is_punct or token.pos in STOP_TAGS or token.text in ctx.tables.words.get("stop", ()):
            break
        if position in ctx.org_ends:
            break
        position = token.start
    return position


def _boundary_before(ctx: _Context, position: int) -> bool:
    """Whether a name may open at `position`: no name material ends right before it."""
    if position == 0 or position in ctx.place_by_end:
        return position == 0
    token = ctx.token_ending_at(position)
    if token is None or token.is_punct or token.text in ctx.tables.words.get("stop", ()):
        return True
    return token.pos not in NOUNISH and token.pos not in PROPER


def _is_name(mod: Modifier, head: OrgHead, modifier_text: str, body: str, tables: Tables) -> bool:
    """Whether head plus modifier names one body (not 园区, 公司, 优质园区, 产业投资基金)."""
    prefixed = mod.place is not None or mod.deictic is not None or mod.admin_char is not None
    bare_body = body in tables.bodies
    if not modifier_text.strip(QUOTE_CHARS) and not prefixed:
        return False
    if head.kind == "gov":
        return prefixed or bare_body or mod.parent_type is not None
    if mod.generic_only and not prefixed and mod.parent_type is None:
        return False
    if head.kind == "weak":
        return prefixed or mod.quoted or mod.proper or bare_body or mod.parent_type is not None
    if head.kind == "company":
        return len(modifier_text.strip(QUOTE_CHARS)) >= 2 and not mod.industry_only
    return True


def _org_type(head: OrgHead, mod: Modifier, body: str, tables: Tables) -> str:
    if body in tables.bodies:
        return tables.bodies[body].type
    if head.type == "government" and head.kind == "weak":
        # 中心: a government service body (投资促进, 政务服务, 产业发展服务) or a research centre
        words = tables.words
        if any(verb in body for verb in words.get("name_verb", ())):
            return "government"
        if any(word in body for word in words.get("research_word", ())):
            return "research"
        return "other"
    return head.type


def head_mentions(ctx: _Context, model_spans, places_by_level: dict[str, str], known_ends=()) -> list[OrgMention]:
    text, tables = ctx.text, ctx.tables
    heads = _head_hits(text, ctx.tokens, tables)
    ctx.org_ends = {end for end, _ in heads} | set(known_ends)
    mentions = []
    for end, head in heads:
        head_start = end - len(head.head)
        known = ctx.built.get(end)
        if known is not None and known.start <= head_start:
            continue  # 中国银行: the table knows the whole name
        mod = _walk_left(ctx, head_start, head, end)
        _apply_model(mod, model_spans, head_start, end)
        mention = _build(ctx, mod, head, end, places_by_level)
        if mention is not None:
            mentions.append(mention)
            ctx.built[end] = mention
    return mentions


def _apply_model(mod: Modifier, model_spans, head_start: int, end: int) -> None:
    """A model ORG ending at the head may move the left edge within the hard limit."""
    for start, stop, label in model_spans or ():
        if label == "ORG" and stop == end and mod.hard_start <= start < head_start and start != mod.start:
            if mod.place is None and mod.deictic is None and mod.admin_char is None:
                # The model vouches for the words the rules could not read as a name.
                mod.start, mod.from_model = start, True
                mod.generic_only = mod.industry_only = False


def _build(ctx: _Context, mod: Modifier, head: OrgHead, end: int, places_by_level) -> OrgMention | None:
    text, tables = ctx.text, ctx.tables
    surface = text[mod.start:end]
    prefix_end = mod.start
    resolved_prefix = ""
    place_name = None
    if mod.deictic is not None:
        prefix_end, resolved_prefix = mod.deictic.end, mod.deictic.name
        place_name = mod.deictic.name or None
    elif mod.admin_char is not None:
        word = ctx.token_ending_at(ctx.tokens[token_index_at(ctx.tokens, mod.admin_char[0])].end)
        prefix_end = word.end
        place_name = _admin_place(word.text, mod.admin_char[1], places_by_level)
        resolved_prefix = place_name or word.text  # 省发改委 with no province named stays as written
    elif mod.place is not None and mod.place.start == mod.start:
        # 福建省晋江市五里工业园区: the whole chain of places is the prefix; the innermost one counts.
        position, innermost = mod.start, None
        while position in ctx.place_by_start and position < end:
            innermost = ctx.place_by_start[position]
            position = innermost.end
        prefix_end, resolved_prefix, place_name = position, text[mod.start:position], innermost.name
    rest = text[prefix_end:end]
    body = _strip_quotes(rest)
    if not _is_name(mod, head, text[mod.start:end - len(head.head)], body, tables):
        return None
    if mod.deictic is not None and not resolved_prefix:
        return None
    name = _strip_quotes(resolved_prefix + rest)
    mention_end = end
    phase = PHASE.match(text, end)
    aliases = {surface} if surface != name else set()
    if phase:
        mention_end = phase.end()
        aliases.add(text[mod.start:mention_end])
    org_type = mod.parent_type if mod.parent_type and head.kind != "gov" else _org_type(head, mod, body, tables)
    is_gov = org_type == "government"
    sources = {"rule"} | ({"model"} if mod.from_model else set())
    mention = OrgMention(mod.start, mention_end, text[mod.start:mention_end], name, org_type, aliases, sources,
                         place=place_name, bare=body if place_name else None, is_gov=is_gov)
    if place_name and len(body) >= 3:
        mention.aliases.add(body)
    if is_gov and place_name:
        prefix = _strip_quotes(resolved_prefix)
        mention.aliases.update(prefix + form for form in body_forms(tables, body))
    elif is_gov:
        mention.aliases.update(body_forms(tables, body))
    mention.aliases.discard(name)
    return mention


def _admin_place(word: str, level: str, places_by_level: dict[str, str]) -> str | None:
    """The article's place a level word stands for: 区 → 庐阳区, 经开区 → 合肥经开区."""
    if level == "area":
        area = places_by_level.get("area")
        return area if area and area.endswith(word) else None
    return places_by_level.get(word) or places_by_level.get(level)


def _strip_quotes(value: str) -> str:
    return "".join(char for char in value if char not in QUOTE_CHARS)


def table_mentions(ctx: _Context) -> list[OrgMention]:
    """Known organisations and national bodies named without a head (华夏银行, 工信部, 国务院)."""
    text, tables = ctx.text, ctx.tables
    bounds = {0} | {t.start for t in ctx.tokens} | {t.end for t in ctx.tokens}
    found = sorted(
        ((end + 1 - len(key), end + 1, key) for end, key in tables.org_automaton.iter(text)),
        key=lambda item: (item[0], item[0] - item[1]),
    )
    mentions, taken_until = [], -1
    for start, end, key in found:
        if start < taken_until or start not in bounds or end not in bounds:
            continue
        if key in tables.known_orgs:
            name, org_type = tables.known_orgs[key]
            aliases = {key} - {name}
        else:
            body = tables.bodies[key]
            name, org_type, aliases = key, body.type, body_forms(tables, key) - {key}
        mentions.append(OrgMention(start, end, key, name, org_type, set(aliases), {"gazetteer"}, is_gov=org_type == "government"))
        taken_until = end
    return mentions


def model_mentions(text: str, model_spans, places: list[PlaceHit], taken: list[OrgMention]) -> list[OrgMention]:
    """Model ORG spans the rules missed, kept only when they open with a known place (合肥轨道交通集团…)."""
    place_starts = {hit.start: hit for hit in places if not hit.deictic}
    mentions = []
    for start, end, label in model_spans or ():
        surface = text[start:end]
        if label != "ORG" or not 4 <= len(surface) <= MAX_NAME_CHARS or any(c in PUNCT for c in surface):
            continue
        if any(start < m.end and m.start < end for m in taken):
            continue
        place = place_starts.get(start)
        if place is None or place.end >= end:
            continue
        mentions.append(OrgMention(start, end, surface, surface, "other", set(), {"model"}))
    return mentions


def short_name_mentions(text: str, mentions: list[OrgMention], bounds: set[int]) -> list[OrgMention]:
    """XX有限公司（以下简称“瑞控信”）: the short name becomes an alias and its later uses mentions."""
    extra = []
    for mention in list(mentions):
        match = SHORT_NAME.match(text, mention.end)
        if not match:
            continue
        short = match.group(1)
        mention.aliases.add(short)
        for found in re.finditer(re.escape(short), text):
            if found.start() > match.end() and found.start() in bounds and not any(
                found.start() < m.end and m.start < found.end() for m in mentions
            ):
                extra.append(OrgMention(found.start(), found.end(), short, mention.name, mention.type, {short}, {"rule"},
                                        place=mention.place, bare=mention.bare, is_gov=mention.is_gov))
    return extra


def find_org_mentions(text, tokens, tables, places, model_spans, places_by_level) -> list[OrgMention]:
    ctx = _Context(text, tokens, tables, places)
    mentions = table_mentions(ctx)
    ctx.built = {m.end: m for m in mentions}
    rule = head_mentions(ctx, model_spans, places_by_level, {m.end for m in mentions})
    mentions = _drop_nested(mentions + rule)
    mentions += model_mentions(text, model_spans, places, mentions)
    bounds = {t.start for t in tokens}
    mentions += short_name_mentions(text, mentions, bounds)
    return sorted(mentions, key=lambda m: m.start)


def _drop_nested(mentions: list[OrgMention]) -> list[OrgMention]:
    """One mention per stretch of text: the longest wins (同济大学 inside 同济大学汽车学院);
    a table mention of the very same span only lends its type and source."""
    mentions.sort(key=lambda m: (m.start, m.start - m.end, "gazetteer" not in m.sources))
    kept: list[OrgMention] = []
    for mention in mentions:
        same = next((k for k in kept if (k.start, k.end) == (mention.start, mention.end)), None)
        if same is not None:
            same.sources |= mention.sources
            same.aliases |= mention.aliases
            continue
        if any(k.start <= mention.start and mention.end <= k.end for k in kept):
            continue
        kept.append(mention)
    return kept
