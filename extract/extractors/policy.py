"""The `policy_terms` component: named programmes, campaigns, mechanisms, slogans, planning
targets and designations → `doc._.policy_terms: list[PolicyTerm]`.

Three sources of terms, merged by canonical form:
1. quoted phrases judged on their evidence (`policy_evidence`);
2. vocabulary matches (`policy_vocab.tsv`, Aho-Corasick), quoted or not;
3. unquoted names closed by a head noun after a governing verb (组建科技招商专班).

Canonical form: a quoted or vocabulary name keeps its head apart (term 五个一, head 工作机制);
an unquoted name that exists only through its head keeps it (term 科技招商专班, head 专班).
Mentions span the name only (no quote marks, no head), in `doc.text` offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Mention, PolicyTerm
from . import policy_evidence as evidence
from . import policy_tables as tables
from ..nlp import doc_text
from .quotes import CLOSERS, QUOTE_MARKS, Quote, find_quotes, find_titles
from .occurrences import occurrences

Span = tuple[int, int]

# Kind chosen from the strongest kind-bearing evidence, in this order.
KIND_PRIORITY = ("head:", "vocab", "end:", "numbered", "parallel", "standalone")
MIN_REPEAT_CHARS = 3          # bare repeats of a quoted name are mentions when this long
MAX_UNQUOTED_NAME = 10
MIN_UNQUOTED_NAME = 2
UNQUOTED_LOOKBACK = 18
# A head followed by these is part of an office or a word: 改革委, 工程师, 计划生育.
HEAD_CONTINUATIONS = frozenset("委局办厅院所处科部组会师学生者员")
LEADING_FILLERS = re.compile(r"^(?:全区|全市|全县|全省|全镇|各类|各项|一系列|系列|相关|一批|多项|新一轮|新一批|了|好)+")
CONJUNCTIONS = re.compile(r"以及|和|与|及|、")
GENERIC_NAMES = frozenset(
    "体制 工作 长效 专项 联动 协调 常态化 制度 保障 服务 管理 考核 激励 约束 监督 责任 推进 "
    "联席会议 体制机制 协同 运行 决策 应急 创新 改革 发展 建设 各项 重点 重大 有关 相关 配套 "
    "综合 一体化 全链条 全过程 全方位 多元化 市场化 常态 日常 内部 基本".split())
GENERIC_ENDINGS = ("体制", "工作", "长效", "相关")
DROP_QUOTE_MARKS = {ord(mark): None for mark in QUOTE_MARKS}  # str.translate table


@dataclass
class _Draft:
    term: str
    kind: Optional[str] = None
    head: Optional[str] = None
    definition: Optional[str] = None
    evidence: list[str] = field(default_factory=list)
    spans: set[Span] = field(default_factory=set)

    def add_evidence(self, names: Iterable[str]) -> None:
        for name in names:
            if name not in self.evidence:
                self.evidence.append(name)


class _Terms:
    """Collects drafts by canonical term, skipping anything on lost text."""

    def __init__(self, text: str, lost: list[Span]):
        self.text = text
        self.drafts: dict[str, _Draft] = {}
        self._lost = _mask(len(text), lost)
        self._any_lost = any(self._lost)
        self._taken = bytearray(len(text))  # chars already inside some term's mention

    def on_lost_text(self, start: int, end: int) -> bool:
        return self._any_lost and self._lost.find(1, start, end) != -1

    def covered(self, start: int, end: int) -> bool:
        return self._taken.find(1, start, end) != -1

    def add(self, term: str, span: Span, kind: Optional[str], head: Optional[str],
            definition: Optional[str], evidence_names: Iterable[str]) -> None:
        draft = self.drafts.get(term)
        if draft is None:
            draft = self.drafts[term] = _Draft(term)
        draft.kind = draft.kind or kind
        draft.head = draft.head or head
        draft.definition = draft.definition or definition
        draft.add_evidence(evidence_names)
        self.add_mention(term, span)

    def add_mention(self, term: str, span: Span) -> None:
        self.drafts[term].spans.add(span)
        self._taken[span[0]:span[1]] = b"\x01" * (span[1] - span[0])

    def records(self) -> list[PolicyTerm]:
        records = []
        for draft in self.drafts.values():
            spans = sorted(draft.spans)
            records.append(PolicyTerm(
                term=draft.term, kind=draft.kind or "other", head=draft.head, definition=draft.definition,
                evidence=draft.evidence,
                mentions=[Mention(text=self.text[start:end], span=(start, end)) for start, end in spans],
            ))
        records.sort(key=lambda record: record.mentions[0].span[0])
        return records


def _mask(length: int, spans: Iterable[Span]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        start, end = max(0, start), min(length, end)
        if start < end:
            mask[start:end] = b"\x01" * (end - start)
    return mask


# ----------------------------------------------------------------- quoted names

def _kind_of(features: list[evidence.Feature]) -> Optional[str]:
    for prefix in KIND_PRIORITY:
        for feature in features:
            if feature.kind and feature.name.startswith(prefix):
                return feature.kind
    return "slogan" if any(feature.name.startswith("verb:") for feature in features) else None


def _term_score(judgements: list[evidence.Judgement]) -> float:
    """Best single mention, or the evidence of all mentions pooled (positives at their best,
    the length penalty once): a name may get its verb in one place and its head in another."""
    best = max(judgement.score for judgement in judgements)
    strongest: dict[str, float] = {"repeated": evidence.W_REPEATED} if len(judgements) > 1 else {}
    for judgement in judgements:
        for feature in judgement.features:
            if feature.weight > 0 or feature.name.startswith(evidence.INTRINSIC_PENALTIES):
                strongest[feature.name] = max(strongest.get(feature.name, feature.weight), feature.weight)
    return max(best, sum(strongest.values()))


def _add_quoted(terms: _Terms, text: str, quotes: list[Quote]) -> None:
    by_term: dict[str, list[evidence.Judgement]] = {}
    for judgement in evidence.judge_all(text, quotes):
        if not terms.on_lost_text(judgement.quote.start, judgement.quote.end):
            by_term.setdefault(judgement.term, []).append(judgement)
    for term, judgements in by_term.items():
        if _term_score(judgements) < evidence.ACCEPT_SCORE:
            continue
        features = [feature for judgement in judgements for feature in judgement.features]
        kind = _kind_of(features)  # once per term: a name quoted k times has k mentions
        for judgement in judgements:
            quote = judgement.quote
            terms.add(term, (quote.content_start, quote.content_end), kind,
                      judgement.head, judgement.definition,
                      [feature.name for feature in judgement.features if feature.weight > 0])
        if len(judgements) > 1:
            terms.drafts[term].add_evidence(["repeated"])


# ----------------------------------------------------------------- vocabulary

def _add_vocabulary(terms: _Terms, text: str) -> None:
    """Vocabulary names anywhere in the text.

    A name inside a longer accepted quoted name or a title (一窗受理 in “一表申请、一窗受理、
    一次办结”) is part of that name: it only adds a mention to a term found elsewhere.
    Run after the quoted names, whose mentions are the containers.
    """
    vocabulary = tables.vocabulary()
    containers = _Containers([span for draft in terms.drafts.values() for span in draft.spans] + find_titles(text))
    nested: list[tuple[str, Span]] = []
    for start, end, term in tables.vocab_hits(text):
        if terms.on_lost_text(start, end):
            continue
        if containers.contains_longer(start, end):
            nested.append((term, (start, end)))
            continue
        entry = vocabulary[term]
        names = ["vocab", f"source:{entry.source}"] if entry.source else ["vocab"]
        verb = evidence.governing_verb(text, _before_quote_marks(text, start))
        # The head must follow at once (quote marks skipped): 专精特新“小巨人”企业, 放管服改革.
        following = text[end:end + evidence.MAX_DEFINITION_CHARS].translate(DROP_QUOTE_MARKS)
        head = evidence.head_after(following, 0, max_modifier=0)
        if verb:
            names.append(f"verb:{verb}")
        if head:
            names.append(f"head:{head[0].text}")
        definition = evidence.definition_after(following, head[1] if head else 0)
        terms.add(term, (start, end), entry.kind, head[0].text if head else None, definition, names)
    for term, span in nested:
        if term in terms.drafts:
            terms.add_mention(term, span)


def _before_quote_marks(text: str, position: int) -> int:
    while position > 0 and text[position - 1] in QUOTE_MARKS:
        position -= 1
    return position


# ----------------------------------------------------------------- document titles

def _add_titles(terms: _Terms, text: str) -> None:
    """Policy documents named in 《》: 《西安高新区科技成果转化三年行动方案（2024—2026年）》."""
    endings = tables.heads_where("title")
    for start, end in find_titles(text):
        # The period in brackets is not part of the name.
        name_end = start + len(re.sub(r"[（(][^（）()]*[）)]$", "", text[start:end]))
        title = text[start:name_end]
        ending = next((head for head in endings
                       if title.endswith(head.text) and len(title) > len(head.text) + 1), None)
        if ending is None or terms.on_lost_text(start, end):
            continue
        terms.add(title, (start, name_end), ending.kind, ending.text, None, ["title", f"end:{ending.text}"])


class _Containers:
    """Spans that may contain others; `contains_longer(start, end)` tells whether one of them
    holds [start, end) and is longer, in O(log n) (a text has hundreds of names and hits)."""

    def __init__(self, spans: Iterable[Span]):
        spans = sorted(spans)
        self._starts = [start for start, _ in spans]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        for _, end in spans:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)
        self._end_at: dict[int, int] = {}  # start → the furthest end of spans starting there
        for start, end in spans:
            self._end_at[start] = max(end, self._end_at.get(start, end))

    def contains_longer(self, start: int, end: int) -> bool:
        before = bisect_left(self._starts, start)  # spans starting strictly before `start`
        if before and self._reach[before - 1] >= end:
            return True
        return self._end_at.get(start, end) > end


# ----------------------------------------------------------------- unquoted heads

def _add_unquoted(terms: _Terms, text: str, quotes: list[Quote]) -> None:
    """Verb + name + head without quotes: 组建科技招商专班, 深化高效办成一件事改革."""
    by_text = tables.head_by_text("unquoted")
    vocabulary = tables.vocabulary()
    # Inside a quoted name the quote's own judgement decides; inside reported speech not.
    in_names = _mask(len(text), ((q.content_start, q.content_end) for q in quotes
                                 if not evidence.is_speech(q.content(text))))
    for match in tables.head_pattern("unquoted").finditer(text):
        head_start, head_end = match.span()
        if in_names[head_start] or _head_taken(text, head_start, head_end):
            continue
        found = _verb_and_name(text, head_start)
        if found is None:
            continue
        verb, name_start = found
        name = text[name_start:head_start]
        head = by_text[match.group()]
        in_vocabulary = name in vocabulary
        term, span = (name, (name_start, head_start)) if in_vocabulary else (name + head.text, (name_start, head_end))
        if terms.on_lost_text(*span) or terms.covered(*span):
            continue
        names = [f"verb:{verb}", f"head:{head.text}", "unquoted"] + (["vocab"] if in_vocabulary else [])
        kind = vocabulary[name].kind if in_vocabulary else head.kind
        terms.add(term, span, kind, head.text, evidence.definition_after(text, head_end), names)


def _head_taken(text: str, start: int, end: int) -> bool:
    """Heads right after a quote belong to the quoted name; 改革委, 工程师 are other words."""
    return (start > 0 and text[start - 1] in CLOSERS) or (end < len(text) and text[end] in HEAD_CONTINUATIONS)


def _verb_and_name(text: str, head_start: int) -> Optional[tuple[str, int]]:
    """The nearest governing verb before the head, and where the name after it starts."""
    window_start = max(0, head_start - UNQUOTED_LOOKBACK)
    run_start = head_start
    while run_start > window_start and "\u4e00" <= text[run_start - 1] <= "\u9fff":
        run_start -= 1
    for verb_end in range(head_start - MIN_UNQUOTED_NAME, run_start, -1):
        verb = tables.verb_ending_at(text, verb_end)
        if verb is None or verb_end - len(verb) < run_start:
            continue
        name_start = _name_start(text, verb_end, head_start)
        return (verb, name_start) if name_start is not None else None
    return None


def _name_start(text: str, start: int, head_start: int) -> Optional[int]:
    """Where the name begins after the verb: fillers dropped, the last conjunct kept."""
    phrase = text[start:head_start]
    conjuncts = list(CONJUNCTIONS.finditer(phrase))
    offset = conjuncts[-1].end() if conjuncts else 0
    filler = LEADING_FILLERS.match(phrase[offset:])
    offset += filler.end() if filler else 0
    name = phrase[offset:]
    if not MIN_UNQUOTED_NAME <= len(name) <= MAX_UNQUOTED_NAME:
        return None
    if name in GENERIC_NAMES or name.endswith(GENERIC_ENDINGS) or any(c in evidence.MODIFIER_STOP for c in name):
        return None
    return start + offset


# ----------------------------------------------------------------- repeats

def _add_repeats(terms: _Terms, text: str) -> None:
    """Bare repeats of quoted names (“五个一”… then 五个一) are mentions too."""
    names = [draft.term for draft in terms.drafts.values() if len(draft.term) >= MIN_REPEAT_CHARS]
    repeats = occurrences(text, names)
    for name in names:  # in draft order: a name's mentions cover text before the next looks
        for span in repeats.get(name, ()):
            if not terms.covered(*span) and not terms.on_lost_text(*span):
                terms.add_mention(name, span)


# ----------------------------------------------------------------- entry points

def find_policy_terms(text: str, unrecoverable: Iterable[Span] = ()) -> list[PolicyTerm]:
    """All policy terms of a normalized text; spans overlapping `unrecoverable` are skipped."""
    terms = _Terms(text, [tuple(span) for span in unrecoverable or ()])
    quotes = find_quotes(text)
    _add_quoted(terms, text, quotes)
    _add_vocabulary(terms, text)
    _add_titles(terms, text)
    _add_unquoted(terms, text, quotes)
    _add_repeats(terms, text)
    return terms.records()


class PolicyTermsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.policy_terms = find_policy_terms(doc_text(doc), doc._.unrecoverable or ())
        return doc


@Language.factory("policy_terms")
def make_policy_terms(nlp: Language, name: str) -> PolicyTermsComponent:
    return PolicyTermsComponent()
