"""Normalization throughput on >= 10 MB of article text, one process, one core.

Articles are built by the project's corruption simulator (extract/simulate.py) from its
sample sentences and from the repaired reference article: Traditional script, pinyin
annotations, ASCII punctuation and GBK-misaligned runs, like the reference. Clean
Simplified articles (the common case, mostly a pass-through) are measured apart.

    python scripts/bench_normalize.py [--mb 10] [--distinct 300]

`bench_normalize(texts)` is the measuring function scripts/bench.py can call.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Sequence

from extract.normalize import normalize_file, normalize_text, warm_up
from extract.simulate import sample_article, simulate

REFERENCE = Path(__file__).resolve().parent.parent / "corpus" / "000_0f9117bebd0753fc.txt"


def bench_normalize(texts: Sequence[str], *, with_models: bool = False, repeat: int = 1) -> dict:
    """Normalize every text (after loading the tables) and report the throughput.

    Repairs are built as compact rows; `with_models` also turns them into pydantic `Repair`
    models (what reading `result.repairs` costs, paid by whoever builds records). With
    `repeat` > 1 the fastest pass is reported: on a shared machine the others measure the
    neighbours' load.
    """
    warm_up()  # tables and converters load once per process (about a second), not measured
    n_chars = sum(len(t) for t in texts)
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    wall = cpu = float("inf")
    for _ in range(max(1, repeat)):
        n_repairs = 0
        started = time.perf_counter()
        cpu_started = time.process_time()
        for text in texts:
            result = normalize_text(text)
            n_repairs += len(result.repairs) if with_models else result.repair_count
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - cpu_started)
    return {
        "repair_models": with_models,
        "passes": max(1, repeat),
        "articles": len(texts),
        "chars": n_chars,
        "mb": round(n_bytes / 1e6, 2),
        "repairs": n_repairs,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "chars_per_s": round(n_chars / wall) if wall else None,
        "mb_per_s": round(n_bytes / 1e6 / wall, 2) if wall else None,
    }


def corrupted_articles(distinct: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    reference = normalize_file(REFERENCE).text
    # The reference's lost digits are put back so the simulator can lose them again.
    reference = reference.replace("未来?年", "未来3年").replace("”?月", "”2月")
    articles = []
    for i in range(distinct):
        clean = reference if i % 3 == 0 else sample_article(rng, sentences=rng.randint(12, 40))
        articles.append(simulate(clean, rng, pinyin_rate=0.35, run_rate=0.5).corrupted)
    return articles


def clean_articles(distinct: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [sample_article(rng, sentences=rng.randint(12, 40)) for _ in range(distinct)]


def fill_to(articles: list[str], megabytes: float) -> list[str]:
    """Repeat the distinct articles until their UTF-8 size reaches `megabytes`."""
    target = megabytes * 1e6
    texts, size, i = [], 0, 0
    while size < target:
        text = articles[i % len(articles)]
        texts.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="megabytes of text per measurement")
    parser.add_argument("--distinct", type=int, default=300, help="distinct simulated articles")
    parser.add_argument("--repeat", type=int, default=3, help="passes per measurement; the fastest is reported")
    args = parser.parse_args()
    corrupted = fill_to(corrupted_articles(args.distinct), args.mb)
    report = {
        "corrupted_traditional": bench_normalize(corrupted, repeat=args.repeat),
        "corrupted_traditional_with_repair_models": bench_normalize(corrupted, with_models=True, repeat=args.repeat),
        "clean_simplified": bench_normalize(fill_to(clean_articles(args.distinct), args.mb), repeat=args.repeat),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
