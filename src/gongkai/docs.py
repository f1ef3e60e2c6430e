"""Reference pages generated from the registries, so documentation and code cannot drift."""

from __future__ import annotations

from gongkai.diagnostics import CODES

_SEVERITY = {"fatal": "致命（文件无法读取）", "error": "错误", "warning": "警告", "info": "提示"}


def diagnostics_page() -> str:
    lines = [
        "# 读取诊断代码 Reader diagnostics",
        "",
        "由 `gongkai.docs.diagnostics_page()` 依据 `gongkai/diagnostics.py` 生成，请勿手工编辑。",
        "Generated from `gongkai/diagnostics.py`; do not edit by hand.",
        "",
        "| 代码 code | 名称 name | 级别 severity | 含义 |",
        "| --- | --- | --- | --- |",
    ]
    for c in CODES.values():
        lines.append(f"| {c.code} | `{c.name}` | {_SEVERITY[c.severity]} | {c.title} |")
    lines += [
        "",
        "致命诊断表示整个文件无法读取：`gongkai read` 在标准错误输出说明原因并以退出码 1 结束，"
        "其他文件照常读取。其余诊断附在报告的 `diagnostics` 中，并列出所涉单元格的键名。",
        "",
    ]
    return "\n".join(lines)
