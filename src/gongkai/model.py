"""The report model: what a read report is, independent of where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.diagnostics import Diagnostic

CellValue = int | Decimal | None


@dataclass
class Provenance:
    """Where a figure came from: page/line/position in the source and the raw text."""

    raw: str
    page: int | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    table_cell: tuple[int, int, int] | None = None  # (table index, row, column) in HTML/DOCX
    method: str = "read"  # "read", "restored", "converted"
    confidence: float | None = None  # OCR recognition confidence (0..1) of a scanned figure

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Section:
    id: str
    heading: str  # as printed
    text: str


@dataclass
class Metadata:
    statistics_period: tuple[str, str] | None = None  # ISO dates
    publication_url: str | None = None
    publication_date: str | None = None
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in self.__dict__.items()
            if v is not None
        }


@dataclass
class Report:
    """One annual report: metadata, the six sections, every cell with its provenance."""

    format: str
    agency: str | None
    year: int | None
    cells: dict[str, CellValue]
    provenance: dict[str, Provenance] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    preamble: str = ""
    metadata: Metadata = field(default_factory=Metadata)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: str | None = None

    def diagnose(self, code: str, message: str, keys: list[str] | None = None, **location: Any):
        self.diagnostics.append(Diagnostic(code, message, list(keys or []), location))
