"""The demo's annual reports: the seed reports as uploaded published reports, drafts computed
from a register, and one report submitted to the supervising office for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gongkai import interchange
from gongkai.load import load_report
from gongkai.model import Report as ReportModel
from gongkai.model import Section
from gongkai.register.model import Register
from gongkai.register.tables import year_tables

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


def computed(register: Register, year: int) -> ReportModel:
    """The year's report computed from the register (tables only; no text yet)."""
    return interchange.from_dict(year_tables(register, year))


def with_drafted_text(report: ReportModel) -> ReportModel:
    """The report with the text `gongkai write` would draft from its figures in every section
    that has none (a table's section gets its heading), so that it reads as a clerk's first
    version."""
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
            report.metadata.statistics_period = (f"{report.year}-01-01", f"{report.year}-12-31")
    return report


def store_draft(agency: Any, report: ReportModel, user: Any, using: str) -> Any:
    """Store `report` as the agency's draft computed from its register."""
    from gongkai.web.reports.models import Origin, Report, Status, as_json

    return Report.objects.using(using).create(agency=agency, year=report.year,
                                              data=as_json(report), origin=Origin.register,
                                              status=Status.draft, updated_by=user)


def submit(row: Any, user: Any, at: datetime, using: str) -> Any:
    """Submit the stored report to the supervising office: a pending `Submission` holding
    the report as it was and its open findings by severity."""
    from gongkai.web.reports.findings import counts, findings_of
    from gongkai.web.reports.models import Status, Submission

    tally = counts(findings_of(row))
    row.status = Status.submitted
    row.save(using=using, update_fields=["status"])
    return Submission.objects.using(using).create(
        report=row, at=at, by=user, snapshot=row.data, errors=tally["error"],
        warnings=tally["warning"])
