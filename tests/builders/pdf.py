"""DOCX → PDF with LibreOffice, one `soffice` call for a whole batch."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path


class SofficeMissing(RuntimeError):
    """LibreOffice is not installed (apt-get install libreoffice-writer-nogui)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_files(docx_paths: Iterable[str | Path], outdir: str | Path, *,
              timeout: float = 300) -> list[Path]:
    """Convert every file to PDF in `outdir` with one `soffice --headless` run."""
    paths = [Path(p).resolve() for p in docx_paths]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    binary = soffice()
    if binary is None:
        raise SofficeMissing("soffice not found: install LibreOffice to build PDF reports")
    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as profile:
        # A private profile, so that concurrent runs do not wait on each other's lock.
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
            check=True, capture_output=True, timeout=timeout,
        )
    pdfs = [outdir / f"{p.stem}.pdf" for p in paths]
    missing = [str(p) for p in pdfs if not p.is_file()]
    if missing:
        raise RuntimeError(f"soffice did not produce: {', '.join(missing)}")
    return pdfs
