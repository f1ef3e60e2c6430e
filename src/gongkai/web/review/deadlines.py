"""The statutory deadline of an agency's annual report, as the workbench knows the agency.

The deadline itself is decided in one place, `gongkai.format.deadline` (the checker's P1-101
asks there too); the workbench only says whether a report is a government's own, from the
agency's row rather than from its printed name, and passes that to both.
"""

from __future__ import annotations

from datetime import date

from gongkai.format.deadline import report_deadline
from gongkai.web.organisations.models import Agency, Level


def governments_own_report(agency: Agency) -> bool:
    """Whether `agency`'s report is the own report of a local people's government at county
    level or above (due 31 March under 条例第四十九条).

    In the workbench a government's own report is the report of its region's office
    (`Agency.is_office`, e.g. 中卫市人民政府办公室 for 中卫市人民政府), so an office at county
    level or above; every other agency — departments, and township governments, whose offices
    sit below county level — is due on 31 January."""
    region = agency.region
    return agency.is_office and region is not None and region.level <= Level.county


def publication_deadline(agency: Agency, year: int) -> date:
    """The last day to submit and publish `agency`'s report of `year` (see
    `gongkai.format.deadline.report_deadline`: 31 March for every report of 2018 and before)."""
    return report_deadline(year, government_report=governments_own_report(agency))
