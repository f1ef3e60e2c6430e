"""When an annual report is due: 《中华人民共和国政府信息公开条例》(2019) 第四十九条.

Departments of a people's government at county level or above (and every other agency: a
township's or street's report included) submit the report of the year before to the
supervising office and publish it by 31 January; a local people's government at county level
or above publishes its own report by 31 March. (第五十条 is what the report contains.)
"""

from __future__ import annotations

import re
from datetime import date

BASIS = "《中华人民共和国政府信息公开条例》第四十九条"

# A people's government at county level or above: 省/自治区/市/州/盟/县/区/旗人民政府, not a
# township's (乡/镇人民政府) and not one of its offices (…人民政府办公室).
_COUNTY_OR_ABOVE = re.compile(r"(?:省|自治区|市|州|盟|县|区|旗)人民政府$")


def report_deadline(year: int, *, government_county_or_above: bool) -> date:
    """The last day to publish the report of `year`."""
    return date(year + 1, 3, 31) if government_county_or_above else date(year + 1, 1, 31)


def names_government_county_or_above(agency: str | None) -> bool:
    """Whether an agency's printed name is that of a people's government at county level or
    above (so its report is the government's own, due 31 March)."""
    return bool(agency and _COUNTY_OR_ABOVE.search(agency.strip()))
