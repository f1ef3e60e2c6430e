"""The statutory deadline of an agency's annual report."""

from __future__ import annotations

from datetime import date

from gongkai.format.deadline import report_deadline
from gongkai.web.organisations.models import Agency, Level


def publication_deadline(agency: Agency, year: int) -> date:
    """The last day to submit and publish `agency`'s report of `year`.

    《中华人民共和国政府信息公开条例》(2019) 第四十九条: departments submit their report of the
    year before to the supervising office and publish it by 31 January; the supervising office
    of a local government at county level or above publishes that government's own report by
    31 March. (第五十条 lists what the report contains and has the national office publish its
    format; the two dates are in 第四十九条.)

    In the workbench a government's own report is the report of its region's office
    (`Agency.is_office`), so an office at county level or above is due on 31 March of the
    following year; every other agency — departments, and township governments, whose offices
    sit below county level — on 31 January.
    """
    region = agency.region
    return report_deadline(year, government_county_or_above=(
        agency.is_office and region is not None and region.level <= Level.county))
