"""A batch's results as JSON (one object per file) and as CSV (one row per finding)."""

from __future__ import annotations

from typing import Any

from gongkai.check.registry import SEVERITY_ZH
from gongkai.register.io.csvfiles import csv_bytes
from gongkai.web.uploads.models import Batch, FileResult, FileState

CSV_COLUMNS = ["文件", "状态", "机关", "年度", "格式版本", "错误", "警告", "提示",
               "代码", "级别", "说明"]


def file_json(item: FileResult) -> dict[str, Any]:
    """One file's result; `cells` are the figures read (the interchange cells)."""
    out: dict[str, Any] = {
        "file": item.name,
        "state": item.state,
        "state_label": FileState(item.state).label,
    }
    if item.state == FileState.checked:
        out.update({
            "agency": item.agency or None,
            "year": item.year,
            "format": item.format,
            "summary": {"error": item.errors, "warning": item.warnings, "notice": item.notices},
            "findings": item.findings,
            "cells": (item.report or {}).get("cells", {}),
        })
    elif item.state == FileState.unreadable:
        out["error"] = {"code": item.error_code, "message": item.error}
    return out


def batch_json(batch: Batch, files: list[FileResult]) -> dict[str, Any]:
    return {
        "batch": batch.pk,
        "uploaded": batch.uploaded,
        "created": batch.created.isoformat(),
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "failure": batch.failure or None,
        "done": batch.done,
        "total": batch.total,
        "files": [file_json(f) for f in files],
    }


def batch_csv(files: list[FileResult]) -> bytes:
    """One row per finding; a file without findings (or unreadable, or not reached) has one
    row, its read error in the last column. Written by the register's CSV writer
    (`csv_bytes`: UTF-8 with a BOM, so that Excel takes it as UTF-8; a text that a spreadsheet
    would take as a formula — a file name, an agency, a message starting with "=" — is written
    behind an apostrophe)."""
    rows: list[list[Any]] = []
    for item in files:
        head = [item.name, FileState(item.state).label, item.agency, item.year, item.format]
        if item.state != FileState.checked:
            rows.append([*head, None, None, None, item.error_code, None, item.error])
            continue
        counts = [item.errors, item.warnings, item.notices]
        if not item.findings:
            rows.append([*head, *counts, None, None, None])
        for finding in item.findings:
            rows.append([*head, *counts, finding["code"],
                         SEVERITY_ZH.get(finding["severity"], finding["severity"]),
                         finding["message"]])
    return csv_bytes(CSV_COLUMNS, rows)
