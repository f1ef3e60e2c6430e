"""Diagnostics: typed, coded, with a Chinese message and a position.

Every thing a reader could not read, restored, or doubts is one `Diagnostic`. The codes are
stable; `CODES` is the registry (code → name, severity, Chinese title), documented in
docs/diagnostics.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["fatal", "error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    title: str


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # The file as a whole: the report could not be read (fatal).
        Code("R001", "file-not-found", "fatal", "文件不存在或无法打开"),
        Code("R002", "empty-file", "fatal", "文件为空"),
        Code("R003", "file-too-large", "fatal", "文件过大"),
        Code("R004", "unsupported-type", "fatal", "不支持的文件类型"),
        Code("R005", "corrupt-file", "fatal", "文件已损坏或被截断"),
        Code("R006", "encrypted-pdf", "fatal", "PDF 已加密"),
        Code("R007", "scanned-pdf", "fatal", "PDF 为扫描图像，没有文字层"),
        Code("R008", "not-a-report", "fatal", "不是政府信息公开工作年度报告"),
        Code("R009", "undecodable-text", "fatal", "无法识别文本编码"),
        Code("R010", "bad-interchange", "fatal", "交换格式 JSON 无效"),
        Code("R011", "internal-error", "fatal", "读取时程序内部出错（请报告此错误）"),
        # Tables and cells.
        Code("R101", "table-not-found", "error", "未找到统计表"),
        Code("R102", "row-not-found", "error", "未找到表格行"),
        Code("R103", "cell-count-mismatch", "error", "一行的数字个数与格式不符"),
        Code("R104", "cell-restored", "warning", "依据勾稽关系恢复了缺失或多出的数字"),
        Code("R105", "cell-unreadable", "error", "单元格内容无法识别为数字"),
        Code("R106", "cell-blank", "info", "单元格为空"),
        Code("R107", "amount-converted", "info", "金额单位已换算为万元"),
        Code("R108", "cell-not-integer", "error", "计数单元格不是非负整数"),
        # Document-level facts.
        Code("R201", "version-from-year", "warning", "表头未能确定格式版本，按年度推定"),
        Code("R202", "version-undetermined", "error", "无法确定格式版本"),
        Code("R203", "agency-not-found", "warning", "未找到机关名称"),
        Code("R204", "year-not-found", "warning", "未找到报告年度"),
        Code("R205", "section-not-found", "warning", "未找到章节标题"),
        Code("R206", "encoding-detected", "info", "文本编码不是 UTF-8"),
        Code("R207", "year-format-mismatch", "warning", "报告年度与所用格式版本不符"),
        # Scans read by OCR (gongkai.read.ocr).
        Code("R301", "ocr-low-confidence", "warning", "OCR 识别的数字置信度低，需核对原件"),
        Code("R302", "ocr-digit-restored", "warning", "依据勾稽关系更正了 OCR 误识的数字"),
        Code("R303", "ocr-relation-broken", "error", "OCR 识别的数字不满足勾稽关系，无法唯一更正"),
        Code("R304", "ocr-read", "info", "扫描件，全文经 OCR 识别"),
        Code("R305", "ocr-no-grid", "warning", "扫描件中未找到表格线，数字按文字位置读取"),
        Code("R306", "ocr-not-installed", "fatal", "图片需要 OCR 识别，但未安装 OCR 扩展"),
        Code("R307", "ocr-cell-blank", "warning", "扫描件中单元格未识别出文字，需核对原件"),
        # Tables computed or summed rather than read.
        Code("G001", "not-in-register", "warning", "台账中没有该单元格的数据，需手工填写"),
        Code("G002", "rollup-input-blank", "warning", "被汇总的报告中该单元格为空，汇总结果为空"),
    )
}


@dataclass
class Diagnostic:
    """One finding of a reader: code, Chinese message, the cells it concerns and where."""

    code: str
    message: str
    keys: list[str] = field(default_factory=list)
    location: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return CODES[self.code].name

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["name"] = self.name
        d["severity"] = self.severity
        return d


class ReadError(Exception):
    """A file that cannot be read as a report at all; carries the fatal diagnostic."""

    def __init__(self, code: str, message: str, **location: Any) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, message, location=location)
