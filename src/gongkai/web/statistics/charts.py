"""The totals as charts: outcomes of the requests, applicant types, and trends across years —
inline SVG drawn by `gongkai.rollup.charts` on the server (no script, no chart library).

Which cells each chart shows comes from the relations the format states (`gongkai.format`), so
no key or label is spelled here: the outcome groups are the rows the 办理结果 total sums
(grouped under their printed heading), the applicant types are the columns the applicant total
sums.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from gongkai.format import FormatSpec, get_format
from gongkai.format.normalize import without_note
from gongkai.model import CellValue, Report
from gongkai.rollup.charts import bar_chart, line_chart
from gongkai.synth import APPLICANT_TOTAL, BALANCE, RESULTS_TOTAL


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    points: list[tuple[str, CellValue]]  # the figures drawn, also shown as a table
    note: str = ""


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _total(values: list[CellValue]) -> CellValue:
    """The sum of a group; blank when any member is blank (never counted as 0)."""
    if any(v is None for v in values):
        return None
    return sum(values)  # type: ignore[arg-type]


def _bar(title: str, points: list[tuple[str, CellValue]]) -> Chart:
    labels = [label for label, _ in points]
    values = [None if v is None else float(v) for _, v in points]
    return Chart(title, mark_safe(bar_chart(title, labels, values, _number)), points)


def _total_column(spec: FormatSpec) -> str:
    """Table 三's total column id: what the applicant relation sums into."""
    return spec.cells[spec.relations_of(APPLICANT_TOTAL)[0].lhs[0]].column_id


def new_requests_key(spec: FormatSpec) -> str:
    """一、本年新收 … in the total column: the first term of the balance relation."""
    return spec.relation(BALANCE, _total_column(spec)).lhs[0]


def processed_key(spec: FormatSpec) -> str:
    """（七）总计 in the total column: what the results relation sums into."""
    return spec.relation(RESULTS_TOTAL, _total_column(spec)).lhs[0]


def outcomes(report: Report) -> Chart:
    """The requests processed by outcome: （一）予以公开 … （六）其他处理."""
    spec = get_format(report.format)
    relation = spec.relation(RESULTS_TOTAL, _total_column(spec))
    groups: dict[str, list[CellValue]] = {}
    for key in relation.rhs:
        path = spec.cells[key].row_path
        label = without_note(path[1] if len(path) > 1 else path[-1])
        groups.setdefault(label, []).append(report.cells.get(key))
    points = [(label, _total(values)) for label, values in groups.items()]
    return _bar(f"{spec.cells[relation.lhs[0]].row_path[0]}（件）", points)


def applicants(report: Report) -> Chart:
    """The new requests by applicant type."""
    spec = get_format(report.format)
    new = new_requests_key(spec)
    relation = spec.relation(APPLICANT_TOTAL, spec.cells[new].row_id)
    points = [(spec.cells[k].column_path[-1], report.cells.get(k)) for k in relation.rhs]
    return _bar(f"{spec.cells[new].row_path[0]}（按{spec.tables['三'].headers[0]}）", points)


def reviews_and_lawsuits(report: Report) -> Chart:
    """Table 四's groups: 行政复议, 行政诉讼 (the sum of its two groups)."""
    spec = get_format(report.format)
    groups = spec.group_totals()
    points = [(label, _total([report.cells.get(k) for k in keys]))
              for label, keys in groups.items()]
    return _bar(f"{'、'.join(groups)}（件）", points)


def trend(totals: dict[int, Report], which: str, inputs: dict[int, int] | None = None) -> Chart:
    """A line across the years of `totals` (year → summed report): `which` is "new" (new
    requests) or "processed" (requests processed); `inputs`: how many reports each year's
    total sums, named under the chart."""
    pick = new_requests_key if which == "new" else processed_key
    points: list[tuple[str, CellValue]] = []
    title = ""
    for year, report in sorted(totals.items()):
        spec = get_format(report.format)
        key = pick(spec)
        path = spec.cells[key].row_path
        title = "".join(path) if which == "processed" else path[0]
        points.append((f"{year}年", report.cells.get(key)))
    title = f"历年趋势：{without_note(title)}（件）"
    labels = [label for label, _ in points]
    values = [None if v is None else float(v) for _, v in points]
    note = "；".join(f"{year}年汇总 {n} 份报告" for year, n in sorted((inputs or {}).items()))
    return Chart(title, mark_safe(line_chart(title, labels, values, _number)), points, note)
