"""A batch's results as JSON (one object per file) and as CSV (one row per finding)."""

from __future__ import annotations

import csv
import io
from typing import Any

from gongkai.check.registry import SEVERITY_ZH
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


def batch_csv(files: list[FileResult]) -> str:
    """One row per finding; a file without findings (or unreadable, or not reached) has one
    row, its read error in the last column. With a BOM, so that Excel takes it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in files:
        head = [item.name, FileState(item.state).label, item.agency, item.year or "",
                item.format]
        if item.state != FileState.checked:
            writer.writerow([*head, "", "", "", item.error_code, "", item.error])
            continue
        counts = [item.errors, item.warnings, item.notices]
        if not item.findings:
            writer.writerow([*head, *counts, "", "", ""])
        for finding in item.findings:
            writer.writerow([*head, *counts, finding["code"],
                             SEVERITY_ZH.get(finding["severity"], finding["severity"]),
                             finding["message"]])
    return out.getvalue()
