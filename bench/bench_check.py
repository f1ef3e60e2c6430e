"""Time the checker adds to reading a report (issue target: ≤ 2 ms per report).

Usage: python bench/bench_check.py [--rounds N] [--reports N]

Reports: the five seeds and generated text reports (both format versions, narrative included),
read once (not timed); then `check()` is timed alone, with and without last year's report.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gongkai.check import check  # noqa: E402
from gongkai.read import read_bytes  # noqa: E402
from gongkai.synth import random_report, random_sections  # noqa: E402
from tests.builders import LAYOUTS, text_dump  # noqa: E402

SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))


def reports(n: int) -> list:
    rng = random.Random(11)
    out = [read_bytes(p.read_bytes(), p.name) for p in SEEDS]
    for i in range(n):
        report = random_report(rng, "2019" if i % 5 == 0 else "2021")
        text = text_dump(report, random_sections(rng, report), LAYOUTS[i % len(LAYOUTS)])
        out.append(read_bytes(text.encode("utf-8"), "r.txt"))
    return out


def timed(items: list, rounds: int, with_previous: bool) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for i, report in enumerate(items):
            previous = items[i - 1] if with_previous else None
            start = time.perf_counter()
            check(report, previous=previous)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reports", type=int, default=40)
    args = parser.parse_args()
    items = reports(args.reports)
    check(items[0])  # warm caches
    print(f"{'check':<16} {'reports':>8} {'median ms':>10} {'p95 ms':>8}")
    for name, with_previous in (("alone", False), ("with previous", True)):
        times = timed(items, args.rounds, with_previous)
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{name:<16} {len(items):>8} {statistics.median(times):>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    main()
