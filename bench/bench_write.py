"""Milliseconds per report for the writers (issue target: DOCX and HTML ≤ 50 ms each).

Usage: python bench/bench_write.py [--rounds N] [--reports N]

Each report is written from the report model to the bytes of a file (`gongkai.write.render`:
composing the text, drafting what is missing, rendering). The corpus: the five seeds (read from
their text, not timed) and generated reports of both format versions, half of them with
narrative text of their own, half drafted. Markdown and XLSX are measured too, for information;
PDF is LibreOffice's conversion of the DOCX and is timed on a few reports only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.format import get_format  # noqa: E402
from gongkai.interchange import from_dict  # noqa: E402
from gongkai.model import Report, Section  # noqa: E402
from gongkai.read import read_path  # noqa: E402
from gongkai.synth import random_report, random_sections  # noqa: E402
from gongkai.write import render  # noqa: E402
from gongkai.write.pdf import soffice  # noqa: E402

SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
TARGET_MS = {"docx": 50.0, "html": 50.0}


def corpus(n: int) -> list[Report]:
    reports = [read_path(p) for p in SEEDS]
    rng = random.Random(7)
    for i in range(n):
        data = random_report(rng, "2019" if i % 4 == 0 else "2021")
        report = from_dict(data)
        if i % 2:
            texts = random_sections(rng, data)
            report.sections = {s.id: Section(s.id, s.title, texts[s.id])
                               for s in get_format(report.format).sections}
        reports.append(report)
    return reports


def per_report_ms(reports: list[Report], kind: str, rounds: int) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for report in reports:
            start = time.perf_counter()
            render(report, kind)
            times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--pdf", type=int, default=3, help="reports written as PDF (0: none)")
    args = parser.parse_args()
    reports = corpus(args.reports)
    for kind in ("docx", "html", "md", "xlsx"):  # warm caches: templates, imports
        render(reports[0], kind)
    print(f"{'kind':<5} {'reports':>8} {'median ms':>10} {'p95 ms':>8} {'target':>8} met?")
    for kind in ("docx", "html", "md", "xlsx"):
        times = per_report_ms(reports, kind, args.rounds)
        target = TARGET_MS.get(kind)
        met = "" if target is None else ("yes" if p95(times) <= target else "no")
        shown = f"≤ {target:.0f}" if target else "—"
        print(f"{kind:<5} {len(reports):>8} {statistics.median(times):>10.2f} "
              f"{p95(times):>8.2f} {shown:>8} {met}")
    if args.pdf and soffice():
        times = per_report_ms(reports[: args.pdf], "pdf", 1)
        print(f"{'pdf':<5} {args.pdf:>8} {statistics.median(times):>10.0f} {p95(times):>8.0f} "
              f"{'—':>8}")


if __name__ == "__main__":
    main()
