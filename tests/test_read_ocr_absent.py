"""Pictures and scans where OCR is not needed or not installed: what the bytes are decides how a
file is read, the messages without the extra, and which files a folder walk takes.

Nothing here needs the OCR extra (rapidocr-onnxruntime, OpenCV, Pillow, NumPy): these tests
run, and must pass, on an installation without it. Where the extra's absence matters, they
fake it (its import fails) whether or not it is installed. The pictures and the scanned PDF
are written byte by byte (`tests.builders.scans.handmade_png`, `handmade_scan_pdf`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.diagnostics import CODES, ReadError
from gongkai.load import report_files
from gongkai.read import read_bytes, read_path
from gongkai.read.ocr import EXTRA
from tests.builders.scans import handmade_png, handmade_scan_pdf

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PDF_EXAMPLE = EXAMPLES / "示例局-2024.pdf"
HTML_EXAMPLE = EXAMPLES / "示例局-2024-网页.html"


@pytest.fixture
def without_the_extra(monkeypatch):
    """The OCR extra as if not installed: importing it fails."""
    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)


def _code(data: bytes, name: str) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_bytes(data, name)
    diagnostic = caught.value.diagnostic
    assert any("\u4e00" <= c <= "\u9fff" for c in diagnostic.message), diagnostic.message
    return caught.value


# --------------------------------------------------------------------------- without the extra


def test_without_the_extra_scans_name_it(without_the_extra):
    """R007 for a scanned PDF, R306 for a picture, both naming `pip install gongkai[ocr]`."""
    scanned = _code(handmade_scan_pdf(), "scan.pdf").diagnostic
    assert scanned.code == "R007" and EXTRA in scanned.message
    picture = _code(handmade_png(600, 800), "page.png").diagnostic
    assert picture.code == "R306" and EXTRA in picture.message
    assert CODES["R306"].severity == "fatal"


def test_cli_without_the_extra_prints_the_install_command(tmp_path: Path):
    """The message reaches the terminal whole: `[ocr]` is not taken for markup."""
    path = tmp_path / "page.png"
    path.write_bytes(handmade_png(600, 800))
    script = ("import sys; sys.modules['rapidocr_onnxruntime'] = None; "
              "from gongkai.cli import main; sys.argv = ['gongkai', 'read', sys.argv[1]]; main()")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert EXTRA in done.stderr and "R306" in done.stderr


# --------------------------------------------------------------------------- content decides


def test_bad_pictures_that_need_no_decoding(without_the_extra):
    """Empty, or named a picture but nothing gongkai knows: Chinese errors, OCR or not."""
    assert _code(b"", "empty.png").diagnostic.code == "R002"
    not_a_picture = _code(b"just some text, not a picture", "not-a-picture.jpg").diagnostic
    assert not_a_picture.code == "R005" and "PNG 或 JPEG" in not_a_picture.message
    garbage = _code(b"\x00\x01\x02garbage" * 40, "damaged.jpeg").diagnostic
    assert garbage.code == "R005" and "PNG 或 JPEG" in garbage.message


def test_a_pdf_named_as_a_picture_is_read_as_a_pdf():
    """The content decides: a PDF saved as scan.jpg reads exactly as under its own name."""
    data = PDF_EXAMPLE.read_bytes()
    expected = read_path(PDF_EXAMPLE)
    assert sum(1 for v in expected.cells.values() if v) > 10
    for name in ("scan.jpg", "scan.PNG", "scan.jpeg"):
        report = read_bytes(data, name)
        assert report.cells == expected.cells
        assert not any(d.code in ("R304", "R306") for d in report.diagnostics)


def test_a_web_page_named_as_a_picture_is_read_as_html():
    data = HTML_EXAMPLE.read_bytes()
    expected = read_path(HTML_EXAMPLE)
    report = read_bytes(data, "page.png")
    assert report.cells == expected.cells and sum(1 for v in report.cells.values() if v) > 10


def test_a_picture_is_a_picture_whatever_its_name(without_the_extra):
    """PNG/JPEG signatures are recognised under any name: a PNG saved as report.pdf or
    report.txt needs OCR (R306), not "the extension says PDF but the content is not" (R005)."""
    for name in ("report.pdf", "report.txt", "report"):
        assert _code(handmade_png(600, 800), name).diagnostic.code == "R306", name
    jpeg_head = b"\xff\xd8\xff\xe0" + b"\x00" * 200  # the JPEG signature, then nothing usable
    assert _code(jpeg_head, "report.docx").diagnostic.code == "R306"


# --------------------------------------------------------------------------- folder walks


def test_folder_walk_leaves_pictures_out(tmp_path: Path):
    """A folder of reports (`check --previous`, `rollup`, `batch` all walk with `report_files`):
    the documents, not the logos and charts beside them. A picture is read when it is named."""
    for name in ("a.pdf", "b.png", "c.JPG", "d.jpeg", "e.html", "f.gif", "g.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "h.docx").write_bytes(b"x")
    (tmp_path / "sub" / "i.png").write_bytes(b"x")
    walked = [p.relative_to(tmp_path).as_posix() for p in report_files([tmp_path])]
    assert walked == ["a.pdf", "e.html", "g.txt", "sub/h.docx"]
    named = [tmp_path / "b.png", tmp_path / "c.JPG"]
    assert list(report_files(named)) == named

