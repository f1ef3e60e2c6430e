"""Reports per second for the text and HTML readers (issue target: one report ≤ 5 ms).

Usage: python bench/bench_read.py [--rounds N] [--reports N]

Text: the five seeds (real reports, PDF text extractions) and generated reports in each text
layout. HTML: generated reports with merged cells, blanks and units. Generation is not timed.

"median ms" is over every read of every round (the issue's measure). The reader caches
normalised labels and figures, and from the second round on a report's own lines are in those
caches, so "1st ms" gives the median of the first round alone: each report read once, as in a
batch of distinct reports.
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

from gongkai.read import read_bytes  # noqa: E402
from gongkai.synth import random_report, random_sections  # noqa: E402
from tests.builders import LAYOUTS, html_page, text_dump  # noqa: E402

SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))


def corpus(n: int) -> tuple[list[bytes], list[bytes]]:
    rng = random.Random(7)
    texts = [p.read_bytes() for p in SEEDS]
    htmls: list[bytes] = []
    for i in range(n):
        version = "2019" if i % 5 == 0 else "2021"
        report = random_report(rng, version)
        sections = random_sections(rng, report)
        texts.append(text_dump(report, sections, LAYOUTS[i % len(LAYOUTS)]).encode("utf-8"))
        htmls.append(html_page(report, sections, units=i % 2 == 0, fullwidth=i % 3 == 0))
    return texts, htmls


def per_report_ms(docs: list[bytes], name: str, rounds: int) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for data in docs:
            start = time.perf_counter()
            read_bytes(data, name)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reports", type=int, default=40)
    args = parser.parse_args()
    texts, htmls = corpus(args.reports)
    for data in texts[:2] + htmls[:2]:  # warm caches (format data, imports)
        read_bytes(data, "warm.html" if data.lstrip().startswith(b"<") else "warm.txt")
    header = f"{'kind':<6} {'reports':>8} {'median ms':>10} {'p95 ms':>8} {'reports/s':>10}"
    print(f"{header} {'1st ms':>8}")
    for kind, docs, name in (("text", texts, "r.txt"), ("html", htmls, "r.html")):
        times = per_report_ms(docs, name, args.rounds)
        p95 = statistics.quantiles(times, n=20)[18]
        rate = len(times) / (sum(times) / 1000)
        median = statistics.median(times)
        first = statistics.median(times[: len(docs)])  # the first round: no report seen before
        print(f"{kind:<6} {len(docs):>8} {median:>10.2f} {p95:>8.2f} {rate:>10.0f} {first:>8.2f}")


if __name__ == "__main__":
    main()
