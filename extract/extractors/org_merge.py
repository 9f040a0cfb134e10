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
    for key in sorted(groups, key=lambda k: len(names[k])):
        if key not in groups:
            continue
        targets = [other for other in groups if other != key and _is_abbreviation(names[key], names[other], tables)]
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(key))


def _fold_bare_groups(groups: dict[str, list[OrgMention]], tables) -> None:
    """科技局 joins 庐阳区科技局, 智能传感器产业园 joins 庐阳智能传感器产业园, 宣传部 joins
    中共顺德区委宣传部, when only one fuller body has that bare name."""
    for key in list(groups):
        group = groups[key]
        if any(m.place for m in group):
            continue
        bare_name = group[0].name
        bare_full = tables.bodies[bare_name].full if bare_name in tables.bodies else None
        targets = [
            other for other, members in groups.items()
            if other != key and any(_is_fuller_form(m, bare_name, bare_full, group[0].type, tables) for m in members)
        ]
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(key))


def _is_fuller_form(mention: OrgMention, bare_name: str, bare_full: str | None, bare_type: str, tables) -> bool:
    if mention.place and (mention.bare == bare_name or (bare_full and _full_body(mention, tables) == bare_full)):
        return True
    return len(bare_name) >= 3 and mention.name != bare_name and mention.name.endswith(bare_name) and mention.type == bare_type


def _full_body(mention: OrgMention, tables) -> str | None:
    body = tables.bodies.get(mention.bare or "")
    return body.full if body else None
