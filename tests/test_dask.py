"""`--engine dask`: the same records as the local engine, on a LocalCluster of 2 worker processes.

Kept small (three short articles and a bad file) so it runs in CI in a few seconds beyond
the workers' start-up; it exercises the real distributed path (processes, pickling,
the per-worker pipeline) rather than a threaded stand-in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.batch import load_done, run_batch
from extract.records import Record

distributed = pytest.importorskip("distributed")

ARTICLES = {
    "a.txt": "2月6日上午，合肥市庐阳区召开推动高质量发展动员大会。2024年，庐阳区新签约项目92个，协议投资额227亿元。",
    "b.txt": "今年一季度，芜湖市经济技术开发区完成固定资产投资48.6亿元，同比增长12.5%。",
    "c.txt": "去年9月，该区投促中心联合中国科学技术大学举办招商推介会，现场签约项目15个、总投资约80亿元。",
}


@pytest.fixture(scope="module")
def cluster_address():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "a.meta.json").write_text(json.dumps({"published": "2025-02-12", "title": "庐阳"}), encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\0\1\2" * 100)
    return root


def _lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def test_dask_records_equal_local_records(cluster_address, inputs, tmp_path):
    from distributed import Client

    from extract.engines.dask import worker_stats

    local_out, dask_out = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    local = run_batch([str(inputs)], local_out, workers=1)
    remote = run_batch([str(inputs)], dask_out, engine="dask", scheduler=cluster_address)
    assert (remote.processed, remote.failed) == (local.processed, local.failed) == (3, 1)
    assert _lines(dask_out) == _lines(local_out)
    broken = [Record.model_validate_json(line) for line in _lines(dask_out) if '"status":"error"' in line]
    assert len(broken) == 1 and "broken.txt" in broken[0].errors[0].message

    # One pipeline per worker process, reused for every article it took.
    with Client(cluster_address) as client:
        stats = list(client.run(worker_stats).values())
    assert sum(s["articles"] for s in stats) == 4
    assert all(s["pipelines_built"] == (1 if s["articles"] else 0) for s in stats)

    # Resume: a second run over the cluster skips everything already written.
    again = run_batch([str(inputs)], dask_out, engine="dask", scheduler=cluster_address)
    assert (again.processed, again.skipped) == (0, 4)
    assert len(load_done(dask_out)[0]) == 4
