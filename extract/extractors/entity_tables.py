"""The data tables behind organisation, person and place recognition, read once per process.

Every table is a file under `extract/resources/` (see each file's header for its source);
this module only parses them into lookups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from ..lexicon import read_rows
from .key_search import KeySearch

LEVEL_RANK = {"country": -2, "region": -1, "province": 0, "prefecture": 1, "county": 2, "area": 3, "town": 4}


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    parent: str  # gazetteer parent ('' for provinces)


@dataclass(frozen=True)
class OrgHead:
    head: str
    type: str
    kind: str  # company, strong, weak, sub, gov


@dataclass(frozen=True)
class BodyAlias:
    short: str
    full: str
    type: str
    scope: str  # central, local


@dataclass
class Tables:
    places: dict[str, list[Place]] = field(default_factory=dict)  # full name -> places
    place_shorts: dict[str, str] = field(default_factory=dict)  # safe short -> full name
    risky_shorts: dict[str, str] = field(default_factory=dict)  # trusted only with the full name
    heads: dict[str, OrgHead] = field(default_factory=dict)
    bodies: dict[str, BodyAlias] = field(default_factory=dict)  # short or full -> row
    body_variants: dict[str, set[str]] = field(default_factory=dict)  # full -> all its forms
    known_orgs: dict[str, tuple[str, str]] = field(default_factory=dict)  # form -> (name, type)
    titles: dict[str, str] = field(default_factory=dict)  # title -> role/byline
    title_forms: dict[str, str] = field(default_factory=dict)  # title -> the form records use (本报记者 → 记者)
    surnames: frozenset[str] = frozenset()
    weak_surnames: frozenset[str] = frozenset()  # 和, 强, 信: names need a name tag too
    words: dict[str, set[str]] = field(default_factory=dict)  # category -> words
    deictic_level: dict[str, str] = field(default_factory=dict)
    admin_char_level: dict[str, str] = field(default_factory=dict)
    back_reference_types: dict[str, str] = field(default_factory=dict)  # 公司 → company
    place_search: KeySearch | None = None  # place names, full and short
    head_automaton: ahocorasick.Automaton | None = None
    org_automaton: ahocorasick.Automaton | None = None
    title_automaton: ahocorasick.Automaton | None = None

    def is_word(self, category: str, word: str) -> bool:
        return word in self.words.get(category, ())


def _automaton(keys) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def _column(row: list[str], index: int) -> str:
    return row[index].strip() if len(row) > index else ""


def _load_places(tables: Tables) -> None:
    for row in read_rows("places.tsv"):
        place = Place(row[0].strip(), _column(row, 1), _column(row, 2))
        tables.places.setdefault(place.name, []).append(place)
        safe, risky = _column(row, 3), _column(row, 4)
        if safe:
            tables.place_shorts.setdefault(safe, place.name)
        if risky:
            tables.risky_shorts.setdefault(risky, place.name)
    for row in read_rows("world_places.tsv"):
        place = Place(row[0].strip(), _column(row, 1), "")
        tables.places.setdefault(place.name, []).append(place)


def _load_orgs(tables: Tables) -> None:
    for row in read_rows("org_suffixes.tsv"):
        head = OrgHead(row[0].strip(), _column(row, 1), _column(row, 2))
        tables.heads[head.head] = head
    for row in read_rows("org_aliases.tsv"):
        body = BodyAlias(row[0].strip(), _column(row, 1), _column(row, 2), _column(row, 3))
        tables.bodies.setdefault(body.short, body)
        tables.bodies.setdefault(body.full, body)
        tables.body_variants.setdefault(body.full, {body.full}).add(body.short)
    for row in read_rows("known_orgs.tsv"):
        name, org_type = row[0].strip(), _column(row, 1)
        tables.known_orgs[name] = (name, org_type)
        for alias in filter(None, (a.strip() for a in _column(row, 2).split(","))):
            tables.known_orgs.setdefault(alias, (name, org_type))


def _load_words(tables: Tables) -> None:
    for row in read_rows("titles.tsv"):
        tables.titles[row[0].strip()] = _column(row, 1) or "role"
        tables.title_forms[row[0].strip()] = _column(row, 2) or row[0].strip()
    surname_rows = list(read_rows("surnames.tsv"))
    tables.surnames = frozenset(row[0].strip() for row in surname_rows)
    tables.weak_surnames = frozenset(row[0].strip() for row in surname_rows if _column(row, 1) == "weak")
    for row in read_rows("entity_words.tsv"):
        word, category = row[0].strip(), _column(row, 1)
        tables.words.setdefault(category, set()).add(word)
        if category == "deictic":
            tables.deictic_level[word] = _column(row, 2)
        elif category == "admin_char":
            tables.admin_char_level[word] = _column(row, 2)
        elif category == "back_reference":
            tables.back_reference_types[word] = _column(row, 2)


@lru_cache(maxsize=1)
def get_tables() -> Tables:
    tables = Tables()
    _load_places(tables)
    _load_orgs(tables)
    _load_words(tables)
    tables.place_search = KeySearch(
        set(tables.places) | set(tables.place_shorts) | set(tables.risky_shorts)
    )
    tables.head_automaton = _automaton(tables.heads)
    central = {key for key, body in tables.bodies.items() if body.scope == "central"}
    tables.org_automaton = _automaton(set(tables.known_orgs) | central)
    tables.title_automaton = _automaton(tables.titles)
    return tables


def body_forms(tables: Tables, name: str) -> set[str]:
    """Every form the alias table gives for a body name (发展改革委 → 发改委, 发展和改革委员会)."""
    row = tables.bodies.get(name)
    if row is None:
        return {name}
    return set(tables.body_variants.get(row.full, {name})) | {name}
