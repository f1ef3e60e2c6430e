"""Statistics over a dataset, per year (or region and year), computed from the counts.

Every rate is Σ numerator / Σ denominator over the group's reports — never an average of the
reports' own rates — and a median is the median of the reports' counts. A report whose cell
needed by a figure is blank is left out of that figure (and counted in `excluded`), never
treated as 0.

- 公开率 = (予以公开 + 部分公开) / （七）总计 (table 三, 总计 column);
- 纠错率 = 结果纠正 / (总计 − 尚未审结), for 行政复议 and for 行政诉讼 (both groups of lawsuits);
- 不予公开 by reason: the eight rows of （三）不予公开, and each one's share;
- findings by rule; reports missing (an agency present in a year and absent the next year the
  dataset covers); reports late (finding P1-101).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.format import get_format
from gongkai.rollup.dataset import Dataset
from gongkai.rollup.regions import RegionMap

GRANTED = ("t3.granted.total", "t3.partially_granted.total")
PROCESSED = "t3.total_processed.total"
NEW = "t3.new_received.total"
REVIEW = ("review",)
LAWSUIT = ("litigation_direct", "litigation_after_review")
LATE_RULE = "P1-101"


def withheld_keys() -> list[str]:
    spec = get_format("2021")
    return [c.key for c in spec.cells.values()
            if c.row_id.startswith("withheld.") and c.column_id == "total"]


def reason_label(key: str) -> str:
    return get_format("2021").cells[key].row_path[-1]


def _groups_keys(groups: tuple[str, ...]) -> list[str]:
    return [f"t4.{g}.{c}" for g in groups for c in ("corrected", "total", "pending")]


def needed_columns() -> list[str]:
    return ["report_id", "agency", "year", *GRANTED, PROCESSED, NEW, *withheld_keys(),
            *_groups_keys(REVIEW + LAWSUIT), "t4.review.total"]


@dataclass
class Ratio:
    numerator: int = 0
    denominator: int = 0
    reports: int = 0
    excluded: int = 0

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def add(self, numerator: int | None, denominator: int | None) -> None:
        if numerator is None or denominator is None:
            self.excluded += 1
            return
        self.numerator += numerator
        self.denominator += denominator
        self.reports += 1


@dataclass
class Group:
    reports: int = 0
    new: list[int] = field(default_factory=list)
    processed: int = 0
    granted: int = 0
    reviews: int = 0
    lawsuits: int = 0
    disclosure: Ratio = field(default_factory=Ratio)
    review_correction: Ratio = field(default_factory=Ratio)
    lawsuit_correction: Ratio = field(default_factory=Ratio)
    withheld: Counter = field(default_factory=Counter)
    findings: Counter = field(default_factory=Counter)


def _sum(row: dict, keys: tuple[str, ...] | list[str]) -> int | None:
    values = [row.get(k) for k in keys]
    return None if any(v is None for v in values) else sum(values)


def _correction(row: dict, groups: tuple[str, ...]) -> tuple[int | None, int | None]:
    corrected = _sum(row, [f"t4.{g}.corrected" for g in groups])
    total = _sum(row, [f"t4.{g}.total" for g in groups])
    pending = _sum(row, [f"t4.{g}.pending" for g in groups])
    if total is None or pending is None:
        return corrected, None
    return corrected, total - pending


def add_report(group: Group, row: dict) -> None:
    """One report's counts into its group."""
    group.reports += 1
    if row.get(NEW) is not None:
        group.new.append(row[NEW])
    group.processed += row.get(PROCESSED) or 0
    group.granted += _sum(row, GRANTED) or 0
    group.reviews += row.get("t4.review.total") or 0
    group.lawsuits += _sum(row, [f"t4.{g}.total" for g in LAWSUIT]) or 0
    group.disclosure.add(_sum(row, GRANTED), row.get(PROCESSED))
    group.review_correction.add(*_correction(row, REVIEW))
    group.lawsuit_correction.add(*_correction(row, LAWSUIT))
    for key in withheld_keys():
        if row.get(key):
            group.withheld[key] += row[key]


@dataclass
class StatsResult:
    by: str
    groups: dict[tuple, Group]
    missing: list[tuple[str, int, int]]  # agency, last year present, year missing
    late: list[tuple[str, int | None, str]]  # agency, year, report id

    def group_label(self, key: tuple) -> str:
        return " ".join(str(k) for k in key)

    def tables(self) -> dict[str, tuple[list[str], list[list]]]:
        from gongkai.rollup.tables import stats_tables

        return stats_tables(self)

    def text(self) -> str:
        from gongkai.rollup.tables import to_text

        return to_text(self)

    @property
    def median_new(self) -> dict[tuple, float | None]:
        return {k: (statistics.median(g.new) if g.new else None) for k, g in self.groups.items()}


def compute(path: Path, *, by: str = "year", regions: RegionMap | None = None) -> StatsResult:
    """Statistics of the dataset at `path`, grouped by year or by region and year."""
    regions = regions or RegionMap()
    dataset = Dataset(path)
    wide = dataset.read("cells_wide", columns=needed_columns())
    findings = dataset.read("findings", columns=["report_id", "code"])
    key_of: dict[str, tuple] = {}
    groups: dict[tuple, Group] = defaultdict(Group)
    seen: dict[str, set[int]] = defaultdict(set)
    for batch in wide.to_batches(max_chunksize=10000):
        for row in batch.to_pylist():
            year = row["year"] if row["year"] is not None else "未知"
            key = (year,) if by == "year" else (regions.region(row["agency"]), year)
            key_of[row["report_id"]] = key
            add_report(groups[key], row)
            if row["agency"] and row["year"] is not None:
                seen[row["agency"]].add(row["year"])
    late: list[tuple[str, int | None, str]] = []
    agency_year = {r["report_id"]: (r["agency"], r["year"])
                   for r in wide.select(["report_id", "agency", "year"]).to_pylist()}
    for f in findings.to_pylist():
        key = key_of.get(f["report_id"])
        if key is not None:
            groups[key].findings[f["code"]] += 1
        if f["code"] == LATE_RULE:
            agency, year = agency_year.get(f["report_id"], (None, None))
            late.append((agency or "", year, f["report_id"]))
    all_years = sorted({y for ys in seen.values() for y in ys})
    missing = [(agency, y, y + 1) for agency, ys in sorted(seen.items()) for y in sorted(ys)
               if y + 1 in all_years and y + 1 not in ys]
    ordered = dict(sorted(groups.items(), key=lambda kv: tuple(str(k) for k in kv[0])))
    return StatsResult(by, ordered, missing, sorted(late, key=lambda t: (str(t[1]), t[0])))
