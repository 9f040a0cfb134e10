"""The committed JSON Schemas match the models, and records written as JSON validate."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract.records import DateMention, Figure, Mention, Organisation, Record, Source, Text

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (test dependency) is not installed")

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"


@pytest.fixture(scope="module")
def gen_schema():
    spec = importlib.util.spec_from_file_location("gen_schema", REPO / "scripts" / "gen_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_schemas_are_current(gen_schema):
    stale = gen_schema.stale_files()
    assert not stale, f"stale {stale}: run python scripts/gen_schema.py and commit schemas/"


def sample_record() -> Record:
    text = "合肥市庐阳区今年新签约项目92个，协议投资额227亿元，同比增长12.5%。"
    return Record(
        article_id="sha256:0f9117bebd0753fc",
        source=Source(path="corpus/sample.txt", encoding="utf-8", script="simplified"),
        text=Text(original=text, normalized=text),
        figures=[
            Figure(text="92个", value=Decimal("92"), unit="个", unit_kind="count", measure="新签约项目", span=(12, 15)),
            Figure(text="227亿元", value=Decimal("2.27E+10"), unit="元", unit_kind="currency", span=(21, 26)),
            Figure(text="12.5%", value=Decimal("12.5"), unit="%", unit_kind="percent", span=(31, 36)),
        ],
        dates=[
            DateMention(
                text="今年",
                start=dt.date(2025, 1, 1),
                end=dt.date(2025, 12, 31),
                granularity="year",
                relative=True,
                span=(6, 8),
            )
        ],
        organisations=[
            Organisation(
                name="庐阳区发展改革委",
                type="government",
                aliases=["庐阳区发改委"],
                mentions=[Mention(text="庐阳区发改委", span=(3, 9))],
            )
        ],
    )


def test_record_written_as_json_validates_against_schema_and_model():
    schema = json.loads((SCHEMAS / "record.schema.json").read_text(encoding="utf-8"))
    written = sample_record().model_dump_json()
    read_back = json.loads(written)
    jsonschema.Draft202012Validator(schema).validate(read_back)
    assert read_back["figures"][1]["value"] == 22700000000  # a JSON integer, no float noise
    assert read_back["figures"][2]["value"] == 12.5
    assert Record.model_validate_json(written) == sample_record()


def test_schema_rejects_a_malformed_record():
    schema = json.loads((SCHEMAS / "record.schema.json").read_text(encoding="utf-8"))
    bad = json.loads(sample_record().model_dump_json())
    bad["figures"][0]["value"] = "92"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(bad)


def test_corpus_gold_files_validate_against_gold_schema():
    schema = json.loads((SCHEMAS / "gold.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for gold_file in sorted((REPO / "corpus").glob("*.gold.json")):
        validator.validate(json.loads(gold_file.read_text(encoding="utf-8")))
