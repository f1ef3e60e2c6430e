"""Benchmark the PDF loader against bare pypdfium2 text extraction.

Usage:
    python bench/bench_pdf.py [--repeat N] [PDF ...]
    python bench/bench_pdf.py --instructions [PDF ...]     # counted by valgrind, not timed

Without paths it builds a few multi-page, report-like PDFs (paragraphs and the big statistics
tables with merged header cells) with python-docx and LibreOffice (`soffice`) in a temp dir.
For each PDF it prints ms/page for (a) bare pypdfium2: open the document, then per page load the
text page and call `get_text_range()`; (b) `load_pdf` with its native per-word loop (the C
extension `gongkai.read._pdfwords`); (c) `load_pdf` on its pure-Python path; and the ratios
(b)/(a) and (c)/(a). Timings are the best of --repeat rounds; in each round the three run one
after the other, in an order that rotates from round to round, so a busy moment of a shared
machine hits all three alike.

`--instructions` counts instructions instead (valgrind's callgrind; the machine's load does not
change them): each of (a), (b), (c) runs in its own process once and six times after a warm-up,
and the difference divided by five is the cost of one read.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pypdfium2 as pdfium

from gongkai.format import get_format
from gongkai.format import sections as statutory_sections
from gongkai.read import pdf_native
from gongkai.read.pdf import load_pdf

MODES = ("bare", "native", "python")

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


def reader(mode: str, data: bytes, name: str) -> Callable[[], object]:
    """One read of `data`: bare extraction, or `load_pdf` on its native or pure-Python path."""
    if mode == "bare":
        return lambda: bare_text(data)
    native = mode == "native"

    def read() -> object:
        with mock.patch.object(pdf_native, "NATIVE", native):
            return load_pdf(data, name)

    return read


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bench(path: Path, repeat: int) -> tuple[int, dict[str, float]]:
    """Best-of-`repeat` ms/page of each mode, the modes interleaved in rotating order.

    Interleaving and taking the minimum keep a noisy (shared) machine from favouring any.
    """
    data = path.read_bytes()
    pages = bare_text(data)
    runs = {mode: reader(mode, data, str(path)) for mode in MODES}
    if pdf_native.NATIVE:
        assert runs["native"]() == runs["python"](), "the two paths must read the same"
    else:
        print("the C extension is not built: 'native' runs the pure-Python path too")
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    for round_ in range(repeat):
        for mode in MODES[round_ % 3 :] + MODES[: round_ % 3]:
            times[mode].append(timed(runs[mode]))
    return pages, {mode: min(times[mode]) * 1000 / pages for mode in MODES}


def instructions(path: Path, mode: str) -> int:
    """Instructions of one read (callgrind): six reads minus one read, over five."""

    def count(times: int) -> int:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        command += [sys.executable, __file__, "--run", mode, "--times", str(times), str(path)]
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same dict layouts in every run
        result = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        return int(re.search(r"Collected : (\d+)", result.stderr).group(1))  # type: ignore[union-attr]

    return (count(6) - count(1)) // 5


def run_once(mode: str, path: Path, times: int) -> None:
    """A warm-up read, then `times` reads (what --instructions counts)."""
    read = reader(mode, path.read_bytes(), str(path))
    read()
    for _ in range(times):
        read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--instructions", action="store_true", help="count with callgrind")
    parser.add_argument("--run", choices=MODES, help=argparse.SUPPRESS)  # one --instructions run
    parser.add_argument("--times", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_once(args.run, args.pdfs[0], args.times)
        return
    if args.instructions and shutil.which("valgrind") is None:
        sys.exit("valgrind not found: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.pdfs or make_pdfs(Path(tmp))
        unit = "Minstr/p" if args.instructions else "ms/p"
        print(f"{'file':<20}{'pages':>6}{'bare ' + unit:>15}{'native ' + unit:>17}"
              f"{'python ' + unit:>17}{'native/bare':>13}{'python/bare':>13}")
        for path in paths:
            pages = bare_text(path.read_bytes())
            if args.instructions:
                cost = {mode: instructions(path, mode) / 1e6 / pages for mode in MODES}
            else:
                pages, cost = bench(path, args.repeat)
            bare, native, python = (cost[mode] for mode in MODES)
            print(f"{path.name:<20}{pages:>6}{bare:>15.3f}{native:>17.3f}{python:>17.3f}"
                  f"{native / bare:>13.3f}{python / bare:>13.3f}")


if __name__ == "__main__":
    main()
