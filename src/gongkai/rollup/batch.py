"""A corpus folder → the dataset: read and check every file, in parallel, resumably.

The parent walks the corpus lazily, hashes each file (SHA-256) and skips those already in the
dataset; the rest go out in tasks of `task_files` files, at most `2 × workers` tasks in flight,
to a process pool (`workers` processes, 0 = in this process) or to a Dask cluster. Each task
(`process_task`) reads and checks its files and writes its own Parquet part files; the parent
only bookkeeps — every `commit_reports` files it appends the finished parts' CSV rows and
records the parts in the dataset's state — so its share of the CPU stays small and memory stays
flat however large the corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.load import report_files
from gongkai.rollup.dataset import Dataset, Part, write_part
from gongkai.rollup.work import Item, process_chunk, sha256_of


@dataclass
class Summary:
    files: int = 0
    skipped: int = 0  # already in the dataset, or the same content twice
    processed: int = 0
    failed: int = 0
    chunks: int = 0  # part files written (one per task)


def process_task(items: list[Item], root: str, part: int) -> tuple[int, int, Part]:
    """A worker's task: read and check `items`, write them as part `part` of the dataset at
    `root` (Parquet files, atomically), and return (files, failed, (part, its CSV rows))."""
    n, rows = process_chunk(items)
    csv = write_part(Path(root), part, rows)
    return n, len(rows["failures"]["source"]), (part, csv)


class _Inline:
    """Run tasks here, one at a time (workers = 0)."""

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def wait(self, pending: set) -> tuple[set, set]:
        return wait(pending, return_when=FIRST_COMPLETED)  # type: ignore[return-value]

    def close(self) -> None:
        pass


class _Pool:
    def __init__(self, workers: int) -> None:
        self.executor = ProcessPoolExecutor(max_workers=workers)

    def submit(self, fn: Callable, *args: Any) -> Future:
        return self.executor.submit(fn, *args)

    def wait(self, pending: set) -> tuple[set, set]:
        return wait(pending, return_when=FIRST_COMPLETED)  # type: ignore[return-value]

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


class _Dask:
    """A Dask cluster: `address` of a scheduler, or "local[:N]" for a LocalCluster here.

    Its workers read the corpus and write the dataset's part files by path, so both must be on
    a filesystem they share with this process (as for a process pool)."""

    def __init__(self, address: str, workers: int) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        if address.startswith("local"):
            n = int(address.split(":", 1)[1]) if ":" in address else workers
            self.cluster = LocalCluster(n_workers=max(1, n), threads_per_worker=1,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            self.client = Client(address)

    @property
    def slots(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable, *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def wait(self, pending: set) -> tuple[set, set]:
        from distributed import wait as dask_wait

        done, not_done = dask_wait(list(pending), return_when="FIRST_COMPLETED")
        return set(done), set(not_done)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def count_files(root: Path) -> int:
    return sum(1 for _ in report_files([root]))


def _items(root: Path, done: set[str], summary: Summary,
           advance: Callable[[int], None] | None) -> Iterator[Item]:
    for path in report_files([root]):
        summary.files += 1
        source = path.relative_to(root).as_posix()
        try:
            sha = sha256_of(path)
        except OSError:
            sha = ""  # cannot be opened: the worker records the failure
        if sha and sha in done:
            summary.skipped += 1
            if advance:
                advance(1)
            continue
        if sha:
            done.add(sha)
        yield Item(str(path.resolve()), source, sha)


def run_batch(
    root: Path, out: Path, *, workers: int | None = None, dask: str | None = None,
    task_files: int = 25, commit_reports: int = 1000,
    advance: Callable[[int], None] | None = None,
) -> Summary:
    """Read and check every report file under `root` into the dataset `out`."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    dataset = Dataset(out)
    done = dataset.done_hashes()
    summary = Summary()
    runner: Any = (_Dask(dask, workers) if dask else _Pool(workers) if workers > 0
                   else _Inline())
    in_flight = 2 * (runner.slots if dask else max(1, workers))
    root_name = str(out.resolve())
    finished_parts: list[Part] = []
    buffered = 0

    def commit() -> None:
        nonlocal buffered
        dataset.commit(finished_parts)
        finished_parts.clear()
        buffered = 0

    def collect(futures: set) -> None:
        nonlocal buffered
        for future in futures:
            n, failed, part = future.result()
            finished_parts.append(part)
            buffered += n
            summary.processed += n
            summary.failed += failed
            summary.chunks += 1
            if advance:
                advance(n)
        if buffered >= commit_reports:
            commit()

    def submit(task: list[Item]) -> None:
        pending.add(runner.submit(process_task, task, root_name, dataset.new_part()))

    pending: set = set()
    task: list[Item] = []
    try:
        for item in _items(root, done, summary, advance):
            task.append(item)
            if len(task) < task_files:
                continue
            submit(task)
            task = []
            while len(pending) >= in_flight:
                finished, pending = runner.wait(pending)
                collect(finished)
        if task:
            submit(task)
        while pending:
            finished, pending = runner.wait(pending)
            collect(finished)
        commit()
    finally:
        runner.close()
    return summary
