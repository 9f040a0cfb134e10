"""Every gold file in corpus/ is well-formed and honest to its article.

Checks follow the gold format of shared/gold/README.md: required fields and types, ISO dates
with start <= end, value_max only on ranges, allowed organisation types, Simplified strings,
and every gold text found in its article after the README's normalization (Simplified
script, width folded, quotes and spaces removed, 著 read as 着).

A corrupted article (pinyin after characters, mojibake) cannot be searched directly; when
its clean source is kept in corpus/.clean/<stem>.txt the texts are looked up there, else
(the reference article) only the structure is checked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import opencc
import pytest

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SOURCES = CORPUS / ".clean"  # hidden: batch runs over corpus/ skip it
GOLD_FILES = sorted(CORPUS.glob("*.gold.json"))

SECTIONS = ("figures", "dates", "organisations", "policy_terms", "persons", "locations", "unrecoverable")
APPROX = {"exact", "over", "about", "at_least", "at_most", "range"}
ORG_TYPES = {"company", "government", "university", "research", "bank", "park", "facility", "media", "other"}
ENCODINGS = ("utf-8", "gb18030", "big5")
QUOTES = set("\"'“”‘’「」『』")
# A character followed by its pinyin in brackets, the corruption the reference article shows.
PINYIN_AFTER_CHAR = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

_T2S = opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", _T2S.convert(text)).replace("著", "着")
    return "".join(c for c in folded if c not in QUOTES and not c.isspace())


def decodings(raw: bytes) -> list[str]:
    """Every strict decoding of the bytes among ENCODINGS (UTF-8 first when it works)."""
    texts = []
    for encoding in ENCODINGS:
        try:
            texts.append(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    assert texts, "article is in none of " + ", ".join(ENCODINGS)
    return texts


def gold_keys(gold: dict) -> list[str]:
    keys = [item["text"] for section in ("figures", "dates") for item in gold[section]]
    keys += [item["term"] for item in gold["policy_terms"]]
    keys += [item["name"] for section in ("organisations", "persons", "locations") for item in gold[section]]
    return keys


def decode(raw: bytes, gold: dict) -> str:
    # Big5 bytes also decode, as nonsense, under GB18030: keep the reading the gold agrees with.
    keys = [normalize(key) for key in gold_keys(gold)]
    return max(decodings(raw), key=lambda text: sum(key in normalize(text) for key in keys))


def is_iso(value) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def article_path(gold_path: Path) -> Path:
    return gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt")


def searchable_text(gold_path: Path, gold: dict) -> str | None:
    """The normalized text gold strings must occur in, or None when only a corrupted copy exists."""
    text = decode(article_path(gold_path).read_bytes(), gold)
    if not PINYIN_AFTER_CHAR.search(text) and "\ufffd" not in text:
        return normalize(text)
    clean = SOURCES / article_path(gold_path).name
    return normalize(decode(clean.read_bytes(), gold)) if clean.exists() else None


def gold_ids():
    return [p.relative_to(CORPUS).as_posix() for p in GOLD_FILES]


@pytest.fixture(scope="module", params=GOLD_FILES, ids=gold_ids())
def gold_case(request):
    return request.param, load(request.param)


def test_corpus_has_gold_files():
    assert len(GOLD_FILES) >= 6


def test_top_level_fields(gold_case):
    path, gold = gold_case
    assert gold["article"] == article_path(path).name
    assert article_path(path).exists(), "gold without its article"
    assert is_iso(gold["reference_date"])
    for section in SECTIONS:
        assert isinstance(gold.get(section, []), list), section


def test_figures(gold_case):
    _, gold = gold_case
    for item in gold["figures"]:
        label = item.get("text")
        assert isinstance(label, str) and label, item
        assert isinstance(item["value"], (int, float)) and not isinstance(item["value"], bool), label
        assert item["value"] >= 0, label
        assert isinstance(item["unit"], str) and item["unit"], label
        assert item["approx"] in APPROX, label
        assert isinstance(item["measure"], str) and item["measure"], label
        assert isinstance(item["must"], bool), label
        if item["approx"] == "range":
            assert item["value_max"] > item["value"], label
        else:
            assert "value_max" not in item, label


def test_dates(gold_case):
    _, gold = gold_case
    for item in gold["dates"]:
        label = item.get("text")
        assert isinstance(label, str) and label, item
        assert isinstance(item["must"], bool), label
        assert ("start" in item) == ("end" in item), label
        if "start" in item:
            assert is_iso(item["start"]) and is_iso(item["end"]), label
            assert item["start"] <= item["end"], label
        else:
            # Only vague expressions go without bounds, and those are never required.
            assert item["must"] is False, label


def test_organisations(gold_case):
    _, gold = gold_case
    for item in gold["organisations"]:
        assert isinstance(item["name"], str) and item["name"], item
        assert item["type"] in ORG_TYPES, item["name"]
        assert all(isinstance(a, str) and a for a in item["aliases"]), item["name"]
        assert isinstance(item["must"], bool), item["name"]


def test_persons_locations_policy_terms(gold_case):
    _, gold = gold_case
    for item in gold["persons"]:
        assert isinstance(item["name"], str) and item["name"], item
        for field in ("title", "organisation"):
            assert item.get(field) is None or isinstance(item[field], str), item["name"]
        assert isinstance(item["must"], bool), item["name"]
    for item in gold["locations"]:
        assert isinstance(item["name"], str) and item["name"], item
        assert all(isinstance(a, str) and a for a in item["aliases"]), item["name"]
        assert isinstance(item["must"], bool), item["name"]
    for item in gold["policy_terms"]:
        assert isinstance(item["term"], str) and item["term"], item
        assert item.get("definition") is None or isinstance(item["definition"], str), item["term"]
        assert isinstance(item["must"], bool), item["term"]


def test_unrecoverable(gold_case):
    _, gold = gold_case
    for item in gold.get("unrecoverable", []):
        assert "?" in item["context"], item
        assert isinstance(item["note"], str) and item["note"], item


def test_no_duplicate_items(gold_case):
    # The scorer works on distinct items: two gold items with one normalized text would
    # make one of them unmatchable.
    _, gold = gold_case
    for section, key in (("figures", "text"), ("dates", "text"), ("policy_terms", "term"),
                         ("organisations", "name"), ("persons", "name"), ("locations", "name")):
        keys = [normalize(item[key]) for item in gold[section]]
        assert len(keys) == len(set(keys)), (section, sorted(k for k in keys if keys.count(k) > 1))


def test_gold_strings_are_simplified(gold_case):
    _, gold = gold_case
    for section, fields in (("figures", ("text", "measure")), ("dates", ("text",)),
                            ("organisations", ("name",)), ("persons", ("name", "title", "organisation")),
                            ("locations", ("name",)), ("policy_terms", ("term", "definition"))):
        for item in gold[section]:
            for field in fields:
                value = item.get(field)
                if value:
                    assert _T2S.convert(value) == value, (section, value)


def test_gold_texts_occur_in_article(gold_case):
    path, gold = gold_case
    text = searchable_text(path, gold)
    if text is None:
        pytest.skip("corrupted article without a clean source: structure checked only")
    missing = []
    for section, key in (("figures", "text"), ("dates", "text"), ("policy_terms", "term")):
        missing += [(section, item[key]) for item in gold[section] if normalize(item[key]) not in text]
    missing += [("definition", item["definition"]) for item in gold["policy_terms"]
                if item.get("definition") and normalize(item["definition"]) not in text]
    for section in ("organisations", "persons", "locations"):
        for item in gold[section]:
            names = [item["name"], *item.get("aliases", [])]
            if not any(normalize(name) in text for name in names):
                missing.append((section, item["name"]))
    assert not missing


def test_figure_texts_hold_a_number(gold_case):
    # A figure is a quantity stated with a number, Arabic or Chinese.
    _, gold = gold_case
    numeral = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]")
    for item in gold["figures"]:
        assert numeral.search(item["text"]), item["text"]


def test_sidecar_metadata_matches_reference_date():
    sidecars = sorted(CORPUS.glob("*.meta.json"))
    assert sidecars, "some articles carry metadata"
    for sidecar in sidecars:
        meta = load(sidecar)
        stem = sidecar.name.removesuffix(".meta.json")
        assert is_iso(meta["published"]) and isinstance(meta["title"], str) and meta["title"]
        assert (CORPUS / f"{stem}.txt").exists(), sidecar.name
        gold_path = CORPUS / f"{stem}.gold.json"
        if gold_path.exists():
            assert load(gold_path)["reference_date"] == meta["published"], sidecar.name


def _variant(path: Path) -> str:
    raw = article_path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "legacy_encoding"
    if PINYIN_AFTER_CHAR.search(text):
        return "corrupted"
    return "traditional" if _T2S.convert(text) != text else "simplified"


def test_corpus_covers_the_variants():
    variants = {_variant(p) for p in CORPUS.glob("*.gold.json")}
    assert {"simplified", "traditional", "legacy_encoding", "corrupted"} <= variants


def test_reference_year_is_stated_where_no_metadata_gives_it(gold_case):
    # Without a sidecar the reference date must be what the text implies: its year at least
    # has to be written out somewhere, or 今年/去年 could not be resolved from the text.
    path, gold = gold_case
    if path.with_name(path.name.removesuffix(".gold.json") + ".meta.json").exists():
        pytest.skip("reference date given by the sidecar")
    year = gold["reference_date"][:4] + "年"
    assert any(year in text for text in decodings(article_path(path).read_bytes()))
