"""The `entities` component: organisations (typed), persons (title, organisation) and
locations (parent, aliases) of an article.

Mentions are found by `places`, `orgs` and `persons` (rules and tables, with the
statistical `ner_model` spans in `doc._.ner_entities` when present); this module merges the
mentions of one body into one record, resolves the article's place for 该区, and skips
everything that overlaps an unrecoverable span. A named area (昌邑经济开发区, 苏州工业园区)
is both a park and a place; an address of three levels names its province too.
"""

from __future__ import annotations

import gc
from collections import Counter
from contextlib import contextmanager

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp import doc_text
from ..records import Location, Organisation, Person
from .entity_tables import get_tables
from .entity_tokens import SpanIndex, SpanSet, tag_text
from .known_names import known_name_mentions
from .org_merge import group_name, group_organisation_mentions
from .orgs import OrgMention, find_org_mentions
from .persons import PersonMention, find_person_mentions
from .places import PlaceHit, article_places, find_place_hits, resolve_deictics

EntityLists = tuple[list[Organisation], list[Person], list[Location]]


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while one text is analysed: the analysis makes
    a token tuple per word and a few objects per mention, none of them in reference cycles,
    and the collector's passes over them (and over everything else alive in the process)
    cost a third of the time. It is switched back on after, only if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_entities(text: str, unrecoverable=(), model_spans=None) -> EntityLists:
    """Organisations, persons and locations of a normalized text."""
    with _collector_paused():
        return _extract_entities(text, unrecoverable, model_spans)


def _extract_entities(text: str, unrecoverable, model_spans) -> EntityLists:
    tables = get_tables()
    unrecoverable = SpanSet(unrecoverable or ())
    model_spans = [s for s in (model_spans or ()) if not unrecoverable.overlaps(s[0], s[1])]
    tokens = tag_text(text)
    hits = find_place_hits(text, tokens, tables, model_spans)
    article = article_places(hits, tables)
    resolve_deictics(hits, article)
    org_mentions = [
        m for m in find_org_mentions(text, tokens, tables, hits, model_spans, article)
        if not unrecoverable.overlaps(m.start, m.end)
    ]
    place_hits = _location_hits(hits, org_mentions, unrecoverable)
    org_mentions = sorted(org_mentions + _area_parks(hits, org_mentions, unrecoverable), key=lambda m: m.start)
    person_mentions = [
        m for m in find_person_mentions(text, tokens, tables, org_mentions, place_hits, model_spans)
        if not unrecoverable.overlaps(m.start, m.end)
    ]
    # 桂林 in 吴桂林 is part of a name.
    names = SpanSet((m.start, m.end) for m in person_mentions)
    place_hits = [h for h in place_hits if not names.overlaps(h.start, h.end)]
    if model_spans:
        taken = SpanSet([(m.start, m.end) for m in org_mentions + person_mentions] + [(h.start, h.end) for h in hits])
        known_orgs, known_persons, known_places = known_name_mentions(text, model_spans, taken, tables)
        org_mentions = sorted(org_mentions + known_orgs, key=lambda m: m.start)
        person_mentions += known_persons
        place_hits += known_places
    groups = group_organisation_mentions(org_mentions)
    _use_entity_names(person_mentions, groups)
    organisations = [_organisation(group) for group in groups]
    return organisations, merge_persons(person_mentions), merge_locations(place_hits, tables)


def _use_entity_names(persons: list[PersonMention], groups: list[list[OrgMention]]) -> None:
    """A person's organisation is named as its merged record is (新都区X局 → 成都市新都区X局)."""
    entity_name = {}
    for group in groups:
        for mention in group:
            entity_name.setdefault(mention.name, group_name(group))
    for person in persons:
        person.organisation = entity_name.get(person.organisation, person.organisation)


def _location_hits(hits: list[PlaceHit], orgs: list[OrgMention], unrecoverable: SpanSet) -> list[PlaceHit]:
    """Places of the article: not inside a company's or park's name (安徽 in 安徽…有限公司), but
    kept inside a government body's name (庐阳区 in 庐阳区科技局 is its jurisdiction). A
    named area that is itself a park's name (苏州工业园区, 福建省晋江市五里工业园区) is a place."""
    by_place = SpanIndex(orgs)
    kept = []
    for hit in hits:
        if not hit.name or unrecoverable.overlaps(hit.start, hit.end):
            continue
        holding = by_place.holding(hit.start, hit.end)
        if not _in_place_chain(hit) and any(not m.is_gov and not _is_the_area(m, hit) for m in holding):
            continue
        # A named area inside a body's name (吴江经济技术开发区管委会) names the body, not a place.
        if hit.level == "area" and any(not _is_the_area(m, hit) for m in holding):
            continue
        kept.append(hit)
    return kept


def _is_the_area(org: OrgMention, hit: PlaceHit) -> bool:
    """A park whose name ends with the area (福建省晋江市五里工业园区 ends with 五里工业园区)."""
    return hit.level == "area" and org.type == "park" and org.end == hit.end


def _area_parks(hits: list[PlaceHit], orgs: list[OrgMention], unrecoverable: SpanSet) -> list[OrgMention]:
    """A named area (昌邑经济开发区, 滨海高新区) is a park as well as a place — also inside its
    管委会's name, which stays a government body — but not inside a company's name."""
    parks = []
    by_place = SpanIndex(orgs)
    for hit in hits:
        if hit.level != "area" or hit.deictic or not hit.name or unrecoverable.overlaps(hit.start, hit.end):
            continue
        if any(not m.is_gov for m in by_place.holding(hit.start, hit.end)):
            continue  # already the park (苏州工业园区) or part of a company's name
        opener = get_tables().places.get(hit.parent or "", ())
        if opener and opener[0].level in ("region", "country"):
            continue  # 长三角经济区: a macro-region, not a zone with a park's administration
        aliases = {hit.surface} - {hit.name}
        parks.append(OrgMention(hit.start, hit.end, hit.surface, hit.name, "park", aliases, {"rule"}))
    return parks


def _in_place_chain(hit: PlaceHit) -> bool:
    """福建省晋江市 before a park's name is an address, even inside the name."""
    chained = hit.prefix_of_child or (hit.parent_hit is not None and not hit.parent_hit.deictic)
    return chained and not hit.names_area and hit.level != "area"


# ---------------------------------------------------------------- organisations

def merge_organisations(mentions: list[OrgMention]) -> list[Organisation]:
    return [_organisation(group) for group in group_organisation_mentions(mentions)]


def _organisation(group: list[OrgMention]) -> Organisation:
    name = group_name(group)
    aliases: dict[str, None] = {}
    for mention in group:
        for alias in sorted(mention.aliases) + [mention.name, mention.surface]:
            if alias and alias != name:
                aliases[alias] = None
    types = Counter(m.type for m in group)
    org_type = types.most_common(1)[0][0]
    if "other" == org_type and len(types) > 1:
        org_type = [t for t, _ in types.most_common() if t != "other"][0]
    sources = sorted({s for m in group for s in m.sources})
    mentions = [_mention(m.surface, m.start, m.end) for m in sorted(group, key=lambda m: m.start)]
    # One validation of the whole record (its mentions as data) costs half of one per mention.
    return Organisation.model_validate(
        {"name": name, "type": org_type, "aliases": list(aliases), "mentions": mentions, "sources": sources})


def _mention(text: str, start: int, end: int) -> dict:
    """A `Mention` as data, validated with the record that holds it."""
    return {"text": text, "span": (start, end)}


# ---------------------------------------------------------------- persons

def merge_persons(mentions: list[PersonMention]) -> list[Person]:
    persons: dict[str, dict] = {}  # name -> the record's fields, validated once at the end
    for mention in sorted(mentions, key=lambda m: m.start):
        person = persons.setdefault(mention.name, {"name": mention.name, "title": None, "organisation": None,
                                                   "mentions": []})
        person["title"] = person["title"] or mention.title
        person["organisation"] = person["organisation"] or mention.organisation
        person["mentions"].append(_mention(mention.name, mention.start, mention.end))
    return [Person.model_validate(person) for person in persons.values()]


# ---------------------------------------------------------------- locations

def merge_locations(hits: list[PlaceHit], tables) -> list[Location]:
    groups: dict[str, list[PlaceHit]] = {}
    for hit in hits:
        groups.setdefault(hit.name, []).append(hit)
    # A place before a named area (晋江市五里工业园区) stays a place: the area is no subdivision.
    place_parents = {id(h.parent_hit) for h in hits if h.parent_hit is not None and h.level != "area"}
    emitted = {
        name for name, group in groups.items()
        if any(not h.prefix_of_child or (id(h) not in place_parents and not h.names_area) for h in group)
    }
    emitted |= _parents_of_recurring_children(hits, groups)
    emitted |= _heads_of_long_chains(hits)
    locations = []
    for name, group in groups.items():
        if name in emitted:
            locations.append(_location(name, group, emitted, tables))
    return locations


def _parents_of_recurring_children(hits: list[PlaceHit], groups: dict[str, list[PlaceHit]]) -> set[str]:
    """苏州市吴江区 … 吴江区 … : the city that introduces the article's recurring district is a
    place of the article too; a one-off address (北京市海淀区) stays one location, and a
    place that names an area (西安 in 西安高新区) is part of that name."""
    parents = set()
    for hit in hits:
        before = hit.parent_hit
        if before is None or before.deictic or before.names_area or hit.level == "area":
            continue
        if len(groups.get(hit.name, ())) >= 2:
            parents.add(before.name)
    return parents


def _heads_of_long_chains(hits: list[PlaceHit]) -> set[str]:
    """江苏省苏州市昆山市: an address of three levels or more names its province as a place
    of the article too; a two-level one (北京市海淀区) stays one location."""
    heads = set()
    for hit in hits:
        parent = hit.parent_hit
        if parent is None or parent.parent_hit is None or hit.level == "area":
            continue
        top = parent
        while top.parent_hit is not None:
            top = top.parent_hit
        if top.name and not top.deictic and not top.names_area:
            heads.add(top.name)
    return heads


def _location(name: str, group: list[PlaceHit], emitted: set[str], tables) -> Location:
    aliases: dict[str, None] = {}
    parent = None
    for hit in group:
        if hit.surface != name:
            aliases[hit.surface] = None
        if hit.parent and hit.parent_hit is not None and not hit.parent_hit.deictic:
            aliases[hit.parent_hit.surface + hit.surface] = None
        parent = parent or hit.parent
    if parent is None:
        parent = next((p.parent for p in tables.places.get(name, []) if p.parent in emitted), None)
    aliases.pop(name, None)
    mentions = [_mention(h.surface, h.start, h.end) for h in sorted(group, key=lambda h: h.start)]
    return Location.model_validate({"name": name, "parent": parent, "aliases": list(aliases), "mentions": mentions})


# ---------------------------------------------------------------- spaCy component

class EntityExtractor:
    def __call__(self, doc: Doc) -> Doc:
        organisations, persons, locations = extract_entities(
            doc_text(doc), doc._.unrecoverable or (), doc._.ner_entities
        )
        doc._.organisations = organisations
        doc._.persons = persons
        doc._.locations = locations
        return doc


@Language.factory("entities")
def create_entities(nlp: Language, name: str) -> EntityExtractor:
    return EntityExtractor()
