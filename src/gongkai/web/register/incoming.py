"""An uploaded register or publication file: bounded in size, kept in a temporary folder under a
fixed name (a clerk's file name may be longer than a file system allows) while its own name is
kept apart for the messages, so the readers of `gongkai.register.io` and `gongkai.publish.io`
take it as the command line does; and its row errors shown as a table (sheet, row, column,
message), at most `MAX_SHOWN_ERRORS` of them."""

from __future__ import annotations

import logging
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
MAX_NAME_CHARS = 120  # of the name shown in messages
MAX_SHOWN_ERRORS = 200  # row errors listed on the page; the count says how many in all

log = logging.getLogger(__name__)


class UploadRefused(ValueError):
    """An upload that is not read at all; the message is Chinese, for the user."""


@dataclass(frozen=True)
class Kept:
    """The upload on disk (`path`, under a fixed name) and its own name, as the user knows it."""

    path: Path
    name: str


def _shown_name(name: str) -> str:
    """The file's own name without any folder or control characters, cut for showing."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    if len(base) > MAX_NAME_CHARS:
        suffix = Path(base).suffix[:10]
        base = base[:MAX_NAME_CHARS - len(suffix) - 1] + "…" + suffix
    return base or "上传的文件"


@contextmanager
def kept_upload(upload: UploadedFile | None) -> Iterator[Kept]:
    """The upload as a file in a temporary folder, removed afterwards; `UploadRefused` when
    there is none, it is empty, too large, neither .xlsx nor .csv, or cannot be kept."""
    if upload is None:
        raise UploadRefused("请选择要导入的文件")
    name = _shown_name(upload.name or "")
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
        path = Path(folder) / f"upload{suffix}"
        try:
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
        except OSError as exc:
            log.error("could not keep the upload %r: %s", name, exc)
            raise UploadRefused(f"无法保存上传的文件“{name}”，未导入任何数据；"
                                "请稍后重试") from None
        yield Kept(path, name)


@dataclass(frozen=True)
class ShownError:
    sheet: str
    row: int | None
    column: str
    message: str


def shown_errors(errors: Iterable[RowError]) -> tuple[list[ShownError], int]:
    """The first `MAX_SHOWN_ERRORS` errors as the import page lists them (the column is the one
    each error names, blank for a problem of a whole row or of the file), and how many there
    are in all."""
    errors = list(errors)
    return ([ShownError(e.sheet, e.row, e.column or "", e.message)
             for e in errors[:MAX_SHOWN_ERRORS]], len(errors))
