"""Read scanned reports by OCR: image-only PDFs and PNG/JPEG pictures of the printed report.

    pip install gongkai[ocr]     # rapidocr-onnxruntime: PP-OCRv4 models inside the wheel

Fully offline: the recogniser's models ship inside the `rapidocr-onnxruntime` wheel. Each page
image is straightened (`deskew`), its ruled tables and their cells found from the rules
(`grid`), the lines of text cut out in every cell and in the running text (`lines`) and
recognised (`engine`), and the pages turned into the same `Document` of lines and fragments
the other readers produce (`document`): a table cell is a fragment at the cell's place, so the
table logic of the text readers reads scans too. Afterwards `verify` attaches every figure's
confidence and flags what OCR may have misread or missed; a figure is corrected only where two
or more broken relations pin it down (diagnostics R301-R307).

What the bytes are decides how a file is read (`gongkai.read.load_document`): a PNG/JPEG
signature makes it a picture whatever its name; the name counts only for bytes that are
nothing else. Folder walks leave pictures out (`gongkai.load.FOLDER_SUFFIXES`).

Without the extra, a scanned PDF stays the fatal R007 and a picture R306, both naming
`pip install gongkai[ocr]`.
"""

from __future__ import annotations

from gongkai.diagnostics import ReadError

EXTRA = "pip install gongkai[ocr]"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")

__all__ = ["EXTRA", "IMAGE_SUFFIXES", "available", "image_kind", "is_picture_name",
           "load_picture", "load_scanned_pdf"]


def available() -> bool:
    """Is the OCR extra (rapidocr-onnxruntime with OpenCV, NumPy, Pillow) installed?"""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import PIL  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def image_kind(data: bytes) -> str | None:
    """"png" or "jpeg" by the file's signature, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def is_picture_name(source: str) -> bool:
    """Is the file named as a PNG or JPEG picture? (What it is, its signature says:
    `image_kind`; the name counts only for bytes that are nothing else.)"""
    return source.lower().endswith(IMAGE_SUFFIXES)


def load_scanned_pdf(data: bytes, source: str, scanned: ReadError):
    """The Document of an image-only PDF read by OCR; re-raises `scanned` (R007, which names
    the extra) when the extra is not installed."""
    if not available():
        raise scanned
    from gongkai.read.ocr.images import pdf_pages
    from gongkai.read.ocr.reader import read_pages

    return read_pages(pdf_pages(data), source)


def load_picture(data: bytes, source: str):
    """The Document of a PNG or JPEG picture of a report page, read by OCR."""
    if image_kind(data) is None:
        raise ReadError("R005", "文件扩展名是图片，但内容不是有效的 PNG 或 JPEG 图片"
                        "（文件可能已损坏）")
    if not available():
        raise ReadError("R306", "这是图片（扫描件或照片），需要 OCR 识别才能读取；"
                        f"请安装 OCR 扩展：{EXTRA}")
    from gongkai.read.ocr.images import picture_page
    from gongkai.read.ocr.reader import read_pages

    return read_pages([picture_page(data, source)], source)
