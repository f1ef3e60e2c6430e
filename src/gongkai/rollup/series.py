"""Year series of one agency's reports: random, each internally consistent, and chained the way
consecutive reports must be — this year's 上年结转 is last year's 结转下年度继续办理 in every
column of table 三, and 现行有效 = last year's 现行有效 + 本年制发 − 本年废止."""

from __future__ import annotations

import random

from gongkai import synth
from gongkai.format import get_format
from gongkai.format.spec import version_for_year


def chain(previous: dict, current: dict) -> None:
    """Make `current` (interchange dict) follow on from `previous`, keeping every relation.

    Per applicant column (the 上年结转 balance of table 三, new + carried over = processed +
    carried forward): this year's carried over is last year's carried forward, and new received
    makes up the rest; the 总计 column is then summed again (the applicant-total relation).
    Per stock row of table 二: in force = last year's in force + issued − repealed."""
    spec = get_format(current["format"])
    cells, before = current["cells"], previous["cells"]
    totals = {r.scope: r for r in spec.relations_of("t3-applicant-total")}
    total_columns = {spec.cells[r.lhs[0]].column_id for r in totals.values()}
    changed_rows: set[str] = set()
    for balance in spec.relations_of("t3-balance"):
        if balance.scope in total_columns:
            continue
        new, carried_over = balance.lhs
        processed, carried_forward = balance.rhs
        owed = cells[processed] + cells[carried_forward]
        carried = before[carried_forward]
        if carried > owed:  # more came over than this year's work: more carried forward again
            cells[carried_forward] += carried - owed
            owed = carried
        cells[carried_over] = carried
        cells[new] = owed - carried
        changed_rows.update(spec.cells[k].row_id for k in (new, carried_over, carried_forward))
    for row in changed_rows:
        total = totals[row]
        cells[total.lhs[0]] = sum(cells[k] for k in total.rhs)
    in_previous = set(get_format(previous["format"]).stock_rows())
    for stem in spec.stock_rows():
        if stem not in in_previous:
            continue
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
