"""Page images of a scanned report: the pages of an image-only PDF, or one PNG/JPEG picture.

Pages come out as 8-bit grey images with their resolution in dots per inch. A PDF page is
rendered at the resolution of the scan it carries (its largest image's pixels over the page's
size), between 150 and 300 dpi; a picture keeps its pixels, its resolution taken from the file
(PNG pHYs, JPEG JFIF) or, failing that, estimated from an A4 page's width. The size of every
page image (MAX_PIXELS) and the number of pages (MAX_PAGES) are checked before any pixel is
decoded or rendered; Pillow's process-wide settings are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import numpy as np

from gongkai.diagnostics import ReadError

MIN_DPI, MAX_DPI = 150.0, 300.0
_A4_INCHES = (8.27, 11.69)
# A page image larger than this is not one report page (an A3 page at 300 dpi is 17.4 million
# pixels); checked before any pixel is decoded or rendered (as grey: 1 byte a pixel).
MAX_PIXELS = 60_000_000
# A scanned report longer than this is not one annual report (they run to some 5-30 pages);
# OCR costs a few CPU-seconds a page.
MAX_PAGES = 100


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

    try:
        with Image.open(BytesIO(data)) as image:  # reads the header only
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            image = ImageOps.exif_transpose(image)
            image.load()
            dpi = image.info.get("dpi")
            gray = np.asarray(image.convert("L"))
    except Image.DecompressionBombError:  # Pillow's own limit, far above MAX_PIXELS
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


def _too_many_pixels(width: int, height: int) -> ReadError:
    return ReadError("R003", f"图片有 {width}×{height} 像素（约 {width * height / 1e6:.0f} 百万），"
                     f"超过上限 {MAX_PIXELS / 1e6:.0f} 百万像素，不像一页报告的扫描件")


def render_dpi(width_pt: float, height_pt: float, dpi: float, number: int) -> float:
    """`dpi`, or less, so that the page (in points) renders to at most MAX_PIXELS; R003 when
    it does not fit even at MIN_DPI (a page of some square metres is not a report page)."""
    fitting = 72.0 * (MAX_PIXELS / max(width_pt * height_pt, 1e-6)) ** 0.5
    if fitting < MIN_DPI:
        raise ReadError("R003", f"PDF 第 {number} 页的页面过大（{width_pt / 72:.0f}×"
                        f"{height_pt / 72:.0f} 英寸），不像报告的一页，无法按扫描件识别",
                        page=number)
    return min(dpi, fitting)


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

    # PDFium is not thread-safe (gongkai.read.pdfium): every call below holds its lock, taken
    # and released within each step of this generator, never across a `yield`.
    from gongkai.read.pdfium import LOCK

    try:
        with LOCK:
            pdf = pdfium.PdfDocument(data)
            n_pages = len(pdf)
    except pdfium.PdfiumError:
        raise ReadError("R005", "PDF 无法打开，文件可能已损坏或被截断") from None
    try:
        if n_pages > MAX_PAGES:
            raise ReadError("R003", f"扫描 PDF 共 {n_pages} 页，超过 OCR 识别的上限 {MAX_PAGES} "
                            "页（年度报告通常只有十几页），请确认文件是否正确")
        for index in range(n_pages):
            with LOCK:
                page = pdf[index]
                try:
                    dpi = render_dpi(*page.get_size(), _scan_dpi(page), index + 1)
                    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
                    gray = np.array(bitmap.to_numpy(), dtype=np.uint8)  # a copy
                    bitmap.close()
                    if gray.ndim == 3:
                        gray = gray[:, :, 0]
                except pdfium.PdfiumError:
                    raise ReadError("R005", f"PDF 第 {index + 1} 页无法渲染为图像，文件可能已损坏",
                                    page=index + 1) from None
                finally:
                    page.close()
            yield PageImage(index + 1, gray, dpi)
    finally:
        with LOCK:
            pdf.close()
