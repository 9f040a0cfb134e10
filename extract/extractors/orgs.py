"""Organisation mentions: found by their heads (有限公司, 产业园, 科技局 …) and by the tables.

A head gives the type; the left boundary comes from `org_walk`. The statistical model, when
present, may move the left edge where the rules stop early, and adds names that open with a
known place. Deictic prefixes (该区投促中心) and level prefixes (区科技局, 经开区管委会) are
resolved to the article's place; the surface form stays as an alias, and so do the name
without its places (科技局) and the alias table's other forms of a body (发改委).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .entity_tables import OrgHead, Tables, body_forms
from .entity_tokens import PUNCT, SpanSet, as_tokens, token_bounds
from .org_walk import MAX_NAME_CHARS, QUOTE_CHARS, STOP_TAGS, Modifier, WalkContext, head_hits, walk_left
from .places import PlaceHit

PHASE = re.compile(r"[（(](?:[一二三四五六七八九十0-9]+期|筹)[）)]")
COUNT_AFTER = re.compile(r"(?:[0-9]+|[一二三四五六七八九十两百千万]+)余?(?:个|家|座|处|所|条)")
# A listed company's short name is followed by its stock code: 潍柴动力（000338）.
STOCK_CODE = re.compile(r"[（(](?:[0-9]{6}(?:\.S[HZ])?|[0-9]{4,5}\.HK)[）)]")
SHORT_NAME = re.compile(r"[（(](?:以下)?简称[：:]?[“\"]([^”\"）)]{2,12})[”\"][）)]")


@dataclass
class OrgMention:
    start: int
    end: int  # end of the mention (a phase bracket included)
    surface: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    place: str | None = None  # the administrative prefix's place name
    bare: str | None = None  # the name without its place prefix (科技局)
    is_gov: bool = False
    head_only: bool = False  # 管委会, 组织部 on their own: a body only once a fuller name is known


def _is_name(mod: Modifier, head: OrgHead, modifier_text: str, body: str, tables: Tables) -> bool:
    """Whether head plus modifier names one body (not 园区, 公司, 优质园区, 产业投资基金)."""
    prefixed = mod.place is not None or mod.deictic is not None or mod.admin_char is not None
    bare_body = body in tables.bodies
    if not modifier_text.strip(QUOTE_CHARS) and not prefixed and not (bare_body and head.kind == "gov"):
        return False  # a bare head (园区, 公司); 管委会 alone is a body of the alias table
    if head.kind == "unit":
        return mod.parent_type is not None  # 系 alone (体系, 派系) names nothing
    if head.kind == "gov":
        return prefixed or bare_body or mod.parent_type is not None
    if mod.generic_only and not prefixed and mod.parent_type is None:
        return False
    if head.kind == "weak":
        return prefixed or mod.quoted or mod.proper or bare_body or mod.parent_type is not None
    if head.kind == "company":
        return len(modifier_text.strip(QUOTE_CHARS)) >= 2 and not mod.industry_only
    return True


def _counted(text: str, end: int) -> bool:
    """建成便民服务中心30个, 园区12个: a count right after the head makes it a kind, not a name."""
    match = COUNT_AFTER.match(text, end)
    return match is not None


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


def head_mentions(ctx: WalkContext, model_spans, places_by_level: dict[str, str], known_ends=()) -> list[OrgMention]:
    """Mentions found by their heads, left to right, each able to build on the ones before."""
    text, tables = ctx.text, ctx.tables
    heads = head_hits(text, ctx.tokens, tables)
    ctx.org_ends = {end for end, _ in heads} | set(known_ends)
    model_orgs: dict[int, list] = {}  # end -> the model's ORG spans ending there, in order
    for span in model_spans or ():
        if span[2] == "ORG":
            model_orgs.setdefault(span[1], []).append(span)
    mentions = []
    for end, head in heads:
        head_start = end - len(head.head)
        known = ctx.built.get(end)
        if known is not None and known.start <= head_start:
            # 中国银行: the table knows the whole name — and 中科院合肥物质科学研究院 is one
            # body whose known name follows its parent's.
            parent = ctx.built.get(known.start)
            if head.kind == "sub" and parent is not None:
                known.start, known.surface = parent.start, text[parent.start:known.end]
                known.aliases.add(known.surface)
            continue
        mod = walk_left(ctx, head_start, head, end)
        _apply_model(mod, model_orgs.get(end, ()), head_start, end)
        mention = _build(ctx, mod, head, end, places_by_level)
        if mention is not None:
            mentions.append(mention)
            ctx.built[end] = mention
    return mentions


def _apply_model(mod: Modifier, model_spans, head_start: int, end: int) -> None:
    """A model ORG ending at the head may move the left edge further left, within the hard
    limit — never right: the rules' name is not cut (未来创谷产业园 stays whole)."""
    for start, stop, label in model_spans:
        if label == "ORG" and stop == end and mod.hard_start <= start < mod.start:
            if mod.place is None and mod.deictic is None and mod.admin_char is None:
                # The model vouches for the words the rules could not read as a name.
                mod.start, mod.from_model = start, True
                mod.generic_only = mod.industry_only = False


def _build(ctx: WalkContext, mod: Modifier, head: OrgHead, end: int, places_by_level) -> OrgMention | None:
    text, tables = ctx.text, ctx.tables
    surface = text[mod.start:end]
    prefix_end = mod.start
    resolved_prefix = ""
    place_name = None
    chain_aliases: set[str] = set()
    if mod.deictic is not None:
        prefix_end, resolved_prefix = mod.deictic.end, mod.deictic.name
        place_name = mod.deictic.name or None
    elif mod.admin_char is not None:
        word_start, prefix_end, level = mod.admin_char
        word = text[word_start:prefix_end]
        place_name = _admin_place(word, level, places_by_level)
        if place_name is None:
            resolved_prefix = word  # 省发改委 with no province named stays as written
        else:
            resolved_prefix = place_name if level == "area" else place_name + word[1:]  # 市委 → 合肥市委
    elif mod.place is not None and mod.place.start == mod.start:
        # 福建省晋江市五里工业园区: the whole chain of places is the prefix; the innermost one counts.
        position, innermost = mod.start, None
        # (a named area that runs to the head is the name itself: 晋江市 + 五里工业园区)
        while position in ctx.place_by_start and ctx.place_by_start[position].end < end:
            innermost = ctx.place_by_start[position]
            position = innermost.end
        prefix_end, resolved_prefix, place_name = position, text[mod.start:position], innermost.name
        if innermost.start > mod.start:
            chain_aliases.add(text[innermost.start:end])  # 合肥市庐阳区科技局 is also 庐阳区科技局
    rest = text[prefix_end:end]
    body = _strip_quotes(rest)
    if not _is_name(mod, head, text[mod.start:end - len(head.head)], body, tables):
        return None
    if head.kind in ("strong", "weak", "sub") and mod.place is None and mod.parent_type is None and _counted(text, end):
        return None
    if mod.deictic is not None and not resolved_prefix:
        return None
    name = _strip_quotes(resolved_prefix + rest)
    mention_end = end
    phase = PHASE.match(text, end)
    aliases = ({surface} if surface != name else set()) | chain_aliases
    if phase:
        mention_end = phase.end()
        aliases.add(text[mod.start:mention_end])
    # A unit takes its parent's type (同济大学汽车学院 is a university's), except bodies and
    # facilities (青岛大学附属医院 is a hospital).
    inherits = mod.parent_type and head.kind in ("sub", "weak", "unit") and head.type != "facility"
    org_type = mod.parent_type if inherits else _org_type(head, mod, body, tables)
    is_gov = org_type == "government"
    sources = {"rule"} | ({"model"} if mod.from_model else set())
    mention = OrgMention(mod.start, mention_end, text[mod.start:mention_end], name, org_type, aliases, sources,
                         place=place_name, bare=body if place_name else None, is_gov=is_gov,
                         head_only=mod.start == end - len(head.head) and not place_name)
    if place_name and len(body) >= 3 and body not in tables.heads:
        mention.aliases.add(body)  # 科技局 for 庐阳区科技局 — but 日报社 alone names nothing
    if is_gov and place_name:
        prefix = _strip_quotes(resolved_prefix)
        mention.aliases.update(prefix + form for form in body_forms(tables, body))
    elif is_gov and body in tables.bodies:
        mention.aliases.update(body_forms(tables, body))
    mention.aliases.discard(name)
    return mention


def _admin_place(word: str, level: str, places_by_level: dict[str, str]) -> str | None:
    """The article's place a level word stands for: 区 → 庐阳区, 经开区 → 合肥经开区."""
    if level == "area":
        area = places_by_level.get("area")
        return area if area and area.endswith(word) else None
    return places_by_level.get(word[0]) or places_by_level.get(level)


_NO_QUOTES = str.maketrans("", "", QUOTE_CHARS)


def _strip_quotes(value: str) -> str:
    """The value without its quote marks (anywhere in it)."""
    return value.translate(_NO_QUOTES)


def table_mentions(ctx: WalkContext) -> list[OrgMention]:
    """Known organisations and national bodies named without a head (华夏银行, 工信部, 国务院)."""
    text, tables = ctx.text, ctx.tables
    bounds = token_bounds(ctx.tokens)
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


def model_mentions(text: str, model_spans, places: list[PlaceHit], taken: list[OrgMention],
                   tables: Tables) -> list[OrgMention]:
    """Model ORG spans the rules missed, kept only when they open with a known place and end
    with an organisation head (合肥轨道交通集团), typed by that head (南康区委 is a government body)."""
    place_starts = {hit.start: hit for hit in places if not hit.deictic}
    place_ends = {hit.end for hit in places if not hit.deictic}
    areas = SpanSet((hit.start, hit.end) for hit in places if hit.level == "area")
    taken_spans = SpanSet((m.start, m.end) for m in taken)
    mentions = []
    for start, end, label in model_spans or ():
        surface = text[start:end]
        if label != "ORG" or not 4 <= len(surface) <= MAX_NAME_CHARS or any(c in PUNCT for c in surface):
            continue
        if taken_spans.overlaps(start, end):
            continue
        place = place_starts.get(start)
        if place is None or place.end >= end:
            continue
        if end in place_ends:
            continue  # 合肥市庐阳区, 合肥高新区: places (or an area) the model read as a body
        if areas.overlaps(start, end):
            continue  # 寿光市经济开发区新签约: a named area is the rules' park, not part of a longer name
        org_type = model_span_type(surface, tables)
        if org_type is None:
            continue  # no head at all (…新签约): the model's guess is too loose to trust alone
        mentions.append(OrgMention(start, end, surface, surface, org_type, set(), {"model"}, is_gov=org_type == "government"))
    return mentions


def model_span_type(surface: str, tables: Tables) -> str | None:
    """The type of the head a model span ends with (None when it ends with no head)."""
    if surface.endswith(tuple(tables.words.get("party_committee", ()))):
        return "government"
    head = _longest_head_ending(surface, tables)
    return tables.heads[head].type if head else None


def _longest_head_ending(surface: str, tables: Tables) -> str | None:
    """The longest head the surface ends with (one head per length can)."""
    for length in _head_lengths(tables):
        if length <= len(surface) and surface[-length:] in tables.heads:
            return surface[-length:]
    return None


_HEAD_LENGTHS: dict[int, tuple[Tables, list[int]]] = {}


def _head_lengths(tables: Tables) -> list[int]:
    """The lengths heads come in, longest first (per tables object)."""
    cached = _HEAD_LENGTHS.get(id(tables))
    if cached is None or cached[0] is not tables:
        cached = _HEAD_LENGTHS[id(tables)] = (tables, sorted({len(h) for h in tables.heads if h}, reverse=True))
    return cached[1]


def short_name_mentions(text: str, mentions: list[OrgMention], bounds: set[int]) -> list[OrgMention]:
    """XX有限公司（以下简称“瑞控信”）: the short name becomes an alias and its later uses mentions."""
    extra = []
    taken = SpanSet((m.start, m.end) for m in mentions)
    for mention in list(mentions):
        match = SHORT_NAME.match(text, mention.end)
        if not match:
            continue
        short = match.group(1)
        mention.aliases.add(short)
        for found in re.finditer(re.escape(short), text):
            if found.start() > match.end() and found.start() in bounds and not taken.overlaps(found.start(), found.end()):
                extra.append(OrgMention(found.start(), found.end(), short, mention.name, mention.type, {short}, {"rule"},
                                        place=mention.place, bare=mention.bare, is_gov=mention.is_gov))
    return extra


def stock_name_mentions(ctx: WalkContext, mentions: list[OrgMention]) -> list[OrgMention]:
    """潍柴动力（000338）: the words before a stock code name a listed company — the one of
    the text whose full name starts with them, if any."""
    text, tables = ctx.text, ctx.tables
    extra = []
    taken = SpanSet((m.start, m.end) for m in mentions)
    for match in STOCK_CODE.finditer(text):
        end = start = match.start()
        while start > 0 and end - start < 8:
            token = ctx.token_ending_at(start)
            if token is None or token.is_punct or token.pos in STOP_TAGS or token.text in tables.words.get("stop", ()):
                break
            start = token.start
        short = text[start:end]
        if len(short) < 2 or taken.overlaps(start, end):
            continue
        full = next((m for m in mentions if m.type == "company" and m.name.startswith(short)), None)
        name = full.name if full else short
        extra.append(OrgMention(start, end, short, name, "company", {short} - {name}, {"rule"},
                                place=full.place if full else None, bare=full.bare if full else None))
    return extra


def find_org_mentions(text, tokens, tables, places, model_spans, places_by_level) -> list[OrgMention]:
    ctx = WalkContext(text, tokens, tables, places)
    mentions = table_mentions(ctx)
    ctx.built = {m.end: m for m in mentions}
    rule = head_mentions(ctx, model_spans, places_by_level, {m.end for m in mentions})
    mentions = _drop_nested(mentions + rule)
    mentions += model_mentions(text, model_spans, places, mentions, tables)
    bounds = set(as_tokens(tokens).starts)
    mentions += short_name_mentions(text, mentions, bounds)
    mentions += stock_name_mentions(ctx, mentions)
    return sorted(mentions, key=lambda m: m.start)


def _drop_nested(mentions: list[OrgMention]) -> list[OrgMention]:
    """One mention per stretch of text: the longest wins (同济大学 inside 同济大学汽车学院);
    a table mention of the very same span only lends its type and source."""
    mentions.sort(key=lambda m: (m.start, m.start - m.end, "gazetteer" not in m.sources))
    kept: list[OrgMention] = []
    kept_spans: dict[tuple[int, int], OrgMention] = {}
    # Mentions come by start, so a kept one holds this one exactly when it reaches as far.
    furthest = -1
    for mention in mentions:
        same = kept_spans.get((mention.start, mention.end))
        if same is not None:
            same.sources |= mention.sources
            same.aliases |= mention.aliases
            continue
        if mention.end <= furthest:
            continue
        kept.append(mention)
        kept_spans[(mention.start, mention.end)] = mention
        furthest = max(furthest, mention.end)
    return kept
