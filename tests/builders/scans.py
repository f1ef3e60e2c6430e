"""Scans we make ourselves: reports written by gongkai, printed to PDF, rasterised, askew, noisy.

A scan starts as a consistent report (`gongkai.synth` via `tests.check_reports`) written to PDF
by gongkai's own writer (`gongkai.write.render(report, "pdf")`, LibreOffice), rasterised with
`pdftoppm` at 150 or 300 dpi, then optionally turned by a small angle and given scanner noise,
and finally rebuilt as an image-only PDF (Pillow), or kept as a PNG or JPEG picture of a page.
`handmade_png` and `handmade_scan_pdf` write blank pictures and image-only PDFs byte by byte,
with the standard library alone: for the tests that must run without the OCR extra, and for
files whose header claims more than their content holds (limits checked before decoding).

The expected cells are the report's own figures: nothing here reads anything.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from gongkai.model import CellValue
from tests.check_reports import build, clean_dict

if TYPE_CHECKING:  # NumPy comes with the OCR extra: imported where pixels are made
    import numpy as np


class PdftoppmMissing(RuntimeError):
    """pdftoppm (poppler-utils) is not installed."""


@dataclass(frozen=True)
class Distortion:
    """What the scanner did to the page: turned it, added grain and specks."""

    angle: float = 0.0  # degrees, counter-clockwise
    noise: float = 0.0  # standard deviation of Gaussian grain, in grey levels
    specks: float = 0.0  # fraction of pixels flipped to black or white
    seed: int = 0

    @property
    def name(self) -> str:
        if not (self.angle or self.noise or self.specks):
            return "clean"
        return f"angle{self.angle:+.1f}-noise{self.noise:g}-specks{self.specks:g}"


CLEAN = Distortion()


@dataclass(frozen=True)
class Written:
    """A report gongkai wrote: its expected cells and its PDF."""

    seed: int
    cells: dict[str, CellValue]
    pdf: bytes


@lru_cache(maxsize=16)
def written_report(seed: int, version: str = "2021") -> Written:
    """Report `seed` (non-zero, consistent figures) written to PDF by gongkai (cached: the
    LibreOffice conversion takes a few seconds)."""
    from gongkai.write import render

    report, texts = clean_dict(seed, version)
    model = build(report, texts)
    return Written(seed, dict(model.cells), render(model, "pdf"))


def rasterise(pdf: bytes, dpi: int) -> list[np.ndarray]:
    """Every page of `pdf` as a grey image at `dpi`, by `pdftoppm -r dpi -png -gray`."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        raise PdftoppmMissing("pdftoppm not found: apt-get install poppler-utils")
    import numpy as np
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="gongkai-scan-") as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run([binary, "-r", str(dpi), "-png", "-gray", str(source),
                        str(Path(tmp) / "page")], check=True, capture_output=True, timeout=120)
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        return [np.array(Image.open(p).convert("L")) for p in pages]


def distort(page: np.ndarray, distortion: Distortion) -> np.ndarray:
    """The page as a scanner might give it back: turned, grainy, speckled."""
    import cv2
    import numpy as np

    out = page
    if distortion.angle:
        h, w = page.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), distortion.angle, 1.0)
        out = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    rng = np.random.default_rng(distortion.seed)
    if distortion.noise:
        grain = rng.normal(0.0, distortion.noise, out.shape)
        out = np.clip(out.astype(np.float64) + grain, 0, 255).astype(np.uint8)
    if distortion.specks:
        flips = rng.random(out.shape)
        out = out.copy()
        out[flips < distortion.specks / 2] = 0
        out[flips > 1 - distortion.specks / 2] = 255
    return out


def image_pdf(pages: list[np.ndarray], dpi: int) -> bytes:
    """An image-only PDF: each page just its picture, at `dpi` (no text layer)."""
    from PIL import Image

    images = [Image.fromarray(p) for p in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:],
                   resolution=float(dpi))
    return out.getvalue()


def picture(page: np.ndarray, kind: str, dpi: int, *, quality: int = 90) -> bytes:
    """One page as a PNG or JPEG file with its resolution recorded."""
    from PIL import Image

    out = io.BytesIO()
    image = Image.fromarray(page)
    if kind == "png":
        image.save(out, format="PNG", dpi=(dpi, dpi))
    else:
        image.save(out, format="JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def scanned_pdf(seed: int, dpi: int, distortion: Distortion = CLEAN,
                version: str = "2021") -> bytes:
    """Report `seed` as an image-only PDF scanned at `dpi` with `distortion` on every page
    (each page its own noise)."""
    pages = rasterise(written_report(seed, version).pdf, dpi)
    turned = [distort(p, Distortion(distortion.angle, distortion.noise, distortion.specks,
                                    distortion.seed + i)) for i, p in enumerate(pages)]
    return image_pdf(turned, dpi)


def cell_accuracy(expected: dict[str, CellValue], got: dict[str, CellValue]) -> list[str]:
    """Keys whose value differs from the expected one (amounts compared as decimals)."""
    wrong = []
    for key, value in expected.items():
        read = got.get(key)
        if value is None or read is None:
            if value is not read:
                wrong.append(key)
        elif Decimal(str(value)) != Decimal(str(read)):
            wrong.append(key)
    return wrong


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def handmade_png(width: int, height: int, *, pixels: bool = True) -> bytes:
    """A white 8-bit grey PNG of `width` × `height`, written byte by byte (no Pillow). With
    `pixels=False` only the header is true: the image data is a token few bytes, as in a file
    that claims a size to make its reader allocate it."""
    rows = (b"".join(b"\x00" + b"\xff" * width for _ in range(height)) if pixels
            else b"\x00\xff")
    return (b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(rows)) + _png_chunk(b"IEND", b""))


def handmade_scan_pdf(pages: int = 1, size: tuple[float, float] = (595.0, 842.0),
                      pixels: tuple[int, int] = (120, 170)) -> bytes:
    """An image-only PDF written byte by byte: `pages` pages of `size` points, each filled by
    one white grey picture of `pixels`, no text (to the PDF reader, a scan: R007)."""
    w, h = pixels
    image = zlib.compress(b"\xff" * (w * h))
    content = f"q {size[0]:g} 0 0 {size[1]:g} 0 0 cm /Im0 Do Q".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               ("<< /Type /Pages /Kids [" + " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
                + f"] /Count {pages} >>").encode(),
               (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace "
                f"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length {len(image)} >>"
                ).encode() + b"\nstream\n" + image + b"\nendstream"]
    for i in range(pages):
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]:g} {size[1]:g}] "
                        f"/Resources << /XObject << /Im0 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
                        ).encode())
        objects.append(f"<< /Length {len(content)} >>\nstream\n".encode() + content
                       + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode()
    return bytes(out)
