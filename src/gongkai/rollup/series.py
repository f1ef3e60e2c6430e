"""Year series of one agency's reports: random, each internally consistent, and chained the way
consecutive reports must be — this year's 上年结转 is last year's 结转下年度继续办理 in every
column of table 三, and 现行有效 = last year's 现行有效 + 本年制发 − 本年废止."""

from __future__ import annotations

import random

from gongkai import synth
from gongkai.format import get_format
from gongkai.format.spec import version_for_year

_APPLICANT_TOTAL = "total"
_IN_FORCE_STEMS = ("t2.regulations", "t2.normative_documents")


def _columns(version: str) -> list[str]:
    spec = get_format(version)
    return [c.column_id for c in spec.cells.values()
            if c.row_id == "carried_over" and c.column_id != _APPLICANT_TOTAL]


def chain(previous: dict, current: dict) -> None:
    """Make `current` (interchange dict) follow on from `previous`, keeping every relation."""
    cells, before = current["cells"], previous["cells"]
    columns = _columns(current["format"])
    for column in columns:
        owed = (cells[f"t3.total_processed.{column}"] + cells[f"t3.carried_forward.{column}"])
        carried = before[f"t3.carried_forward.{column}"]
        if carried > owed:  # more came over than this year's work: more carried forward again
            cells[f"t3.carried_forward.{column}"] += carried - owed
            owed = carried
        cells[f"t3.carried_over.{column}"] = carried
        cells[f"t3.new_received.{column}"] = owed - carried
    for row in ("carried_over", "new_received", "carried_forward"):
        cells[f"t3.{row}.{_APPLICANT_TOTAL}"] = sum(cells[f"t3.{row}.{c}"] for c in columns)
    if current["format"] == "2021" and previous["format"] == "2021":
        for stem in _IN_FORCE_STEMS:
            issued, repealed = cells[f"{stem}.issued"], cells[f"{stem}.repealed"]
            before_in_force = before[f"{stem}.in_force"]
            if repealed > before_in_force + issued:
                repealed = cells[f"{stem}.repealed"] = before_in_force + issued
            cells[f"{stem}.in_force"] = before_in_force + issued - repealed


def random_series(rng: random.Random, agency: str, years: list[int], **kwargs) -> list[dict]:
    """Consecutive reports of `agency` for `years` (ascending, consecutive)."""
    out: list[dict] = []
    for year in years:
        report = synth.random_report(rng, version_for_year(year), year=year, agency=agency,
                                     **kwargs)
        if out and out[-1]["year"] == year - 1:
            chain(out[-1], report)
        out.append(report)
    return out
