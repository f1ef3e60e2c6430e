"""When an annual report is due: the one place that decides it (the checker's P1-101 and the
workbench's review pages both ask here).

- Reports of 2019 on: 《中华人民共和国政府信息公开条例》(2019 年修订) 第四十九条. Departments of a
  people's government at county level or above (and every other agency: a township's or
  street's report included) submit the report of the year before to the supervising office and
  publish it by 31 January; a local people's government at county level or above publishes its
  own report by 31 March. (第五十条 is what the report contains.)
- Reports of 2018 and before: 《中华人民共和国政府信息公开条例》(2007) 第三十一条 — every
  administrative agency publishes its report of the year before by 31 March. The revised
  条例 took effect on 15 May 2019; the first report under it is the 2019 report (due in 2020).

Whether a report is a government's own is known best from outside the document (the
workbench knows its agency); `is_government_report` falls back to the printed name only when
nobody says.
"""

from __future__ import annotations

import re
from datetime import date

REGULATION = "《中华人民共和国政府信息公开条例》"  # the instrument every rule cites (check.basis)
BASIS = f"{REGULATION}第四十九条"
BASIS_2007 = f"{REGULATION}（2007年）第三十一条"
# The first report year under the 2019 条例 (in force from 15 May 2019).
REVISED_FROM = 2019

# A people's government at county level or above: 省/自治区/市/州/盟/县/区/旗人民政府, not a
# township's (乡/镇人民政府) and not one of its offices (…人民政府办公室).
_COUNTY_OR_ABOVE = re.compile(r"(?:省|自治区|市|州|盟|县|区|旗)人民政府$")


def report_deadline(year: int, *, government_report: bool) -> date:
    """The last day to publish the report of `year`.

    Reports of 2018 and before (2007 条例第三十一条): 31 March of the following year, for every
    agency. From the 2019 report on (2019 条例第四十九条): 31 March for the own report of a
    local people's government at county level or above (`government_report`), 31 January for
    every other report."""
    if year < REVISED_FROM or government_report:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def deadline_basis(year: int) -> str:
    """The provision that sets the deadline of the report of `year`."""
    return BASIS if year >= REVISED_FROM else BASIS_2007


def whose_deadline(year: int, *, government_report: bool) -> str:
    """Whose deadline applies, in Chinese (for a finding's message)."""
    if year < REVISED_FROM:
        return "2019年修订前的条例：各级行政机关"
    return "县级以上地方人民政府" if government_report else "政府部门及乡镇、街道"


def names_government_county_or_above(agency: str | None) -> bool:
    """Whether an agency's printed name is that of a people's government at county level or
    above (so its report is the government's own, due 31 March)."""
    return bool(agency and _COUNTY_OR_ABOVE.search(agency.strip()))


def is_government_report(agency: str | None, given: bool | None = None) -> bool:
    """Whether a report is a county-level-or-above government's own: `given` when someone
    knows (the workbench, from the agency's row), else guessed from the printed name."""
    return given if given is not None else names_government_county_or_above(agency)
