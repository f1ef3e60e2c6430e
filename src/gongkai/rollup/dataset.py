"""The dataset on disk, written chunk by chunk and always in a resumable state.

A chunk is committed in three steps: each table's Parquet part file (written to a hidden
temporary name, then renamed), each table's rows appended to its CSV, and last `_state.json`
(replaced atomically) recording the chunk count and every CSV's length. Opening a dataset
removes what an interrupted commit left behind — part files of uncommitted chunks, CSV bytes
past the recorded length — so a killed run leaves the last committed chunk's dataset intact.
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


class Dataset:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.tables = {t.name: t for t in schema.tables()}
        state_path = root / STATE
        if state_path.exists():
            self.state = json.loads(state_path.read_text(encoding="utf-8"))
        else:
            self.state = {"version": 1, "chunks": 0, "csv_bytes": {}}
        self._recover()

    # ------------------------------------------------------------ layout

    def part(self, table: str, chunk: int) -> Path:
        return self.root / table / f"part-{chunk:06d}.parquet"

    def csv(self, table: str) -> Path:
        return self.root / f"{table}.csv"

    def parts(self, table: str) -> list[Path]:
        folder = self.root / table
        return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []

    # ------------------------------------------------------------ recovery

    def _recover(self) -> None:
        committed = self.state["chunks"]
        for name in self.tables:
            folder = self.root / name
            if folder.is_dir():
                for path in folder.iterdir():
                    stale = path.name.startswith(".") or (
                        path.name.startswith("part-") and _chunk_of(path) >= committed)
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

    def append(self, rows: Rows) -> None:
        """Commit one chunk of rows to every table."""
        chunk = self.state["chunks"]
        csv_bytes = dict(self.state["csv_bytes"])
        for name, table in self.tables.items():
            data = pa.Table.from_pydict(rows[name], schema=table.schema)
            if data.num_rows == 0:
                continue
            target = self.part(name, chunk)
            target.parent.mkdir(exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            pq.write_table(data, tmp, compression="zstd")
            os.replace(tmp, target)
            csv_bytes[name] = self._append_csv(name, data, csv_bytes.get(name, 0))
        self._write_state({**self.state, "chunks": chunk + 1, "csv_bytes": csv_bytes})

    def _append_csv(self, name: str, data: pa.Table, length: int) -> int:
        buffer = io.BytesIO()
        pacsv.write_csv(data, buffer, pacsv.WriteOptions(include_header=length == 0))
        path = self.csv(name)
        with path.open("ab") as fh:
            fh.write(buffer.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
            return fh.tell()

    def _write_state(self, state: dict) -> None:
        tmp = self.root / f".{STATE}.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
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


def _chunk_of(path: Path) -> int:
    try:
        return int(path.stem.split("-", 1)[1])
    except (IndexError, ValueError):
        return -1


def is_dataset(path: Path) -> bool:
    return (path / STATE).is_file()
