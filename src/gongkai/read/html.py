"""Read an HTML report page into the common `Document` form.

Running text gives one `Line` per block element (and per `<br>`-separated piece of it); every
`<table>` row gives one `Line(in_table=True)` with one `Fragment` per cell that starts in that
row, placed on the table's grid after rowspan/colspan expansion.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import charset_normalizer
from lxml import etree

from gongkai.diagnostics import ReadError
from gongkai.format.normalize import squeeze
from gongkai.read.document import Document, Fragment, Line

# --- shared text helpers (also used by the DOCX reader) -------------------------------------

# Characters that take no room but are not white space for `re`: zero-width spaces, BOM, joiners.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# Ranges counted as CJK when joining broken lines of a cell: ideographs, CJK punctuation, kana,
# full-width forms (full-width digits and punctuation included).
_CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x3040, 0x30FF),
    (0x3100, 0x312F),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)


def is_cjk(char: str) -> bool:
    """Whether one character is a CJK ideograph, CJK punctuation or a full-width form."""
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


# What `clean` changes: white space (re's \s, which is what str.strip() strips too) and the
# invisible characters. Most cells (a figure, a label) hold neither and come back as they are.
_UNCLEAN = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean(text: str) -> str:
    """Squeezed text with invisible characters removed (NBSP and U+3000 are white space)."""
    if _UNCLEAN.search(text) is None:
        return text
    return squeeze(_INVISIBLE.sub("", text))


def join_pieces(pieces: Iterable[str]) -> str:
    """Join the broken lines of one cell: nothing between two CJK sides, else one space."""
    out = ""
    for raw in pieces:
        piece = clean(raw)
        if not piece:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(piece[0])):
            out += " "
        out += piece
    return clean(out)


# --- decoding -------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, and an
# XML declaration's encoding="x".
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)""",
    re.IGNORECASE,
)
_PRESCAN_BYTES = 16384
# Declared GB encodings are decoded as GB18030, their superset.
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "euc-cn", "gb18030"}
# Single-byte declarations are often wrong on Chinese pages; they are tried last.
_WEAK = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "us-ascii"}


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:_PRESCAN_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    return "gb18030" if label in _GB_ALIASES else label


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> tuple[str, str] | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    encoding = "gb18030" if best.encoding.lower() in _GB_ALIASES else best.encoding
    text = _try_decode(data, encoding)
    return None if text is None else (text, encoding)


def decode_html(data: bytes) -> tuple[str, str]:
    """The text of an HTML page and the codec that decoded it: BOM, then declared charset, then
    UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data[len(bom) :], encoding)
            if text is not None:
                return text, encoding
    declared = _declared_charset(data)
    if declared and declared not in _WEAK:
        text = _try_decode(data, declared)
        if text is not None:
            return text, declared
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    detected = _detect(data)
    if detected is not None:
        return detected
    if declared and (text := _try_decode(data, declared)) is not None:
        return text, declared
    raise ReadError("R009", "无法识别网页的文本编码：既不是 UTF-8，也不是所声明或可推断的编码")


# --- parsing --------------------------------------------------------------------------------

_SKIP = {"script", "style", "head", "title", "noscript", "template", "select", "textarea"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "td", "th", "tr", "ul",
}  # fmt: skip
_ROW_GROUPS = {"thead", "tbody", "tfoot"}
_CELLS = ("td", "th")
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534


def _parse(text: str) -> etree._Element:
    """Parse decoded HTML with lxml; never touches the network.

    lxml's own HTML parser, not `lxml.html`'s: the same libxml2 parse and tree, without the
    Python-level lookup of an element class for every element the walk touches.
    """
    parser = etree.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(text.replace("\x00", "").encode("utf-8"), parser)
    except etree.ParserError as exc:
        raise ReadError("R002", "网页没有任何内容") from exc
    except (etree.LxmlError, ValueError) as exc:
        raise ReadError("R005", f"网页无法解析：{exc}") from exc
    if root is None:  # what lxml.html reports as ParserError("Document is empty")
        raise ReadError("R002", "网页没有任何内容")
    return root


def _tag(el: etree._Element) -> str | None:
    """The lower-case tag name of an element; None for comments and processing instructions."""
    return el.tag.lower() if isinstance(el.tag, str) else None


@dataclass
class _Walker:
    """Walks the page in document order and collects the lines."""

    lines: list[Line] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    tables: int = 0

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.lines.append(Line([Fragment(text)]))

    def add_text(self, text: str | None, in_pre: bool) -> None:
        if not text:
            return
        if not in_pre:
            self.buffer.append(text)
            return
        first, *rest = text.split("\n")
        self.buffer.append(first)
        for piece in rest:
            self.flush()
            self.buffer.append(piece)

    def walk(self, el: etree._Element, in_pre: bool = False) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table":
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        in_pre = in_pre or tag == "pre"
        if block:
            self.flush()
        self.add_text(el.text, in_pre)
        for child in el:
            self.walk(child, in_pre)
            self.add_text(child.tail, in_pre)
        if block:
            self.flush()

    def table(self, table: etree._Element) -> None:
        index = self.tables
        self.tables += 1
        for caption in (c for c in table if _tag(c) == "caption"):
            self.walk(caption)
        grid: dict[int, set[int]] = {}  # row → columns taken by cells already placed
        for row, (tr, group_end) in enumerate(_rows(table)):
            fragments, inner = _row_fragments(tr, index, row, group_end, grid)
            if fragments:
                self.lines.append(Line(fragments, in_table=True))
            for nested in inner:
                self.table(nested)


def _rows(table: etree._Element) -> list[tuple[etree._Element, int]]:
    """The table's own rows in order, each with the index after its row group's last row."""
    groups: list[list[etree._Element]] = []
    loose: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            loose.append(child)
            continue
        if tag in _ROW_GROUPS:
            if loose:
                groups.append(loose)
                loose = []
            groups.append([tr for tr in child if _tag(tr) == "tr"])
    if loose:
        groups.append(loose)
    rows: list[tuple[etree._Element, int]] = []
    for group in groups:
        end = len(rows) + len(group)
        rows.extend((tr, end) for tr in group)
    return rows


def _span(cell: etree._Element, name: str, limit: int) -> int:
    attribute = cell.get(name)
    if attribute is None:
        return 1
    try:
        value = int(str(attribute).strip())
    except ValueError:
        return 1
    return min(value, limit) if value >= 0 else 1


def _row_fragments(
    tr: etree._Element, table: int, row: int, group_end: int, grid: dict[int, set[int]]
) -> tuple[list[Fragment], list[etree._Element]]:
    """The fragments of the cells that start in this row, and the tables nested in them."""
    fragments: list[Fragment] = []
    nested: list[etree._Element] = []
    taken = grid.setdefault(row, set())
    col = 0
    for cell in tr:
        if _tag(cell) not in _CELLS:
            continue
        while col in taken:
            col += 1
        names = cell.keys()  # most cells have no attributes: one call instead of two lookups
        colspan = (_span(cell, "colspan", _MAX_COLSPAN) or 1) if "colspan" in names else 1
        rowspan = _span(cell, "rowspan", _MAX_ROWSPAN) if "rowspan" in names else 1
        last_row = group_end if rowspan == 0 else min(row + rowspan, group_end)
        columns = range(col, col + colspan)
        taken.update(columns)
        for below in range(row + 1, last_row):
            grid.setdefault(below, set()).update(columns)
        text = _cell_text(cell, nested)
        fragments.append(Fragment(text, table_cell=(table, row, col), blank=not text))
        col += colspan
    return fragments, nested


def _cell_text(cell: etree._Element, nested: list[etree._Element]) -> str:
    """The cell's text, its broken lines joined; tables nested in it are set aside."""
    if len(cell) == 0 and _UNCLEAN.search(cell.text or "") is None:
        return cell.text or ""  # the usual cell: one piece that `join_pieces` leaves as it is
    return join_pieces(_cell_pieces(cell, nested))


def _cell_pieces(cell: etree._Element, nested: list[etree._Element]) -> list[str]:
    """The cell's text split at <br>, block elements and line breaks; nested tables set aside."""
    if len(cell) == 0:  # text only, the usual cell
        return cell.text.split("\n") if cell.text else [""]
    pieces = [""]

    def add(text: str | None) -> None:
        if text:
            first, *rest = text.split("\n")
            pieces[-1] += first
            pieces.extend(rest)

    def visit(el: etree._Element) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return
        if tag == "table":
            nested.append(el)
            pieces.append("")
            return
        if tag == "br" or tag in _BLOCK:
            pieces.append("")
        add(el.text)
        for child in el:
            visit(child)
            add(child.tail)
        if tag in _BLOCK:
            pieces.append("")

    add(cell.text)
    for child in cell:
        visit(child)
        add(child.tail)
    return pieces


def _iter_lines(root: etree._Element) -> Iterator[Line]:
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    yield from walker.lines


def load_html(data: bytes, source: str) -> Document:
    """Read an HTML page (bytes as downloaded) into a `Document` of kind "html"."""
    if not data.strip(b" \t\r\n\x0c\x00"):
        raise ReadError("R002", "网页文件为空")
    text, encoding = decode_html(data)
    if not _INVISIBLE.sub("", text).strip():
        raise ReadError("R002", "网页文件为空（只有空白字符）")
    return Document(source=source, kind="html", lines=list(_iter_lines(_parse(text))),
                    encoding=encoding)
