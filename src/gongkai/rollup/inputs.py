"""The files a command is given — files and folders, searched recursively — loaded and checked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongkai.check import CheckResult, check
from gongkai.diagnostics import ReadError
from gongkai.load import load_report

REPORT_SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".txt", ".text", ".json"})


def report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file given, and every report file under each folder given, in a stable order.

    Folders are walked lazily (one directory listing at a time), so a corpus of any size is
    never listed into memory at once."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files, and a dataset's own temporary files
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.suffix.lower() in REPORT_SUFFIXES:
            yield entry


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
