#!/usr/bin/env python
"""Throughput benchmark: every stage, the reference tools, workers, memory, linearity.

    python scripts/bench.py                 # full run (a few minutes on 2 cores)
    python scripts/bench.py --quick         # small sizes, a smoke run
    python scripts/bench.py --output benchmarks/RESULTS.md

The corpus is built from `corpus/*.txt`: each article in its own form plus, per round,
a copy corrupted by `extract.simulate` (Traditional script, pinyin, ASCII punctuation,
misaligned GBK bytes) with paragraphs shuffled, so no two benchmark articles are equal.
All ratios in the targets table come from this one run, so machine noise cancels.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# ---------------------------------------------------------------- corpus


def seed_articles() -> list[str]:
    from extract.normalize import normalize_text, read_article

    texts = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text, _ = read_article(path)
        texts.append(text)
    # Clean Simplified versions feed the simulator.
    clean = [normalize_text(t).text for t in texts]
    return texts, clean


def build_corpus(min_bytes: int, seed: int = 7) -> list[str]:
    """Articles of this kind, >= min_bytes of UTF-8 in all."""
    from extract import simulate

    rng = random.Random(seed)
    originals, clean = seed_articles()
    articles: list[str] = []
    size = 0
    round_no = 0
    while size < min_bytes:
        for base in clean:
            paras = [p for p in base.split("\n") if p.strip()]
            rng.shuffle(paras)
            varied = "\n".join(paras)
            corrupted = simulate.corrupt(varied, seed=rng.randrange(1 << 30)).corrupted
            for text in (varied, corrupted):
                articles.append(text)
                size += len(text.encode("utf-8"))
        if round_no == 0:
            articles.extend(originals)
        round_no += 1
    return articles


# ---------------------------------------------------------------- timing helpers


@dataclass
class Row:
    stage: str
    seconds: float
    chars: int
    articles: int
    note: str = ""

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else float("inf")

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else float("inf")


def timed(fn, *args):
    gc.collect()
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


# ---------------------------------------------------------------- stages


def bench_stages(files: list[Path], texts: list[str]) -> tuple[list[Row], dict]:
    import jieba
    from extract.nlp import get_nlp
    from extract.normalize import decode_bytes, normalize_text
    from extract.pipeline import Pipeline

    facts: dict = {}
    nchars = sum(len(t) for t in texts)
    n = len(texts)
    rows: list[Row] = []

    def read_all():
        return [decode_bytes(p.read_bytes(), p) for p in files]

    _, secs = timed(read_all)
    rows.append(Row("read + decode", secs, nchars, n))

    normalized, secs = timed(lambda: [normalize_text(t) for t in texts])
    norm_chars = sum(len(t) for t in texts)
    rows.append(Row("repair + convert", secs, norm_chars, n,
                    f"{sum(len(t.encode('utf-8')) for t in texts) / secs / 1e6:.2f} MB/s"))

    _, secs = timed(Pipeline)
    facts["pipeline_ctor_s"] = secs  # includes the first spaCy/jieba load in this process
    nlp = get_nlp()
    clean = [r.text for r in normalized]
    clean_chars = sum(len(t) for t in clean)

    docs, secs = timed(lambda: [nlp.make_doc(t) for t in clean])
    rows.append(Row("segmentation (jieba in spaCy)", secs, clean_chars, n))
    for doc, res in zip(docs, normalized):
        doc._.reference_date = None
        doc._.unrecoverable = [u.normalized_span for u in res.unrecoverable]
    for name, proc in nlp.pipeline:
        _, secs = timed(lambda: [proc(d) for d in docs])
        rows.append(Row(f"component: {name}", secs, clean_chars, n))

    pipe = Pipeline()
    records, _ = timed(lambda: [pipe.process(t) for t in texts[: max(1, n // 10)]])
    sink = open(os.devnull, "w", encoding="utf-8")

    def validate_write():
        for rec in records:
            sink.write(type(rec).model_validate_json(rec.model_dump_json()).model_dump_json() + "\n")

    _, secs = timed(validate_write)
    sub_chars = sum(len(t) for t in texts[: len(records)])
    rows.append(Row("record validation + write", secs, sub_chars, len(records)))

    _, secs = timed(lambda: [pipe.process(t) for t in texts])
    rows.append(Row("END TO END (one core)", secs, nchars, n))
    facts["e2e_s"] = secs

    _, secs = timed(lambda: [jieba.lcut(t) for t in clean])
    rows.append(Row("reference: jieba.lcut alone", secs, clean_chars, n))
    facts["jieba_s"] = secs
    jio = bench_jionlp(clean)
    if jio is not None:
        rows.append(Row("reference: JioNLP extract_time + extract_money", jio, clean_chars, n))
    facts["norm_mb_s"] = sum(len(t.encode("utf-8")) for t in texts) / rows[1].seconds / 1e6
    return rows, facts


def bench_jionlp(texts: list[str]) -> float | None:
    try:
        import jionlp  # optional benchmark extra
    except Exception:
        return None
    start = time.perf_counter()
    for t in texts:
        jionlp.extract_time(t)
        jionlp.extract_money(t)
    return time.perf_counter() - start


# ---------------------------------------------------------------- workers, memory, linearity


def run_cli(folder: Path, workers: int) -> tuple[float, int]:
    """Wall seconds and the largest child's peak RSS (KB) of `extract run` on a folder."""
    out = folder.parent / f"out_{workers}.jsonl"
    out.unlink(missing_ok=True)
    code = (
        "import resource, sys, time;"
        "from extract.cli import main;"
        f"sys.argv=['extract','run',{str(folder)!r},'-o',{str(out)!r},'--workers','{workers}','--reference-date','2025-02-12'];"
        "t=time.perf_counter()\n"
        "try:\n main()\n"
        "except SystemExit: pass\n"
        "print('WALL', time.perf_counter()-t);"
        "print('RSS', max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    wall = rss = None
    for line in proc.stdout.splitlines():
        if line.startswith("WALL"):
            wall = float(line.split()[1])
        elif line.startswith("RSS"):
            rss = int(line.split()[1])
    if wall is None:
        raise RuntimeError(f"extract run failed: {proc.stderr[-2000:]}")
    return wall, rss


def write_folder(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, t in enumerate(texts):
        (folder / f"a{i:06d}.txt").write_text(t, encoding="utf-8")


def bench_linearity(texts: list[str]) -> dict:
    from extract.pipeline import Pipeline

    pipe = Pipeline()
    small = texts[: max(2, len(texts) // 10)]
    _, t_small = timed(lambda: [pipe.process(t) for t in small])
    big = small * 10
    _, t_big = timed(lambda: [pipe.process(t) for t in big])
    joined = "\n".join(texts)
    one_100k = joined[:100_000]
    one_1m = (joined * (1 + 1_000_000 // max(1, len(joined))))[:1_000_000]
    _, t_100k = timed(pipe.process, one_100k)
    _, t_1m = timed(pipe.process, one_1m)
    return {"t_small": t_small, "t_big": t_big, "ratio_10x": t_big / t_small,
            "t_100k": t_100k, "t_1m": t_1m, "ratio_1m": t_1m / t_100k}


# ---------------------------------------------------------------- report


def machine_facts() -> list[str]:
    import importlib.metadata as md

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for pkg in ("spacy", "jieba", "opencc", "pydantic", "rjieba", "jionlp"):
        try:
            versions.append(f"{pkg} {md.version(pkg)}")
        except md.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    return [f"CPU: {cpu}; cores: {os.cpu_count()}", f"Python {platform.python_version()} on {platform.platform()}",
            "; ".join(versions)]


def render(cmd: str, rows: list[Row], facts: dict, corpus_info: str) -> str:
    lines = ["# Benchmark results", "", f"Command: `{cmd}`", f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    lines += [f"- {f}" for f in machine_facts()]
    lines += [f"- Corpus: {corpus_info}", "", "## Stages (one core)", "",
              "| stage | seconds | chars/s | articles/s | note |", "|---|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r.stage} | {r.seconds:.3f} | {r.chars_per_s:,.0f} | {r.articles_per_s:,.1f} | {r.note} |")
    lines += ["", "## Targets", "", "| target | measured | pass |", "|---|---|---|"]
    for name, measured, ok in facts["targets"]:
        lines.append(f"| {name} | {measured} | {'yes' if ok else 'NO'} |")
    lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    ap.add_argument("--mb", type=float, default=None, help="corpus size in MB (default 5, quick 0.5)")
    ap.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = ap.parse_args(argv)
    mb = args.mb or (0.5 if args.quick else 5.0)

    texts = build_corpus(int(mb * 1_000_000))
    tmp = Path(tempfile.mkdtemp(prefix="extract-bench-"))
    try:
        folder = tmp / "articles"
        write_folder(folder, texts)
        files = sorted(folder.glob("*.txt"))
        info = f"{len(texts)} articles, {sum(len(t) for t in texts):,} chars, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB UTF-8"
        print("corpus:", info, flush=True)
        rows, facts = bench_stages(files, texts)
        print("stages done", flush=True)

        sub = folder.parent / "workers"
        write_folder(sub, texts[: max(8, len(texts) // (10 if args.quick else 4))])
        w1, rss1 = run_cli(sub, 1)
        w2, rss2 = run_cli(sub, 2)
        print("workers done", flush=True)
        lin = bench_linearity(texts[: max(20, len(texts) // 20)])
        print("linearity done", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    ratio = facts["e2e_s"] / facts["jieba_s"]
    rows.append(Row("END TO END, `extract run --workers 1`", w1, 0, 0, f"peak RSS {rss1 / 1024:.0f} MB"))
    rows.append(Row("END TO END, `extract run --workers 2`", w2, 0, 0, f"peak RSS per worker {rss2 / 1024:.0f} MB"))
    facts["targets"] = [
        ("pipeline time <= 2 x jieba.lcut (one core, NER included)", f"{ratio:.2f} x", ratio <= 2),
        ("repair + conversion >= 2 MB/s", f"{facts['norm_mb_s']:.2f} MB/s", facts["norm_mb_s"] >= 2),
        ("2 workers >= 1.8 x one worker", f"{w1 / w2:.2f} x", w1 / w2 >= 1.8),
        ("peak RSS <= 600 MB per worker", f"{max(rss1, rss2) / 1024:.0f} MB", max(rss1, rss2) / 1024 <= 600),
        ("Pipeline() ready <= 3 s", f"{facts['pipeline_ctor_s']:.2f} s", facts["pipeline_ctor_s"] <= 3),
        ("10x corpus <= 11x time", f"{lin['ratio_10x']:.2f} x", lin["ratio_10x"] <= 11),
        ("1 MB article vs 100 KB <= 11x time", f"{lin['ratio_1m']:.2f} x ({lin['t_1m']:.1f} s)", lin["ratio_1m"] <= 11),
    ]
    cmd = "python scripts/bench.py" + (" --quick" if args.quick else "") + (f" --mb {args.mb}" if args.mb else "")
    text = render(cmd, rows, facts, info)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
