"""read: any published report (text, HTML, DOCX, PDF) → the report model.

    from gongkai.read import read_path
    report = read_path("2022年报.pdf")

A file that cannot be read at all raises `ReadError` (its `.diagnostic` says why, in Chinese);
anything else that could not be read is a diagnostic on the report, and its cells are None.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from gongkai.diagnostics import ReadError
from gongkai.format.normalize import norm_label
from gongkai.format.spec import get_format, version_for_year, versions
from gongkai.model import Report, Section
from gongkai.read.document import Document, Line
from gongkai.read.metadata import extract_metadata, title_agency_year
from gongkai.read.sections import Heading, find_headings
from gongkai.read.sniff import sniff
from gongkai.read.tables import read_table

_UTF8 = {"utf-8", "utf-8-sig", "ascii"}  # codec names (codecs.lookup) reported as UTF-8

MAX_BYTES = int(os.environ.get("GONGKAI_MAX_BYTES", 100 * 1024 * 1024))

__all__ = ["MAX_BYTES", "ReadError", "check_size", "load_document", "read_bytes", "read_document",
           "read_path"]


def load_document(data: bytes, source: str) -> Document:
    """Bytes → Document, by what the bytes are."""
    if not data.strip():
        raise ReadError("R002", "文件为空")
    from gongkai.read.ocr import image_kind, is_picture_name, load_picture, load_scanned_pdf

    # What the bytes are decides, whatever the name: a PNG/JPEG picture of a page (OCR), then
    # the kinds `sniff` recognises. Only bytes that are nothing else, in a file named as a
    # picture, are taken for a damaged picture (R005).
    if image_kind(data) is not None:
        return load_picture(data, source)
    try:
        kind = sniff(data, source)
    except ReadError:
        if not is_picture_name(source):
            raise
        kind = "unknown"
    if kind in ("text", "unknown") and is_picture_name(source):
        return load_picture(data, source)
    if kind == "pdf":
        from gongkai.read.pdf import load_pdf

        try:
            return load_pdf(data, source)
        except ReadError as error:
            if error.diagnostic.code != "R007":
                raise
            return load_scanned_pdf(data, source, error)  # scanned: OCR, if installed
    if kind == "docx":
        from gongkai.read.docx import load_docx

        return load_docx(data, source)
    if kind == "html":
        from gongkai.read.html import load_html

        return load_html(data, source)
    from gongkai.read.text import load_text

    return load_text(data, source)


def check_size(path: Path, max_bytes: int | None = None) -> int:
    """The size of file `path`; R001 when it cannot be opened, R003 above the limit
    (`max_bytes`, else MAX_BYTES). Checked before any byte is read."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError("R001", f"文件不存在或无法打开：{exc.strerror or exc}") from exc
    return check_length(size, max_bytes)


def check_length(size: int, max_bytes: int | None = None) -> int:
    """`size` (bytes of a file); R003 above the limit (`max_bytes`, else MAX_BYTES)."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise ReadError(
            "R003",
            f"文件过大（{size / 1048576:.1f} MB，上限 {limit / 1048576:.0f} MB），"
            "年度报告通常不超过几 MB，请确认文件是否正确",
        )
    return size


def read_path(path: str | Path, *, max_bytes: int | None = None) -> Report:
    """Read the report in file `path`."""
    path = Path(path)
    check_size(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("R001", f"文件无法读取：{exc.strerror or exc}") from exc
    return read_bytes(data, str(path))


def read_bytes(data: bytes, source: str = "<bytes>") -> Report:
    return read_document(load_document(data, source))


def _detect_version(texts: list[str], year: int | None, report: Report) -> str:
    text = norm_label.__wrapped__("".join(texts))  # a whole document: not worth caching
    scores = {v: sum(norm_label(m) in text for m in get_format(v).markers) for v in versions()}
    best = max(scores.values())
    winners = [v for v, s in scores.items() if s == best]
    if best > 0 and len(winners) == 1:
        version = winners[0]
        if year is not None and version != version_for_year(year):
            report.diagnose("R207", f"报告年度为 {year} 年，应使用 {version_for_year(year)} "
                            f"版格式，但表格表头是 {version} 版格式")
        return version
    if year is not None:
        version = version_for_year(year)
        report.diagnose("R201",
                        f"表头中未找到区分格式版本的栏目，按报告年度 {year} 推定为 {version} 版")
        return version
    version = versions()[0]
    report.diagnose("R202", f"既无法从表头也无法从年度确定格式版本，按 {version} 版读取")
    return version


def _regions(headings: list[Heading], n_lines: int) -> dict[str, tuple[int, int]]:
    """Line ranges of the sections that were found."""
    out: dict[str, tuple[int, int]] = {}
    for i, h in enumerate(headings):
        end = headings[i + 1].line_index if i + 1 < len(headings) else n_lines
        out[h.section.id] = (h.line_index + 1, end)
    return out


def _table_lines(doc: Document, region: tuple[int, int]) -> list[Line]:
    lines = doc.lines[region[0]: region[1]]
    grid = [line for line in lines if line.in_table]
    return grid or lines


def read_document(doc: Document) -> Report:
    """Document → Report: sections, metadata, tables."""
    texts = [line.text for line in doc.lines]  # each line's text, joined once
    headings = find_headings(doc.lines)
    first = headings[0].line_index if headings else len(doc.lines)
    agency, year = title_agency_year(texts[: max(first, 1) + 2])

    report = Report(format="", agency=agency, year=year, cells={}, source=doc.source)
    report.metadata = extract_metadata("\n".join(texts))
    period = report.metadata.statistics_period
    period_year = int(period[0][:4]) if period else None
    # A title without a year: the statistics period gives it (for the version as well).
    version = _detect_version(texts, year if year is not None else period_year, report)
    spec = get_format(version)
    report.format = version
    report.cells = dict.fromkeys(spec.keys)

    regions = _regions(headings, len(doc.lines))
    cursor = 0
    any_table = False
    for section in spec.sections:
        if section.table is None:
            continue
        region = regions.get(section.id)
        if region is None:
            later = [h.line_index for h in headings if h.line_index > cursor]
            region = (cursor, later[0] if later else len(doc.lines))
        result = read_table(spec, section.table, _table_lines(doc, region))
        any_table |= result.found
        cursor = region[1] if result.found else cursor
        report.cells.update(result.cells)
        report.provenance.update(result.provenance)
        report.diagnostics.extend(result.diagnostics)

    if doc.encoding is not None and codecs.lookup(doc.encoding).name not in _UTF8:
        report.diagnose("R206", f"文件的文本编码是 {codecs.lookup(doc.encoding).name.upper()}"
                        "（不是 UTF-8），已按此编码读取")
    if not headings and not any_table:
        raise ReadError("R008", "未找到年度报告的章节标题和统计表，这不像政府信息公开工作年度报告")

    for h in headings:
        start, end = regions[h.section.id]
        text = "\n".join(texts[start:end])
        report.sections[h.section.id] = Section(h.section.id, h.printed, text)
    report.preamble = "\n".join(texts[:first])
    missing = [s for s in spec.sections if s.id not in report.sections]
    for s in missing:
        report.diagnose("R205", f"未找到第{s.numeral}部分“{s.title}”的标题")
    if report.agency is None:
        report.diagnose("R203", "标题中未找到机关名称")
    if report.year is None:
        if period_year is not None:
            report.year = period_year
        else:
            report.diagnose("R204", "标题和统计期间中都未找到报告年度")
    if doc.kind == "scan":  # figures read by OCR: confidences, misreads (R301-R307)
        from gongkai.read.ocr.reader import finish

        finish(doc, report)  # type: ignore[arg-type]
    return report
