"""The demo's annual reports: the seed reports as uploaded published reports, and drafts
computed from a stored register as the report editor starts them
(`gongkai.web.reports.editing.register_report`), one of them with drafted text for submitting
to the supervising office (`gongkai.web.reports.workflow.submit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.load import load_report
from gongkai.model import Report as ReportModel
from gongkai.model import Section

SEEDS = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True)
class Seed:
    path: Path
    report: ReportModel


def seed_reports() -> list[Seed]:
    """The seed reports shipped with the demo (copies of the project's `examples/`), read."""
    paths = sorted(p for p in SEEDS.iterdir() if p.is_file() and not p.name.startswith("."))
    return [Seed(p, load_report(p)) for p in paths]


def store_seeds(agencies: dict[str, Any], using: str) -> int:
    """Store each seed as its agency's published report (origin: uploaded); how many. A seed
    whose agency already has a report of its year is left out (one report a year)."""
    from gongkai.web.reports.models import Origin, Report, Status, as_json

    stored = 0
    for seed in seed_reports():
        agency = agencies[seed.report.agency]
        if Report.objects.using(using).filter(agency=agency, year=seed.report.year).exists():
            continue
        # A published report is final: it is stored as accepted, not as a draft to edit.
        Report.objects.using(using).create(agency=agency, year=seed.report.year,
                                           data=as_json(seed.report), origin=Origin.uploaded,
                                           status=Status.accepted)
        stored += 1
    return stored


def with_drafted_text(report: ReportModel) -> ReportModel:
    """The report with the text `gongkai write` would draft from its figures in every section
    that has none (a table's section gets its heading), so that it reads as a clerk's first
    version."""
    from gongkai.web.reports.editing import calendar_year
    from gongkai.write.compose import compose

    composition = compose(report, draft=True)
    sections = {}
    for part in composition.sections:
        sid, title = part.section.id, part.section.title
        if part.drafted:
            sections[sid] = Section(sid, title, "\n".join(part.text.paragraphs))
        else:
            sections[sid] = report.sections.get(sid) or Section(sid, title, "")
    report.sections = sections
    if composition.preamble_drafted:
        report.preamble = "\n".join(composition.preamble)
        if report.year and report.metadata.statistics_period is None:
            # the drafted preamble states the period: the calendar year of the report
            report.metadata.statistics_period = calendar_year(report.year)
    return report


def store_draft(agency: Any, report: ReportModel, user: Any, using: str) -> Any:
    """Store `report` as the agency's draft computed from its register."""
    from gongkai.web.reports.models import Origin, Report, Status, as_json

    return Report.objects.using(using).create(agency=agency, year=report.year,
                                              data=as_json(report), origin=Origin.register,
                                              status=Status.draft, updated_by=user)


