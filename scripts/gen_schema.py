"""Write the JSON Schemas of the output contract into `schemas/` (committed; a test checks them).

    python scripts/gen_schema.py           # rewrite schemas/*.schema.json
    python scripts/gen_schema.py --check   # exit 1 when a committed schema is stale

`record.schema.json` describes one record as written (pydantic serialization mode, so
Decimal quantities are JSON numbers); `gold.schema.json` describes a gold file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extract.evaluate import GoldFile  # noqa: E402
from extract.records import SCHEMA_VERSION, Record  # noqa: E402

SCHEMA_DIR = REPO / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _with_header(schema: dict, schema_id: str, title: str) -> dict:
    return {"$schema": DIALECT, "$id": schema_id, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def build_schemas() -> dict[str, str]:
    """File name -> the exact text it should hold."""
    record = _with_header(
        Record.model_json_schema(mode="serialization"),
        "record.schema.json",
        f"extract record, schema_version {SCHEMA_VERSION}",
    )
    gold = _with_header(GoldFile.model_json_schema(mode="validation"), "gold.schema.json", "extract gold file")
    return {
        name: json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, schema in (("record.schema.json", record), ("gold.schema.json", gold))
    }


def stale_files(schema_dir: Path = SCHEMA_DIR) -> list[str]:
    return [
        name
        for name, text in build_schemas().items()
        if not (schema_dir / name).exists() or (schema_dir / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report stale schemas (exit 1 if any)")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for name in stale:
            print(f"stale: schemas/{name} (run python scripts/gen_schema.py)", file=sys.stderr)
        return 1 if stale else 0
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, text in build_schemas().items():
        (SCHEMA_DIR / name).write_text(text, encoding="utf-8")
        print(f"wrote schemas/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
