"""The one compiled part of gongkai: the PDF loader's per-word loop (`gongkai.read._pdfwords`).

Everything else about the package is declared in pyproject.toml. The extension needs only a C
compiler and the Python headers (Debian: build-essential, python3-dev), no PDFium headers: the
loader hands it the addresses of the PDFium functions it calls. It is optional: without a
compiler the install still succeeds and the loader runs its pure-Python path (with a warning).
"""

import sys

from setuptools import Extension, setup

# Floating-point contraction off: the C code must round exactly as the Python code it mirrors
# (no fused multiply-add on platforms that have one).
_FLAGS = [] if sys.platform == "win32" else ["-O2", "-ffp-contract=off"]

setup(
    ext_modules=[
        Extension(
            "gongkai.read._pdfwords",
            ["src/gongkai/read/_pdfwords.c"],
            extra_compile_args=_FLAGS,
            optional=True,
        )
    ]
)
