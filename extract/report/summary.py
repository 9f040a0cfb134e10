"""Corpus summary of a batch of records, accumulated one record at a time.

Computed over every record, also when the page embeds only a sample of the articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

SECTIONS = ("figures", "dates", "organisations", "persons", "locations", "policy_terms")
TOP_ORGANISATIONS = 30
TOP_MEASURES = 40


def item_mentions(section: str, item: dict) -> int:
    # Figures and dates are single mentions; named items count their listed mentions.
    if section in ("figures", "dates"):
        return 1
    return max(1, len(item.get("mentions") or []))


def _decimal(value: Any) -> Optional[Decimal]:
    try:
        return None if value is None or isinstance(value, bool) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@dataclass
class _Largest:
    count: int = 0
    value: Optional[Decimal] = None
    text: str = ""
    article: str = ""


@dataclass
class CorpusSummary:
    articles: int = 0
    failures: int = 0
    repairs: int = 0
    unrecoverable: int = 0
    repair_kinds: Counter = field(default_factory=Counter)
    failed: list[dict] = field(default_factory=list)
    items: Counter = field(default_factory=Counter)
    mentions: Counter = field(default_factory=Counter)
    articles_with: Counter = field(default_factory=Counter)
    largest: dict = field(default_factory=lambda: defaultdict(_Largest))
    org_mentions: Counter = field(default_factory=Counter)
    org_articles: Counter = field(default_factory=Counter)
    org_types: dict = field(default_factory=lambda: defaultdict(Counter))

    def add(self, record: dict, label: str) -> None:
        self.articles += 1
        if record.get("status") == "error":
            self.failures += 1
            for error in record.get("errors") or [{"stage": "?", "message": "error record"}]:
                self.failed.append({"path": label, "stage": error.get("stage"), "message": error.get("message")})
        repairs = record.get("repairs") or []
        self.repairs += len(repairs)
        self.repair_kinds.update(r.get("kind") or "?" for r in repairs)
        self.unrecoverable += len(record.get("unrecoverable") or [])
        for section in SECTIONS:
            items = record.get(section) or []
            self.items[section] += len(items)
            self.mentions[section] += sum(item_mentions(section, i) for i in items)
            self.articles_with[section] += bool(items)
        self._add_figures(record.get("figures") or [], label)
        self._add_organisations(record.get("organisations") or [])

    def _add_figures(self, figures: list[dict], label: str) -> None:
        for figure in figures:
            value = _decimal(figure.get("value"))
            largest = self.largest[(figure.get("measure") or "(no measure)", figure.get("unit") or "")]
            largest.count += 1
            if value is not None and (largest.value is None or value > largest.value):
                largest.value, largest.text, largest.article = value, figure.get("text") or "", label

    def _add_organisations(self, organisations: list[dict]) -> None:
        seen = set()
        for org in organisations:
            name = org.get("name") or ""
            self.org_mentions[name] += item_mentions("organisations", org)
            self.org_types[name][org.get("type") or "other"] += 1
            if name not in seen:
                seen.add(name)
                self.org_articles[name] += 1

    def add_unreadable(self, label: str, message: str) -> None:
        self.articles += 1
        self.failures += 1
        self.failed.append({"path": label, "stage": "read", "message": message})

    def to_json(self) -> dict:
        largest = sorted(self.largest.items(), key=lambda kv: (-kv[1].count, kv[0]))[:TOP_MEASURES]
        top_orgs = sorted(self.org_mentions.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ORGANISATIONS]
        return {
            "articles": self.articles,
            "ok": self.articles - self.failures,
            "failures": self.failures,
            "repairs": self.repairs,
            "unrecoverable": self.unrecoverable,
            "repair_kinds": dict(self.repair_kinds.most_common()),
            "failed": self.failed,
            "types": {
                s: {"items": self.items[s], "mentions": self.mentions[s], "articles": self.articles_with[s]}
                for s in SECTIONS
            },
            "largest_figures": [
                {
                    "measure": measure,
                    "unit": unit,
                    "count": top.count,
                    "value": None if top.value is None else _plain(top.value),
                    "text": top.text,
                    "article": top.article,
                }
                for (measure, unit), top in largest
            ],
            "top_organisations": [
                {
                    "name": name,
                    "type": self.org_types[name].most_common(1)[0][0],
                    "mentions": count,
                    "articles": self.org_articles[name],
                }
                for name, count in top_orgs
            ],
        }


def _plain(value: Decimal) -> str:
    # Shown as written digits (no exponent): 2.27E+10 -> "22700000000".
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
