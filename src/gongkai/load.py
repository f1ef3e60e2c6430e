"""Any input a verb accepts → a Report: a published document, or interchange JSON; and the
report files among the files and folders a command is given."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from gongkai import interchange
from gongkai.diagnostics import ReadError
from gongkai.model import Report
from gongkai.read import check_length, check_size, read_bytes
from gongkai.read.ocr import IMAGE_SUFFIXES
from gongkai.read.sniff import HTML_SUFFIXES

# The file names gongkai reads as reports: those `gongkai.read.sniff` reads by their suffix
# (PDF, DOCX and the HTML suffixes), plain text, interchange JSON (`load_report`), and pictures
# of a scanned page (PNG/JPEG, read by OCR: `gongkai.read.ocr`).
PICTURE_SUFFIXES = frozenset(IMAGE_SUFFIXES)
REPORT_SUFFIXES = frozenset({".pdf", ".docx", *HTML_SUFFIXES, ".txt", ".text", ".json"}
                            ) | PICTURE_SUFFIXES
# A folder walk leaves pictures out: beside published reports they are logos, charts and
# page thumbnails far more often than scans, and a picture shows one page, not a report. A
# picture is read when it is named itself (`gongkai read 第2页.png`).
FOLDER_SUFFIXES = REPORT_SUFFIXES - PICTURE_SUFFIXES


def report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file given, and every report file under each folder given (`FOLDER_SUFFIXES`: not
    pictures, which are read only when named), in a stable order; hidden files and folders (a
    name starting with ".") are skipped.

    Folders are walked lazily (one directory listing at a time), so a corpus of any size is
    never listed into memory at once."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue  # hidden files, and a dataset's own temporary files
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.suffix.lower() in FOLDER_SUFFIXES:
            yield entry


def _looks_like_json(data: bytes, name: str) -> bool:
    """Interchange JSON: a name ending in .json, or bytes starting with "{"."""
    if PurePath(name).suffix.lower() == ".json":
        return True
    return data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def load_report(path: str | Path, *, max_bytes: int | None = None) -> Report:
    """Read `path` as interchange JSON when it is JSON, else as a published report
    (`load_bytes`); R001 when it cannot be read, R003 above `max_bytes`."""
    path = Path(path)
    check_size(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("R001", f"文件无法读取：{exc.strerror or exc}") from exc
    return load_bytes(data, str(path), max_bytes=max_bytes)


def load_bytes(data: bytes, name: str, *, max_bytes: int | None = None) -> Report:
    """The report in `data`, the content of a file called `name`: interchange JSON when it is
    JSON (every fault R010), else a published report read by `gongkai.read`. R003 above
    `max_bytes` (else the reader's own bound). The report's source is `name` unless the JSON
    names one."""
    check_length(len(data), max_bytes)
    if not _looks_like_json(data, name):
        return read_bytes(data, name)
    try:
        parsed = interchange.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReadError("R010", "JSON 文件不是 UTF-8 编码") from None
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列附近"
        raise ReadError("R010", f"不是有效的 JSON（{where}）") from None
    if isinstance(parsed, list) and len(parsed) == 1:
        parsed = parsed[0]
    if not isinstance(parsed, dict) or "format" not in parsed or "cells" not in parsed:
        raise ReadError("R010", "JSON 不是年度报告交换格式（应为含 format、cells 的对象）")
    report = interchange.from_dict(parsed)  # every fault a ReadError R010, in Chinese
    report.source = report.source or name
    return report
