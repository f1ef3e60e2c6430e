"""The statutory format of the annual report, as data."""

from gongkai.format.spec import (
    CellDef,
    FormatSpec,
    PrintedRow,
    Relation,
    SectionDef,
    TableDef,
    get_format,
    label_variants,
    sections,
    version_for_year,
    versions,
)

__all__ = [
    "CellDef",
    "FormatSpec",
    "PrintedRow",
    "Relation",
    "SectionDef",
    "TableDef",
    "get_format",
    "label_variants",
    "sections",
    "version_for_year",
    "versions",
]
