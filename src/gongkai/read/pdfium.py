"""The one lock every use of PDFium in the process holds.

PDFium, the library under pypdfium2, is not thread-safe: it keeps process-wide state (its
font cache, the last error code, ...), so two threads calling into it at the same time can
crash or corrupt the process — not only when they share a document, but also when each works
on its own (pypdfium2's documentation, "Incompatibility with Threading": "It is not allowed to
call pdfium functions simultaneously across different threads, not even with different
documents"; the same goes for pypdfium2's helper objects). Three threads reading a report
each kill the interpreter with a segmentation fault within a fraction of a second.

gongkai runs threaded: the workbench's development server serves each request in its own
thread, the uploads app reads files in a worker thread, and API requests may read reports
while it does. So every PDFium call in gongkai — the PDF loader (`gongkai.read.pdf`: opening,
loading pages and text pages, extracting text and character boxes, closing), the renderer of
scanned pages for OCR (`gongkai.read.ocr.images`) and whoever opens a document through
`gongkai.read.pdf.opened` or `open_document` — runs while holding `LOCK`. The work that
follows on plain Python data (visual lines, tables, checks) runs outside it.

Re-entrant, so that code which already holds it (a caller keeping a document open while it
asks the loader for more) can call functions that take it again. Processes do not share it:
each process has its own PDFium.
"""

from __future__ import annotations

import threading

LOCK = threading.RLock()
