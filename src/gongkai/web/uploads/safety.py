"""What an upload holds, taken apart safely: the report files of the uploaded files and zips, in
memory, each one bounded and screened; or `Rejected` with a Chinese message naming the file.

Nothing here writes to disk: zip members are read into memory under the bounds of `limits`
(declared sizes are checked first, then the bytes are counted while they are unpacked and the
unpacking stops at the bound), and a member's name is only ever a label, never a path.

Refused, for the whole upload: a zip member whose name climbs out of the zip ("..", an absolute
or drive path), a symbolic link, an encrypted member, a zip inside the zip (never expanded), too
many files, a file or a zip too large or compressed beyond `MAX_COMPRESSION_RATIO`, a file type
gongkai does not read, and a file that cannot even be opened as what it is: empty, not what its
name says, a DOCX that declares XML entities (billion laughs, external entities) or is corrupt,
a PDF that is corrupt, truncated or encrypted. Those messages are the reader's own
(`gongkai.read`). What is wrong inside a file that opens (a scanned PDF, not a report, figures
that do not add up) is the job's result for that file, not a rejection.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from gongkai.diagnostics import ReadError
from gongkai.load import REPORT_SUFFIXES
from gongkai.web.uploads import limits

ZIP_SUFFIXES = frozenset({".zip"})
# Archives that are never expanded (inside a zip, or uploaded themselves).
ARCHIVE_SUFFIXES = frozenset({".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"})
ACCEPTED = "PDF、DOCX、HTML、文本（.txt）、交换格式 JSON，或装有这些文件的 ZIP 压缩包"

_CHUNK = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
               NotImplementedError, RuntimeError)


class Rejected(Exception):
    """The upload is refused as a whole; the message (Chinese) names the file."""


class UploadedFile(Protocol):
    """What the view hands over: Django's UploadedFile has these."""

    name: str | None
    size: int | None

    def chunks(self) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class Member:
    """One report file of the upload: its name as shown (a zip member as "包.zip/路径") and
    its bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


def clean_name(name: str) -> str:
    """A name fit to show: control characters dropped, at most `MAX_NAME_CHARS`."""
    name = _CONTROL.sub("", name).strip() or "（无名文件）"
    return name if len(name) <= limits.MAX_NAME_CHARS else "…" + name[-limits.MAX_NAME_CHARS:]


def unpack(uploads: Iterable[UploadedFile]) -> list[Member]:
    """The report files of the uploaded files, zips unpacked, each screened; `Rejected` at the
    first thing refused."""
    members: list[Member] = []
    unpacked = 0
    for upload in uploads:
        name = clean_name(upload.name or "")
        suffix = PurePosixPath(name).suffix.lower()
        if suffix in ZIP_SUFFIXES:
            data = _read_upload(upload, limits.MAX_REQUEST_BYTES, name)
            found = unpack_zip(name, data, room=limits.MAX_UNPACKED_BYTES - unpacked,
                               files_before=len(members))
            unpacked += sum(len(m.data) for m in found)
            members.extend(found)
            continue
        _check_type(name, suffix)
        if (upload.size or 0) > limits.MAX_FILE_BYTES:
            raise Rejected(_too_large(name, upload.size or 0))
        if len(members) + 1 > limits.MAX_FILES:
            raise Rejected(too_many())
        members.append(Member(name, _read_upload(upload, limits.MAX_FILE_BYTES, name)))
    if not members:
        raise Rejected("没有可检查的文件：请选择至少一份报告文件（" + ACCEPTED + "）")
    for member in members:
        screen(member)
    return members


def _read_upload(upload: UploadedFile, bound: int, name: str) -> bytes:
    """The bytes of an uploaded file, counted: never more than `bound`."""
    buffer = bytearray()
    for chunk in upload.chunks():
        buffer += chunk
        if len(buffer) > bound:
            raise Rejected(_too_large(name, len(buffer)))
    return bytes(buffer)


def _check_type(name: str, suffix: str) -> None:
    if suffix in ARCHIVE_SUFFIXES:
        raise Rejected(f"{name}：压缩包中的压缩包不会展开，请解压后把其中的报告直接放进上传的 ZIP")
    if suffix not in REPORT_SUFFIXES:
        shown = f"“{suffix}”" if suffix else "没有扩展名"
        raise Rejected(f"{name}：不支持的文件类型（{shown}）；可上传{ACCEPTED}")


def _too_large(name: str, size: int) -> str:
    return (f"{name}：文件过大（至少 {size / limits.MB:.1f} MB，每个文件的上限为 "
            f"{limits.MAX_FILE_BYTES / limits.MB:.0f} MB）")


def too_many() -> str:
    return (f"文件过多：一次最多上传 {limits.MAX_FILES} 份报告（压缩包中的文件也计算在内），"
            "请分批上传")


# ------------------------------------------------------------------------------------ zips


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its maker meant it: names without the UTF-8 flag were decoded as
    CP437 by zipfile; zips made on Chinese Windows use GBK (GB 18030) for them."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def unsafe_path(name: str) -> bool:
    """A member name that would climb out of a folder it were unpacked to: absolute, with a
    drive, or with a ".." part (either slash)."""
    path = name.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def _skipped(path: str) -> bool:
    """Folders' entries and what operating systems add: hidden files, macOS resource forks."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    return not parts or any(p.startswith(".") or p == "__MACOSX" for p in parts)


def unpack_zip(name: str, data: bytes, *, room: int, files_before: int = 0) -> list[Member]:
    """The report files in zip `name`, read into memory; at most `room` bytes in all."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS:
        raise Rejected(f"{name}：不是有效的 ZIP 压缩包，或文件已损坏、不完整") from None
    if len(infos) > limits.MAX_ZIP_ENTRIES:
        raise Rejected(f"{name}：压缩包中的条目过多（{len(infos)} 个，上限 "
                       f"{limits.MAX_ZIP_ENTRIES} 个）")
    wanted: list[tuple[zipfile.ZipInfo, str]] = []
    declared = 0
    for info in infos:
        inner = member_name(info)
        label = clean_name(f"{name}/{inner}")
        if unsafe_path(inner):
            raise Rejected(f"{label}：压缩包中的文件名含有“..”或绝对路径，已拒绝整个压缩包")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise Rejected(f"{label}：压缩包中含有符号链接，已拒绝整个压缩包")
        if info.is_dir() or _skipped(inner):
            continue
        if info.flag_bits & 0x1:
            raise Rejected(f"{label}：压缩包中的文件已加密（设置了密码），无法读取；"
                           "请上传未加密的压缩包")
        _check_type(label, PurePosixPath(inner.replace("\\", "/")).suffix.lower())
        if files_before + len(wanted) + 1 > limits.MAX_FILES:
            raise Rejected(too_many())
        if info.file_size > limits.MAX_FILE_BYTES:
            raise Rejected(_too_large(label, info.file_size))
        if _bomb(info.file_size, info.compress_size):
            raise Rejected(_bomb_message(label))
        declared += info.file_size
        if declared > room:
            raise Rejected(_unpacked_too_large(name))
        wanted.append((info, label))
    if declared > limits.RATIO_FLOOR_BYTES and _bomb(declared, len(data)):
        raise Rejected(_bomb_message(name))
    members: list[Member] = []
    for info, label in wanted:
        content = _extract(archive, info, label, bound=min(limits.MAX_FILE_BYTES, room))
        room -= len(content)
        members.append(Member(label, content))
    return members


def _bomb(unpacked: int, packed: int) -> bool:
    return (unpacked > limits.RATIO_FLOOR_BYTES
            and unpacked > limits.MAX_COMPRESSION_RATIO * max(packed, 1))


def _bomb_message(label: str) -> str:
    return (f"{label}：压缩比异常（超过 {limits.MAX_COMPRESSION_RATIO} 倍），疑似“压缩炸弹”，"
            "已拒绝整个压缩包")


def _unpacked_too_large(name: str) -> str:
    return (f"{name}：解压后总大小超过上限 {limits.MAX_UNPACKED_BYTES / limits.MB:.0f} MB，"
            "请分批上传")


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, bound: int) -> bytes:
    """The member's bytes, counted as they are unpacked: stop at `bound`, at the declared size,
    or when the bytes so far exceed the compression ratio."""
    buffer = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                buffer += chunk
                if len(buffer) > bound:
                    raise Rejected(_too_large(label, len(buffer)))
                if len(buffer) > info.file_size:
                    raise Rejected(f"{label}：解压出的内容比压缩包声明的大小更多，"
                                   "压缩包可能被篡改，已拒绝整个压缩包")
                if _bomb(len(buffer), info.compress_size):
                    raise Rejected(_bomb_message(label))
    except Rejected:
        raise
    except _ZIP_ERRORS:
        raise Rejected(f"{label}：压缩包中的这个文件已损坏，无法解压") from None
    return bytes(buffer)


# ------------------------------------------------------------------------------- screening


def screen(member: Member) -> None:
    """Refuse a file that cannot be opened as what it is, with the reader's message: empty,
    binary, not what its suffix says, an unsafe or corrupt DOCX, a corrupt or encrypted PDF.
    Reading it (the job) finds everything else."""
    try:
        _open_as_document(member)
    except ReadError as error:
        raise Rejected(f"{member.name}：{error.diagnostic.message}") from None


def _open_as_document(member: Member) -> None:
    from gongkai.read.sniff import sniff

    data = member.data
    if not data.strip():
        raise ReadError("R002", "文件为空")
    if member.suffix == ".json":
        return  # interchange JSON: the job reads it and says what is wrong with it
    kind = sniff(data, member.name)
    if kind == "docx":
        # The reader's own package check: refuses DTDs and entity declarations in any XML part
        # (billion laughs, external entities), an oversized or corrupt package.
        from gongkai.read.docx import check_package

        check_package(data)
    elif kind == "pdf":
        from gongkai.read.pdf import opened  # PDFium's process-wide lock held inside

        with opened(data) as document:
            if len(document) == 0:
                raise ReadError("R005", "PDF 没有任何页面，文件可能已损坏或被截断")
