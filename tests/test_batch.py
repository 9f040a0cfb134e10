"""Batch plumbing: input discovery, jsonl dumps, resume bookkeeping and the line writer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extract.batch import (
    InputNotFound,
    LineWriter,
    TaskFeed,
    count_articles,
    discover,
    load_done,
    run_batch,
    write_json_array,
)
from extract.pipeline import article_id_of
from extract.records import Record

TEXT_A = "2月6日上午，合肥市庐阳区召开推动高质量发展动员大会，2024年新签约项目92个。"
TEXT_B = "今年一季度，芜湖市完成固定资产投资48.6亿元，同比增长12.5%。"


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (root / "a.meta.json").write_text('{"published": "2025-02-12"}', encoding="utf-8")
    (root / "a.gold.json").write_text("{}", encoding="utf-8")
    (root / "notes.json").write_text("{}", encoding="utf-8")
    (root / "sub" / "b.text").write_text(TEXT_B, encoding="utf-8")
    (root / "sub" / "deeper" / "c").write_text(TEXT_A + TEXT_B, encoding="utf-8")
    (root / "sub" / "dump.jsonl").write_text(json.dumps({"id": 1, "text": TEXT_B}) + "\n", encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text(TEXT_A, encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\0\1")


def test_folder_walk_is_recursive_and_skips_annotations(tmp_path):
    _tree(tmp_path)
    found = discover([str(tmp_path)])
    names = [(item.kind, item.path.relative_to(tmp_path).as_posix()) for item in found]
    assert names == [
        ("file", "a.txt"),
        ("file", "sub/b.text"),
        ("file", "sub/deeper/c"),
        ("jsonl", "sub/dump.jsonl"),
    ]


def test_globs_files_and_duplicates(tmp_path):
    _tree(tmp_path)
    found = discover([str(tmp_path / "**" / "*.t*"), str(tmp_path / "a.txt"), str(tmp_path / "sub")])
    rel = [item.path.relative_to(tmp_path).as_posix() for item in found]
    assert rel == ["a.txt", "sub/b.text", "sub/deeper/c", "sub/dump.jsonl"]


def test_output_file_is_never_an_input(tmp_path):
    _tree(tmp_path)
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    assert all(item.path != out for item in discover([str(tmp_path)], exclude=[out]))


@pytest.mark.parametrize("arg", ["missing.txt", "missing/*.txt"])
def test_missing_inputs_are_reported(tmp_path, arg):
    with pytest.raises(InputNotFound):
        discover([str(tmp_path / arg)])


def test_count_articles_counts_jsonl_lines(tmp_path):
    _tree(tmp_path)
    dump = tmp_path / "sub" / "dump.jsonl"
    dump.write_text("\n".join(json.dumps({"id": i, "text": TEXT_A}) for i in range(5)) + "\n\n", encoding="utf-8")
    assert count_articles(discover([str(tmp_path)])) == 3 + 5


def test_jsonl_lines_become_tasks_with_metadata_and_errors(tmp_path):
    dump = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "n1", "text": TEXT_A, "published": "2025-02-12", "url": "u1", "title": "t1"}, ensure_ascii=False),
        "{broken",
        json.dumps({"id": "n3", "title": "no text"}),
        json.dumps({"id": "n4", "text": "   "}),
        json.dumps({"text": TEXT_B}, ensure_ascii=False),
    ]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tasks = list(TaskFeed(discover([str(dump)])))
    assert [t.index for t in tasks] == [0, 1, 2, 3, 4]
    good = tasks[0]
    assert good.error is None and good.text == TEXT_A
    assert good.article_id == article_id_of(TEXT_A.encode("utf-8"))
    assert good.path == f"{dump}#n1"
    assert (good.meta.published, good.meta.url, good.meta.title) == (dt.date(2025, 2, 12), "u1", "t1")
    assert tasks[1].error[0] == "read" and f"{dump}:2" in tasks[1].error[1]
    assert "text" in tasks[2].error[1]
    assert "empty" in tasks[3].error[1]
    assert tasks[4].error is None and tasks[4].path == f"{dump}:5"


def test_feed_skips_done_articles(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_B, encoding="utf-8")
    skipped = []
    done = {article_id_of((tmp_path / "a.txt").read_bytes())}
    tasks = list(TaskFeed(discover([str(tmp_path)]), done=done, on_skip=skipped.append))
    assert [Path(t.path).name for t in tasks] == ["b.txt"]
    assert skipped == list(done)


def _line(article_id: str) -> str:
    return Record(article_id=article_id).model_dump_json()


def test_load_done_cuts_a_torn_last_line(tmp_path):
    out = tmp_path / "out.jsonl"
    good = _line("aaaaaaaaaaaaaaaa") + "\n" + _line("bbbbbbbbbbbbbbbb") + "\n"
    out.write_text(good + _line("cccccccccccccccc")[:40], encoding="utf-8")
    done, dropped = load_done(out)
    assert done == {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"}
    assert dropped == 1
    assert out.read_text(encoding="utf-8") == good


def test_load_done_keeps_a_bad_middle_line(tmp_path):
    out = tmp_path / "out.jsonl"
    content = _line("aaaaaaaaaaaaaaaa") + "\n{oops\n" + _line("bbbbbbbbbbbbbbbb") + "\n"
    out.write_text(content, encoding="utf-8")
    done, dropped = load_done(out)
    assert done == {"aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"} and dropped == 1
    assert out.read_text(encoding="utf-8") == content


def test_load_done_of_missing_output(tmp_path):
    assert load_done(tmp_path / "none.jsonl") == (set(), 0)


def test_line_writer_appends_whole_lines(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(_line("aaaaaaaaaaaaaaaa") + "\n", encoding="utf-8")
    writer = LineWriter(out)
    writer.write(_line("bbbbbbbbbbbbbbbb"))
    # Unbuffered: the line is on disk before close.
    assert out.read_text(encoding="utf-8").count("\n") == 2
    writer.close()
    ids = [json.loads(line)["article_id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]


def test_write_json_array(tmp_path):
    out = tmp_path / "out.json"
    write_json_array(out, [_line("aaaaaaaaaaaaaaaa"), _line("bbbbbbbbbbbbbbbb")])
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert [Record.model_validate(r).article_id for r in rows] == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"]
    write_json_array(out, [])
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_run_batch_in_process_and_resume(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(TEXT_B, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = run_batch([str(tmp_path / "in")], out, workers=1)
    assert (first.total, first.processed, first.skipped, first.failed) == (2, 2, 0, 0)
    second = run_batch([str(tmp_path / "in")], out, workers=1)
    assert (second.processed, second.skipped) == (0, 2)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize(
    ("name", "data", "status", "encoding"),
    [
        ("utf8.txt", TEXT_A.encode("utf-8"), "ok", "utf-8"),
        ("gbk.txt", TEXT_B.encode("gb18030"), "ok", "gbk"),
        ("binary.bin", bytes(range(256)) * 4, "error", None),
    ],
)
def test_feed_leaves_decoding_to_the_worker(tmp_path, name, data, status, encoding):
    """The feeding process only reads bytes; the worker decodes them, with the same record
    (or the same read error) as decoding up front would give."""
    from extract.pipeline import Pipeline, bytes_task, run_task

    (tmp_path / name).write_bytes(data)
    [task] = list(TaskFeed(discover([str(tmp_path)])))
    assert task.text is None and task.data == data
    pipeline = Pipeline()
    late = Record.model_validate_json(run_task(pipeline, task).line)
    early = Record.model_validate_json(run_task(pipeline, bytes_task(0, tmp_path / name, data)).line)
    assert late.status == early.status == status
    assert late.source.encoding == early.source.encoding == encoding
    assert late.model_dump(exclude={"source"}) == early.model_dump(exclude={"source"})
    if status == "error":
        assert late.errors[0].stage == "read"
