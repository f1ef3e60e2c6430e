"""Read a PDF report: rebuild visual lines of words from PDFium's positioned text.

Only pypdfium2 is used. Per page, PDFium's text (what `get_text_range()` gives; PDFium already
inserts spaces at gaps and line breaks between its lines); a word is a run of non-blank
characters. Each word becomes one fragment; words are grouped into visual lines by their
vertical centres, page by page, and page-number lines in the top or bottom margin are dropped.

Speed. Loading must cost little more than PDFium's own text extraction, so the work per word
is kept small:

* one PDFium call per word: the loose box of its first character gives left, top and bottom.
  A word whose characters share one width class (all ASCII, e.g. a number; or all wide CJK
  characters) ends at `left + length × advance` of that character. Only a mixed word
  ("2023年") also boxes its last character, and a word whose two ends disagree (other line,
  backwards, a gap inside) or that has no usable first box is measured character by
  character and split at gaps wider than about one character height;
* the call goes through a bare ctypes function pointer without argument types, fed ready
  `c_void_p` handles: about 2.5x less overhead than the generated binding;
* pages and text pages are PDFium's raw handles, not pypdfium2's helper objects (whose
  finalizers and bookkeeping cost ~5 % of a page);
* the page's words come from one `str.split()`; words are plain tuples
  `(text, x0, top, x1, bottom, top + bottom)` until they become fragments;
* the per-word loop (splitting, boxing, visual lines, the `Fragment`s) runs in C when the
  extension `_pdfwords` is built (`pdf_native.py`): the same steps with the same arithmetic,
  tested to give identical results. The Python functions below are its reference and the
  fallback when no compiler was at hand.

Measured on LibreOffice-made reports (bench/bench_pdf.py, see bench/README.md): 1.1-1.2x
the bare `get_text_range()` with the extension, 1.3-1.45x on the pure-Python path, whose
extra cost is the per-word interpreter work (the PDFium call, the word's tuple and
`Fragment`, its place in a visual line).

Coordinates are reading-space PDF points: the crop box applied, turned so the text runs left
to right (from the angle of a few characters, so a landscape table drawn sideways under a
/Rotate entry reads like an upright page), `top`/`bottom` measured down from the page top.

Threads. PDFium is not thread-safe, not even across documents (see `gongkai.read.pdfium`):
every PDFium call here runs under `gongkai.read.pdfium.LOCK` — opening, the pages and text
pages, text and character boxes, closing; the visual lines' fragments are built after it is
released. Code outside the loader that needs a PDFium document opens it with `opened(data)`
(or `open_document`, under the lock).
"""

from __future__ import annotations

import codecs
import ctypes
import math
import re
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.diagnostics import ReadError
from gongkai.read import pdf_native
from gongkai.read.document import Document, Line
from gongkai.read.pdfium import LOCK

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (display space, from the top)

# A run of characters that are neither blank nor control characters; split() keeps both sides.
_WORD = re.compile(r"([^\s\x00-\x1f\x7f\ufeff\ufffe]+)")
# What _WORD also splits at besides white space (str.isspace() covers \t-\r and \x1c-\x1f).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\ufeff\ufffe]")

_GAP = 1.0  # a horizontal gap wider than this many character heights splits a word
_SAME_LINE = 0.5  # centres within this many heights (of the smaller word) share a visual line
_MIN_PAGE_CHARS = 10  # a page with fewer non-blank characters has no real text layer
_MARGIN_DECORATED = 0.12  # "- 3 -", "第3页", "3/10": dropped in the top or bottom 12 %
_MARGIN_BARE = 0.08  # a bare "3": dropped only in the top or bottom 8 %

_DASHES = r"[-‐‑‒–—―－﹣~～_·•\s]"
_DECORATED_PAGE_NUMBER = re.compile(
    rf"^(?:{_DASHES}+(?:\d{{1,4}}|[一二三四五六七八九十百]+){_DASHES}+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_BARE_PAGE_NUMBER = re.compile(r"^\d{1,4}$")

_OPEN_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "未知错误",
    pdfium_c.FPDF_ERR_FILE: "文件读取错误",
    pdfium_c.FPDF_ERR_FORMAT: "不是 PDF 格式或结构已损坏",
    pdfium_c.FPDF_ERR_PAGE: "页面缺失或内容错误",
}
_MAX_FORM_DEPTH = 15  # form XObjects nested deeper are not searched for images (as pypdfium2)
_PERMISSION_EXTRACT = 0x10  # PDF permission bit 5: copy or otherwise extract text
_SCANNED_MESSAGE = (  # raised only when the OCR extra is not installed (read/ocr reads scans)
    "PDF 为扫描件（只有图像、没有文字层），需要 OCR 识别才能读取；"
    "请安装 OCR 扩展：pip install gongkai[ocr]"
)

# FPDFText_GetLooseCharBox(text_page, index, FS_RECTF*) as a bare function pointer without
# argument types, called with c_void_p handles: about 2.5x less call overhead than the generated
# binding, which converts its typed pointer arguments on every call. PYFUNCTYPE: the call keeps
# the GIL (it takes well under a microsecond and touches no Python object), which saves
# releasing and taking it again for every word.
_LOOSE_CHAR_BOX = ctypes.PYFUNCTYPE(ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
)
_LOOSE_CHAR_BOX.argtypes = None
_UNPACK_RECT = struct.Struct("4f").unpack_from  # FS_RECTF: left, top, right, bottom
_X0, _CENTRE2 = itemgetter(1), itemgetter(5)

_RawPage = pdfium_c.FPDF_PAGE  # PDFium handles, used raw (see _read_page)
_TextPage = pdfium_c.FPDF_TEXTPAGE

# text, x0, top, x1, bottom (display space), top + bottom (twice the centre: the sort key)
_Word = tuple[str, float, float, float, float, float]


@dataclass(slots=True)
class _Page:
    number: int  # 1-based
    height: float  # display height in points
    words: list[_Word]  # in no particular order
    image_only: bool  # (almost) no text but at least one image
    lines: list[list[_Word]] | None = None  # the visual lines, if the native loop made them


# --------------------------------------------------------------------------- public


def load_pdf(data: bytes, source: str) -> Document:
    """Read a PDF into visual lines of word fragments; raise `ReadError` if it cannot be read.

    R002 empty input; R005 not a PDF, corrupt or truncated; R006 encrypted; R007 scanned (the
    pages carry images but no text layer).
    """
    if not data:
        raise ReadError("R002", "文件为空（0 字节），不是可读取的 PDF")
    with opened(data) as pdf:  # PDFium's part, under its lock
        pages = [_read_page(pdf, index) for index in range(len(pdf))]
        _check_text_layer(pdf, pages)
    return Document(source=source, kind="pdf", lines=_document_lines(pages), pages=len(pages))


@contextmanager
def opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """`with opened(data) as document:` — the PDF in `data` opened by PDFium (a pypdfium2
    `PdfDocument`) for the block, closed at its end, `gongkai.read.pdfium.LOCK` held from
    opening to closing so that everything the block does with the document is safe from other
    threads. Raises `ReadError` as `open_document`. Keep the block to PDFium work: other
    threads wait for it.
    """
    with LOCK:
        document = open_document(data)
        try:
            yield document
        finally:
            document.close()


def open_document(data: bytes) -> pdfium.PdfDocument:
    """The PDF in `data` opened by PDFium; raise `ReadError` if it cannot be: R005 not a PDF,
    corrupt or truncated (or without pages), R006 encrypted with a password or an unsupported
    security handler.

    The caller must hold `gongkai.read.pdfium.LOCK` from this call until it has closed the
    document (`document.close()`), and use the document only while holding it: PDFium is not
    thread-safe. `opened` does all of that; prefer it.
    """
    if not isinstance(data, bytes | bytearray | memoryview):  # a str would be taken as a path
        raise TypeError(f"data must be the PDF's bytes, not {type(data).__name__}")
    with LOCK:
        try:
            return pdfium.PdfDocument(bytes(data))
        except pdfium.PdfiumError as error:
            raise _open_error(getattr(error, "err_code", None)) from None


# --------------------------------------------------------------------------- opening and checks


def _open_error(code: int | None) -> ReadError:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return ReadError("R006", "PDF 已加密（设置了打开密码），无法读取；请提供未加密的版本")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return ReadError(
            "R006", "PDF 已加密（使用了不支持的加密方式），无法读取；请提供未加密的版本"
        )
    if code == pdfium_c.FPDF_ERR_SUCCESS:
        return ReadError("R005", "PDF 没有任何页面，文件可能已损坏或被截断")
    reason = _OPEN_ERRORS.get(code, "未知错误")
    return ReadError("R005", f"文件不是有效的 PDF，或已损坏、被截断，无法打开（{reason}）")


def _check_text_layer(pdf: pdfium.PdfDocument, pages: list[_Page]) -> None:
    """Refuse a document without a usable text layer: encrypted against extraction or scanned."""
    if not any(page.words for page in pages) and _extraction_blocked(pdf):
        raise ReadError("R006", "PDF 已加密并禁止提取文字，读不出文字层；请提供未加密的版本")
    scanned = [page.number for page in pages if page.image_only]
    if 2 * len(scanned) > len(pages):
        raise ReadError("R007", _SCANNED_MESSAGE, pages=scanned)


def _extraction_blocked(pdf: pdfium.PdfDocument) -> bool:
    if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) == -1:
        return False
    return not pdfium_c.FPDF_GetDocPermissions(pdf.raw) & _PERMISSION_EXTRACT


def _image_only(page: _RawPage, words: list[_Word]) -> bool:
    """Fewer than a handful of text characters, and at least one image (a scanned page)."""
    if len(words) >= _MIN_PAGE_CHARS or sum(len(w[0]) for w in words) >= _MIN_PAGE_CHARS:
        return False
    return _has_image(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page, 0)


def _has_image(count: Callable, get: Callable, parent: object, level: int) -> bool:
    """Is there an image among the objects of a page or form XObject, forms searched to the
    depth and in the order of pypdfium2's `PdfPage.get_objects()` (which raises the same
    errors)?"""
    n_objects = count(parent)
    if n_objects < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for index in range(n_objects):
        obj = get(parent, index)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_UNKNOWN:
            raise pdfium.PdfiumError("Failed to determine pageobject type.")
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < _MAX_FORM_DEPTH - 1 and _has_image(
            pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, level + 1
        ):
            return True
    return False


# --------------------------------------------------------------------------- one page


def _read_page(pdf: pdfium.PdfDocument, index: int) -> _Page:
    """One page, through PDFium's raw page and text-page handles.

    The raw handles (closed here, in `finally`) save the Python bookkeeping of pypdfium2's
    helper objects (finalizer, kid tracking): a fixed cost per page that is ~5 % of PDFium's
    own work on a report page.
    """
    number = index + 1
    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        raise ReadError("R005", f"PDF 第 {number} 页无法读取，文件可能已损坏或被截断", page=number)
    try:
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise pdfium.PdfiumError("Failed to load text page.")
        try:
            words, height, lines = _page_words(page, textpage)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
        return _Page(number, height, words, _image_only(page, words), lines)
    except pdfium.PdfiumError:
        raise ReadError(
            "R005", f"PDF 第 {number} 页的文字无法读取，文件可能已损坏", page=number
        ) from None
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _page_text(textpage: _TextPage) -> str:
    """The page text with text index == character index (PDFium's own text, or char by char)."""
    chars = pdfium_c.FPDFText_CountChars(textpage)
    if chars == -1:
        raise pdfium.PdfiumError("Failed to get character count.")
    if chars <= 0:
        return ""
    text = _text_range(textpage, chars)
    if len(text) == chars:
        return text
    # PDFium dropped or inserted characters: rebuild the text one character at a time.
    return "".join(_char(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(chars))


def _text_range(textpage: _TextPage, chars: int) -> str:
    """All text of the page, exactly as pypdfium2's `PdfTextPage.get_text_range()` gives it.

    Leading and trailing characters without a text index are left out of the range, so that
    PDFium does not read beyond it (pypdfium2 issue 261, crbug.com/pdfium/2079).
    """
    first, last = 0, chars - 1
    while first <= last:
        text_first = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)
        if text_first == -1:
            first += 1
            continue
        text_last = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)
        if text_last == -1:
            last -= 1
            continue
        break
    else:
        return ""
    size = text_last + 2 - text_first  # including the NUL terminator
    buffer = (ctypes.c_ushort * size)()
    written = pdfium_c.FPDFText_GetText(textpage, first, last + 1 - first, buffer)
    return codecs.decode(memoryview(buffer)[: written - 1], "utf-16-le", errors="ignore")


def _char(code: int) -> str:
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    return chr(code)


def _page_bbox(page: _RawPage) -> tuple[float, float, float, float]:
    """left, bottom, right, top of the page: media box and crop box intersected."""
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page, rect):
        raise pdfium.PdfiumError("Failed to get page bounding box.")
    return rect.left, rect.bottom, rect.right, rect.top


class _Frame:
    """Maps PDF user space to reading space: crop box applied, turned so the text runs left to
    right, y measured downwards from the top. `rotation` is the clockwise turn (0, 90, 180, 270)
    that makes the text upright: what a /Rotate entry does for a landscape page drawn sideways.
    """

    def __init__(self, page_box: tuple[float, float, float, float], rotation: int) -> None:
        self.left, self.bottom, self.right, self.top = page_box
        self.rotation = rotation
        upright = rotation in (0, 180)
        self.height = (self.top - self.bottom) if upright else (self.right - self.left)

    def box(self, left: float, top: float, right: float, bottom: float) -> Box:
        """x0, top, x1, bottom in reading space of a user-space rectangle."""
        if self.rotation == 0:
            return left - self.left, self.top - top, right - self.left, self.top - bottom
        if self.rotation == 90:
            return bottom - self.bottom, left - self.left, top - self.bottom, right - self.left
        if self.rotation == 180:
            return self.right - right, bottom - self.bottom, self.right - left, top - self.bottom
        return self.top - top, self.right - right, self.top - bottom, self.right - left


def _text_rotation(textpage: _TextPage, starts: list[int]) -> int:
    """The clockwise turn that sets most of the page's text upright, from a few characters."""
    votes = [0, 0, 0, 0]
    for index in starts[:: max(1, len(starts) // 9)]:
        angle = pdfium_c.FPDFText_GetCharAngle(textpage, index)  # radians, clockwise
        if angle >= 0 and math.isfinite(angle):  # -1: no angle; NaN or inf: none usable
            votes[round(math.degrees(angle) / 90) % 4] += 1
    quadrant = votes.index(max(votes))
    return (4 - quadrant) % 4 * 90


class _Boxes:
    """Loose character boxes of one text page."""

    def __init__(self, textpage: _TextPage, frame: _Frame) -> None:
        self.page = ctypes.cast(textpage, ctypes.c_void_p)
        self.rect = pdfium_c.FS_RECTF()
        self.address = ctypes.c_void_p(ctypes.addressof(self.rect))
        self.frame = frame

    def __call__(self, index: int) -> Box | None:
        """x0, top, x1, bottom of one character in reading space, or None if it has none (or
        only a flat, upside-down or non-finite one)."""
        if not _LOOSE_CHAR_BOX(self.page, index, self.address):
            return None
        left, top, right, bottom = _UNPACK_RECT(self.rect)
        if not _usable(left, top, right, bottom):
            return None
        return self.frame.box(left, top, right, bottom)


def _usable(left: float, top: float, right: float, bottom: float) -> bool:
    """Is a character box (user space, y upwards) one to place a word by: top above bottom and
    every side finite? Written `top > bottom` (not `not top <= bottom`) so that NaN fails it;
    the sum of four float32 values is finite exactly when each of them is. `_upright_words`
    inlines this test, the C loop (`_pdfwords.c`, `usable`) makes the same one."""
    return top > bottom and math.isfinite(left + top + right + bottom)


# --------------------------------------------------------------------------- words


def _page_words(
    page: _RawPage, textpage: _TextPage
) -> tuple[list[_Word], float, list[list[_Word]] | None]:
    """The words of a page in reading space, the page's height in reading space and, from the
    native loop (`pdf_native`), the visual lines; the pure-Python path groups lines later."""
    text = _page_text(textpage)
    page_box = _page_bbox(page)
    if pdf_native.NATIVE:
        rotation, words, lines = pdf_native._page_lines(textpage, text, page_box)
        return words, _Frame(page_box, rotation).height, lines
    texts, starts = _split_words(text)
    frame = _Frame(page_box, _text_rotation(textpage, starts))
    boxes = _Boxes(textpage, frame)
    if frame.rotation == 0:
        return _upright_words(text, texts, starts, boxes), frame.height, None
    return _turned_words(text, texts, starts, boxes), frame.height, None


def _split_words(text: str) -> tuple[list[str], list[int]]:
    """The words of the page text (runs of `_WORD`) and the index at which each starts."""
    if _CONTROL.search(text) is None:  # only white space between words: str.split() is quicker
        texts = text.split()
        starts: list[int] = []
        find, position = text.find, 0
        for word in texts:
            position = find(word, position)  # only white space lies before it
            starts.append(position)
            position += len(word)
        return texts, starts
    parts = _WORD.split(text)  # blank, word, blank, word, ..., blank
    starts = list(accumulate(map(len, parts)))[:-1:2]  # a word starts where its blank ends
    return parts[1::2], starts


def _upright_words(text: str, texts: list[str], starts: list[int], boxes: _Boxes) -> list[_Word]:
    """Words of upright text, one PDFium call for most (the hot loop, hence inlined)."""
    page, address, rect = boxes.page, boxes.address, boxes.rect
    origin_x, origin_y = boxes.frame.left, boxes.frame.top
    char_box, unpack, finite = _LOOSE_CHAR_BOX, _UNPACK_RECT, math.isfinite  # looked up once
    words: list[_Word] = []
    append = words.append
    for word, start in zip(texts, starts, strict=True):
        ok = char_box(page, start, address)
        left, top, right, bottom = unpack(rect)  # user space, y upwards
        length = len(word)
        if ok and top > bottom and finite(left + top + right + bottom):  # _usable, inlined
            top, bottom = origin_y - top, origin_y - bottom
            if length == 1 or word.isascii() or len(word.encode()) == 3 * length:
                right = left + length * (right - left)  # one width class
                append((word, left - origin_x, top, right - origin_x, bottom, top + bottom))
                continue
            # A mixed word: box its last character too.
            first = (left - origin_x, top, right - origin_x, bottom)
            last = boxes(start + length - 1)
            measured = None if last is None else _from_ends(word, first, last)
            if measured is not None:
                append(measured)
                continue
        words.extend(_split_by_chars(text, start, start + length, boxes))
    return words


def _turned_words(text: str, texts: list[str], starts: list[int], boxes: _Boxes) -> list[_Word]:
    """Words of sideways or upside-down text: both ends of every word are boxed."""
    words: list[_Word] = []
    for word, start in zip(texts, starts, strict=True):
        measured = _word_from_ends(word, start, boxes)
        if measured is None:
            words.extend(_split_by_chars(text, start, start + len(word), boxes))
        else:
            words.append(measured)
    return words


def _word_from_ends(word: str, start: int, boxes: _Boxes) -> _Word | None:
    """A word boxed from its first and last characters; None when a box is missing."""
    first = boxes(start)
    last = first if len(word) == 1 else boxes(start + len(word) - 1)
    if first is None or last is None:
        return None
    return _from_ends(word, first, last)


def _from_ends(word: str, first: Box, last: Box) -> _Word | None:
    """A word from the boxes of its first and last characters.

    None when the two ends disagree: not on one line, backwards, or too far apart for the
    characters between them (a gap inside the word).
    """
    x0, top, x1, bottom = first
    height = bottom - top
    one_line = abs(last[1] + last[3] - top - bottom) <= 2 * _SAME_LINE * height
    forward = x0 <= last[0]
    no_gap = last[2] - x0 <= len(word) * max(x1 - x0, height) + _GAP * height
    if not (one_line and forward and no_gap):
        return None
    top, bottom = min(top, last[1]), max(bottom, last[3])
    return word, x0, top, last[2], bottom, top + bottom


def _split_by_chars(text: str, start: int, end: int, boxes: _Boxes) -> list[_Word]:
    """Measure every character and cut the word at gaps, line changes and backward jumps.

    A character without a box stays with its left neighbour (or is dropped at the start).
    """
    words: list[list] = []
    for index in range(start, end):
        box = boxes(index)
        if box is None:
            if words:
                words[-1][0] += text[index]
        elif words and _continues(words[-1][1], box):
            word = words[-1]
            x0, top, x1, bottom = word[1]
            word[0] += text[index]
            word[1] = (x0, min(top, box[1]), max(x1, box[2]), max(bottom, box[3]))
        else:
            words.append([text[index], box])
    return [(s, x0, t, x1, b, t + b) for s, (x0, t, x1, b) in words]


def _continues(word: Box, box: Box) -> bool:
    """True if a character box continues a word: same visual line, no wide gap either way."""
    height = max(word[3] - word[1], box[3] - box[1])
    same_line = abs(box[1] + box[3] - word[1] - word[3]) <= 2 * _SAME_LINE * height
    gap = box[0] - word[2]
    return same_line and -_GAP * height <= gap <= _GAP * height


# --------------------------------------------------------------------------- lines


def _document_lines(pages: list[_Page]) -> list[Line]:
    """Visual lines of all pages in reading order, numbered through the document."""
    lines: list[Line] = []
    for page in pages:
        visual = _visual_lines(page.words) if page.lines is None else page.lines
        kept = _drop_page_numbers(visual, page.height)
        lines += pdf_native.fragment_lines(kept, page.number, len(lines) + 1)
    return lines


def _visual_lines(words: list[_Word]) -> list[list[_Word]]:
    """Group words whose vertical centres are close; lines top to bottom, words left to right.

    A word joins the current line when its centre is within half the smaller height of the
    line's first (topmost) word, so lines do not chain into each other.
    """
    lines: list[list[_Word]] = []
    current: list[_Word] = []
    anchor_centre2 = anchor_height = 0.0
    same_line = 2 * _SAME_LINE  # centres are kept doubled
    for word in sorted(words, key=_CENTRE2):
        height = word[4] - word[2]
        limit = height if height < anchor_height else anchor_height
        if current and word[5] - anchor_centre2 <= same_line * limit:
            current.append(word)
        else:
            current = [word]
            lines.append(current)
            anchor_centre2, anchor_height = word[5], height
    for line in lines:
        if len(line) > 1:
            line.sort(key=_X0)
    return lines


def _drop_page_numbers(lines: list[list[_Word]], page_height: float) -> list[list[_Word]]:
    """Remove page-number lines; only lines at the very top or bottom of the page can be one."""
    if page_height <= 0:
        return lines
    first = 0
    while first < len(lines) and _is_page_number(lines[first], page_height):
        first += 1
    last = len(lines)
    while last > first and _is_page_number(lines[last - 1], page_height):
        last -= 1
    return lines[first:last]


def _is_page_number(words: list[_Word], page_height: float) -> bool:
    """A line of just a page number ("- 3 -", "第3页", "3/10", "3") in the top/bottom margin."""
    if len(words) > 8:
        return False
    top = min(w[2] for w in words) / page_height
    bottom = max(w[4] for w in words) / page_height
    if bottom > _MARGIN_DECORATED and top < 1 - _MARGIN_DECORATED:
        return False  # in the body of the page
    text = " ".join(w[0] for w in words)
    if _BARE_PAGE_NUMBER.match(text):
        return bottom <= _MARGIN_BARE or top >= 1 - _MARGIN_BARE
    return _DECORATED_PAGE_NUMBER.match(text) is not None
