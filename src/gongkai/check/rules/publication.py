"""Publication: the report was published by its statutory deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from gongkai.check.context import Context
from gongkai.check.registry import Finding, Rule, RuleDoc, rule
from gongkai.format.deadline import (
    BASIS,
    BASIS_2007,
    is_government_report,
    report_deadline,
    whose_deadline,
)


@rule(
    "P1-101", "published-late", "warning", "publication", section="preamble",
    title="报告发布晚于法定时限",
    message="报告发布于 {published}，晚于法定时限 {deadline}（{who}）",
    basis=f"{BASIS}（县级以上人民政府部门每年1月31日前公布上一年度报告；"
    "县级以上地方人民政府每年3月31日前公布本级政府年度报告）；2018年度及以前的报告："
    f"{BASIS_2007}（各级行政机关每年3月31日前公布本行政机关上一年度报告）",
    doc=RuleDoc(
        checks="已知发布日期时（报告落款日期，或 `--published` 给出的日期），"
        "各部门、乡镇的报告在次年 1 月 31 日前发布；"
        "县级以上地方人民政府本级的报告在次年 3 月 31 日前发布；2018 年度及以前的报告"
        "（2019 年修订前的条例）一律在次年 3 月 31 日前发布。是否为本级政府的报告，"
        "工作台依据机关（县级及以上地区的主管部门）判断，命令行依据报告上的机关名称判断。",
        why="条例规定了年度报告的公布时限。",
        example="某局 2023 年度报告落款日期为 2024 年 2 月 20 日。",
        fix="按时发布；已迟发的，在下一年度报告的第五部分说明改进措施。",
    ),
)
def published_late(ctx: Context, rule_: Rule) -> Iterator[Finding]:
    year = ctx.report.year
    published = ctx.published
    if published is None and ctx.report.metadata.publication_date:
        try:
            published = date.fromisoformat(ctx.report.metadata.publication_date)
        except ValueError:
            return
    if year is None or published is None:
        return
    government = is_government_report(ctx.report.agency, ctx.government_report)
    limit = report_deadline(year, government_report=government)
    if published > limit:
        yield rule_.finding(published=published.isoformat(), deadline=limit.isoformat(),
                            who=whose_deadline(year, government_report=government))
