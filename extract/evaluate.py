"""Score extraction records against hand-made gold files (`extract eval`).

The rules are the ones in the gold README (shared/gold/README.md), applied per article and
per section on distinct items:

* texts are compared after `normalize_for_match` (Simplified script, width folded, quotes
  and spaces removed, 著 read as 着);
* organisations and locations match on their name or any alias, on either side;
* figures also match when value and unit agree and one text contains the other; dates when
  start and end agree and one text contains the other;
* each gold item and each predicted item is used in at most one match (a maximum bipartite
  matching, preferring exact-text pairs), so a prediction cannot count twice;
* a prediction matching a `must: false` gold item is neutral; one matching nothing but lying
  on an `unrecoverable` context is excused (neither counts in the precision denominator);
  one matching only a `must` item already taken by another prediction is a duplicate (it
  counts against precision but is listed apart from false positives); the rest are false
  positives.

P = matched must / (predicted - neutral - excused), R = matched must / must, micro-averaged
over articles. Attribute accuracies are measured on the matched must pairs.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import orjson
import typer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .records import Approx, OrgType

SECTIONS = ("figures", "dates", "organisations", "persons", "locations", "policy_terms")

# Which field holds an item's name, and which holds its other names, per section.
KEY_FIELD = {
    "figures": "text",
    "dates": "text",
    "organisations": "name",
    "persons": "name",
    "locations": "name",
    "policy_terms": "term",
}
ALIAS_FIELD = {"organisations": "aliases", "locations": "aliases"}

# Quote marks the README says to ignore (full-width forms are folded to these by NFKC first).
QUOTE_CHARS = frozenset("\"'“”‘’「」『』〝〞〟‟„‚‹›«»")
CHAR_FOLDS = {"著": "着"}

# Match tiers, best first: same name, name/alias overlap, value-and-containment rule.
TIER_SAME_TEXT, TIER_ALIAS, TIER_EQUIVALENT = 0, 1, 2


# ---------------------------------------------------------------- normalization


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return "".join(CHAR_FOLDS.get(c, c) for c in folded if c not in QUOTE_CHARS and not c.isspace())


def _simplified(text: str) -> str:
    converted = _t2s().convert(text)
    # Phrase tables may change the length; fall back to char by char so offsets still align.
    if len(converted) != len(text):
        converted = "".join(_t2s().convert(c) or c for c in text)
    return converted


@lru_cache(maxsize=65536)
def normalize_for_match(text: Optional[str]) -> str:
    """The form two texts are compared in: '“科大硅谷”廬陽園區' -> '科大硅谷庐阳园区'."""
    if not text:
        return ""
    return "".join(_fold_char(c) for c in _simplified(str(text)))


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalize_for_match(text)` plus, per output char, the index of its source char."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(_simplified(text)):
        folded = _fold_char(char)
        out.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(out), offsets


# ---------------------------------------------------------------- items


@dataclass
class Item:
    """One distinct item of a section, reduced to what matching and attributes need."""

    key: str  # normalized name / text / term
    label: str  # as written, for reports
    names: frozenset[str]  # normalized name and aliases
    raw: dict
    must: bool = True
    spans: list[tuple[int, int]] = field(default_factory=list)


def _as_decimal(value: Any) -> Optional[Decimal]:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _as_iso(value: Any) -> Optional[str]:
    return None if value in (None, "") else str(value)[:10]


def _item_spans(section: str, raw: dict) -> list[tuple[int, int]]:
    spans = []
    if raw.get("span"):
        spans.append(tuple(raw["span"]))
    for mention in raw.get("mentions") or []:
        if isinstance(mention, dict) and mention.get("span"):
            spans.append(tuple(mention["span"]))
    return spans


def distinct_items(section: str, raws: Iterable[dict], *, gold: bool) -> list[Item]:
    """Items keyed by their normalized name; repeats merge (aliases and spans pooled)."""
    by_key: dict[str, Item] = {}
    for raw in raws:
        if not isinstance(raw, dict):
            continue
        label = str(raw.get(KEY_FIELD[section]) or "")
        key = normalize_for_match(label)
        if not key:
            continue
        aliases = raw.get(ALIAS_FIELD.get(section, ""), None) or []
        names = {key} | {normalize_for_match(a) for a in aliases if normalize_for_match(a)}
        must = bool(raw.get("must", True)) if gold else True
        item = by_key.get(key)
        if item is None:
            by_key[key] = Item(key, label, frozenset(names), raw, must, _item_spans(section, raw))
        else:
            item.names = item.names | names
            item.must = item.must or must
            item.spans.extend(_item_spans(section, raw))
    return list(by_key.values())


# ---------------------------------------------------------------- matching rules


def _contains_either(a: str, b: str) -> bool:
    return a in b or b in a


def _figures_equivalent(pred: Item, gold: Item) -> bool:
    value_p, value_g = _as_decimal(pred.raw.get("value")), _as_decimal(gold.raw.get("value"))
    if value_p is None or value_g is None or value_p != value_g:
        return False
    if normalize_for_match(pred.raw.get("unit")) != normalize_for_match(gold.raw.get("unit")):
        return False
    return _contains_either(pred.key, gold.key)


def _dates_equivalent(pred: Item, gold: Item) -> bool:
    same_bounds = _as_iso(pred.raw.get("start")) == _as_iso(gold.raw.get("start")) and _as_iso(
        pred.raw.get("end")
    ) == _as_iso(gold.raw.get("end"))
    return same_bounds and _contains_either(pred.key, gold.key)


EQUIVALENCE: dict[str, Callable[[Item, Item], bool]] = {
    "figures": _figures_equivalent,
    "dates": _dates_equivalent,
}


def match_tier(section: str, pred: Item, gold: Item) -> Optional[int]:
    """How well `pred` matches `gold` (lower is better), or None when it does not."""
    if pred.key == gold.key:
        return TIER_SAME_TEXT
    if pred.names & gold.names:
        return TIER_ALIAS
    rule = EQUIVALENCE.get(section)
    if rule is not None and rule(pred, gold):
        return TIER_EQUIVALENT
    return None


def max_matching(edges: list[list[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn); `edges[i]` lists right nodes in preference order.

    Left nodes whose best edge is strongest are placed first so exact pairs win ties.
    Returns {left: right}.
    """
    owner: list[Optional[int]] = [None] * n_right

    def place(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            if owner[right] is None or place(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(edges)):
        if edges[left]:
            place(left, set())
    return {left: right for right, left in enumerate(owner) if left is not None}


# ---------------------------------------------------------------- unrecoverable contexts


def _located_contexts(contexts: list[str], record_text: Optional[str]) -> list[tuple[int, int]]:
    """Spans of `record_text` (normalized record text) where a gold context occurs."""
    if not record_text:
        return []
    normalized, offsets = normalize_with_offsets(record_text)
    spans = []
    for context in contexts:
        if not context:
            continue
        start = normalized.find(context)
        while start != -1:
            end = start + len(context)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = normalized.find(context, start + 1)
    return spans


def _text_overlaps_context(key: str, context: str) -> bool:
    # Without spans: the prediction lies inside the context, covers it, or shares the lost part.
    if len(key) >= 2 and _contains_either(key, context):
        return True
    if "?" not in key:
        return False
    return any(context[i : i + 2] in key for i in range(len(context) - 1) if "?" in context[i : i + 2])


def overlaps_unrecoverable(item: Item, contexts: list[str], context_spans: list[tuple[int, int]]) -> bool:
    if item.spans and context_spans:
        return any(s < ce and cs < e for s, e in item.spans for cs, ce in context_spans)
    return any(_text_overlaps_context(item.key, c) for c in contexts if c)


# ---------------------------------------------------------------- attributes


def _figure_value_right(pred: dict, gold: dict) -> bool:
    same = (
        _as_decimal(pred.get("value")) == _as_decimal(gold.get("value"))
        and normalize_for_match(pred.get("unit")) == normalize_for_match(gold.get("unit"))
        and (pred.get("approx") or "exact") == (gold.get("approx") or "exact")
    )
    if same and (gold.get("approx") == "range" or gold.get("value_max") is not None):
        same = _as_decimal(pred.get("value_max")) == _as_decimal(gold.get("value_max"))
    return same


def _figure_measure_right(pred: dict, gold: dict) -> Optional[bool]:
    gold_measure = normalize_for_match(gold.get("measure"))
    if not gold_measure:
        return None  # nothing to judge against
    pred_measure = normalize_for_match(pred.get("measure"))
    return bool(pred_measure) and _contains_either(pred_measure, gold_measure)


def _date_bounds_right(pred: dict, gold: dict) -> bool:
    return _as_iso(pred.get("start")) == _as_iso(gold.get("start")) and _as_iso(pred.get("end")) == _as_iso(
        gold.get("end")
    )


def _org_type_right(pred: dict, gold: dict) -> Optional[bool]:
    return None if not gold.get("type") else pred.get("type") == gold.get("type")


def _show_figure(item: dict) -> str:
    shown = f"{item.get('value')}"
    if item.get("value_max") is not None:
        shown += f"-{item.get('value_max')}"
    return f"{shown} {item.get('unit')} {item.get('approx') or 'exact'}"


# name -> (section, judge(pred, gold) -> bool|None, how to show a value)
ATTRIBUTES: dict[str, tuple[str, Callable[[dict, dict], Optional[bool]], Callable[[dict], str]]] = {
    "figures.value": ("figures", _figure_value_right, _show_figure),
    "figures.measure": ("figures", _figure_measure_right, lambda i: str(i.get("measure"))),
    "dates.start_end": ("dates", _date_bounds_right, lambda i: f"{i.get('start')}..{i.get('end')}"),
    "organisations.type": ("organisations", _org_type_right, lambda i: str(i.get("type"))),
}


# ---------------------------------------------------------------- scoring


def _ratio(numerator: int, denominator: int, empty: float) -> float:
    return numerator / denominator if denominator else empty


def prf(matched: int, must: int, scored_predictions: int) -> dict[str, float]:
    # Nothing predicted means nothing wrong was predicted; nothing to find means nothing missed.
    precision = _ratio(matched, scored_predictions, 1.0)
    recall = _ratio(matched, must, 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


COUNT_FIELDS = ("must", "matched", "predicted", "neutral", "excused", "duplicates", "false_positives")


def score_section(
    section: str,
    predicted_raw: list[dict],
    gold_raw: list[dict],
    contexts: list[str],
    context_spans: list[tuple[int, int]],
) -> dict:
    predicted = distinct_items(section, predicted_raw, gold=False)
    golds = distinct_items(section, gold_raw, gold=True)
    must_golds = [g for g in golds if g.must]
    optional_golds = [g for g in golds if not g.must]

    ranked_edges = []
    for pred in predicted:
        tiers = [(match_tier(section, pred, g), j) for j, g in enumerate(must_golds)]
        ranked_edges.append(sorted((t, j) for t, j in tiers if t is not None))
    order = sorted(range(len(predicted)), key=lambda i: ranked_edges[i][0][0] if ranked_edges[i] else 9)
    pairs = max_matching([[j for _, j in ranked_edges[i]] for i in order], len(must_golds))
    matched = {order[left]: right for left, right in pairs.items()}

    neutral, excused, duplicates, false_positives = [], [], [], []
    for i, pred in enumerate(predicted):
        if i in matched:
            continue
        if any(match_tier(section, pred, g) is not None for g in optional_golds):
            neutral.append(pred.label)
        elif ranked_edges[i]:
            duplicates.append(pred.label)
        elif overlaps_unrecoverable(pred, contexts, context_spans):
            excused.append(pred.label)
        else:
            false_positives.append(pred.label)

    matched_gold = set(matched.values())
    result = {
        "must": len(must_golds),
        "matched": len(matched),
        "predicted": len(predicted),
        "neutral": len(neutral),
        "excused": len(excused),
        "duplicates": len(duplicates),
        "false_positives": len(false_positives),
        "misses": [g.label for j, g in enumerate(must_golds) if j not in matched_gold],
        "false_positive_items": false_positives,
        "duplicate_items": duplicates,
        "neutral_items": neutral,
        "excused_items": excused,
        "pairs": [(predicted[i].raw, must_golds[j].raw) for i, j in sorted(matched.items())],
    }
    result.update(prf(result["matched"], result["must"], result["predicted"] - result["neutral"] - result["excused"]))
    return result


def _attribute_tallies(section_results: dict[str, dict]) -> tuple[dict[str, list[int]], list[dict]]:
    tallies = {name: [0, 0] for name in ATTRIBUTES}
    errors = []
    for name, (section, judge, show) in ATTRIBUTES.items():
        for pred, gold in section_results[section]["pairs"]:
            verdict = judge(pred, gold)
            if verdict is None:
                continue
            tallies[name][1] += 1
            tallies[name][0] += int(verdict)
            if not verdict:
                errors.append(
                    {
                        "attribute": name,
                        "item": gold.get(KEY_FIELD[section]),
                        "gold": show(gold),
                        "predicted": show(pred),
                    }
                )
    return tallies, errors


def score_article(record: Optional[dict], gold: dict) -> dict:
    record = record or {}
    text = (record.get("text") or {}).get("normalized")
    contexts = [normalize_for_match(u.get("context")) for u in gold.get("unrecoverable") or []]
    context_spans = _located_contexts(contexts, text)
    sections = {
        section: score_section(section, record.get(section) or [], gold.get(section) or [], contexts, context_spans)
        for section in SECTIONS
    }
    tallies, attribute_errors = _attribute_tallies(sections)
    for result in sections.values():
        del result["pairs"]
    return {
        "article": gold.get("article"),
        "record_found": bool(record),
        "status": record.get("status") if record else "missing",
        "sections": sections,
        "attributes": {name: {"right": r, "total": t} for name, (r, t) in tallies.items()},
        "attribute_errors": attribute_errors,
        "overall": _summed(sections),
    }


def _summed(sections: dict[str, dict]) -> dict:
    """Counts over all sections, with their P/R/F1."""
    total = {f: sum(sections[s][f] for s in SECTIONS) for f in COUNT_FIELDS}
    total.update(prf(total["matched"], total["must"], total["predicted"] - total["neutral"] - total["excused"]))
    return total


def _micro(articles: list[dict]) -> tuple[dict, dict, dict]:
    sections = {s: {f: sum(a["sections"][s][f] for a in articles) for f in COUNT_FIELDS} for s in SECTIONS}
    for counts in sections.values():
        counts.update(
            prf(counts["matched"], counts["must"], counts["predicted"] - counts["neutral"] - counts["excused"])
        )
    overall = _summed(sections)
    attributes = {}
    for name in ATTRIBUTES:
        right = sum(a["attributes"][name]["right"] for a in articles)
        total = sum(a["attributes"][name]["total"] for a in articles)
        attributes[name] = {"right": right, "total": total, "accuracy": _ratio(right, total, 1.0) if total else None}
    return sections, overall, attributes


# ---------------------------------------------------------------- pairing records with gold


def _stem(name: str) -> str:
    base = Path(name).name
    for suffix in (".gold.json", ".json", ".txt"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return Path(base).stem


def _record_keys(record: dict) -> list[str]:
    path = (record.get("source") or {}).get("path") or ""
    keys = [Path(path).name, _stem(path)] if path else []
    if "#" in path:  # an article from a jsonl dump: "dump.jsonl#<id>"
        line_id = path.rsplit("#", 1)[1]
        keys += [line_id, _stem(line_id)]
    if record.get("article_id"):
        keys.append(str(record["article_id"]))
    return [k for k in keys if k]


def pair_records(records: list[dict], golds: list[dict]) -> tuple[list[tuple[Optional[dict], dict]], list[dict]]:
    """Each gold with its record (by file name, then stem); also the records no gold claims."""
    by_key: dict[str, int] = {}
    for index, record in enumerate(records):
        for key in _record_keys(record):
            # An ok record wins over an error record for the same article (e.g. a rerun).
            if key not in by_key or (records[by_key[key]].get("status") == "error" and record.get("status") != "error"):
                by_key[key] = index
    used: set[int] = set()
    pairs = []
    for gold in golds:
        article = str(gold.get("article") or "")
        index = by_key.get(Path(article).name, by_key.get(_stem(article)))
        if index is not None:
            used.add(index)
        pairs.append((records[index] if index is not None else None, gold))
    unpaired = [r for i, r in enumerate(records) if i not in used]
    return pairs, unpaired


def evaluate(records: list[dict], golds: list[dict]) -> dict:
    """Score `records` (dicts per extract/records.py) against gold dicts; JSON-ready result.

    >>> result = evaluate([record], [gold])
    >>> result["overall"]["f1"], result["sections"]["figures"]["precision"]
    """
    pairs, unpaired = pair_records(records, golds)
    articles = [score_article(record, gold) for record, gold in pairs]
    sections, overall, attributes = _micro(articles)
    return {
        "articles_scored": len(articles),
        "sections": sections,
        "overall": overall,
        "attributes": attributes,
        "articles": articles,
        "missing_records": [a["article"] for a in articles if not a["record_found"]],
        "records_without_gold": [(r.get("source") or {}).get("path") or r.get("article_id") for r in unpaired],
    }


# ---------------------------------------------------------------- input files


class EvalInputError(ValueError):
    pass


def load_records(path: Path) -> list[dict]:
    """Records from a .jsonl file (one per line) or a .json file (a record or a list)."""
    data = path.read_bytes()
    try:
        if path.suffix == ".jsonl":
            return [orjson.loads(line) for line in data.splitlines() if line.strip()]
        loaded = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise EvalInputError(f"{path}: not valid JSON ({error})") from error
    if isinstance(loaded, dict):
        loaded = loaded.get("records", [loaded])
    if not isinstance(loaded, list):
        raise EvalInputError(f"{path}: expected a record or a list of records")
    return loaded


class _GoldItem(BaseModel):
    # Hand-made gold files may carry notes or extra attributes; they are kept, not rejected.
    model_config = ConfigDict(extra="allow")
    must: bool = Field(True, description="true: to be found; false: acceptable, neither rewarded nor punished")


class GoldFigure(_GoldItem):
    text: str
    value: Optional[int | float] = None
    value_max: Optional[int | float] = None
    unit: Optional[str] = None
    approx: Approx = "exact"
    measure: Optional[str] = None


class GoldDate(_GoldItem):
    text: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None


class GoldOrganisation(_GoldItem):
    name: str
    type: Optional[OrgType] = None
    aliases: list[str] = Field(default_factory=list)


class GoldPerson(_GoldItem):
    name: str
    title: Optional[str] = None
    organisation: Optional[str] = None


class GoldLocation(_GoldItem):
    name: str
    aliases: list[str] = Field(default_factory=list)


class GoldPolicyTerm(_GoldItem):
    term: str
    definition: Optional[str] = None


class GoldUnrecoverable(BaseModel):
    model_config = ConfigDict(extra="allow")
    context: str = Field(description="normalized text around the loss, '?' marking what is lost")
    note: Optional[str] = None


class GoldFile(BaseModel):
    """One article's hand-made answers (the format of shared/gold/README.md)."""

    model_config = ConfigDict(extra="allow")
    article: str = Field(min_length=1, description="the article's file name, e.g. 000_0f9117bebd0753fc.txt")
    reference_date: Optional[dt.date] = None
    figures: list[GoldFigure] = Field(default_factory=list)
    dates: list[GoldDate] = Field(default_factory=list)
    organisations: list[GoldOrganisation] = Field(default_factory=list)
    persons: list[GoldPerson] = Field(default_factory=list)
    locations: list[GoldLocation] = Field(default_factory=list)
    policy_terms: list[GoldPolicyTerm] = Field(default_factory=list)
    unrecoverable: list[GoldUnrecoverable] = Field(default_factory=list)


def _check_gold(gold: Any, origin: str) -> dict:
    try:
        GoldFile.model_validate(gold)
    except ValidationError as error:
        raise EvalInputError(f"{origin}: not a valid gold object: {error}") from error
    return gold


def load_golds(path: Path) -> list[dict]:
    """Gold objects from a folder of `*.gold.json`, or one file (an object or a list of them)."""
    files = sorted(path.glob("*.gold.json")) if path.is_dir() else [path]
    if not files:
        raise EvalInputError(f"{path}: no *.gold.json files")
    golds = []
    for file in files:
        try:
            loaded = orjson.loads(file.read_bytes())
        except orjson.JSONDecodeError as error:
            raise EvalInputError(f"{file}: not valid JSON ({error})") from error
        for gold in loaded if isinstance(loaded, list) else [loaded]:
            golds.append(_check_gold(gold, str(file)))
    return golds


# ---------------------------------------------------------------- terminal output


def _pct(value: Optional[float]) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def render(result: dict, console=None) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(
        title=f"Scores over {result['articles_scored']} article(s), micro-averaged",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        padding=(0, 0, 0, 1),
    )
    table.add_column("section", no_wrap=True)
    # Short headers keep the table inside an 80-column terminal: hit = matched must items,
    # neut = neutral (must: false) matches, exc = excused (on an unrecoverable context).
    for column in ("must", "pred", "hit", "neut", "exc", "dup", "FP", "P", "R", "F1"):
        table.add_column(column, justify="right", no_wrap=True, min_width=5 if len(column) < 3 else None)
    rows = [(s, result["sections"][s]) for s in SECTIONS] + [("all", result["overall"])]
    for name, c in rows:
        counts = (c[f] for f in ("must", "predicted", "matched", "neutral", "excused", "duplicates", "false_positives"))
        table.add_row(
            name,
            *map(str, counts),
            _pct(c["precision"]),
            _pct(c["recall"]),
            _pct(c["f1"]),
            end_section=name == SECTIONS[-1],
        )
    console.print(table)

    attributes = Table(title="Attribute accuracy on matched items", box=box.SIMPLE_HEAD)
    for column in ("attribute", "right", "total", "accuracy %"):
        attributes.add_column(column, justify="left" if column == "attribute" else "right")
    for name, a in result["attributes"].items():
        attributes.add_row(name, str(a["right"]), str(a["total"]), _pct(a["accuracy"]))
    console.print(attributes)

    for article in result["articles"]:
        _render_article(article, console)
    if result["missing_records"]:
        console.print(f"[red]No record for:[/red] {', '.join(map(str, result['missing_records']))}")
    if result["records_without_gold"]:
        console.print(f"[dim]{len(result['records_without_gold'])} record(s) have no gold file[/dim]")


def _render_article(article: dict, console) -> None:
    from rich.markup import escape

    o = article["overall"]
    console.rule(
        f"{escape(str(article['article']))} ({article['status'] or 'ok'}): "
        f"P {_pct(o['precision'])} R {_pct(o['recall'])} F1 {_pct(o['f1'])}"
    )
    for section in SECTIONS:
        r = article["sections"][section]
        if r["misses"]:
            console.print(f"  [yellow]{section} missed[/yellow]: {escape('、'.join(r['misses']))}")
        if r["false_positive_items"]:
            console.print(f"  [red]{section} false positives[/red]: {escape('、'.join(r['false_positive_items']))}")
        if r["duplicate_items"]:
            console.print(f"  [magenta]{section} duplicates[/magenta]: {escape('、'.join(r['duplicate_items']))}")
    for e in article["attribute_errors"]:
        console.print(
            f"  [cyan]{e['attribute']}[/cyan] {escape(str(e['item']))}: "
            f"gold {escape(e['gold'])}, predicted {escape(e['predicted'])}"
        )


def eval_command(
    records: Path = typer.Argument(..., help="records: .jsonl (one per line) or .json", exists=True, dir_okay=False),
    gold: Path = typer.Option(
        ..., "--gold", help="folder of <article stem>.gold.json files (or one gold file)", exists=True
    ),
    json_: bool = typer.Option(False, "--json", help="print the full result as JSON"),
) -> None:
    """Score records against gold files: P/R/F1 per section, attribute accuracy, misses.

    Examples:

      extract eval --gold corpus/ out.jsonl

      extract eval --gold corpus/ out.jsonl --json > scores.json
    """
    try:
        result = evaluate(load_records(records), load_golds(gold))
    except EvalInputError as error:
        raise typer.BadParameter(str(error)) from error
    if json_:
        typer.echo(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
    else:
        render(result)
