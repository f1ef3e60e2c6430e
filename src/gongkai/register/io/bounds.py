"""The bounds of a register or publication file being read: what a workbook may unpack to, and
how many rows a sheet or CSV file may have. A file beyond them is refused with a Chinese
message before its rows are checked (a small .xlsx can hold millions of rows).

These are the register's own checks, not the uploads app's (`gongkai.web.uploads.safety`): that
one screens report files for the web only, while these bound every reader of the register and
publication files, the command line's too, on the same scale."""

from __future__ import annotations

import io
import zipfile

from gongkai.register.io.rows import RegisterFileError, RowError

MB = 1024 * 1024
# Data rows of one sheet or CSV file (the header not counted; blank rows neither). A register
# of 50 000 applications unpacks to about 40 MB.
MAX_ROWS = 50_000
# All parts of a workbook, unpacked (as the zip declares them; reading never unpacks more).
MAX_UNPACKED_BYTES = 100 * MB
# Unpacked ÷ packed size of a part of the workbook; registers pack about 10–15 : 1. A part of
# at most RATIO_FLOOR_BYTES is not judged by its ratio.
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MB


def check_workbook(data: bytes, name: str) -> None:
    """Refuse a workbook that unpacks to more than `MAX_UNPACKED_BYTES`, or with a part packed
    beyond `MAX_COMPRESSION_RATIO`; one that is not a zip at all is left to the reader, which
    says it is not a workbook."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise RegisterFileError([RowError(name, None, (
            f"解压后有 {unpacked / MB:.0f} MB，超过 {MAX_UNPACKED_BYTES / MB:.0f} MB 的上限："
            "请拆分后分批导入"))])
    for info in infos:
        if (info.file_size > RATIO_FLOOR_BYTES
                and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)):
            raise RegisterFileError([RowError(name, None, (
                f"压缩比异常（超过 {MAX_COMPRESSION_RATIO} 倍），不像是正常的 Excel 文件，"
                "未导入"))])


def too_many_rows(name: str, title: str | None = None) -> RegisterFileError:
    """The refusal of a sheet (`title`) or CSV file with more than `MAX_ROWS` data rows."""
    where = f"工作表“{title}”" if title else "文件"
    return RegisterFileError([RowError(
        name, None, f"{where}的数据超过 {MAX_ROWS} 行的上限：请拆分后分批导入")])
