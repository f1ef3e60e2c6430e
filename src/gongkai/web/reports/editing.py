"""What the report editor does to a report model: start one for a year (from the register or
blank), put the clerk's figures and text in, draft the missing narrative, recompute the figures
from the register. No HTTP here; the views call these and store the result.

How sections are kept: a section with a statutory table (二, 三, 四) is always kept, its text
possibly empty, since the written report prints its heading and table anyway; a section without
a table is kept only when it has text, so that the checker names a section nobody has written
(C1-101) until the clerk writes it or drafts it.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gongkai import interchange
from gongkai.format import get_format
from gongkai.format.spec import FormatSpec, version_for_year
from gongkai.model import CellValue, Metadata, Report, Section
from gongkai.write import narrative
from gongkai.write.layout import figure_text

# The register's diagnostic naming the cells of table 二 it cannot give (gongkai.register.tables).
UNKNOWN_CELLS = "G001"
# Metadata fields the editor lets the clerk change (statistics period apart).
CONTACT_FIELDS = ("publication_url", "address", "postcode", "phone", "email")


@dataclass
class Edits:
    """What the editor form gives: cells, sections' text, metadata. What it does not give (a
    key not in `cells` or `texts`, `period_given` false) is left as the report has it."""

    cells: dict[str, CellValue]
    texts: dict[str, str]
    period: tuple[str, str] | None = None
    period_given: bool = False
    contact: dict[str, str | None] = field(default_factory=dict)


def calendar_year(year: int) -> tuple[str, str]:
    """The statistics period of an annual report: the calendar year."""
    return (date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat())


def keep_sections(spec: FormatSpec, texts: dict[str, str]) -> dict[str, Section]:
    """The sections to store for the texts given (see the module's note)."""
    out: dict[str, Section] = {}
    for section in spec.sections:
        text = texts.get(section.id, "").strip()
        if text or section.table is not None:
            out[section.id] = Section(section.id, section.title, text)
    return out


def _started(report: Report) -> Report:
    """A new report with the statistics period and the table sections in place."""
    assert report.year is not None
    report.metadata = Metadata(statistics_period=calendar_year(report.year))
    report.sections = keep_sections(get_format(report.format), {})
    return report


def blank_report(agency: str, year: int) -> Report:
    """A report of `year` with every cell blank, for the clerk to type in."""
    version = version_for_year(year)
    cells: dict[str, CellValue] = dict.fromkeys(get_format(version).keys)
    return _started(Report(version, agency, year, cells, source="typed"))


def register_report(agency: str, year: int, using: str) -> Report:
    """A report of `year` with the figures computed from the agency's stored register; cells
    the register cannot give are blank and named in a G001 diagnostic."""
    from gongkai.register.store import load_register
    from gongkai.register.tables import year_tables

    data = year_tables(load_register(agency, using), year)
    report = interchange.from_dict(data)
    report.agency = agency
    return _started(report)


def _resolved(report: Report) -> None:
    """Drop diagnostics whose every cell has a figure now (the clerk typed what was missing)."""
    report.diagnostics = [d for d in report.diagnostics
                          if not d.keys or any(report.cells.get(k) is None for k in d.keys)]


def with_edits(report: Report, edits: Edits) -> Report:
    """A copy of `report` with the editor's figures, texts and metadata. The provenance of a
    figure the clerk changed is dropped: it no longer says where the figure came from."""
    out = copy.deepcopy(report)
    spec = get_format(out.format)
    for key, value in edits.cells.items():
        if value != out.cells.get(key):
            out.provenance.pop(key, None)
        out.cells[key] = value
    texts = {sid: s.text for sid, s in out.sections.items()} | edits.texts
    out.sections = keep_sections(spec, texts)
    if edits.period_given:
        out.metadata.statistics_period = edits.period
    for name in CONTACT_FIELDS:
        if name in edits.contact:
            setattr(out.metadata, name, edits.contact[name] or None)
    _resolved(out)
    return out


def publication_figures(agency: str, year: int, using: str) -> Any | None:
    """The year's figures of the agency's publication register (gongkai.publish), when it
    published anything that year; None otherwise (no sentence about zero publications for an
    agency that keeps its publications elsewhere)."""
    from gongkai.publish import year_figures
    from gongkai.publish.store import load_items

    figures = year_figures(load_items(agency, using), year)
    return figures if figures.published else None


def draft_missing(report: Report, figures: Any | None = None) -> list[str]:
    """Draft, from the figures, each section that has no text (as `gongkai write` does); a
    section the clerk wrote is kept as it is. The ids of the sections drafted."""
    spec = get_format(report.format)
    drafted = []
    for section in spec.sections:
        found = report.sections.get(section.id)
        if found is not None and found.text.strip():
            continue
        made = narrative.draft_section(report, section.id, figures)
        if made is None or made.empty:
            continue
        report.sections[section.id] = Section(section.id, section.title,
                                              "\n".join(made.paragraphs))
        drafted.append(section.id)
    report.sections = {s.id: report.sections[s.id] for s in spec.sections
                       if s.id in report.sections}
    return drafted


@dataclass(frozen=True)
class Change:
    """A figure the register gives differently from what the report holds."""

    key: str
    label: str
    current: CellValue
    computed: CellValue


class RecomputeError(ValueError):
    """The report cannot be recomputed from the register; the message is Chinese."""


@dataclass
class Recomputation:
    report: Report  # the report with the register's figures
    changes: list[Change]  # figures that will be overwritten
    kept: list[str]  # keys the register cannot give: the report's figures are kept

    @property
    def digest(self) -> str:
        """A fingerprint of what recomputing does (every figure it leaves and each change), so
        that a confirmation applies only the recomputation the clerk saw: the register or the
        report changed since the preview gives another digest."""
        figures = {key: figure_text(value) for key, value in sorted(self.report.cells.items())}
        changes = [[c.key, figure_text(c.current), figure_text(c.computed)]
                   for c in self.changes]
        text = json.dumps({"cells": figures, "changes": changes, "kept": self.kept},
                          ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recompute(report: Report, agency: str, using: str) -> Recomputation:
    """`report` with the figures the register of `agency` gives for its year; a figure the
    register cannot give (table 二 cells it does not record) keeps the report's value. Text and
    metadata are kept; the report takes the agency's name.

    `agency` is the name of the agency the report belongs to (the workbench's row, as named
    now), never the name printed in the report: that is the clerk's text, and may name another
    agency or the agency's former name. A register that cannot be read is a `RecomputeError`."""
    from gongkai.register.store import StoreError

    if report.year is None:
        raise RecomputeError("报告没有年度，无法按台账计算")
    try:
        fresh = register_report(agency, report.year, using)
    except StoreError as exc:
        raise RecomputeError(f"无法读取{agency}的台账：{exc}") from exc
    spec = get_format(report.format)
    if fresh.format != report.format:
        raise RecomputeError(f"报告使用 {report.format} 版格式，而 {report.year} 年度的台账按 "
                             f"{fresh.format} 版格式计算，无法逐格覆盖")
    out = copy.deepcopy(report)
    out.agency = agency
    changes: list[Change] = []
    kept: list[str] = []
    for key in spec.keys:
        computed = fresh.cells.get(key)
        if computed is None:
            kept.append(key)
            continue
        if computed != report.cells.get(key):
            changes.append(Change(key, spec.cells[key].label, report.cells.get(key), computed))
            out.provenance.pop(key, None)
        out.cells[key] = computed
    others = [d for d in out.diagnostics if d.code != UNKNOWN_CELLS]
    named = [d for d in fresh.diagnostics if d.code == UNKNOWN_CELLS]
    out.diagnostics = others + named
    _resolved(out)
    return Recomputation(out, changes, kept)
