"""The files a command is given — files and folders, searched recursively (`report_files`, from
`gongkai.load`) — loaded and checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gongkai.check import CheckResult, check
from gongkai.diagnostics import ReadError
from gongkai.load import load_report, report_files

__all__ = ["Checked", "load_and_check", "report_files"]


@dataclass
class Checked:
    path: Path
    result: CheckResult | None = None
    error: ReadError | None = None

    @property
    def failed(self) -> bool:
        return self.result is None or self.result.has_errors


def load_and_check(path: Path) -> Checked:
    try:
        return Checked(path, check(load_report(path)))
    except ReadError as exc:
        return Checked(path, error=exc)
