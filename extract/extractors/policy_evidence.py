"""Evidence that a quoted phrase names a policy thing, and the scored decision.

Each piece of evidence is a named `Feature` with a weight; a phrase is a policy term when the
weights add up to `ACCEPT_SCORE`. The names of the positive features go into
`PolicyTerm.evidence`, so every decision can be read back ("head:工作机制", "numbered",
"verb:落实", "defined").

Why these features: government news quotes two kinds of things. Names of programmes are
followed by what they are (“五个一”工作机制, “都市科创”行动), are numbered (五个一, 2+3+X),
end like names (项目攻坚年, 要素保卫战, 项目为王), are governed by the verbs of carrying out
policy (落实, 开展, 打造) or are parallel slogans (大干项目、大抓招商). Rhetorical quotes are
short concrete nouns (“门”, “沃土”, “星火”), possessed figures (发展的“冲锋号”), nicknames
(有“人造太阳”之称) or parts of place names (“科大硅谷”庐阳园区).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Optional

from . import policy_tables as tables
from .quotes import QUOTE_MARKS, Quote

# ----------------------------------------------------------------- weights and limits
ACCEPT_SCORE = 3.0
W_VERB = 1.5
W_NUMBERED = 2.5          # two numerals in a short name: 五个一, 四送一服, 一企一策
W_NUMBERED_PLUS = 3.0     # 2+3+X, 1+N
W_DOUBLE = 2.0            # 双招双引 is numbered; 双碳, 双增长 are this weaker 双X form
W_PARALLEL = 3.0          # 大干项目、大抓招商
W_DEFINED = 3.0           # “五个一”工作机制，即一个项目、一名领导…
W_DEFINED_COUNT = 0.5     # …and 五个一 announces the five parts the definition lists
W_VOCAB = 4.0
W_CONTAINS_VOCAB = 1.5     # 专精特新贷, 承诺制+容缺办理: a known name inside
W_COMPOUND = 2.5          # 信用+风险, 科学家+工程师: names joined with +
W_BRAND = 1.0             # 晋e融: Latin letters inside a Chinese name make a brand
W_REPEATED = 1.0          # quoted more than once in the article
W_CLAUSE_START = 1.0      # the quote opens a clause: “未来科学城建设”作为其中一类…
W_STANDALONE = 2.0        # …and is the whole clause: “科技打头阵”，塑造发展新动能
W_BY_LENGTH = {1: -9.0, 2: -2.0, 3: -1.0}
W_NICKNAME = -3.0         # 有“人造太阳”之称
W_POSSESSED = -1.0        # 发展新质生产力的“冲锋号”
W_NAME_PART = -4.0        # “科大硅谷”庐阳园区: part of a place or organisation name
W_MANNER = -2.0           # “保姆式”“面对面”服务: how a service is given, not its name

# Penalties that belong to the phrase itself (not to one mention's context): they count
# once when the evidence of several mentions is pooled.
INTRINSIC_PENALTIES = ("short:", "manner")

MAX_NAME_CHARS = 16       # longer quotes are speech unless they are parallel slogans
MAX_HEAD_MODIFIER = 4     # “金色驿站”金融机构服务平台: 金融机构 sits between name and head
MAX_DEFINITION_CHARS = 60
MIN_STANDALONE_CHARS = 4
PARALLEL_ITEMS = (2, 6)
PARALLEL_ITEM_CHARS = (2, 6)
LONG_PARALLEL_ITEM_CHARS = 10

CJK = r"\u4e00-\u9fff"
CLAUSE_OPENERS = frozenset("，。；！？,;!?\n")
CLAUSE_CLOSERS = frozenset("，。；！？,;!?\n")
# Chars that cannot sit between a name and its head noun (“人造太阳”所在的合肥…).
MODIFIER_STOP = frozenset("的了是在将把被和与及对从向着过都也就要已正还又很更最所而并或等暨")
SPEECH_PUNCTUATION = re.compile(r"[。！？；：!?;:]")
# Plural and place pronouns mark speech; a lone 我 does not (“我为群众办实事”).
SPEECH_PRONOUNS = re.compile(r"我们|咱们|你们|他们|她们|这里|那里|大家")
NUMERAL_RUN = re.compile(r"[一二两三四五六七八九十百千万双]+|[0-9]+")
PLUS_NAME = re.compile(r"[0-9A-Za-z一二三四五六七八九十]+(?:\+[0-9A-Za-z一二三四五六七八九十]+)+")
PLAN_NAME = re.compile(r"十[一二三四五六七八九]五")
# 一企一策, 一河一策, 一村一品: "one X, one Y" where Y is an administrative unit of handling.
ONE_EACH_NAME = re.compile(r"一[^一二两三四五六七八九十]一[策品档议案业证码表员长规图单]")
ARTICLES_NAME = re.compile(r"新?[一二三四五六七八九十百]+[条项]")  # “十二条”措施, “新十条”
COMPOUND_NAME = re.compile(rf"[{CJK}A-Za-z0-9]+(?:\+[{CJK}A-Za-z0-9]+)+")
BRAND_NAME = re.compile(rf"[{CJK}][A-Za-z]+[{CJK}]|^[A-Za-z][{CJK}]{{1,4}}$|^[{CJK}]{{1,4}}[A-Za-z]$")
COUNTED_NAME = re.compile(r"[两三四五六七八九十][个大项张](?:[^一二两三四五六七八九十]{2,4})")
DOUBLE_NAME = re.compile(r"双[^双]{1,3}")
# Manner words: X式 (保姆式, 一站式) and A-x-A (面对面, 点对点, 一对一, 手把手).
MANNER_WORD = re.compile(r"[^式]{1,3}式|(.)[对把贴连到](\1)")
NICKNAME_AFTER = re.compile(r"^(?:之称|之誉|的美誉|的美称|美誉)")
NICKNAME_BEFORE = re.compile(r"(?:被誉为|号称|素有|堪称|被称为|誉为|称为)$")
NAME_PART_AFTER = re.compile(
    rf"^[{CJK}]{{0,6}}?(?:园区|产业园|科技园|工业园|创业园|孵化器|公司|集团|大学|学院|研究院|"
    r"研究所|医院|银行|大厦|广场|小镇|街区|号线)")
DEFINITION_MARKER = re.compile(r"^[，,]?\s*(?:即|也就是|就是|是指|指的是)[：:]?")
DEFINITION_BODY = re.compile(r"[^，。；！？,;!?\n（）()]+")
PAREN_DEFINITION = re.compile(r"^[（(]([^）)\n]+)[）)]")
COLON_DEFINITION = re.compile(r"^[：:]([^。；！？\n]+)")
POSSESSED_HEADS = ("目标", "战略", "理念", "定位")
WHITESPACE = re.compile(r"\s+")
PARALLEL_SEPARATORS = re.compile(r"[、，,]")
# Quoted phrases and terms recur within an article and across articles; what depends on
# the phrase alone is judged once per phrase (bounded caches of pure functions).
PHRASE_CACHE_SIZE = 1 << 14
CHINESE_COUNT = {"两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Feature:
    name: str
    weight: float
    kind: Optional[str] = None


# Features that carry nothing but their name, made once.
CLAUSE_START = Feature("clause-start", W_CLAUSE_START)
STANDALONE = Feature("standalone", W_STANDALONE, "slogan")
NICKNAME = Feature("nickname", W_NICKNAME)
POSSESSED = Feature("possessed", W_POSSESSED)
NAME_PART = Feature("name-part", W_NAME_PART)
DEFINED = Feature("defined", W_DEFINED)
DEFINED_COUNT = Feature("defined:count", W_DEFINED_COUNT)
# A numbered name holds a numeral, a digit, 双 or +; the rest need no look (see numbered_feature).
NUMBERED_CHARS = re.compile(r"[0-9一二两三四五六七八九十百千万双+]")
ANY_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(QUOTE_MARKS))) + "]")


@lru_cache(maxsize=None)
def head_feature(head: tables.Head) -> Feature:
    return Feature(f"head:{head.text}", head.weight, head.kind)


@lru_cache(maxsize=None)
def verb_feature(verb: str) -> Feature:
    return Feature(f"verb:{verb}", W_VERB)


@dataclass
class Judgement:
    """The decision on one quoted mention."""

    quote: Quote
    term: str
    features: list[Feature] = field(default_factory=list)
    head: Optional[str] = None
    definition: Optional[str] = None

    @property
    def score(self) -> float:
        return sum(feature.weight for feature in self.features)


# ----------------------------------------------------------------- candidates

def canonical(content: str) -> str:
    return WHITESPACE.sub("", content)


@lru_cache(maxsize=PHRASE_CACHE_SIZE)
def candidate_term(content: str) -> Optional[str]:
    """The canonical term of a quoted phrase, None when it cannot be a name at all."""
    term = canonical(content)
    if not term or is_speech(content):
        return None
    return term


@lru_cache(maxsize=PHRASE_CACHE_SIZE)
def is_speech(content: str) -> bool:
    """Reported speech and whole sentences are not names (their inner quotes may be)."""
    if is_parallel(content):
        return False
    if len(content) > MAX_NAME_CHARS or SPEECH_PRONOUNS.search(content):
        return True
    return bool(SPEECH_PUNCTUATION.search(content) or "，" in content or "," in content)


def is_parallel(content: str) -> bool:
    """A slogan of parallel parts: 大干项目、大抓招商 / 招得来、落得下、发展好 /
    企业办事不出园区、群众办事不出社区 (longer parts must mirror each other char by char)."""
    if PARALLEL_SEPARATORS.search(content) is None:
        return False  # one part only
    items = PARALLEL_SEPARATORS.split(content)
    low, high = PARALLEL_ITEMS
    if not low <= len(items) <= high or SPEECH_PRONOUNS.search(content):
        return False
    sizes = [len(item) for item in items]
    shortest, longest = PARALLEL_ITEM_CHARS
    if min(sizes) < shortest or max(sizes) - min(sizes) > 1:
        return False
    return max(sizes) <= longest or (max(sizes) <= LONG_PARALLEL_ITEM_CHARS and _mirrored(items))


def _mirrored(items: list[str]) -> bool:
    """Equal-length parts sharing at least half their chars at the same places."""
    if len({len(item) for item in items}) != 1:
        return False
    same = sum(len({item[i] for item in items}) == 1 for i in range(len(items[0])))
    return same * 2 >= len(items[0])


def numbered_feature(content: str) -> Optional[Feature]:
    if NUMBERED_CHARS.search(content) is None:
        return None
    if PLUS_NAME.fullmatch(content):
        return Feature("numbered", W_NUMBERED_PLUS, "mechanism")
    if PLAN_NAME.fullmatch(content):
        return Feature("numbered", W_NUMBERED_PLUS, "target")
    if ONE_EACH_NAME.fullmatch(content):
        return Feature("numbered", W_NUMBERED_PLUS, "mechanism")
    if ARTICLES_NAME.fullmatch(content):
        return Feature("numbered:articles", W_NUMBERED, "concept")
    if len(content) <= 8 and len(NUMERAL_RUN.findall(content)) >= 2:
        return Feature("numbered", W_NUMBERED, "mechanism")
    if COUNTED_NAME.fullmatch(content):
        return Feature("numbered", W_NUMBERED, "concept")
    if DOUBLE_NAME.fullmatch(content):
        return Feature("numbered:双", W_DOUBLE, "target")
    return None


# ----------------------------------------------------------------- context

def head_after(text: str, position: int, max_modifier: int = MAX_HEAD_MODIFIER) -> Optional[tuple[tables.Head, int]]:
    """The head noun following `position` (after an optional 等 and a short modifier)."""
    if text.startswith("等", position):
        position += 1
    elif text.startswith("的", position) and text.startswith(POSSESSED_HEADS, position + 1):
        position += 1  # 建设“湾区储能之都”的目标
    window = text[position:position + max_modifier + 6]
    match = tables.head_pattern("after").search(window)
    if match is None:
        return None
    modifier = window[:match.start()]
    if len(modifier) > max_modifier or not _plain_modifier(modifier):
        return None
    return tables.head_by_text("after")[match.group()], position + match.end()


def _plain_modifier(modifier: str) -> bool:
    return all("\u4e00" <= char <= "\u9fff" and char not in MODIFIER_STOP for char in modifier)


def governing_verb(text: str, position: int) -> Optional[str]:
    """A governing verb right before `position` (a 了 may sit between: 组建了“…”)."""
    verb = tables.verb_ending_at(text, position)
    if verb is None and position > 0 and text[position - 1] == "了":
        verb = tables.verb_ending_at(text, position - 1)
    return verb


def definition_after(text: str, position: int) -> Optional[str]:
    """A definition right after a name: ，即A、B、C / （A、B、C） / ：A、B、C."""
    rest = text[position:position + MAX_DEFINITION_CHARS + 8]
    marker = DEFINITION_MARKER.match(rest)
    if marker:
        body = DEFINITION_BODY.match(rest, marker.end())
        return body.group().strip() if body else None
    for pattern in (PAREN_DEFINITION, COLON_DEFINITION):
        found = pattern.match(rest)
        # Without a marker only an enumeration defines: “门”（校门） is a gloss, not a definition.
        if found and "、" in found.group(1):
            return found.group(1).strip()
    return None


def counted_items(term: str) -> Optional[int]:
    """How many parts a numbered name announces: 五个一 -> 5."""
    return CHINESE_COUNT.get(term[0]) if len(term) > 1 and term[1] in "个项大" else None


# ----------------------------------------------------------------- the judgement

class Context(NamedTuple):
    """What surrounds a quote: the verb before it and the head noun after it (one per quote:
    a named tuple, cheaper to make than a frozen dataclass)."""

    verb: Optional[str]
    head: Optional[tables.Head]
    head_end: Optional[int]


def context_of(text: str, first: Quote, last: Quote) -> Context:
    """The verb before `first` and the head after `last` (the same quote, or a list of quotes)."""
    head = head_after(text, last.end)
    return Context(governing_verb(text, first.start), head[0] if head else None, head[1] if head else None)


def judge(text: str, quote: Quote, context: Optional[Context] = None) -> Optional[Judgement]:
    """Weigh the evidence for one quoted phrase; None when it cannot be a name at all.

    `context` defaults to the quote's own; a list of quotes joined by 、 shares one
    (开展“四送一服”、“双招双引”等活动: each member gets 开展 and 活动).
    """
    term = candidate_term(quote.content(text))
    if term is None:
        return None
    context = context or context_of(text, quote, quote)
    judgement = Judgement(quote, term, list(intrinsic_features(term)))
    add = judgement.features.append
    if context.head:
        judgement.head = context.head.text
        add(head_feature(context.head))
    if context.verb:
        add(verb_feature(context.verb))
    _position(text, quote, term, add)
    if not context.head:
        _figurative(text, quote, add)
    judgement.definition = definition_after(text, _definition_start(text, quote, context))
    if judgement.definition and "、" in judgement.definition:
        add(DEFINED)
        expected = counted_items(term)
        if expected and expected == len(judgement.definition.split("、")):
            add(DEFINED_COUNT)
    return judgement


def _definition_start(text: str, quote: Quote, context: Context) -> int:
    """After the head when it is this quote's own; in a list (“A”、“B”等活动) only the last
    quote reaches the head, the others are defined right after themselves."""
    if context.head_end is None or ANY_QUOTE_MARK.search(text, quote.end, context.head_end):
        return quote.end
    return context.head_end


@lru_cache(maxsize=PHRASE_CACHE_SIZE)
def intrinsic_features(term: str) -> tuple[Feature, ...]:
    """The evidence of `_intrinsic`, once per term (features are immutable, so shared)."""
    features: list[Feature] = []
    _intrinsic(term, features.append)
    return tuple(features)


def _intrinsic(term: str, add) -> None:
    """Evidence from the phrase itself: vocabulary, numbering, parallelism, ending, length."""
    entry = tables.vocabulary().get(term)
    if entry:
        add(Feature("vocab", W_VOCAB, entry.kind))
    elif len(term) >= 4:  # a contained name of four or more characters
        contained = [hit[2] for hit in tables.vocab_hits(term) if len(hit[2]) >= 4]
        if contained:
            add(Feature(f"contains:{contained[0]}", W_CONTAINS_VOCAB))
    numbered = numbered_feature(term)
    if numbered:
        add(numbered)
    if is_parallel(term):
        add(Feature("parallel", W_PARALLEL, "slogan"))
    if not numbered or numbered.name != "numbered":
        if COMPOUND_NAME.fullmatch(term):
            add(Feature("compound", W_COMPOUND, "mechanism"))
    if BRAND_NAME.search(term):
        add(Feature("brand", W_BRAND, "service"))
    head = tables.end_head_of(term)
    if head is not None:
        add(Feature(f"end:{head.text}", head.weight, head.kind))
    if len(term) in W_BY_LENGTH:
        add(Feature(f"short:{len(term)}", W_BY_LENGTH[len(term)]))
    if MANNER_WORD.fullmatch(term):
        add(Feature("manner", W_MANNER))


def _position(text: str, quote: Quote, term: str, add) -> None:
    before = text[quote.start - 1] if quote.start > 0 else "\n"
    after = text[quote.end] if quote.end < len(text) else "\n"
    if before in CLAUSE_OPENERS:
        add(CLAUSE_START)
        if after in CLAUSE_CLOSERS and len(term) >= MIN_STANDALONE_CHARS:
            add(STANDALONE)


def _figurative(text: str, quote: Quote, add) -> None:
    following = text[quote.end:quote.end + 10]
    preceding = text[max(0, quote.start - 4):quote.start]
    if NICKNAME_AFTER.match(following) or NICKNAME_BEFORE.search(preceding):
        add(NICKNAME)
    if preceding.endswith("的"):
        add(POSSESSED)
    if NAME_PART_AFTER.match(following):
        add(NAME_PART)


# ----------------------------------------------------------------- lists of quotes

def quote_lists(text: str, quotes: list[Quote]) -> list[list[Quote]]:
    """Group quotes written as a list (“A”、“B”和“C”) so they share verb and head."""
    groups: list[list[Quote]] = []
    for quote in quotes:
        if groups and _joined(text, groups[-1][-1], quote):
            groups[-1].append(quote)
        else:
            groups.append([quote])
    return groups


def _joined(text: str, left: Quote, right: Quote) -> bool:
    return left.depth == right.depth and text[left.end:right.start].strip() in {"、", "和", "与", "及", "以及", ""}


def judge_all(text: str, quotes: list[Quote]) -> list[Judgement]:
    judgements: list[Judgement] = []
    for group in quote_lists(text, quotes):
        shared = context_of(text, group[0], group[-1]) if len(group) > 1 else None
        for quote in group:
            judgement = judge(text, quote, shared)
            if judgement is not None:
                judgements.append(judgement)
    return judgements
