"""The one compiled part of gongkai: the PDF loader's per-word loop (`gongkai.read._pdfwords`).

Everything else about the package is declared in pyproject.toml. The extension needs only a C
compiler and the Python headers (Debian: build-essential, python3-dev), no PDFium headers: the
loader hands it the addresses of the PDFium functions it calls. It is optional: without a
compiler the install still succeeds and the loader runs its pure-Python path (with a warning).

The SHA-256 of the C source is compiled into the module (`SOURCE_SHA256`); the loader
(`gongkai/read/pdf_native.py`) uses the module only if it matches the source shipped beside it,
so a build left over from other source is never run.
"""

import hashlib
import sys
from pathlib import Path

from setuptools import Extension, setup

_SOURCE = "src/gongkai/read/_pdfwords.c"
_SOURCE_SHA256 = hashlib.sha256((Path(__file__).parent / _SOURCE).read_bytes()).hexdigest()

# Floating-point contraction off: the C code must round exactly as the Python code it mirrors
# (no fused multiply-add on platforms that have one).
_FLAGS = [] if sys.platform == "win32" else ["-O2", "-ffp-contract=off"]

setup(
    ext_modules=[
        Extension(
            "gongkai.read._pdfwords",
            [_SOURCE],
            define_macros=[("SOURCE_SHA256", f'"{_SOURCE_SHA256}"')],
            extra_compile_args=_FLAGS,
            optional=True,
        )
    ]
)
