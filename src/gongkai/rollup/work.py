"""One file → its rows in the dataset's tables. Runs in worker processes and on Dask workers,
so everything here is a plain function of picklable arguments."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gongkai.check import check
from gongkai.check.registry import SEVERITIES
from gongkai.diagnostics import CODES, ReadError
from gongkai.load import load_report
from gongkai.rollup import schema

# A chunk's rows: table name → column name → values (columnar, cheap to pickle).
Rows = dict[str, dict[str, list]]


@dataclass(frozen=True)
class Item:
    path: str  # absolute
    source: str  # relative to the corpus folder
    sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def empty_rows() -> Rows:
    return {t.name: {c: [] for c in t.names} for t in schema.tables()}


def _number(value: int | Decimal | None) -> int | float | None:
    return float(value) if isinstance(value, Decimal) else value


def _fail(rows: Rows, item: Item, error: ReadError) -> None:
    f = rows["failures"]
    f["report_id"].append(item.sha256 or None)
    f["source"].append(item.source)
    f["code"].append(error.diagnostic.code)
    f["reason"].append(error.diagnostic.message)


def process_one(item: Item, rows: Rows) -> None:
    """Read and check one file and append its rows."""
    try:
        report = load_report(item.path)  # the size limit, JSON or a document, as every verb
        result = check(report)
    except ReadError as exc:
        _fail(rows, item, exc)
        return
    except Exception as exc:  # a bug must not stop a corpus of thousands: record it, go on
        _fail(rows, item, ReadError(
            "R011", f"读取或检查时程序内部出错：{type(exc).__name__}: {exc}"))
        return
    try:
        size: int | None = os.stat(item.path).st_size
    except OSError:
        size = None  # removed since it was read
    rid = item.sha256
    meta = rows["metadata"]
    values = {
        "report_id": rid, "source": item.source, "size_bytes": size,
        "agency": report.agency, "year": report.year, "format": report.format,
        "publication_date": report.metadata.publication_date,
        "diagnostics": len(report.diagnostics),
        "diagnostics_error": sum(1 for d in report.diagnostics
                                 if d.code in CODES and d.severity == "error"),
        "blank_cells": sum(1 for v in report.cells.values() if v is None),
        **{schema.findings_column(s): result.count(s) for s in SEVERITIES},
    }
    for name, value in values.items():
        meta[name].append(value)
    long = rows["cells_long"]
    for key, value in report.cells.items():
        long["report_id"].append(rid)
        long["key"].append(key)
        long["value"].append(_number(value))
    wide = rows["cells_wide"]
    for name in schema.cells_wide().names:
        if name in ("report_id", "agency", "year", "format"):
            wide[name].append(values[name])
        else:
            wide[name].append(_number(report.cells.get(name)))
    found = rows["findings"]
    for f in result.findings:
        found["report_id"].append(rid)
        found["code"].append(f.code)
        found["severity"].append(f.severity)
        found["section"].append(f.section)
        found["keys"].append(";".join(f.keys))
        found["message"].append(f.message)


def process_chunk(items: list[Item]) -> tuple[int, Rows]:
    """Read and check a chunk of files: (how many, their rows)."""
    rows = empty_rows()
    for item in items:
        process_one(item, rows)
    return len(items), rows
