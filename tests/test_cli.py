"""The `extract` command line, run end to end on small folders of articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract import __version__
from extract.cli import app
from extract.pipeline import article_id_of
from extract.records import Record

REFERENCE = Path(__file__).resolve().parents[1] / "corpus" / "000_0f9117bebd0753fc.txt"

GOOD = {
    "luyang.txt": "2月6日上午，合肥市庐阳区召开推动高质量发展动员大会。2024年，庐阳区新签约项目92个，协议投资额227亿元。",
    "news/wuhu.txt": "今年一季度，芜湖市经济技术开发区完成固定资产投资48.6亿元，同比增长12.5%。",
}
GBK_TEXT = "近日，西安市科技局发布技术转移示范机构名单，全市技术合同成交额突破3000亿元。"
JSONL_ROWS = [
    {"id": "n1", "text": "去年9月，该区投促中心举办招商推介会，现场签约项目15个。", "published": "2025-02-12",
     "url": "https://example.gov.cn/n1", "title": "招商推介会"},
    {"id": "n2", "text": "力争到2027年，全省高新技术企业数量达到2万家。"},
]

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Good files, a sidecar, a gold file, an empty file, a binary file, a GBK file, a jsonl dump."""
    root = tmp_path / "in"
    for name, text in GOOD.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "luyang.meta.json").write_text(
        json.dumps({"published": "2025-02-12", "url": "https://example.gov.cn/ly", "title": "庐阳区动员大会"}),
        encoding="utf-8")
    (root / "luyang.gold.json").write_text("{}", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "scan.txt").write_bytes(bytes(range(256)) * 16)
    (root / "news" / "xian_gbk.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (root / "dump.jsonl").write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in JSONL_ROWS) + "\n", encoding="utf-8")
    return root


def _records(path: Path) -> list[Record]:
    return [Record.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _by_path(records: list[Record]) -> dict[str, Record]:
    return {Path(r.source.path).name if "#" not in r.source.path else r.source.path.split("#")[1]: r
            for r in records}


def test_run_folder_writes_one_record_per_article(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    result = _invoke("run", str(corpus), "-o", str(out), "--workers", "1", "--no-progress")
    assert result.exit_code == 1, result.output  # two bad files
    records = _records(out)
    by_name = _by_path(records)
    assert set(by_name) == {"luyang.txt", "wuhu.txt", "empty.txt", "scan.txt", "xian_gbk.txt", "n1", "n2"}

    luyang = by_name["luyang.txt"]
    assert luyang.status == "ok"
    assert luyang.reference_date.value.isoformat() == "2025-02-12"
    assert (luyang.source.url, luyang.source.title) == ("https://example.gov.cn/ly", "庐阳区动员大会")

    gbk = by_name["xian_gbk.txt"]
    assert gbk.status == "ok" and "西安市" in gbk.text.normalized
    assert gbk.article_id == article_id_of(GBK_TEXT.encode("gbk"))

    for name, reason in (("empty.txt", "empty"), ("scan.txt", "binary")):
        record = by_name[name]
        assert record.status == "error"
        assert name in record.errors[0].message and reason in record.errors[0].message.lower()

    n1 = by_name["n1"]
    assert n1.status == "ok" and n1.source.title == "招商推介会"
    assert n1.reference_date.value.isoformat() == "2025-02-12"
    assert n1.article_id == article_id_of(JSONL_ROWS[0]["text"].encode("utf-8"))

    assert "processed 5, skipped 0, failed 2 of 7" in result.output
    assert "empty.txt" in result.output and "scan.txt" in result.output


def test_rerun_skips_done_articles(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    _invoke("run", str(corpus), "-o", str(out), "--workers", "1", "--no-progress")
    before = out.read_text(encoding="utf-8")
    result = _invoke("run", str(corpus), "-o", str(out), "--workers", "1", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "processed 0, skipped 7, failed 0" in result.output
    assert out.read_text(encoding="utf-8") == before


def test_truncated_last_line_is_discarded_and_redone(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    _invoke("run", str(corpus / "news"), "-o", str(out), "--workers", "1", "--no-progress")
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 2
    # A crash in the middle of the second line.
    out.write_text(lines[0] + lines[1][: len(lines[1]) // 2], encoding="utf-8")
    result = _invoke("run", str(corpus / "news"), "-o", str(out), "--workers", "1", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "processed 1, skipped 1" in result.output
    assert "discarded 1 unreadable line" in result.output
    records = _records(out)
    assert len(records) == 2 and len({r.article_id for r in records}) == 2


def test_format_json_writes_one_array_in_input_order(corpus, tmp_path):
    out = tmp_path / "out.json"
    result = _invoke("run", str(corpus / "news"), str(corpus / "dump.jsonl"), "-o", str(out),
                     "--format", "json", "--workers", "1", "--no-progress")
    assert result.exit_code == 0, result.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    records = [Record.model_validate(row) for row in rows]
    assert [Path(r.source.path.split("#")[0]).name for r in records] == [
        "wuhu.txt", "xian_gbk.txt", "dump.jsonl", "dump.jsonl"]


def test_reference_date_option_is_a_fallback_for_metadata(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    _invoke("run", str(corpus / "luyang.txt"), str(corpus / "news" / "wuhu.txt"), "-o", str(out),
            "--reference-date", "2024-06-30", "--workers", "1", "--no-progress")
    dates = {name: r.reference_date.value.isoformat() for name, r in _by_path(_records(out)).items()}
    assert dates == {"luyang.txt": "2025-02-12", "wuhu.txt": "2024-06-30"}


def test_two_workers_give_the_same_records(corpus, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    _invoke("run", str(corpus), "-o", str(one), "--workers", "1", "--no-progress")
    result = _invoke("run", str(corpus), "-o", str(two), "--workers", "2")
    assert result.exit_code == 1
    assert "articles/s" in result.output  # the progress bar (stderr)

    def key(records):
        return sorted((r.model_dump_json() for r in records))

    assert key(_records(two)) == key(_records(one))


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "nowhere/*.txt", "-o", "x.jsonl"], "no file matches"),
        (["run", "missing_folder", "-o", "x.jsonl"], "no such file"),
        (["run", ".", "-o", "x.jsonl", "--reference-date", "2025/02/12"], "YYYY-MM-DD"),
        (["run", ".", "-o", "x.jsonl", "--format", "xml"], "xml"),
    ],
)
def test_usage_errors(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_show_prints_the_article(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD["luyang.txt"], encoding="utf-8")
    result = _invoke("show", str(article), "--reference-date", "2025-02-12")
    assert result.exit_code == 0, result.output
    for heading in ("Organisations", "Persons", "Locations", "Policy terms", "Figures", "Dates",
                    "Repairs", "Unrecoverable", "2025-02-12"):
        assert heading in result.output
    assert "庐阳区" in result.output


def test_show_reference_article():
    result = _invoke("show", str(REFERENCE), "--no-text")
    assert result.exit_code == 0, result.output
    assert "Repairs" in result.output


def test_normalize_prints_text_and_json(tmp_path):
    article = tmp_path / "gbk.txt"
    article.write_bytes(GBK_TEXT.encode("gbk"))
    plain = _invoke("normalize", str(article))
    assert plain.exit_code == 0 and "西安市科技局" in plain.output
    as_json = _invoke("normalize", str(article), "--json")
    data = json.loads(as_json.output)
    assert "西安市科技局" in json.dumps(data, ensure_ascii=False)


def test_normalize_reports_unreadable_file(tmp_path):
    article = tmp_path / "empty.txt"
    article.write_bytes(b"")
    result = runner.invoke(app, ["normalize", str(article)])
    assert result.exit_code == 1 and "empty.txt" in result.output


def test_version():
    result = _invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", ["run", "show", "normalize"])
def test_help_has_examples(command):
    result = _invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples" in result.output and f"extract {command}" in result.output


def test_help_does_not_load_spacy():
    code = ("import sys; from extract.cli import app; "
            "assert 'spacy' not in sys.modules and 'jieba' not in sys.modules and 'distributed' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_show_unreadable_file_explains_why(tmp_path):
    article = tmp_path / "scan.txt"
    article.write_bytes(b"\0\1\2" * 50)
    result = _invoke("show", str(article))
    assert result.exit_code == 1
    assert "binary" in result.output and "Figures" not in result.output


def test_run_to_stdout(corpus):
    result = _invoke("run", str(corpus / "news" / "wuhu.txt"), "-o", "-", "--workers", "1", "--no-progress")
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    assert Record.model_validate_json(line).status == "ok"
