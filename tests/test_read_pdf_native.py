"""The PDF loader's native per-word loop (`_pdfwords.c`) against its pure-Python path.

Both must give the same words, boxes, visual lines and fragments, bit for bit: on real PDFs
made by LibreOffice (tables with figures, CJK glued to digits, ligatures, odd spaces, turned
pages, empty and text-less pages) and on synthetic character geometry (gaps, line changes,
backward jumps, missing boxes) fed to both through PDFium's own function signatures.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import math
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.read import pdf, pdf_native
from gongkai.read.document import Fragment, Line
from tests.test_read_pdf import ROWS, _convert_to_pdf, _turned, report_pdf  # noqa: F401

_native = pdf_native._pdfwords

# Words a reader must keep whole or split exactly: CJK glued to digits ("2023年" is one word
# with two width classes), full-width digits, a superscript, ligatures, and spaces of
# several kinds between words.
_MIXED = (
    "office ﬁnance efﬁcient fluff affirm 2023年共受理12件，第3页\u00a0共10页 A\u3000B "
    "C\u2002D E\u2009F 全角１２３ 二〇二三年 ①② ㈠ x² 结转24件。"
)


_NOT_BUILT = "C 扩展 gongkai.read._pdfwords 没有编译（或是旧源代码的编译结果）：pip install -e ."


def test_the_extension_is_built() -> None:
    """`pip install -e .` compiles it (setup.py); without it PDFs are read ~30 % slower."""
    assert _native is not None, _NOT_BUILT
    assert pdf_native.NATIVE


def test_the_extension_is_built_from_the_shipped_source() -> None:
    """setup.py compiles the source's SHA-256 into the module; the loader compares them."""
    assert _native is not None, _NOT_BUILT
    source = Path(pdf_native.__file__).with_name("_pdfwords.c").read_bytes()
    assert hashlib.sha256(source).hexdigest() == _native.SOURCE_SHA256
    assert pdf_native.source_sha256() == _native.SOURCE_SHA256


@pytest.fixture(scope="module")
def _built() -> None:
    """The native tests fail (never skip) without the extension: `make test` must say so."""
    if _native is None:
        pytest.fail(_NOT_BUILT)


needs_native = pytest.mark.usefixtures("_built")


# --------------------------------------------------------------------------- real PDFs


def _read_pages(data: bytes) -> list[pdf._Page]:
    with pdf.opened(data) as document:
        return [pdf._read_page(document, index) for index in range(len(document))]


@contextmanager
def _path(native: bool) -> Iterator[None]:
    with mock.patch.object(pdf_native, "NATIVE", native):
        yield


def _both_paths_agree(data: bytes) -> list[pdf._Page]:
    """Read `data` on both paths, assert they agree in every detail, return the native pages."""
    with _path(True):
        native_pages, native_doc = _read_pages(data), pdf.load_pdf(data, "x.pdf")
    with _path(False):
        python_pages, python_doc = _read_pages(data), pdf.load_pdf(data, "x.pdf")
    assert all(page.lines is not None for page in native_pages)
    assert all(page.lines is None for page in python_pages)
    for native, python in zip(native_pages, python_pages, strict=True):
        assert (native.number, native.height, native.image_only) == (
            python.number,
            python.height,
            python.image_only,
        )
        assert sorted(native.words) == sorted(python.words)
        assert repr(native.lines) == repr(pdf._visual_lines(python.words))
        assert native.words == [word for line in native.lines or [] for word in line]
    assert native_doc == python_doc
    assert [[vars(f) for f in line.fragments] for line in native_doc.lines] == [
        [vars(f) for f in line.fragments] for line in python_doc.lines
    ]
    return native_pages


def _fragments(data: bytes) -> list[list[str]]:
    return [[f.text for f in line.fragments] for line in pdf.load_pdf(data, "x.pdf").lines]


@needs_native
def test_report_with_tables_reads_the_same(report_pdf: bytes) -> None:  # noqa: F811
    pages = _both_paths_agree(report_pdf)
    texts = _fragments(report_pdf)
    for label, numbers in ROWS:  # the figures are there, each its own word, on both paths
        assert [label, *numbers] in texts
    assert sum(len(page.words) for page in pages) > 20


@needs_native
@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_turned_pages_read_the_same(report_pdf: bytes, rotation: int) -> None:  # noqa: F811
    turned = _turned(report_pdf, rotation)
    _both_paths_agree(turned)
    assert _fragments(turned) == _fragments(report_pdf)


@pytest.fixture(scope="module")
def mixed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot make test PDFs")
    from docx import Document as Docx

    directory = tmp_path_factory.mktemp("native")
    doc = Docx()
    doc.add_paragraph(_MIXED)
    doc.add_paragraph("Office file final affluent difficult shuffle").runs[0].font.name = (
        "Liberation Serif"  # a font with fi/fl ligature glyphs
    )
    doc.add_paragraph("共收到申请1024件，办结1000件，结转24件。𝟎𝟏")  # astral digits too
    docx = directory / "mixed.docx"
    doc.save(str(docx))
    return _convert_to_pdf(docx, directory).read_bytes()


@needs_native
def test_cjk_digits_ligatures_and_spaces_read_the_same(mixed_pdf: bytes) -> None:
    _both_paths_agree(mixed_pdf)
    words = [word for line in _fragments(mixed_pdf) for word in line]
    for word in ("2023", "1024", "全角１２３", "二〇二三年", "x²", "①②", "difficult", "B", "D"):
        assert word in words
    assert "finance" in words or "ﬁnance" in words


def _with_blank_and_drawn_pages(data: bytes) -> bytes:
    """The document with an empty page and a page carrying only a drawn rectangle in front."""
    document = pdfium.PdfDocument(data)
    width, height = document.get_page_size(0)
    document.new_page(width, height, index=0)  # empty: no content at all
    drawn = document.new_page(width, height, index=1)
    rect = pdfium_c.FPDFPageObj_CreateNewRect(100, 100, 200, 50)
    pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_NONE, True)
    pdfium_c.FPDFPage_InsertObject(drawn.raw, rect)
    assert pdfium_c.FPDFPage_GenerateContent(drawn.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@needs_native
def test_empty_and_textless_pages_read_the_same(report_pdf: bytes) -> None:  # noqa: F811
    data = _with_blank_and_drawn_pages(report_pdf)
    pages = _both_paths_agree(data)
    assert len(pages) == 4
    assert [(page.words, page.lines) for page in pages[:2]] == [([], []), ([], [])]
    assert pages[2].words and pages[3].words
    assert _fragments(data) == _fragments(report_pdf)


# --------------------------------------------------------------------------- synthetic pages


class _Rect(ctypes.Structure):
    _fields_ = [(side, ctypes.c_float) for side in ("left", "top", "right", "bottom")]


_CharBox = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(_Rect))
_CharAngle = ctypes.CFUNCTYPE(ctypes.c_float, ctypes.c_void_p, ctypes.c_int)
_TEXTPAGE = 1  # any non-null handle: the fake functions ignore it


class _FakePage:
    """Character boxes and angles from lists, behind PDFium's C signatures."""

    def __init__(self, boxes: list[tuple[float, float, float, float] | None], angles: list[float]):
        def char_box(_textpage: int, index: int, rect: ctypes._Pointer) -> int:
            box = boxes[index]
            if box is None:
                return 0
            target = rect.contents
            target.left, target.top, target.right, target.bottom = box
            return 1

        self.char_box = _CharBox(char_box)
        self.char_angle = _CharAngle(lambda _textpage, index: angles[index])
        self.box_address = ctypes.cast(self.char_box, ctypes.c_void_p).value
        self.angle_address = ctypes.cast(self.char_angle, ctypes.c_void_p).value

    def native(self, text: str, page_box: tuple[float, float, float, float]) -> tuple:
        return _native.page_lines(
            self.box_address, self.angle_address, _TEXTPAGE, text, *page_box
        )

    def python(self, text: str, page_box: tuple[float, float, float, float], rotation: int):
        """The pure-Python path's words and lines, its PDFium call pointed at the fake."""
        char_box = ctypes.PYFUNCTYPE(ctypes.c_int)(self.box_address)
        char_box.argtypes = None
        with mock.patch.object(pdf, "_LOOSE_CHAR_BOX", char_box):
            texts, starts = pdf._split_words(text)
            boxes = pdf._Boxes(ctypes.c_void_p(_TEXTPAGE), pdf._Frame(page_box, rotation))
            if rotation == 0:
                words = pdf._upright_words(text, texts, starts, boxes)
            else:
                words = pdf._turned_words(text, texts, starts, boxes)
        return words, pdf._visual_lines(words)


_ALPHABET = st.sampled_from([
    *"aZ19年报一〇件，。（）",
    *[" ", "\u3000", "\xa0", "\u2002", "\t", "\n", "\r", "\x1c", "\x00", "\x7f", "\ufeff"],
    *["\ufffe", "\u200b", "é", "²", "ﬁ", "①", "\U0001d7ce", "\u0301"],
])
# How the pen moves before a character: on along the line, a gap, back, to the next line, a
# small shift up or down; or the character has no box, a flat one, or one with a side that is
# not a number (NaN) or infinite (a broken font or matrix).
_STEPS = st.sampled_from(
    ["on", "on", "on", "on", "gap", "back", "line", "shift", "none", "flat", "nan", "inf"]
)


@st.composite
def _synthetic_pages(draw: st.DrawFn) -> tuple[str, list, tuple[float, float, float, float]]:
    text = draw(st.text(_ALPHABET, max_size=80))
    x, centre = 50.0, 700.0
    boxes: list[tuple[float, float, float, float] | None] = []
    for _ in text:
        step = draw(_STEPS)
        width = draw(st.sampled_from([5.0, 6.5, 10.5, 12.0]))
        height = draw(st.sampled_from([8.0, 10.0, 12.0]))  # centres shared: ties in the sort
        x, centre = {
            "gap": (x + 3 * height, centre),
            "back": (x - 4 * width, centre),
            "line": (50.0, centre - 16),
            "shift": (x, centre + draw(st.sampled_from([-4.5, -2.0, 3.0, 6.0]))),
        }.get(step, (x, centre))
        if step == "none":
            boxes.append(None)
            continue
        top, bottom = centre + height / 2, centre - height / 2
        if step == "flat":
            top = bottom
        box = [x, top, x + width, bottom]
        if step in ("nan", "inf"):
            box[draw(st.integers(0, 3))] = math.nan if step == "nan" else draw(
                st.sampled_from([math.inf, -math.inf])
            )
        boxes.append(tuple(box))  # type: ignore[arg-type]
        x += width
    page_box = draw(st.sampled_from([(0.0, 0.0, 612.0, 792.0), (10.5, -20.0, 842.0, 615.5)]))
    return text, boxes, page_box


@needs_native
@settings(max_examples=500, deadline=None)
@given(_synthetic_pages(), st.sampled_from([0, 90, 180, 270]))
def test_synthetic_geometry_gives_the_same_words(page: tuple, rotation: int) -> None:
    text, boxes, page_box = page
    quadrant = (4 - rotation // 90) % 4  # the angle PDFium reports for text turned so
    fake = _FakePage(boxes, [quadrant * math.pi / 2] * len(text))
    python_words, python_lines = fake.python(text, page_box, rotation)
    native_rotation, native_words, native_lines = fake.native(text, page_box)
    assert native_rotation == (rotation if pdf._split_words(text)[0] else 0)  # no word: no vote
    assert repr(native_lines) == repr(python_lines)
    assert native_words == [word for line in python_lines for word in line]
    assert sorted(native_words) == sorted(python_words)


def _float32(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]


# PDFium's angles: -1 for an error, radians in [0, 2π) otherwise; halfway values test rounding;
# NaN and infinity (a broken matrix) give no vote.
_ANGLES = st.one_of(
    st.sampled_from([-1.0, math.nan, math.inf]),
    st.sampled_from([k * math.pi / 4 for k in range(8)]),
    st.floats(0, 2 * math.pi, exclude_max=True),
).map(_float32)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(_ANGLES, min_size=0, max_size=40))
def test_rotation_vote_is_the_same(angles: list[float]) -> None:
    """The turn voted from sampled characters' angles, as `pdf._text_rotation` votes."""
    text = " ".join("字" * len(angles))  # word k starts at character 2k
    per_char = [angles[index // 2] for index in range(len(text))]
    fake = _FakePage([(0.0, 10.0, 5.0, 0.0)] * len(text), per_char)
    with mock.patch.object(pdfium_c, "FPDFText_GetCharAngle", lambda _page, i: per_char[i]):
        expected = pdf._text_rotation(None, pdf._split_words(text)[1])
    assert fake.native(text, (0.0, 0.0, 612.0, 792.0))[0] == expected


@needs_native
def test_boxes_with_nan_or_infinite_sides_count_as_missing() -> None:
    """A character box with a NaN or infinite side is no box, on both paths: `top <= bottom`
    alone let NaN through (and `top > bottom` an infinite left), and the paths then ordered
    the words differently (NaN sorts differently in Python's sort and in C's qsort)."""
    nan, inf = math.nan, math.inf
    text = "一 二 三 四 五 六 2年"
    boxes: list = [None] * len(text)
    boxes[0] = (100.0, 710.0, 110.0, 700.0)  # 一: line 1
    boxes[2] = (120.0, nan, 130.0, 700.0)  # 二: NaN top — dropped
    boxes[4] = (140.0, 710.0, 150.0, 700.0)  # 三: line 1, after 一
    boxes[6] = (100.0, 690.0, 110.0, 680.0)  # 四: line 2
    boxes[8] = (inf, 690.0, 130.0, 680.0)  # 五: infinite left — dropped
    boxes[10] = (nan, 710.0, 170.0, 700.0)  # 六: NaN left (top > bottom holds) — dropped
    boxes[12] = (200.0, 710.0, 205.0, 700.0)  # "2": line 1, last
    boxes[13] = (205.0, 710.0, 215.0, nan)  # "年": no box, stays with "2" (box of "2" only)
    page_box = (0.0, 0.0, 612.0, 792.0)
    # Reading space: x as is, top and bottom measured down from the page top (792).
    one, three = ("一", 100.0, 82.0, 110.0, 92.0, 174.0), ("三", 140.0, 82.0, 150.0, 92.0, 174.0)
    four = ("四", 100.0, 102.0, 110.0, 112.0, 214.0)
    two_year = ("2年", 200.0, 82.0, 205.0, 92.0, 174.0)
    expected = [[one, three, two_year], [four]]
    fake = _FakePage(boxes, [0.0] * len(text))
    python_words, python_lines = fake.python(text, page_box, 0)
    assert python_lines == expected
    assert sorted(python_words) == sorted([one, three, two_year, four])
    assert fake.native(text, page_box) == (0, [one, three, two_year, four], expected)


def test_a_character_box_is_usable_only_when_finite_and_upright() -> None:
    assert pdf._usable(100.0, 710.0, 110.0, 700.0)
    for box in [
        (100.0, 700.0, 110.0, 700.0),  # flat
        (100.0, 690.0, 110.0, 700.0),  # upside down
        (100.0, math.nan, 110.0, 700.0),
        (100.0, 710.0, 110.0, math.nan),
        (math.nan, 710.0, 110.0, 700.0),
        (100.0, 710.0, math.inf, 700.0),
        (100.0, math.inf, 110.0, 700.0),
        (-math.inf, 710.0, 110.0, 700.0),
    ]:
        assert not pdf._usable(*box), box


@needs_native
def test_a_page_without_words_gives_nothing() -> None:
    fake = _FakePage([None] * 8, [0.0] * 8)
    assert fake.native("", (0.0, 0.0, 612.0, 792.0)) == (0, [], [])
    assert fake.native(" \u3000\n\t\x00 ", (0.0, 0.0, 612.0, 792.0)) == (0, [], [])
    assert fake.native("ab  cd", (0.0, 0.0, 612.0, 792.0)) == (0, [], [])  # no boxes at all


# --------------------------------------------------------------------------- fragments


@needs_native
def test_fragments_are_built_as_the_classes_build_them(report_pdf: bytes) -> None:  # noqa: F811
    lines = next(page.lines for page in _read_pages(report_pdf) if page.lines)
    with _path(True):
        native = pdf_native.fragment_lines(lines, 3, 41)
    with _path(False):
        python = pdf_native.fragment_lines(lines, 3, 41)
    assert native == python
    assert [type(line) for line in native] == [Line] * len(lines)
    for native_line, python_line in zip(native, python, strict=True):
        assert vars(native_line).keys() == vars(python_line).keys()
        for a, b in zip(native_line.fragments, python_line.fragments, strict=True):
            assert type(a) is Fragment and list(vars(a).items()) == list(vars(b).items())
    assert native[0].fragments[0].line == 41 and native[-1].fragments[0].line == 40 + len(lines)
    assert {f.page for line in native for f in line.fragments} == {3}


# A `fragment` class that empties the lists being walked (and so frees their words): the C
# loop must hold its own references (it walks snapshots). Without them it reads freed memory
# and the process dies (a segmentation fault), hence the subprocess.
_HOSTILE = """
from gongkai.read import _pdfwords
from gongkai.read.document import Line

lines = [[(f"{k}字", float(k), 2.0, k + 1.0, 4.0, 6.0) for k in range(50)] for _ in range(20)]
calls = []

def hostile(text, page, number, bbox):
    calls.append(text)
    for line in lines:
        line.clear()
    lines.clear()
    return (text, page, number, bbox)

result = _pdfwords.fragment_lines(lines, 7, 1, hostile, Line)
print(len(result), sum(len(line.fragments) for line in result), len(calls), len(lines))
print(result[19].fragments[49])
"""


@needs_native
def test_fragment_classes_that_change_the_lines_cannot_crash_it() -> None:
    result = subprocess.run([sys.executable, "-c", _HOSTILE], capture_output=True, text=True)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    counts, last = result.stdout.splitlines()
    # Every line and word as they were at the call: 20 lines of 50 words, each called once.
    assert counts == "20 1000 1000 0"
    assert last == repr(("49字", 7, 20, (49.0, 2.0, 50.0, 4.0)))


# --------------------------------------------------------------------------- bad calls


_BOX = (0.0, 0.0, 612.0, 792.0)


@needs_native
def test_null_or_wrong_handles_are_refused() -> None:
    fake = _FakePage([None], [0.0])
    box, angle = fake.box_address, fake.angle_address
    with pytest.raises(ValueError, match="textpage"):
        _native.page_lines(box, angle, 0, "a", *_BOX)
    with pytest.raises(ValueError, match="char_box"):
        _native.page_lines(0, angle, _TEXTPAGE, "a", *_BOX)
    with pytest.raises(ValueError, match="char_angle"):
        _native.page_lines(box, 0, _TEXTPAGE, "a", *_BOX)
    with pytest.raises(TypeError, match="textpage"):
        _native.page_lines(box, angle, ctypes.c_void_p(1), "a", *_BOX)
    with pytest.raises(TypeError, match="text must be str"):
        _native.page_lines(box, angle, _TEXTPAGE, b"a", *_BOX)
    with pytest.raises(TypeError):
        _native.page_lines(box, angle, _TEXTPAGE, "a", "0", 0.0, 612.0, 792.0)
    with pytest.raises(TypeError, match="8 arguments"):
        _native.page_lines(box, angle, _TEXTPAGE, "a")


@needs_native
def test_malformed_lines_are_refused() -> None:
    with pytest.raises(TypeError, match="lines must be a list"):
        _native.fragment_lines((), 1, 1, Fragment, Line)
    with pytest.raises(TypeError, match="list of word tuples"):
        _native.fragment_lines([("a", 1.0, 2.0, 3.0, 4.0, 6.0)], 1, 1, Fragment, Line)
    with pytest.raises(TypeError, match="a word must be a tuple"):
        _native.fragment_lines([[("a", 1.0)]], 1, 1, Fragment, Line)
    with pytest.raises(TypeError, match="must be classes"):
        _native.fragment_lines([], 1, 1, None, Line)
    with pytest.raises(TypeError, match="5 arguments"):
        _native.fragment_lines([], 1, 1)


# --------------------------------------------------------------------------- without it


# What the warning may hold besides Chinese: the names of the module, the packages and the
# command a reader needs. Anything else in Latin letters would be untranslated detail.
_NAMES_IN_THE_WARNING = re.compile(
    r"gongkai\.read\._pdfwords|_pdfwords\.c|gongkai|build-essential|python3-dev|Debian|Ubuntu"
    r"|pip install -e \.|make setup|Python|PDF|C"
)


@pytest.mark.parametrize(
    ("stand_in", "problem", "logged"),
    [
        ("None", "没有编译", "cannot be imported"),
        ("types.ModuleType('_pdfwords')", "旧版源代码", "was built from source None"),
        ("_stale()", "旧版源代码", "was built from source " + "0" * 64),
    ],
    ids=["missing", "built-before-the-hash", "built-from-other-source"],
)
def test_without_the_extension_pdfs_are_read_in_python_with_a_warning(
    report_pdf: bytes,  # noqa: F811
    tmp_path: Path,
    stand_in: str,
    problem: str,
    logged: str,
) -> None:
    """A missing, unloadable or stale extension: one warning, in Chinese only (the technical
    detail goes to the logger, at debug level), and the Python path."""
    source = tmp_path / "report.pdf"
    source.write_bytes(report_pdf)
    script = (
        "import logging, pathlib, sys, types, warnings\n"
        "logging.basicConfig(level=logging.DEBUG, format='%(name)s %(levelname)s %(message)s')\n"
        "def _stale():\n"
        "    module = types.ModuleType('_pdfwords')\n"
        "    module.SOURCE_SHA256 = '0' * 64\n"
        "    return module\n"
        f"sys.modules['gongkai.read._pdfwords'] = {stand_in}\n"
        "data = pathlib.Path(sys.argv[1]).read_bytes()\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    from gongkai.read import pdf, pdf_native\n"
        "    doc = pdf.load_pdf(data, 'x.pdf')\n"
        "    pdf.load_pdf(data, 'x.pdf')  # no second warning\n"
        "print(pdf_native.NATIVE, len(caught), caught[0].category.__name__)\n"
        "print(caught[0].message)\n"
        "print('|'.join(f.text for f in doc.lines[0].fragments))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(source)], capture_output=True, text=True, check=True
    )
    flag, message, first_line = result.stdout.splitlines()
    assert flag == "False 1 RuntimeWarning"
    assert problem in message and "纯 Python" in message and "pip install -e ." in message
    assert ("build-essential" in message) is (stand_in == "None")  # a compiler is what it lacks
    assert not re.search("[A-Za-z]", _NAMES_IN_THE_WARNING.sub("", message)), message
    assert f"gongkai.read.pdf_native DEBUG gongkai.read._pdfwords {logged}" in result.stderr
    with _path(True):
        expected = pdf.load_pdf(report_pdf, "x.pdf").lines[0]
    assert first_line == "|".join(f.text for f in expected.fragments)


def test_a_build_is_checked_against_the_source_beside_the_loader(tmp_path: Path) -> None:
    source = tmp_path / "_pdfwords.c"
    source.write_bytes(b"/* one version */\n")
    assert pdf_native.source_sha256(source) == hashlib.sha256(b"/* one version */\n").hexdigest()
    assert pdf_native.source_sha256(tmp_path / "absent.c") is None
