"""Time `gongkai batch` on a generated text/HTML corpus (issue 8 target: 100 000 reports in
< 30 min on 2 cores; speed-up 1 → 2 workers ≥ 1.8×), and the same job on a Dask LocalCluster.

Usage: python bench/bench_batch.py [--reports N] [--runs local1,local2,dask] [--corpus DIR]

The corpus (`gongkai.rollup.corpus.generate`, half text, half HTML, 2019–2025, no faults) is
generated once into DIR (kept between invocations); each run writes a fresh dataset and is
timed end to end (walk, hash, read, check, Parquet + CSV). Peak memory is the largest resident
set (RSS) of this process and of its children (ru_maxrss, so a later run's children figure is
at least an earlier run's), sampled by the OS; CPU time (user + system) is the parent's and its
children's once they have ended (pool workers and a LocalCluster's processes end with the run),
and `cpu_s_machine` the whole machine's busy CPU time (Linux /proc/stat), so the difference is
what other programs took on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gongkai.rollup.batch import run_batch  # noqa: E402
from gongkai.rollup.corpus import MANIFEST, generate  # noqa: E402

RUNS = {"local1": {"workers": 1}, "local2": {"workers": 2}, "dask": {"dask": "local:2"}}


def corpus(folder: Path, n: int) -> Path:
    manifest = folder / MANIFEST
    if manifest.exists():
        with manifest.open(encoding="utf-8") as fh:
            if sum(1 for _ in fh) == n + 1:
                return folder
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    generate(folder, n, kinds=["text", "html"], years=(2019, 2025), seed=8)
    print(f"generated {n} reports in {time.perf_counter() - start:.1f} s", flush=True)
    return folder


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_s() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def machine_cpu_s() -> float | None:
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(f) for f in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--runs", default="local1,local2,dask")
    parser.add_argument("--corpus", type=Path, default=Path(tempfile.gettempdir()) / "gk-corpus")
    args = parser.parse_args()
    folder = corpus(args.corpus / str(args.reports), args.reports)
    results = {}
    for name in args.runs.split(","):
        out = Path(tempfile.mkdtemp(prefix=f"gk-ds-{name}-"))
        start, cpu_start, busy_start = time.perf_counter(), cpu_s(), machine_cpu_s()
        summary = run_batch(folder, out, **RUNS[name])
        seconds = time.perf_counter() - start
        cpu_end, busy_end = cpu_s(), machine_cpu_s()
        own, children = peak_mb()
        results[name] = {"seconds": round(seconds, 1), "per_s": round(summary.processed / seconds,
                                                                        1),
                         "peak_rss_mb_parent": round(own), "peak_rss_mb_children": round(children),
                         "cpu_s_parent": round(cpu_end[0] - cpu_start[0], 1),
                         "cpu_s_children": round(cpu_end[1] - cpu_start[1], 1),
                         "cpu_s_machine": (round(busy_end - busy_start, 1)
                                           if busy_start is not None and busy_end is not None
                                           else None),
                         "processed": summary.processed, "failed": summary.failed}
        print(name, json.dumps(results[name]), flush=True)
        shutil.rmtree(out, ignore_errors=True)
    if "local1" in results and "local2" in results:
        speedup = results["local1"]["seconds"] / results["local2"]["seconds"]
        print(f"speed-up 1 → 2 workers: {speedup:.2f}×")
    for name, r in results.items():
        print(f"{name}: extrapolated to 100 000 reports: "
              f"{100000 / r['per_s'] / 60:.1f} min")


if __name__ == "__main__":
    main()
