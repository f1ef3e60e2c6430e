"""Statistics over a dataset, per year (or region and year), computed from the counts.

Every rate is Σ numerator / Σ denominator over the group's reports — never an average of the
reports' own rates — and a median is the median of the reports' counts. A report whose cell
needed by a figure is blank is left out of that figure (and counted in `excluded`), never
treated as 0 — totals as well as rates.

- totals: new received, processed, granted, and the cases of each group of table 四;
- 公开率 = (予以公开 + 部分公开) / （七）总计 (table 三, 总计 column);
- 纠错率 = 结果纠正 / (总计 − 尚未审结), per group of table 四 (行政诉讼 summing both groups of
  lawsuits), from `FormatSpec.group_totals`;
- 不予公开 by reason: the reasons of （三）不予公开, and each one's share, over the reports that
  state every reason (a report with any reason blank is left out of the whole table);
- findings by rule; reports missing (an agency, by its normalised name, present in a year and
  absent the next year the dataset covers); reports late (finding P1-101).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gongkai.format import FormatSpec, get_format
from gongkai.format.normalize import norm_label
from gongkai.format.spec import versions
from gongkai.rollup.dataset import Dataset
from gongkai.rollup.regions import RegionMap

GRANTED = ("t3.granted.total", "t3.partially_granted.total")
PROCESSED = "t3.total_processed.total"
NEW = "t3.new_received.total"
# Columns of table 四's groups that 纠错率 needs besides 总计.
_CORRECTED, _PENDING = "corrected", "pending"
LATE_RULE = "P1-101"


def _spec(version: str | None) -> FormatSpec:
    return get_format(version if version in versions() else versions()[0])


@cache
def withheld_keys(version: str | None = None) -> tuple[str, ...]:
    """The 总计 cells of the （三）不予公开 reasons: of format `version`, or of every format
    (newest first) when None."""
    chosen = [version] if version else list(versions())
    keys: dict[str, None] = {}
    for v in chosen:
        spec = _spec(v)
        keys.update(dict.fromkeys(c.key for c in spec.cells.values()
                                  if c.row_id.startswith("withheld.") and c.column_id == "total"))
    return tuple(keys)


def reason_label(key: str) -> str:
    spec = next(get_format(v) for v in versions() if key in get_format(v).cells)
    return spec.cells[key].row_path[-1]


def appeal_labels() -> tuple[str, ...]:
    """Table 四's groups as the format labels them (行政复议, 行政诉讼), every format's."""
    labels: dict[str, None] = {}
    for v in versions():
        labels.update(dict.fromkeys(get_format(v).group_totals()))
    return tuple(labels)


def _stems(totals: tuple[str, ...]) -> list[str]:
    return [k.rsplit(".", 1)[0] for k in totals]


def needed_columns() -> list[str]:
    appeals = [f"{stem}.{column}" for v in versions()
               for totals in get_format(v).group_totals().values() for stem in _stems(totals)
               for column in (_CORRECTED, "total", _PENDING)]
    return list(dict.fromkeys(["report_id", "agency", "year", "format", *GRANTED, PROCESSED,
                               NEW, *withheld_keys(), *appeals]))


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
class Total:
    """A count summed over the reports that state it; a report leaving it blank is counted in
    `excluded`, never added as 0. `value` is None when no report states it."""

    sum: int = 0
    reports: int = 0
    excluded: int = 0

    @property
    def value(self) -> int | None:
        return self.sum if self.reports else None

    def add(self, value: int | None) -> None:
        if value is None:
            self.excluded += 1
            return
        self.sum += value
        self.reports += 1


@dataclass
class Group:
    reports: int = 0
    new: Total = field(default_factory=Total)
    new_values: list[int] = field(default_factory=list)  # for the median
    processed: Total = field(default_factory=Total)
    granted: Total = field(default_factory=Total)
    # by table 四's group label (行政复议, 行政诉讼): the cases, and 纠错率
    appeals: dict[str, Total] = field(default_factory=dict)
    correction: dict[str, Ratio] = field(default_factory=dict)
    disclosure: Ratio = field(default_factory=Ratio)
    # 不予公开 by reason, over the reports that state every reason; the others are excluded
    withheld: Counter = field(default_factory=Counter)
    withheld_reports: int = 0
    withheld_excluded: int = 0
    findings: Counter = field(default_factory=Counter)


def _sum(row: dict, keys: tuple[str, ...] | list[str]) -> int | None:
    values = [row.get(k) for k in keys]
    return None if any(v is None for v in values) else sum(values)


def _correction(row: dict, stems: list[str]) -> tuple[int | None, int | None]:
    corrected = _sum(row, [f"{s}.{_CORRECTED}" for s in stems])
    total = _sum(row, [f"{s}.total" for s in stems])
    pending = _sum(row, [f"{s}.{_PENDING}" for s in stems])
    if total is None or pending is None:
        return corrected, None
    return corrected, total - pending


def add_report(group: Group, row: dict) -> None:
    """One report's counts into its group; a blank figure leaves the report out of what needs
    it (and is counted there), never 0."""
    spec = _spec(row.get("format"))
    group.reports += 1
    group.new.add(row.get(NEW))
    if row.get(NEW) is not None:
        group.new_values.append(row[NEW])
    group.processed.add(row.get(PROCESSED))
    group.granted.add(_sum(row, GRANTED))
    group.disclosure.add(_sum(row, GRANTED), row.get(PROCESSED))
    for label, totals in spec.group_totals().items():
        group.appeals.setdefault(label, Total()).add(_sum(row, totals))
        group.correction.setdefault(label, Ratio()).add(*_correction(row, _stems(totals)))
    reasons = {key: row.get(key) for key in withheld_keys(spec.version)}
    if any(v is None for v in reasons.values()):
        group.withheld_excluded += 1
    else:
        group.withheld_reports += 1
        group.withheld.update(reasons)


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
        return {k: (statistics.median(g.new_values) if g.new_values else None)
                for k, g in self.groups.items()}


def compute(path: Path, *, by: str = "year", regions: RegionMap | None = None) -> StatsResult:
    """Statistics of the dataset at `path`, grouped by year or by region and year."""
    regions = regions or RegionMap()
    dataset = Dataset(path)
    wide = dataset.read("cells_wide", columns=needed_columns())
    findings = dataset.read("findings", columns=["report_id", "code"])
    key_of: dict[str, tuple] = {}
    groups: dict[tuple, Group] = defaultdict(Group)
    # agencies by their comparable name (norm_label), each shown as first spelled
    seen: dict[str, set[int]] = defaultdict(set)
    names: dict[str, str] = {}
    for batch in wide.to_batches(max_chunksize=10000):
        for row in batch.to_pylist():
            year = row["year"] if row["year"] is not None else "未知"
            key = (year,) if by == "year" else (regions.region(row["agency"]), year)
            key_of[row["report_id"]] = key
            add_report(groups[key], row)
            if row["agency"] and row["year"] is not None:
                agency = norm_label(row["agency"])
                names.setdefault(agency, row["agency"])
                seen[agency].add(row["year"])
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
    missing = sorted((names[agency], y, y + 1) for agency, ys in seen.items() for y in ys
                     if y + 1 in all_years and y + 1 not in ys)
    ordered = dict(sorted(groups.items(), key=lambda kv: tuple(str(k) for k in kv[0])))
    return StatsResult(by, ordered, missing, sorted(late, key=lambda t: (str(t[1]), t[0])))
