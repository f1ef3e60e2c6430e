"""What a rule sees: the report, its format, last year's report, the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from gongkai.check.config import CheckConfig
from gongkai.check.prose import Prose
from gongkai.check.statements import Statement, find_statements
from gongkai.format.spec import CellDef, FormatSpec, get_format
from gongkai.model import CellValue, Report
from gongkai.publish.stats import YearFigures


@dataclass
class Context:
    report: Report
    previous: Report | None = None
    config: CheckConfig = field(default_factory=CheckConfig)
    published: date | None = None  # publication date known from outside the document
    publication: YearFigures | None = None  # the publication register's figures of the year
    # Whether the report is a county-level-or-above government's own (due 31 March), when known
    # from outside the document (the workbench knows the agency); None: guessed from the name.
    government_report: bool | None = None

    @cached_property
    def spec(self) -> FormatSpec:
        return get_format(self.report.format)

    def cell(self, key: str) -> CellValue:
        return self.report.cells.get(key)

    def label(self, key: str) -> str:
        return self.spec.cells[key].label

    def cells_of(self, table: str) -> list[CellDef]:
        return [c for c in self.spec.cells.values() if c.table == table]

    @cached_property
    def prose(self) -> list[Prose]:
        """The narrative of every section found (and the text before the first), normalised."""
        out = [Prose("preamble", self.report.preamble)] if self.report.preamble else []
        out += [Prose(sid, s.text) for sid, s in self.report.sections.items()]
        return out

    def section_prose(self, section_id: str) -> Prose | None:
        return next((p for p in self.prose if p.section == section_id), None)

    @cached_property
    def statements(self) -> list[Statement]:
        """The figures the narrative states (see `statements.py`)."""
        return find_statements(self.prose, self.report.year)
