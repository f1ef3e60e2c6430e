"""Statistics as tables (header, rows): what the CSV files, the text output and the HTML
report print."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.rollup.stats import Ratio, StatsResult


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _rate(r: Ratio) -> str:
    return "" if r.rate is None else f"{r.rate:.6f}"


def _blank(value: object) -> object:
    return "" if value is None else value


def _group_header(result: StatsResult) -> list[str]:
    return ["年度"] if result.by == "year" else ["地区", "年度"]


_EXCLUDED = "未计入报告数"


def stats_tables(result: StatsResult) -> dict[str, tuple[list[str], list[list]]]:
    from gongkai.rollup.stats import Ratio, Total, appeal_labels, reason_label, withheld_keys

    head = _group_header(result)
    labels = appeal_labels()
    medians = result.median_new
    totals = []
    for k, g in result.groups.items():
        row: list = [*k, g.reports]
        for i, total in enumerate((g.new, g.processed, g.granted,
                                   *(g.appeals.get(a, Total()) for a in labels))):
            row += [_blank(total.value), total.excluded]
            if i == 0:
                row.append(_blank(medians[k]))
        totals.append(row)
    total_head = [*head, "报告数"]
    for i, name in enumerate(("新收申请", "办结", "予以公开与部分公开", *labels)):
        total_head += [name, f"{name}{_EXCLUDED}"]
        if i == 0:
            total_head.append("新收申请中位数")
    rates = []
    for k, g in result.groups.items():
        row = [*k]
        for r in (g.disclosure, *(g.correction.get(a, Ratio()) for a in labels)):
            row += [r.numerator, r.denominator, _rate(r), r.excluded]
        rates.append(row)
    rate_head = []
    for name in ("公开率", *(f"{a}纠错率" for a in labels)):
        rate_head += [f"{name}分子", f"{name}分母", name, f"{name}{_EXCLUDED}"]
    withheld = []
    for k, g in result.groups.items():
        if g.withheld_reports:
            total = sum(g.withheld.values())
            reasons: list[tuple[str, int | None]] = sorted(g.withheld.items(),
                                                           key=lambda kv: -kv[1])
        else:  # no report states every reason: nothing is known
            total, reasons = 0, [(key, None) for key in withheld_keys()]
        withheld += [[*k, reason_label(key), _blank(n),
                      f"{n / total:.6f}" if n is not None and total else "",
                      g.withheld_reports, g.withheld_excluded] for key, n in reasons]
    findings = [[*k, code, n] for k, g in result.groups.items()
                for code, n in sorted(g.findings.items())]
    return {
        "totals": (total_head, totals),
        "rates": ([*head, *rate_head], rates),
        "withheld": ([*head, "不予公开理由", "件数", "占不予公开比例", "计入报告数", _EXCLUDED],
                     withheld),
        "findings": ([*head, "规则", "条数"], findings),
        "missing": (["机关", "有报告的年度", "缺报年度"], [list(m) for m in result.missing]),
        "late": (["机关", "年度", "报告标识"], [list(x) for x in result.late]),
    }


TITLES = {
    "totals": "合计", "rates": "公开率与纠错率（由件数计算，不是各报告比率的平均）",
    "withheld": "不予公开的理由", "findings": "检查发现的问题（按规则）",
    "missing": "缺报（上一年度有报告、本年度没有）", "late": "迟报（P1-101）",
}


def to_text(result: StatsResult) -> str:
    lines = []
    for name, (header, rows) in stats_tables(result).items():
        lines += [f"【{TITLES[name]}】", "\t".join(header)]
        lines += ["\t".join("" if v is None else str(v) for v in row) for row in rows]
        lines.append("")
    return "\n".join(lines)
