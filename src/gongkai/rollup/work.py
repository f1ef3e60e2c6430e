"""One file → its rows in the dataset's tables. Runs in worker processes and on Dask workers,
so everything here is a plain function of picklable arguments."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gongkai.check import check
from gongkai.diagnostics import CODES, ReadError
from gongkai.load import load_report
from gongkai.read import read_bytes
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


def _read(item: Item, data: bytes):
    if item.path.lower().endswith(".json"):
        return load_report(item.path)
    return read_bytes(data, item.source)


def _fail(rows: Rows, item: Item, error: ReadError) -> None:
    f = rows["failures"]
    f["report_id"].append(item.sha256 or None)
    f["source"].append(item.source)
    f["code"].append(error.diagnostic.code)
    f["reason"].append(error.diagnostic.message)


def process_one(item: Item, rows: Rows) -> None:
    """Read and check one file and append its rows."""
    try:
        data = Path(item.path).read_bytes()
        report = _read(item, data)
        result = check(report)
    except ReadError as exc:
        _fail(rows, item, exc)
        return
    except OSError as exc:
        _fail(rows, item, ReadError("R001", f"文件无法读取：{exc.strerror or exc}"))
        return
    except Exception as exc:  # a reader bug must not stop a corpus of thousands
        _fail(rows, item, ReadError("R005", f"读取时出现意外错误：{type(exc).__name__}: {exc}"))
        return
    rid = item.sha256
    meta = rows["metadata"]
    values = {
        "report_id": rid, "source": item.source, "size_bytes": len(data),
        "agency": report.agency, "year": report.year, "format": report.format,
        "publication_date": report.metadata.publication_date,
        "diagnostics": len(report.diagnostics),
        "diagnostics_error": sum(1 for d in report.diagnostics
                                 if d.code in CODES and d.severity == "error"),
        "blank_cells": sum(1 for v in report.cells.values() if v is None),
        "findings_error": result.count("error"), "findings_warning": result.count("warning"),
        "findings_notice": result.count("notice"),
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
