"""Plain text (text copied or extracted out of a PDF) → Document."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from gongkai.diagnostics import ReadError
from gongkai.read.document import Document, Fragment, Line


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report text: BOM, then UTF-8, then GB18030 (GBK), then a detector."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None:
        raise ReadError("R009", "无法识别文本编码：既不是 UTF-8，也不是 GBK/GB18030")
    return str(best), best.encoding


def load_text(data: bytes, source: str) -> Document:
    """One Line per source line; one Fragment per tab-separated cell.

    An empty cell between two cells that print something is a blank cell of the table (a
    `blank` fragment: the table engine reads it as None, never as a lost figure); empty cells
    before the first or after the last printed cell are the layout's indentation and padding.
    """
    text, encoding = decode_text(data)
    doc = Document(source=source, kind="text", encoding=encoding)
    for number, raw in enumerate(text.splitlines(), start=1):
        cells = [c.strip() for c in raw.split("\t")]
        printed = [i for i, c in enumerate(cells) if c]
        if printed:
            doc.lines.append(Line([
                Fragment(c, line=number, blank=not c)
                for c in cells[printed[0]: printed[-1] + 1]
            ]))
    return doc
