"""The report as PDF: the DOCX converted by LibreOffice headless (`soffice --convert-to pdf`).

The official fonts the DOCX names are not on a Debian machine; for the conversion only, a
fontconfig file shipped with gongkai (`data/fonts.conf`) maps them to installed CJK fonts
(仿宋_GB2312, 宋体, 楷体_GB2312 and 方正小标宋简体 → Noto Serif CJK SC; 黑体 → Noto Sans CJK SC).
Each conversion runs in a private LibreOffice profile, so that it neither waits for nor disturbs
a LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from gongkai.model import Report
from gongkai.write.compose import Composition, compose
from gongkai.write.docx import docx_bytes
from gongkai.write.errors import WriteError

SOFFICE_PACKAGE = "libreoffice-writer-nogui"
FONT_PACKAGE = "fonts-noto-cjk"
# The installed fonts the mapping falls back to.
CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")
TIMEOUT_S = 300.0


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_fonts() -> list[str]:
    """The fallback CJK fonts that fontconfig does not know (empty when it cannot tell)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        listed = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                                timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [font for font in CJK_FONTS if font not in listed]


@contextmanager
def fonts_conf() -> Iterator[Path]:
    """The shipped fontconfig file as a path on disk."""
    with resources.as_file(resources.files("gongkai.write.data").joinpath("fonts.conf")) as p:
        yield p


def _missing_soffice() -> WriteError:
    return WriteError(
        "未找到 LibreOffice（soffice），无法把报告转换为 PDF。请先安装："
        f"sudo apt-get install {SOFFICE_PACKAGE} {FONT_PACKAGE}"
        "（或先写出 .docx，再用 Word、WPS 另存为 PDF）"
    )


def convert(docx_paths: Sequence[Path], outdir: Path, *, timeout: float = TIMEOUT_S) -> list[Path]:
    """Convert DOCX files to PDF in `outdir` with one LibreOffice run; the PDFs' paths."""
    binary = soffice()
    if binary is None:
        raise _missing_soffice()
    paths = [Path(p).resolve() for p in docx_paths]
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongkai-soffice-") as profile, fonts_conf() as conf:
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        command = [binary, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf",
                   "--outdir", str(outdir), *map(str, paths)]
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise WriteError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒）") from None
        except OSError as exc:
            raise WriteError(f"无法运行 LibreOffice（{binary}）：{exc}") from None
    pdfs = [outdir / f"{p.stem}.pdf" for p in paths]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
        raise WriteError(f"LibreOffice 未能生成 PDF：{'、'.join(missing)}"
                         + (f"（{detail}）" if detail else ""))
    return pdfs


def pdf_bytes(composition: Composition) -> bytes:
    """The composed report as the bytes of a PDF file."""
    if soffice() is None:
        raise _missing_soffice()
    with tempfile.TemporaryDirectory(prefix="gongkai-write-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx_bytes(composition))
        (pdf,) = convert([source], Path(tmp))
        return pdf.read_bytes()


def write_pdf(report: Report, *, draft: bool = True) -> bytes:
    return pdf_bytes(compose(report, draft=draft))
