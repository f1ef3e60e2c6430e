"""Benchmark the PDF loader against bare pypdfium2 text extraction.

Usage:
    python bench/bench_pdf.py [--repeat N] [PDF ...]

Without paths it builds a few multi-page, report-like PDFs (paragraphs and the big statistics
tables with merged header cells) with python-docx and LibreOffice (`soffice`) in a temp dir.
For each PDF it prints ms/page for (a) bare pypdfium2: open the document, then per page load the
text page and call `get_text_range()`; (b) `load_pdf`; and the ratio (b)/(a). Timings are the
best of --repeat interleaved runs.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from gongkai.format import get_format
from gongkai.format import sections as statutory_sections
from gongkai.read.pdf import load_pdf

PARAGRAPH = (
    "根据《中华人民共和国政府信息公开条例》规定，本机关坚持以公开为常态、不公开为例外，"
    "全面推进决策、执行、管理、服务、结果公开，2023 年共主动公开政府信息 {n} 条，"
    "其中政策文件 {m} 件，政策解读 {k} 篇，回应社会关切 {j} 次。"
)
# Table 三's printed rows and columns, from the statutory format (never retyped here).
_TABLE_THREE = get_format("2021").tables["三"]
ROW_LABELS = [row.label for row in _TABLE_THREE.rows][2:]  # the result rows and 四
HEADERS = list(_TABLE_THREE.column_labels)
_APPLICANTS = _TABLE_THREE.headers[0]


def build_docx(path: Path, sections: int, paragraphs: int, seed: int) -> None:
    """A report-like DOCX: per section a heading, paragraphs and an application table."""
    from docx import Document

    rng = random.Random(seed)
    doc = Document()
    doc.add_heading("某某市某某区人民政府2023年政府信息公开工作年度报告", level=1)
    for section in range(sections):
        heading = statutory_sections()[2].heading  # from the format data, never retyped
        doc.add_heading(f"{'一二三四五六七八九十'[section % 10]}、{heading}", 2)
        for _ in range(paragraphs):
            numbers = {k: rng.randint(1, 999) for k in "nmkj"}
            doc.add_paragraph(PARAGRAPH.format(**numbers) * 2)
        _add_table(doc, rng)
    doc.save(str(path))


def _add_table(doc, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=len(ROW_LABELS) + 2, cols=len(HEADERS) + 1)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(1, 0)).text = f"（{_TABLE_THREE.note}）"
    table.cell(0, 1).merge(table.cell(0, len(HEADERS))).text = _APPLICANTS
    for col, header in enumerate(HEADERS, start=1):
        table.cell(1, col).text = header
    for row, label in enumerate(ROW_LABELS, start=2):
        table.cell(row, 0).text = label
        for col in range(1, len(HEADERS) + 1):
            table.cell(row, col).text = str(rng.choice([0, 0, rng.randint(1, 3000)]))


def make_pdfs(directory: Path) -> list[Path]:
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) not found: pass PDF paths instead")
    specs = {"text_heavy": (3, 12), "table_heavy": (8, 1), "mixed": (5, 5)}
    docx_files = []
    for seed, (name, (sections, paragraphs)) in enumerate(specs.items()):
        path = directory / f"{name}.docx"
        build_docx(path, sections, paragraphs, seed)
        docx_files.append(path)
    profile = (directory / "lo-profile").as_uri()  # private: parallel soffice runs do not collide
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
    command += ["--convert-to", "pdf", "--outdir", str(directory), *map(str, docx_files)]
    subprocess.run(command, check=True, capture_output=True)
    return [path.with_suffix(".pdf") for path in docx_files]


def bare_text(data: bytes) -> int:
    """Baseline: open the document and get_text_range() every page; returns the page count."""
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bench(path: Path, repeat: int) -> tuple[int, float, float]:
    """Best-of-`repeat` ms/page for bare extraction and `load_pdf`, runs interleaved.

    Interleaving and taking the minimum keep a noisy (shared) machine from favouring either.
    """
    data = path.read_bytes()
    pages = bare_text(data)
    load_pdf(data, str(path))  # warm up
    bare, loaded = [], []
    for _ in range(repeat):
        bare.append(timed(lambda: bare_text(data)))
        loaded.append(timed(lambda: load_pdf(data, str(path))))
    return pages, min(bare) * 1000 / pages, min(loaded) * 1000 / pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.pdfs or make_pdfs(Path(tmp))
        print(f"{'file':<28}{'pages':>6}{'bare ms/p':>11}{'load ms/p':>11}{'ratio':>8}")
        for path in paths:
            pages, bare, loaded = bench(path, args.repeat)
            ratio = loaded / bare
            print(f"{path.name:<28}{pages:>6}{bare:>11.2f}{loaded:>11.2f}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
