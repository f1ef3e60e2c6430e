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


def _group_header(result: StatsResult) -> list[str]:
    return ["年度"] if result.by == "year" else ["地区", "年度"]


def stats_tables(result: StatsResult) -> dict[str, tuple[list[str], list[list]]]:
    from gongkai.rollup.stats import reason_label

    head = _group_header(result)
    medians = result.median_new
    totals = [[*k, g.reports, sum(g.new), medians[k] if medians[k] is not None else "",
               g.processed, g.granted, g.reviews, g.lawsuits]
              for k, g in result.groups.items()]
    rates = []
    for k, g in result.groups.items():
        row = [*k]
        for r in (g.disclosure, g.review_correction, g.lawsuit_correction):
            row += [r.numerator, r.denominator, _rate(r), r.excluded]
        rates.append(row)
    withheld = []
    for k, g in result.groups.items():
        total = sum(g.withheld.values())
        withheld += [[*k, reason_label(key), n, f"{n / total:.6f}" if total else ""]
                     for key, n in sorted(g.withheld.items(), key=lambda kv: -kv[1])]
    findings = [[*k, code, n] for k, g in result.groups.items()
                for code, n in sorted(g.findings.items())]
    rate_head = []
    for name in ("公开率", "行政复议纠错率", "行政诉讼纠错率"):
        rate_head += [f"{name}分子", f"{name}分母", name, f"{name}未计入报告数"]
    return {
        "totals": ([*head, "报告数", "新收申请", "新收申请中位数", "办结", "予以公开与部分公开",
                    "行政复议", "行政诉讼"], totals),
        "rates": ([*head, *rate_head], rates),
        "withheld": ([*head, "不予公开理由", "件数", "占不予公开比例"], withheld),
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
