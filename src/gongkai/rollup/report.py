"""The statistics as one offline HTML page (inline CSS and SVG, nothing fetched) and as CSV
tables."""

from __future__ import annotations

import csv
import io
from html import escape

from gongkai.rollup.charts import bar_chart, line_chart
from gongkai.rollup.stats import StatsResult, appeal_labels
from gongkai.rollup.tables import TITLES, percent

_CSS = """
body { font: 15px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  margin: 2rem auto; max-width: 60rem; color: #111; padding: 0 1rem; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: 13px; }
th, td { border: 1px solid #bbb; padding: 2px 6px; }
td { text-align: right; } td:first-child { text-align: left; }
figure { margin: 1rem 0; } figcaption { font-weight: bold; }
"""


def _table(header: list[str], rows: list[list]) -> str:
    head = "".join(f'<th scope="col">{escape(str(h))}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>"
                                    for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(caption: str, svg: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def html_report(result: StatsResult) -> str:
    labels = [result.group_label(k) for k in result.groups]
    groups = list(result.groups.values())
    charts = [
        _figure("公开率（(予以公开 + 部分公开) / 办结总计）",
                bar_chart("公开率", labels, [g.disclosure.rate for g in groups], percent)),
    ]
    for appeal in appeal_labels():
        name = f"{appeal}纠错率"
        rates = [g.correction[appeal].rate if appeal in g.correction else None for g in groups]
        charts.append(_figure(name, bar_chart(name, labels, rates, percent)))
    new = [None if g.new.value is None else float(g.new.value) for g in groups]
    chart = line_chart if result.by == "year" else bar_chart
    charts.insert(0, _figure("新收政府信息公开申请（件）", chart(
        "新收申请", labels, new, lambda v: f"{v:,.0f}")))
    sections = [f"<h2>{escape(TITLES[name])}</h2>{_table(header, rows)}"
                for name, (header, rows) in result.tables().items()]
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<title>政府信息公开工作年度报告统计</title>"
            f"<style>{_CSS}</style></head><body><h1>政府信息公开工作年度报告统计</h1>"
            "<p>比率均由各报告的件数合计后计算（分子之和 ÷ 分母之和），不是各报告比率的平均；"
            "某项所需单元格为空的报告不计入该项，并在“未计入报告数”中列出。</p>"
            + "".join(charts) + "".join(sections) + "</body></html>\n")


def csv_tables(result: StatsResult) -> dict[str, str]:
    """Each statistics table as CSV text, by table name."""
    out: dict[str, str] = {}
    for name, (header, rows) in result.tables().items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        out[name] = buffer.getvalue()
    return out
