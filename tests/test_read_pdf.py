"""The PDF loader on real PDFs made at test time (python-docx → LibreOffice → PDF)."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import sys
import threading
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from gongkai.diagnostics import ReadError
from gongkai.read import pdfium as pdfium_lock
from gongkai.read.document import Document, Line
from gongkai.read.pdf import _is_page_number, load_pdf, open_document, opened

TITLE = "某某区人民政府2023年政府信息公开工作年度报告"
PARAGRAPH = (
    "根据《中华人民共和国政府信息公开条例》规定，现发布本机关年度报告，"
    "本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日。"
)
HEADERS = ["本年制发件数", "本年废止件数", "现行有效件数"]
ROWS = [("规章", ["17", "203", "5"]), ("行政规范性文件", ["8", "46", "1024"])]
PAGE_TWO = "二、主动公开政府信息情况"
EXAMPLE_PDF = Path(__file__).resolve().parents[1] / "examples" / "示例局-2024.pdf"


# --------------------------------------------------------------------------- fixtures


def _add_page_number_footer(section) -> None:  # type: ignore[no-untyped-def]
    """A centred "- N -" footer with a PAGE field, as government documents print them."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(" -")


def _build_docx(path: Path) -> None:
    from docx import Document as Docx

    doc = Docx()
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(PARAGRAPH)
    table = doc.add_table(rows=2 + len(ROWS), cols=4)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "信息内容"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "本年情况"
    for col, header in enumerate(HEADERS, start=1):
        table.cell(1, col).text = header
    for row, (label, numbers) in enumerate(ROWS, start=2):
        table.cell(row, 0).text = label
        for col, number in enumerate(numbers, start=1):
            table.cell(row, col).text = number
    doc.add_page_break()
    doc.add_paragraph(PAGE_TWO)
    _add_page_number_footer(doc.sections[0])
    doc.save(str(path))


def _convert_to_pdf(docx: Path, directory: Path) -> Path:
    """LibreOffice, headless, with a private profile so parallel runs do not collide."""
    profile = (directory / "lo-profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(directory), str(docx)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return docx.with_suffix(".pdf")


@pytest.fixture(scope="session")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make test PDFs")
    directory = tmp_path_factory.mktemp("pdf")
    docx = directory / "report.docx"
    _build_docx(docx)
    return _convert_to_pdf(docx, directory).read_bytes()


@pytest.fixture(scope="session")
def report(report_pdf: bytes) -> Document:
    return load_pdf(report_pdf, "report.pdf")


def _texts(line: Line) -> list[str]:
    return [f.text for f in line.fragments]


def _line_starting(doc: Document, first: str) -> Line:
    return next(line for line in doc.lines if line.fragments[0].text == first)


def _read_error(data: bytes) -> str:
    with pytest.raises(ReadError) as caught:
        load_pdf(data, "x.pdf")
    return caught.value.diagnostic.code


# --------------------------------------------------------------------------- reading


def test_document_kind_and_pages(report: Document) -> None:
    assert report.kind == "pdf"
    assert report.source == "report.pdf"
    assert report.pages == 2


def test_title_comes_out_intact_on_the_first_line(report: Document) -> None:
    # LibreOffice spaces CJK from digits, so "2023" may be its own word: joined, it is the title.
    assert "".join(_texts(report.lines[0])) == TITLE


def test_cjk_text_of_a_word_stays_contiguous(report: Document) -> None:
    words = [f.text for line in report.lines for f in line.fragments]
    assert any("中华人民共和国政府信息公开条例" in word for word in words)


@pytest.mark.parametrize(("label", "numbers"), ROWS)
def test_table_row_numbers_are_separate_fragments_in_order(
    report: Document, label: str, numbers: list[str]
) -> None:
    row = _line_starting(report, label)
    assert _texts(row) == [label, *numbers]
    x0s = [f.bbox[0] for f in row.fragments if f.bbox]
    assert x0s == sorted(x0s)
    # Each word's box is measured, not just placed: it ends before the next word begins, and
    # a number's width goes with its digit count (the loader computes the right edge).
    boxes = [f.bbox for f in row.fragments]
    assert all(b is not None and b[0] < b[2] for b in boxes)
    assert all(a[2] <= b[0] for a, b in pairwise(boxes))  # type: ignore[index]
    per_digit = [(b[2] - b[0]) / len(n) for b, n in zip(boxes[1:], numbers, strict=True)]
    assert max(per_digit) < 1.2 * min(per_digit)


def test_numbers_sit_under_their_column_headers(report: Document) -> None:
    header = next(line for line in report.lines if _texts(line) == HEADERS)
    for label, _ in ROWS:
        cells = _line_starting(report, label).fragments[1:]
        for head, cell in zip(header.fragments, cells, strict=True):
            assert head.bbox is not None and cell.bbox is not None
            assert abs(head.bbox[0] - cell.bbox[0]) < 3  # left-aligned in one column


def test_rows_come_top_to_bottom(report: Document) -> None:
    first, second = (_line_starting(report, label) for label, _ in ROWS)
    assert first.fragments[0].line < second.fragments[0].line
    assert first.fragments[0].bbox[1] < second.fragments[0].bbox[1]  # type: ignore[index]


def test_positions_pages_and_line_numbers(report: Document) -> None:
    for number, line in enumerate(report.lines, start=1):
        for fragment in line.fragments:
            assert fragment.line == number
            assert fragment.page in (1, 2)
            assert fragment.bbox is not None
            x0, top, x1, bottom = fragment.bbox
            assert 0 <= x0 < x1 <= 612 and 0 <= top < bottom <= 842
    assert _line_starting(report, "规章").fragments[0].page == 1
    last = report.lines[-1]
    assert "".join(_texts(last)) == PAGE_TWO
    assert {f.page for f in last.fragments} == {2}


def test_page_number_footers_are_dropped(report: Document) -> None:
    joined = ["".join(_texts(line)) for line in report.lines]
    assert not [text for text in joined if re.fullmatch(r"[-–—]?\d+[-–—]?", text)]


def test_turned_pages_read_like_upright_ones(report_pdf: bytes, report: Document) -> None:
    """Content drawn sideways or upside down, set upright by the page's /Rotate entry."""
    expected = [_texts(line) for line in report.lines]
    for rotation in (90, 180, 270):
        turned = load_pdf(_turned(report_pdf, rotation), "turned.pdf")
        assert [_texts(line) for line in turned.lines] == expected


def _turned(data: bytes, rotation: int) -> bytes:
    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source.get_page_size(index)
        content = source.page_as_xobject(index, out).as_pageobject()
        matrix = pdfium.PdfMatrix().rotate(rotation, ccw=True)
        shift, size = {
            90: ((height, 0), (height, width)),
            180: ((width, height), (width, height)),
            270: ((0, width), (height, width)),
        }[rotation]
        content.transform(matrix.translate(*shift))
        page = out.new_page(*size)
        page.insert_obj(content)
        page.gen_content()
        page.set_rotation(rotation)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("text", "top", "expected"),
    [
        ("- 3 -", 0.95, True),
        ("— 12 —", 0.90, True),  # GB/T 9704 puts it 7 mm under the text block: ~9 % up
        ("第3页", 0.03, True),
        ("第 3 页 共 10 页", 0.96, True),
        ("3/10", 0.95, True),
        ("3", 0.95, True),
        ("3", 0.90, False),  # a bare number this high may be a table cell
        ("- 3 -", 0.50, False),
        ("17 203", 0.95, False),
        ("规章", 0.95, False),
    ],
)
def test_page_number_lines(text: str, top: float, expected: bool) -> None:
    height = 842.0
    words = [(word, 100.0, top * height, 110.0, top * height + 10, 0.0) for word in text.split()]
    assert _is_page_number(words, height) is expected


# --------------------------------------------------------------------------- errors


def test_empty_file_is_r002() -> None:
    assert _read_error(b"") == "R002"


def test_random_bytes_are_r005() -> None:
    assert _read_error(random.Random(7).randbytes(4096)) == "R005"


def test_other_file_types_are_r005() -> None:
    assert _read_error(b"PK\x03\x04" + b"\x00" * 200) == "R005"


@pytest.mark.parametrize("fraction", [0.25, 0.5, 0.9, 0.99])
def test_truncated_pdf_is_r005(report_pdf: bytes, fraction: float) -> None:
    """Decided: a PDF PDFium cannot open is refused (R005), not read in part.

    LibreOffice writes the page tree, xref table and trailer last, so any cut loses them.
    (PDFium rebuilds some damaged files; what it recovers then is read.)
    """
    assert _read_error(report_pdf[: int(len(report_pdf) * fraction)]) == "R005"


def _encrypt(data: bytes, tmp_path: Path, *qpdf_args: str) -> bytes:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed: cannot make an encrypted PDF")
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(data)
    subprocess.run(["qpdf", *qpdf_args, "--", str(source), str(target)], check=True)
    return target.read_bytes()


def test_password_protected_pdf_is_r006(report_pdf: bytes, tmp_path: Path) -> None:
    encrypted = _encrypt(report_pdf, tmp_path, "--encrypt", "user", "owner", "256")
    with pytest.raises(ReadError) as caught:
        load_pdf(encrypted, "encrypted.pdf")
    assert caught.value.diagnostic.code == "R006"
    assert "PDF 已加密" in caught.value.diagnostic.message


def test_copy_restricted_pdf_without_open_password_is_read(
    report_pdf: bytes, tmp_path: Path
) -> None:
    """Decided: only an open password stops us; "no copying" flags on public reports do not."""
    restricted = _encrypt(report_pdf, tmp_path, "--encrypt", "", "owner", "256", "--extract=n")
    assert "".join(_texts(load_pdf(restricted, "restricted.pdf").lines[0])) == TITLE


def test_image_only_pdf_is_r007(report_pdf: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        load_pdf(_scanned(report_pdf), "scanned.pdf")
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "R007"
    assert "扫描件" in diagnostic.message and "OCR" in diagnostic.message
    assert diagnostic.location == {"pages": [1, 2]}


def _scanned(data: bytes) -> bytes:
    """Every page rendered to a bitmap and put back as the page's only content."""
    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source.get_page_size(index)
        bitmap = source[index].render(scale=1.5).to_pil()
        page = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(bitmap))
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- opening, threads


def test_opened_holds_the_pdfium_lock_and_closes_the_document(report_pdf: bytes) -> None:
    seen_from_another_thread: list[bool] = []

    def try_lock() -> None:  # another thread cannot take the lock while the block runs
        acquired = pdfium_lock.LOCK.acquire(blocking=False)
        seen_from_another_thread.append(acquired)
        if acquired:
            pdfium_lock.LOCK.release()

    with opened(report_pdf) as document:
        assert len(document) == 2
        text = document[0].get_textpage().get_text_range()
        other = threading.Thread(target=try_lock)
        other.start()
        other.join()
    assert "政府信息公开" in text
    assert seen_from_another_thread == [False]
    try_lock()  # released after the block
    assert seen_from_another_thread == [False, True]
    assert document.raw is None  # closed


def test_open_document_refuses_what_load_pdf_refuses(report_pdf: bytes) -> None:
    for data, code in [(b"%PDF-1.7 not really", "R005"), (report_pdf[:500], "R005")]:
        with pytest.raises(ReadError) as caught, opened(data):
            pass
        assert caught.value.diagnostic.code == code
    with pdfium_lock.LOCK:
        document = open_document(bytearray(report_pdf))
        try:
            assert len(document) == 2
        finally:
            document.close()
    with pytest.raises(TypeError):  # a str would be opened as a file path by pypdfium2
        open_document(str(EXAMPLE_PDF))  # type: ignore[arg-type]


# Threads reading, rendering and opening PDFs at once, each many times. Without the one lock
# around PDFium this kills the process (a segmentation fault or an abort, in 11 of 12 runs
# when tried), hence the subprocess: a crash fails the test instead of killing pytest.
_THREADED = """
import hashlib, pathlib, sys, threading
from gongkai.read.ocr.images import pdf_pages
from gongkai.read.pdf import load_pdf, opened

data = pathlib.Path(sys.argv[1]).read_bytes()

def lines():
    return [[(f.text, f.page, f.line, f.bbox) for f in line.fragments]
            for line in load_pdf(data, "x.pdf").lines]

def pixels():
    return [(page.number, page.dpi, hashlib.sha256(page.gray.tobytes()).hexdigest())
            for page in pdf_pages(data)]

def texts():
    with opened(data) as document:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]

work = {"lines": (lines, 30), "pixels": (pixels, 2), "texts": (texts, 30)}
expected = {name: job() for name, (job, _) in work.items()}
results, failures = [], []
sys.setswitchinterval(1e-5)  # the threads take turns often: more chances to collide

def run(name, job, times):
    try:
        for _ in range(times):
            results.append((name, job()))
    except BaseException as error:
        failures.append(repr(error))

jobs = ["lines", "texts", "pixels"] * 2 + ["lines", "texts"]
threads = [threading.Thread(target=run, args=(name, *work[name])) for name in jobs]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert not failures, failures
assert len(results) == 3 * 30 + 3 * 30 + 2 * 2, len(results)
different = [name for name, result in results if result != expected[name]]
assert not different, different
lines, pages, text = expected["lines"], expected["pixels"], expected["texts"]
print(len(lines), sum(map(len, lines)), len(pages), len(text))
"""


def test_threads_reading_pdfs_at_once_get_the_same_results() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _THREADED, str(EXAMPLE_PDF)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    n_lines, n_fragments, n_rendered, n_texts = map(int, result.stdout.split())
    with pdfium.PdfDocument(EXAMPLE_PDF.read_bytes()) as document:
        n_pages = len(document)
    assert n_pages >= 2 and n_rendered == n_texts == n_pages
    assert n_lines > 20 and n_fragments > n_lines
