"""Read a Word (.docx) report into the common `Document` form.

Body paragraphs give one `Line` each (a soft line break `<w:br/>` splits one, as `<br>` does in
HTML); every table row gives one `Line(in_table=True)` with one `Fragment` per cell that starts
in that row, placed on the table grid (`w:gridBefore`, `w:gridSpan`, `w:vMerge`, `w:hMerge`).
Headers, footers, footnotes and comments are not read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from gongkai.diagnostics import ReadError
from gongkai.read.document import Document, Fragment, Line
from gongkai.read.html import clean, join_pieces

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# Elements that only wrap block-, row- or cell-level content.
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
_BREAKS = {_W + "br", _W + "cr"}
_TABS = {_W + "tab", _W + "ptab"}
# Subtrees that hold no visible text, or duplicate text shown elsewhere.
_SKIP = {_MC + "Fallback", _W + "pPr", _W + "rPr", _W + "tcPr", _W + "trPr", _W + "tblPr"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_UNPACKED = 512 * 1024 * 1024
_CHUNK = 1 << 20
_UNSAFE = tuple(
    token.encode(encoding)
    for token in ("<!doctype", "<!entity")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(token) for token in _UNSAFE)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


# --- the package as a whole -----------------------------------------------------------------


def _xml_part_names(zf: zipfile.ZipFile) -> set[str]:
    """Names of the parts an XML parser will read: *.xml, *.rels and XML content types."""
    names = {n for n in zf.namelist() if n.lower().endswith((".xml", ".rels"))}
    if "[Content_Types].xml" not in names:
        return names
    _scan_part(zf, "[Content_Types].xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        types = etree.fromstring(zf.read("[Content_Types].xml"), parser)
    except etree.XMLSyntaxError:
        return names
    xml_exts = {
        d.get("Extension", "").lower()
        for d in types.iter(_CT + "Default")
        if d.get("ContentType", "").endswith("xml")
    }
    names |= {n for n in zf.namelist() if n.rsplit(".", 1)[-1].lower() in xml_exts}
    names |= {
        o.get("PartName", "").lstrip("/")
        for o in types.iter(_CT + "Override")
        if o.get("ContentType", "").endswith("xml")
    }
    return names & set(zf.namelist())


def _scan_part(zf: zipfile.ZipFile, name: str) -> None:
    """Reject a part that declares a DTD or entities (never needed in a Word document)."""
    tail = b""
    with zf.open(name) as part:
        while chunk := part.read(_CHUNK):
            window = (tail + chunk).lower()
            if any(token in window for token in _UNSAFE):
                raise ReadError(
                    "R005", f"Word 文档的部件 {name} 包含不安全的 XML 实体声明，已拒绝读取"
                )
            tail = window[-_OVERLAP:]


def check_package(data: bytes) -> None:
    """Fail early on what is not a sound, safe .docx package."""
    if data.startswith(_OLE_MAGIC):
        raise ReadError("R004", "这是旧版 Word（.doc）文件或已加密的 Word 文档，无法按 .docx 读取")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(info.file_size for info in zf.infolist()) > _MAX_UNPACKED:
                raise ReadError("R003", "Word 文档解压后过大，已拒绝读取")
            for name in sorted(_xml_part_names(zf)):
                _scan_part(zf, name)
    except ReadError:
        raise
    except _ZIP_ERRORS as exc:
        raise ReadError("R005", f"Word 文档已损坏或被截断，无法打开（{exc}）") from exc


def _open(data: bytes) -> docx.document.Document:
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "not a Word file" in str(exc):
            raise ReadError("R004", "文件不是 Word 文档（.docx）") from exc
        raise ReadError("R005", f"Word 文档已损坏，无法读取（{exc}）") from exc
    except (PackageNotFoundError, etree.LxmlError, *_ZIP_ERRORS) as exc:
        raise ReadError("R005", f"Word 文档已损坏或被截断，无法读取（{exc}）") from exc


# --- text -----------------------------------------------------------------------------------


def _collect(el: etree._Element, pieces: list[str]) -> None:
    """Append the visible text under `el`; a break or a paragraph boundary starts a new piece."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            pieces[-1] += child.text or ""
        elif tag in _TABS:
            pieces[-1] += "\t"
        elif tag == _W + "noBreakHyphen":
            pieces[-1] += "-"
        elif tag in _BREAKS:
            pieces.append("")
        elif tag == _W + "p":
            pieces.append("")
            _collect(child, pieces)
            pieces.append("")
        else:
            _collect(child, pieces)


def _pieces(el: etree._Element) -> list[str]:
    pieces = [""]
    _collect(el, pieces)
    return pieces


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with `tag`, looking through content-control and custom-XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _int_val(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return max(int(el.get(_W + "val", default)), 0)
    except ValueError:
        return default


# --- tables ---------------------------------------------------------------------------------


@dataclass
class _Grid:
    """Vertical-merge state of one table: grid columns covered by an open `w:vMerge`."""

    table: int
    merged: set[int] = field(default_factory=set)

    def row(self, tr: etree._Element, row: int) -> Line:
        tr_pr = tr.find(_W + "trPr")
        col = _int_val(tr_pr.find(_W + "gridBefore") if tr_pr is not None else None, 0)
        fragments: list[Fragment] = []
        for tc in _children(tr, _W + "tc"):
            span = max(_int_val(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1), 1)
            if self._starts_here(tc, range(col, col + span)):
                text = join_pieces(_pieces(tc))
                fragments.append(Fragment(text, table_cell=(self.table, row, col), blank=not text))
            col += span
        return Line(fragments, in_table=True)

    def _starts_here(self, tc: etree._Element, cols: range) -> bool:
        """Whether a cell starts a grid cell here, not continuing a merge from above or left."""
        v_merge = tc.find(f"{_W}tcPr/{_W}vMerge")
        h_merge = tc.find(f"{_W}tcPr/{_W}hMerge")
        if h_merge is not None and h_merge.get(_W + "val", "continue") == "continue":
            return False
        if v_merge is None:
            self.merged.difference_update(cols)
            return True
        if v_merge.get(_W + "val", "continue") == "restart" or cols.start not in self.merged:
            self.merged.update(cols)
            return True
        return False


def _table_lines(tbl: etree._Element, table: int) -> Iterator[Line]:
    grid = _Grid(table)
    for row, tr in enumerate(_children(tbl, _W + "tr")):
        line = grid.row(tr, row)
        if line.fragments:
            yield line


# --- the body -------------------------------------------------------------------------------


@dataclass
class _Body:
    lines: list[Line] = field(default_factory=list)
    tables: int = 0

    def walk(self, el: etree._Element) -> None:
        for child in el:
            if child.tag == _W + "p":
                self.paragraph(child)
            elif child.tag == _W + "tbl":
                self.lines.extend(_table_lines(child, self.tables))
                self.tables += 1
            elif child.tag in _WRAPPERS:
                self.walk(child)

    def paragraph(self, p: etree._Element) -> None:
        for piece in _pieces(p):
            text = clean(piece)
            if text:
                self.lines.append(Line([Fragment(text)]))


def load_docx(data: bytes, source: str) -> Document:
    """Read a .docx file (its bytes) into a `Document` of kind "docx"; body only."""
    if not data:
        raise ReadError("R002", "Word 文档为空（0 字节）")
    check_package(data)
    body = _Body()
    body.walk(_open(data).element.body)
    return Document(source=source, kind="docx", lines=body.lines)
