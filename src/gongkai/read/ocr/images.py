"""Page images of a scanned report: the pages of an image-only PDF, or one PNG/JPEG picture.

Pages come out as 8-bit grey images with their resolution in dots per inch. A PDF page is
rendered at the resolution of the scan it carries (its largest image's pixels over the page's
size), between 150 and 300 dpi; a picture keeps its pixels, its resolution taken from the file
(PNG pHYs, JPEG JFIF) or, failing that, estimated from an A4 page's width.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import numpy as np

from gongkai.diagnostics import ReadError

MIN_DPI, MAX_DPI = 150.0, 300.0
_A4_INCHES = (8.27, 11.69)
_MAX_PIXELS = 60_000_000  # a larger picture is not one report page


@dataclass
class PageImage:
    number: int  # 1-based
    gray: np.ndarray  # uint8, height × width
    dpi: float


def _estimated_dpi(width: int, height: int) -> float:
    """The resolution of an A4 page scanned to this many pixels (portrait or landscape)."""
    short, long = sorted((width, height))
    return (short / _A4_INCHES[0] + long / _A4_INCHES[1]) / 2


def picture_page(data: bytes, source: str) -> PageImage:
    """The one page a PNG or JPEG picture shows."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    try:
        with Image.open(BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image.load()
            dpi = image.info.get("dpi")
            gray = np.asarray(image.convert("L"))
    except Image.DecompressionBombError:
        raise ReadError("R003", "图片像素过多，不像一页报告的扫描件") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ReadError("R005", "图片已损坏或不完整（可能被截断），无法打开") from None
    h, w = gray.shape
    if min(h, w) < 200:
        raise ReadError("R005", f"图片太小（{w}×{h} 像素），无法识别文字")
    resolution = float(dpi[0]) if dpi and dpi[0] and float(dpi[0]) >= 72 else None
    if resolution is None or abs(resolution - _estimated_dpi(w, h)) > 0.5 * resolution:
        resolution = _estimated_dpi(w, h)  # no resolution, or one the pixels contradict
    return PageImage(1, np.ascontiguousarray(gray), resolution)


def _scan_dpi(page) -> float:  # page: pypdfium2.PdfPage
    """The resolution of the largest image on the page, clamped to MIN_DPI..MAX_DPI."""
    import pypdfium2 as pdfium

    width_pt, height_pt = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:  # pypdfium2 5 names; 4 called them get_size and get_pos
            px_w, px_h = (getattr(obj, "get_px_size", None) or obj.get_size)()
            left, bottom, right, top = (getattr(obj, "get_bounds", None) or obj.get_pos)()
        except pdfium.PdfiumError:
            continue
        shown_w, shown_h = max(right - left, 1e-3), max(top - bottom, 1e-3)
        if shown_w * shown_h < 0.25 * width_pt * height_pt:
            continue  # a logo or stamp, not the scanned page
        best = max(best, 72.0 * max(px_w / shown_w, px_h / shown_h))
    return min(MAX_DPI, max(MIN_DPI, best or MIN_DPI))


def pdf_pages(data: bytes) -> Iterator[PageImage]:
    """Every page of a PDF rendered to grey at its scan's resolution."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ReadError("R005", "PDF 无法打开，文件可能已损坏或被截断") from None
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                dpi = _scan_dpi(page)
                bitmap = page.render(scale=dpi / 72.0, grayscale=True)
                gray = np.array(bitmap.to_numpy(), dtype=np.uint8)
                if gray.ndim == 3:
                    gray = gray[:, :, 0]
            except pdfium.PdfiumError:
                raise ReadError("R005", f"PDF 第 {index + 1} 页无法渲染为图像，文件可能已损坏",
                                page=index + 1) from None
            finally:
                page.close()
            yield PageImage(index + 1, gray, dpi)
    finally:
        pdf.close()
