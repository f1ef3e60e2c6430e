"""Check results for people: Chinese text grouped by section, and a printable review sheet."""

from __future__ import annotations

from html import escape

from gongkai.check import CheckResult, section_order
from gongkai.check.registry import SEVERITY_ZH, Finding
from gongkai.format.spec import get_format, sections

_OUTSIDE = {"preamble": "标题与开头", None: "全文"}


def section_title(section_id: str | None) -> str:
    if section_id in _OUTSIDE:
        return _OUTSIDE[section_id]
    return next((s.title for s in sections() if s.id == section_id), str(section_id))


def _grouped(result: CheckResult) -> list[tuple[str | None, list[Finding]]]:
    groups: dict[str | None, list[Finding]] = {}
    for finding in result.findings:  # already in section order
        groups.setdefault(finding.section if finding.section in section_order() else None,
                          []).append(finding)
    return list(groups.items())


def _cell_lines(result: CheckResult, finding: Finding, limit: int = 8) -> list[str]:
    spec = get_format(result.report.format)
    lines = [f"{spec.cells[k].label}（{k}）" for k in finding.keys[:limit] if k in spec.cells]
    if len(finding.keys) > limit:
        lines.append(f"……共 {len(finding.keys)} 个单元格")
    return lines


def _heading(result: CheckResult) -> str:
    r = result.report
    who = r.agency or "（未能确定机关）"
    year = f"{r.year} 年度" if r.year else "（年度未知）"
    spec = get_format(r.format)
    return f"{who} {year}政府信息公开工作年度报告 · {spec.document}格式"


def _summary(result: CheckResult) -> str:
    return " · ".join(f"{SEVERITY_ZH[s]} {n}" for s, n in result.summary.items())


def to_text(result: CheckResult) -> str:
    """The findings in Chinese, grouped by section, cells shown with their statutory labels."""
    lines = [_heading(result)]
    if result.report.source:
        lines.append(f"文件：{result.report.source}")
    if result.previous is not None:
        lines.append(f"上年报告：{result.previous.source or result.previous.year}")
    lines.append(_summary(result))
    if not result.findings:
        lines.append("未发现问题。")
    for section, findings in _grouped(result):
        lines += ["", section_title(section)]
        for f in findings:
            lines.append(f"  {SEVERITY_ZH[f.severity]} {f.code} {f.rule.title}")
            lines.append(f"      {f.message}")
            if f.evidence is not None and f.evidence.difference is not None:
                lines.append(f"      核对：{f.evidence.formula}（{f.evidence.left} 与 "
                             f"{f.evidence.right}，相差 {f.evidence.difference}）")
            for cell in _cell_lines(result, f):
                lines.append(f"      单元格：{cell}")
            lines.append(f"      依据：{f.rule.basis}")
    return "\n".join(lines) + "\n"


_CSS = """
body{font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun",serif;margin:2em auto;
max-width:60em;color:#111;line-height:1.6}
h1{font-size:1.4em;text-align:center}h2{font-size:1.15em;border-bottom:1px solid #999;
margin-top:1.5em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;
padding:.3em .5em;vertical-align:top;text-align:left}th{background:#eee}
.error{color:#a00;font-weight:bold}.warning{color:#a60}.notice{color:#555}
.meta td{border:none;padding:.1em .5em}.sign{margin-top:2em}.sign td{height:4em}
small{color:#555}@media print{body{margin:0;max-width:none}h2{break-after:avoid}
tr{break-inside:avoid}.sheet+.sheet{break-before:page}}
"""


def _html_finding(result: CheckResult, f: Finding) -> str:
    cells = "<br>".join(escape(c) for c in _cell_lines(result, f))
    evidence = ""
    if f.evidence is not None and f.evidence.difference is not None:
        evidence = (f"<br><small>核对：{escape(f.evidence.formula)}（{f.evidence.left} 与 "
                    f"{f.evidence.right}，相差 {f.evidence.difference}）</small>")
    return (
        f'<tr><td class="{f.severity}">{SEVERITY_ZH[f.severity]}</td>'
        f"<td><code>{escape(f.code)}</code></td>"
        f"<td><strong>{escape(f.rule.title)}</strong><br>{escape(f.message)}{evidence}</td>"
        f"<td>{cells}</td><td><small>{escape(f.rule.basis)}</small></td></tr>"
    )


def _sheet(result: CheckResult) -> str:
    r = result.report
    meta = [("报告", _heading(result)), ("文件", r.source or "—"),
            ("检查结果", _summary(result))]
    if result.previous is not None:
        meta.append(("上年报告", result.previous.source or str(result.previous.year)))
    parts = [
        '<section class="sheet">',
        "<h1>政府信息公开工作年度报告审核意见</h1>",
        '<table class="meta">' + "".join(
            f"<tr><td>{escape(k)}：</td><td>{escape(v)}</td></tr>" for k, v in meta
        ) + "</table>",
    ]
    if not result.findings:
        parts.append("<p>未发现问题。</p>")
    for section, findings in _grouped(result):
        parts.append(f"<h2>{escape(section_title(section))}</h2>")
        parts.append('<table><thead><tr><th scope="col">级别</th><th scope="col">规则</th>'
                     '<th scope="col">问题</th><th scope="col">涉及单元格</th>'
                     '<th scope="col">依据</th></tr></thead><tbody>')
        parts += [_html_finding(result, f) for f in findings]
        parts.append("</tbody></table>")
    parts.append('<table class="sign"><tr><th scope="row">审核意见</th><td></td></tr>'
                 '<tr><th scope="row">审核人、日期</th><td></td></tr></table>')
    parts.append("</section>")
    return "\n".join(parts)


def to_html(results: list[CheckResult]) -> str:
    """Review sheets to print or send back, one page per report: findings by section, room
    for the reviewer's opinion and signature. Self-contained: no external assets."""
    title = (results[0].report.agency or "") if len(results) == 1 else f"{len(results)} 份报告"
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>年度报告审核意见 — {escape(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        *(_sheet(r) for r in results),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
