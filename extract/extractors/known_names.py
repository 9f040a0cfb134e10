"""Model spans the rules have no pattern for, accepted when the model knows the very name.

The rules find names by their shape (a place suffix, an organisation head, a title before
a person); names without one (中国, 东盟, 中共中央, 邓小平) are left to the statistical
model, whose own spans are too loose to take unchecked. The check: the span's text is in the
model's list of names it was trained on (`extract.ner` known names, MSRA train), with the
same label, and it overlaps nothing the rules found. Two more gates keep the project's
conventions: a place must be a country (…国) or one the place tables list (rivers, scenic
spots and the like, which MSRA marks LOC, are not places in our sense: 长江, 三峡), and an
organisation must be more than a bare head word (集团). On the project's articles this adds
nothing (their names all have shapes the rules know); on general news it restores most of
the model's recall (see benchmarks/NER_LAYERS.md).
"""

from __future__ import annotations

from .entity_tables import Tables
from .entity_tokens import SpanSet
from .orgs import OrgMention, model_span_type
from .persons import PersonMention
from .places import PlaceHit

MIN_CHARS = 2
COUNTRY_END = "国"  # 中国, 美国, 中华人民共和国


def known_name_mentions(text: str, model_spans, taken: SpanSet, tables: Tables):
    """(organisation, person, place) mentions for model spans whose text the model knows."""
    names = _known_names()
    orgs: list[OrgMention] = []
    persons: list[PersonMention] = []
    places: list[PlaceHit] = []
    for start, end, label in model_spans or ():
        surface = text[start:end]
        if len(surface) < MIN_CHARS or names.get(surface) != label or taken.overlaps(start, end):
            continue
        if label == "LOC":
            if not (surface.endswith(COUNTRY_END) or surface in tables.places):
                continue
            places.append(PlaceHit(start, end, surface, surface, "known", source="model"))
        elif label == "PER":
            persons.append(PersonMention(start, end, surface))
        else:
            if surface in tables.heads:
                continue
            org_type = model_span_type(surface, tables) or "other"
            orgs.append(OrgMention(start, end, surface, surface, org_type, set(), {"model"}, is_gov=org_type == "government"))
    return orgs, persons, places


def _known_names() -> dict[str, str]:
    from ..ner.model import load_model  # loaded (and cached) by ner_model already

    model = load_model()
    return model.gazetteer.names if model is not None else {}
