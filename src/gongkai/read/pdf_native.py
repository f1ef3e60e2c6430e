"""The PDF loader's per-word loop in C (`_pdfwords.c`), bound to pypdfium2's PDFium.

`_page_lines` gives one text page's words and visual lines, `fragment_lines` the `Line`s of
`Fragment`s of the kept visual lines: exactly what the pure-Python code gives
(`pdf._split_words` … `pdf._visual_lines`, and the Python branch of `fragment_lines`), with
about 1 µs less work per word. The C code needs no PDFium headers: it gets the addresses of
the two PDFium functions it calls from pypdfium2's ctypes binding, and the raw text-page
handle (so `_page_lines` is private: a wrong handle crashes the process; the caller holds
`gongkai.read.pdfium.LOCK`).

The extension is built by `pip install` (setup.py) when a C compiler and the Python headers
are present. Without them (or in a source tree that was never built) the loader falls back to
its pure-Python path, which reads the same but slower, and says so once with a warning in
Chinese (the technical detail goes to the logger, at debug level).

A stale build is refused the same way: setup.py compiles the SHA-256 of `_pdfwords.c` into the
module (`SOURCE_SHA256`), and the module is used only if that is the hash of the `_pdfwords.c`
shipped beside this file — an editable install does not rebuild the extension when the C
source changes, and a build of other source must not run. (An installation without the C
source beside it, which cannot be stale against it, trusts its build.)
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import warnings
from pathlib import Path
from types import ModuleType

import pypdfium2.raw as pdfium_c

from gongkai.read.document import Fragment, Line

log = logging.getLogger(__name__)

_SOURCE = Path(__file__).with_name("_pdfwords.c")


def source_sha256(source: Path = _SOURCE) -> str | None:
    """The SHA-256 (hex) of the C source shipped beside this module, None if there is none."""
    try:
        return hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return None


def _load_extension() -> ModuleType | None:
    """The built extension, or None (with one warning) if it is missing or out of date."""
    try:
        from gongkai.read import _pdfwords
    except ImportError as error:  # no compiler at install time, or a never-built source tree
        log.debug("gongkai.read._pdfwords cannot be imported: %s", error)
        problem = "没有编译，或编译结果无法载入"
        remedy = "安装 C 编译器与 Python 头文件（Debian/Ubuntu：build-essential、python3-dev）后"
    else:
        built, shipped = getattr(_pdfwords, "SOURCE_SHA256", None), source_sha256()
        if built is not None and shipped in (built, None):  # no source here: trust the build
            return _pdfwords
        log.debug("gongkai.read._pdfwords was built from source %s, the source is %s",
                  built, shipped)
        problem = "是由旧版源代码编译的，与当前的源代码 _pdfwords.c 不符"
        remedy = ""
    warnings.warn(
        f"gongkai 的 PDF 加速模块（C 扩展 gongkai.read._pdfwords）{problem}，"
        "读取 PDF 改用纯 Python 实现：结果相同，但更慢（每页多用约两成时间）。"
        f"{remedy}重新安装 gongkai（在源代码目录中运行 pip install -e .，或 make setup）即可启用。",
        RuntimeWarning,
        stacklevel=3,
    )
    return None


_pdfwords = _load_extension()

# text, x0, top, x1, bottom (reading space), top + bottom
_Word = tuple[str, float, float, float, float, float]


def _address(function: object) -> int:
    return ctypes.cast(function, ctypes.c_void_p).value  # type: ignore[arg-type]


_CHAR_BOX = _address(pdfium_c.FPDFText_GetLooseCharBox)
_CHAR_ANGLE = _address(pdfium_c.FPDFText_GetCharAngle)


# Read at every call: the tests switch it off to compare the two paths.
NATIVE = _pdfwords is not None


def _page_lines(
    textpage: pdfium_c.FPDF_TEXTPAGE, text: str, page_box: tuple[float, float, float, float]
) -> tuple[int, list[_Word], list[list[_Word]]]:
    """(rotation, words in line order, visual lines) of an open text page whose text is
    `text`; `page_box` is left, bottom, right, top. Needs the extension (`NATIVE`).

    Private: the C code trusts `textpage` to be a live FPDF_TEXTPAGE of PDFium (any other
    value crashes the process), and the caller must hold `gongkai.read.pdfium.LOCK`."""
    address = ctypes.cast(textpage, ctypes.c_void_p).value
    native = _pdfwords.page_lines  # type: ignore[union-attr]
    return native(_CHAR_BOX, _CHAR_ANGLE, address, text, *page_box)


def fragment_lines(lines: list[list[_Word]], page: int, first_line: int) -> list[Line]:
    """A `Line` of `Fragment`s (text, page, line number, box) per visual line, the lines
    numbered from `first_line`."""
    if NATIVE:  # the same calls of the same classes, without the interpreter's loop
        native = _pdfwords.fragment_lines  # type: ignore[union-attr]
        return native(lines, page, first_line, Fragment, Line)
    return [
        Line([Fragment(w[0], page, number, w[1:5]) for w in words])
        for number, words in enumerate(lines, start=first_line)
    ]
