"""Page images → a ScannedDocument (recognition page by page), and the check afterwards."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.diagnostics import ReadError
from gongkai.model import Report
from gongkai.read.ocr.document import ScannedDocument, build_document
from gongkai.read.ocr.images import PageImage
from gongkai.read.ocr.page import read_page
from gongkai.read.ocr.verify import verify


def read_pages(images: Iterable[PageImage], source: str) -> ScannedDocument:
    pages = [read_page(image.gray, image.number, image.dpi) for image in images]
    if not any(page.lines or page.tables for page in pages):
        raise ReadError("R008", "扫描件中没有识别出任何文字（空白页或图像过于模糊）")
    return build_document(pages, source)


def finish(doc: ScannedDocument, report: Report) -> None:
    """After the table logic: confidences, and what OCR may have misread (`verify`)."""
    verify(doc, report)
