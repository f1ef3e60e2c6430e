"""Tell what kind of document some bytes are."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from gongkai.diagnostics import ReadError

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")  # read as HTML whatever they hold
_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]", re.I)


def sniff(data: bytes, name: str) -> str:
    """"pdf", "docx", "html" or "text"; ReadError for what gongkai cannot read."""
    head = data[:2048]
    lower = name.lower()
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise ReadError("R005", "DOCX 文件已损坏或不完整（ZIP 结构无法解析）") from exc
        if "word/document.xml" in names:
            return "docx"
        raise ReadError("R004", "这是 ZIP 压缩包而不是 Word（DOCX）文档")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError("R004", "这是旧版 Word（.doc）或 Excel（.xls）文件，请另存为 DOCX 后再读取")
    if lower.endswith(".pdf"):
        raise ReadError("R005", "文件扩展名为 .pdf，但内容不是 PDF（文件可能已损坏）")
    if lower.endswith(".docx"):
        raise ReadError(
            "R005", "文件扩展名为 .docx，但内容不是有效的 DOCX（文件可能已损坏或被截断）"
        )
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("R004", "这是二进制文件，不是文本、HTML、DOCX 或 PDF")
    if lower.endswith(HTML_SUFFIXES) or _HTML.search(head):
        return "html"
    return "text"
