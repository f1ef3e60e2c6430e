"""An uploaded register or publication file: bounded in size, kept in a temporary folder
under its own name (so the readers of `gongkai.register.io` and `gongkai.publish.io` take it
as the command line does), and its row errors shown as a table: sheet, row, column, message."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile

from gongkai.register.io.rows import RowError

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
SUFFIXES = (".xlsx", ".csv")


class UploadRefused(ValueError):
    """An upload that is not read at all; the message is Chinese, for the user."""


def _safe_name(name: str) -> str:
    """The file's own name without any folder, and nothing a file system would refuse."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f]", "", base).strip().lstrip(".")
    return base[:120] or "上传的文件"


@contextmanager
def kept_upload(upload: UploadedFile | None) -> Iterator[Path]:
    """The upload as a file in a temporary folder, removed afterwards; `UploadRefused` when
    there is none, it is empty, too large, or neither .xlsx nor .csv."""
    if upload is None:
        raise UploadRefused("请选择要导入的文件")
    name = _safe_name(upload.name or "")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        hint = "（.xls 文件请先在 Excel 中另存为 .xlsx）" if suffix == ".xls" else ""
        raise UploadRefused(f"不支持的文件类型“{suffix or name}”：应为 .xlsx 或 .csv{hint}")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"文件“{name}”有 {upload.size / 1024 / 1024:.1f} MB，"
                            f"超过 {MAX_UPLOAD_MB} MB 的上限：请拆分后分批导入")
    if not upload.size:
        raise UploadRefused(f"文件“{name}”是空的")
    with tempfile.TemporaryDirectory(prefix="gongkai-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        yield path


@dataclass(frozen=True)
class ShownError:
    sheet: str
    row: int | None
    column: str
    message: str


def shown_errors(errors: Iterable[RowError]) -> list[ShownError]:
    """The errors as the import page lists them: the column is the one each error names
    (blank for a problem of a whole row or of the file)."""
    return [ShownError(e.sheet, e.row, e.column or "", e.message) for e in errors]
