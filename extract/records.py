"""Typed, validated records: the contract between the pipeline and everyone who reads its output.

Every item carries `span` ([start, end) into `text.normalized`) and `original_span`
([start, end) into `text.original`, filled by the pipeline from the offset map).
Quantities are `Decimal` internally and are written as plain JSON numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION = "1.0"


def _decimal_to_json(value: Decimal) -> int | float:
    # Integral values (the usual case once multipliers are applied) stay exact as ints;
    # fractional ones go through float, whose repr is the shortest round-tripping decimal.
    if value == value.to_integral_value():
        return int(value)
    return float(value)


JsonDecimal = Annotated[Decimal, PlainSerializer(_decimal_to_json, return_type=float, when_used="json")]
Span = tuple[int, int]

Approx = Literal["exact", "over", "about", "at_least", "at_most", "range"]
UnitKind = Literal[
    "currency", "count", "area", "mass", "length", "volume", "duration",
    "temperature", "energy", "power", "ratio", "percent", "other",
]
OrgType = Literal["company", "government", "university", "research", "bank", "park", "facility", "media", "other"]
PolicyKind = Literal["concept", "campaign", "mechanism", "slogan", "designation", "target", "service", "other"]
Granularity = Literal["day", "month", "quarter", "half_year", "year", "multi_year", "range", "season", "vague"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Model):
    text: str
    span: Span
    original_span: Optional[Span] = None


class Repair(_Model):
    kind: str = Field(description="pinyin, mojibake, mojibake_guess, punctuation, script, particle, ...")
    original_span: Span
    normalized_span: Span
    before: str
    after: str
    confidence: float = Field(ge=0.0, le=1.0)


class Unrecoverable(_Model):
    original_span: Span
    normalized_span: Span
    context: str = Field(description="the normalized text around the loss, '?' marking what is lost")
    note: str


class Figure(_Model):
    text: str
    value: JsonDecimal
    value_max: Optional[JsonDecimal] = None
    unit: str
    unit_kind: UnitKind
    approx: Approx = "exact"
    measure: Optional[str] = None
    span: Span
    original_span: Optional[Span] = None
    sentence: Optional[str] = None


class DateMention(_Model):
    text: str
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    granularity: Granularity
    vague: bool = False
    relative: bool = Field(False, description="resolved against the reference date")
    inferred: bool = Field(False, description="resolution relied on an inferred reference date")
    span: Span
    original_span: Optional[Span] = None


class Organisation(_Model):
    name: str
    type: OrgType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="which layers found it: rule, gazetteer, model")


class Person(_Model):
    name: str
    title: Optional[str] = None
    organisation: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)


class Location(_Model):
    name: str
    parent: Optional[str] = Field(None, description="the containing place, where the text gives it")
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)


class PolicyTerm(_Model):
    term: str
    kind: PolicyKind
    head: Optional[str] = Field(None, description="head noun kept apart: 五个一 + 工作机制")
    definition: Optional[str] = None
    evidence: list[str] = Field(default_factory=list, description="why this was judged a policy term")
    mentions: list[Mention] = Field(default_factory=list)


class Source(_Model):
    path: Optional[str] = None
    encoding: Optional[str] = None
    script: Optional[Literal["simplified", "traditional", "mixed", "unknown"]] = None
    url: Optional[str] = None
    title: Optional[str] = None


class ReferenceDate(_Model):
    value: Optional[dt.date] = None
    inferred: bool = False


class Text(_Model):
    original: str
    normalized: str


class ErrorInfo(_Model):
    stage: str = Field(description="read, normalize, analyse, validate, ...")
    message: str


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    article_id: str = Field(description="stable hash of the original bytes (or text for in-memory input)")
    status: Literal["ok", "error"] = "ok"
    source: Source = Field(default_factory=Source)
    reference_date: ReferenceDate = Field(default_factory=ReferenceDate)
    text: Optional[Text] = None
    repairs: list[Repair] = Field(default_factory=list)
    unrecoverable: list[Unrecoverable] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    persons: list[Person] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    policy_terms: list[PolicyTerm] = Field(default_factory=list)
    errors: list[ErrorInfo] = Field(default_factory=list)
