"""Which organisation mentions name one body: the same innermost place and name without
places (成都市新都区X局 = 新都区X局), the same body through the alias table (发改委 =
发展改革委), a bare form of a fuller name (科技局 → 庐阳区科技局), an abbreviation
(西安光机所 → 中国科学院西安光学精密机械研究所). Bare heads (管委会) with no fuller form are
dropped; the fullest form names the body.
"""

from __future__ import annotations

from .entity_tables import get_tables
from .orgs import OrgMention


def _org_key(mention: OrgMention, tables) -> str:
    """One key per body: its innermost place and its name without places, body names
    folded through the alias table (成都市新都区X局 = 新都区X局; 发改委 = 发展改革委)."""
    bare = mention.bare or mention.name
    body = tables.bodies.get(bare)
    if body is not None and (mention.is_gov or body.scope == "central"):
        bare = body.full
    return (mention.place or "") + "|" + bare


def group_organisation_mentions(mentions: list[OrgMention]) -> list[list[OrgMention]]:
    """The mentions of each body, together."""
    tables = get_tables()
    groups: dict[str, list[OrgMention]] = {}
    for mention in mentions:
        groups.setdefault(_org_key(mention, tables), []).append(mention)
    _fold_bare_groups(groups, tables)
    _fold_abbreviations(groups, tables)
    by_name: dict[str, list[OrgMention]] = {}
    for group in groups.values():  # groups that end up with one name are one body
        if all(m.head_only for m in group):
            continue  # 管委会 alone, with no fuller name in the text, is no name
        by_name.setdefault(group_name(group), []).extend(group)
    return list(by_name.values())


def group_name(group: list[OrgMention]) -> str:
    """The fullest form names the body (成都市新都区…局 over 新都区…局, the full name over 西安光机所)."""
    return max(group, key=lambda m: (len(m.name), -m.start)).name


def _head_of(name: str, tables) -> str:
    return max((h for h in tables.heads if name.endswith(h)), key=len, default="")


def _is_abbreviation(short: str, full: str, tables) -> bool:
    """西安光机所 of 中国科学院西安光学精密机械研究所: the same last character, the first two
    characters together in the full name, every character in order, and a shortened head
    (南京大学 is no abbreviation of 南京航空航天大学)."""
    if len(short) < 3 or len(short) >= len(full) or short[-1] != full[-1] or short[:2] not in full:
        return False
    short_head, full_head = _head_of(short, tables), _head_of(full, tables)
    if not (len(short_head) < len(full_head) and full_head.endswith(short_head)):
        return False  # 所 shortens 研究所; 市委 is no short form of 委
    position = full.find(short[:2]) + 2
    for char in short[2:]:
        position = full.find(char, position) + 1
        if position == 0:
            return False
    return True


def _fold_abbreviations(groups: dict[str, list[OrgMention]], tables) -> None:
    names = {key: max((m.name for m in members), key=len) for key, members in groups.items()}
    # An abbreviation's full name ends with its last character and holds its first two:
    # only names that do are tried (trying every pair made long texts quadratic).
    by_last_and_pair: dict[tuple[str, str], list[str]] = {}
    for key, name in names.items():
        for pair in {name[i:i + 2] for i in range(len(name) - 1)}:
            by_last_and_pair.setdefault((name[-1], pair), []).append(key)
    for key in sorted(groups, key=lambda k: len(names[k])):
        if key not in groups:
            continue
        short = names[key]
        candidates = by_last_and_pair.get((short[-1:], short[:2]), ())
        targets = [other for other in candidates
                   if other in groups and other != key and _is_abbreviation(short, names[other], tables)]
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(key))


def _fold_bare_groups(groups: dict[str, list[OrgMention]], tables) -> None:
    """科技局 joins 庐阳区科技局, 智能传感器产业园 joins 庐阳智能传感器产业园, 宣传部 joins
    中共顺德区委宣传部, when only one fuller body has that bare name."""
    fuller = _FullerForms(groups, tables)
    for key in list(groups):
        group = groups[key]
        if any(m.place for m in group):
            continue
        bare_name = group[0].name
        bare_full = tables.bodies[bare_name].full if bare_name in tables.bodies else None
        targets = fuller.groups_with(bare_name, bare_full, group[0].type) - {key}
        if len(targets) == 1:
            target = targets.pop()
            fuller.move(groups[key], key, target)
            groups[target].extend(groups.pop(key))


class _FullerForms:
    """Which groups hold a fuller form of a bare name: a mention with a place whose bare
    name is it (or the same body by the alias table), or a longer name of the same type
    ending with it. Kept as lookups that follow the folding (scanning every group for
    every bare name made long texts quadratic)."""

    def __init__(self, groups: dict[str, list[OrgMention]], tables):
        self.tables = tables
        self.index: dict[tuple, set[str]] = {}
        for key, members in groups.items():
            for mention in members:
                for lookup in self._lookups(mention):
                    self.index.setdefault(lookup, set()).add(key)

    def _lookups(self, mention: OrgMention):
        if mention.place:
            yield "bare", mention.bare
            full = _full_body(mention, self.tables)
            if full:
                yield "full", full
        name = mention.name
        for length in range(3, len(name)):  # proper endings of three characters or more
            yield "ending", name[-length:], mention.type

    def groups_with(self, bare_name: str, bare_full: str | None, bare_type: str) -> set[str]:
        found = set(self.index.get(("bare", bare_name), ()))
        if bare_full:
            found |= self.index.get(("full", bare_full), set())
        if len(bare_name) >= 3:
            found |= self.index.get(("ending", bare_name, bare_type), set())
        return found

    def move(self, members: list[OrgMention], key: str, target: str) -> None:
        for mention in members:
            for lookup in self._lookups(mention):
                keys = self.index[lookup]
                keys.discard(key)
                keys.add(target)


def _full_body(mention: OrgMention, tables) -> str | None:
    body = tables.bodies.get(mention.bare or "")
    return body.full if body else None
