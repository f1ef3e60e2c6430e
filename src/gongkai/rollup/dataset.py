"""The dataset on disk, written part by part and always in a resumable state.

Each task of `batch` writes its own part: a worker reads and checks its files, then writes each
table's Parquet part file itself (`<table>/part-NNNNNN.parquet`, written to a hidden temporary
name, then renamed) and hands back the part's CSV rows as bytes. The parent only bookkeeps: it
commits finished parts in groups — each table's CSV bytes appended to `<table>.csv`, then
`_state.json` (replaced atomically) recording the committed part numbers and every CSV's length.
A part file that the state does not list is not part of the dataset: readers never see it, and
opening a dataset removes it, along with hidden temporary files and CSV bytes past the recorded
length — so a run killed at any point, even in the middle of a task, leaves the last committed
dataset intact and resumable.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from gongkai.rollup import schema
from gongkai.rollup.work import Rows

STATE = "_state.json"

# A written, not yet committed part: (its number, table name → its CSV rows, without header).
Part = tuple[int, dict[str, bytes]]


def part_path(root: Path, table: str, part: int) -> Path:
    return root / table / f"part-{part:06d}.parquet"


def write_part(root: Path, part: int, rows: Rows) -> dict[str, bytes]:
    """Write one part's Parquet files (each atomically, by rename) and return its CSV rows.

    Runs in the worker that produced `rows`; the part belongs to the dataset only once the
    parent commits it (`Dataset.commit`)."""
    csv: dict[str, bytes] = {}
    for table in schema.tables():
        data = pa.Table.from_pydict(rows[table.name], schema=table.schema)
        if data.num_rows == 0:
            continue
        target = part_path(root, table.name, part)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(data, tmp, compression="zstd")
        os.replace(tmp, target)
        buffer = io.BytesIO()
        pacsv.write_csv(data, buffer, pacsv.WriteOptions(include_header=False))
        csv[table.name] = buffer.getvalue()
    return csv


class Dataset:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.tables = {t.name: t for t in schema.tables()}
        state_path = root / STATE
        if state_path.exists():
            state = json.loads(state_path.read_text(encoding="utf-8"))
        else:
            state = {"version": 2, "chunks": 0, "csv_bytes": {}}
        if "parts" not in state:  # version 1: parts 0 … chunks − 1, committed in order
            state = {**state, "version": 2, "parts": list(range(state["chunks"])),
                     "next_part": state["chunks"]}
        self.state = state
        self.committed = set(state["parts"])
        self._next = state["next_part"]
        self._recover()

    # ------------------------------------------------------------ layout

    def part(self, table: str, part: int) -> Path:
        return part_path(self.root, table, part)

    def csv(self, table: str) -> Path:
        return self.root / f"{table}.csv"

    def parts(self, table: str) -> list[Path]:
        """The table's committed part files, in part order."""
        folder = self.root / table
        if not folder.is_dir():
            return []
        found = (p for p in folder.glob("part-*.parquet") if _part_of(p) in self.committed)
        return sorted(found, key=_part_of)

    # ------------------------------------------------------------ recovery

    def _recover(self) -> None:
        for name in self.tables:
            folder = self.root / name
            if folder.is_dir():
                for path in folder.iterdir():
                    stale = path.name.startswith(".") or (
                        path.name.startswith("part-") and _part_of(path) not in self.committed)
                    if stale:
                        path.unlink()
            csv_path = self.csv(name)
            length = self.state["csv_bytes"].get(name, 0)
            if csv_path.exists() and csv_path.stat().st_size != length:
                with csv_path.open("r+b") as fh:
                    fh.truncate(length)

    def done_hashes(self) -> set[str]:
        """Content hashes of every file already in the dataset (read or failed)."""
        done: set[str] = set()
        for table in ("metadata", "failures"):
            for part in self.parts(table):
                column = pq.read_table(part, columns=["report_id"]).column(0)
                done.update(h for h in column.to_pylist() if h)
        return done

    # ------------------------------------------------------------ writing

    def new_part(self) -> int:
        """A fresh part number for a task (committed or not, never reused within a run)."""
        part = self._next
        self._next += 1
        return part

    def commit(self, parts: list[Part]) -> None:
        """Make written parts part of the dataset: their CSV rows, then the state."""
        if not parts:
            return
        csv_bytes = dict(self.state["csv_bytes"])
        for name, table in self.tables.items():
            chunks = [csv[name] for _, csv in parts if name in csv]
            if chunks:
                csv_bytes[name] = self._append_csv(name, table, chunks,
                                                   csv_bytes.get(name, 0))
        committed = sorted(self.committed.union(n for n, _ in parts))
        self._write_state({**self.state, "chunks": len(committed), "parts": committed,
                           "next_part": self._next, "csv_bytes": csv_bytes})
        self.committed = set(committed)

    def append(self, rows: Rows) -> None:
        """Write and commit one part holding `rows` (in this process)."""
        part = self.new_part()
        self.commit([(part, write_part(self.root, part, rows))])

    def _append_csv(self, name: str, table: schema.Table, chunks: list[bytes],
                    length: int) -> int:
        path = self.csv(name)
        with path.open("ab") as fh:
            if length == 0:
                fh.truncate(0)
                fh.write(_csv_header(table))
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
            return fh.tell()

    def _write_state(self, state: dict) -> None:
        tmp = self.root / f".{STATE}.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.root / STATE)
        self.state = state

    # ------------------------------------------------------------ reading

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        """A whole table (for statistics and tests); an empty table when it has no rows."""
        parts = self.parts(table)
        schema_ = self.tables[table].schema
        if not parts:
            return schema_.empty_table() if columns is None else pa.table(
                {c: pa.array([], schema_.field(c).type) for c in columns})
        return pa.concat_tables(pq.read_table(p, columns=columns) for p in parts)


def _part_of(path: Path) -> int:
    try:
        return int(path.name.removesuffix(".parquet").split("-", 1)[1])
    except (IndexError, ValueError):
        return -1


def _csv_header(table: schema.Table) -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(table.schema.empty_table(), buffer, pacsv.WriteOptions(include_header=True))
    return buffer.getvalue()


def is_dataset(path: Path) -> bool:
    return (path / STATE).is_file()
