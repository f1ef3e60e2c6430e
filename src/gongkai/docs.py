"""Reference pages generated from the registries, so documentation and code cannot drift."""

from __future__ import annotations

from pathlib import Path

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


def rule_page(code: str) -> str:
    """The documentation page of one checker rule (docs/rules/<code>.md)."""
    from gongkai.check import RULES
    from gongkai.check.registry import GROUPS, SEVERITY_ZH
    from gongkai.check.render import section_title

    r = RULES[code]
    where = f" · 所属部分：{section_title(r.section)}" if r.section else ""
    return "\n".join([
        f"# {r.code} `{r.name}`：{r.title}",
        "",
        f"级别：{SEVERITY_ZH[r.severity]} · 分组：{GROUPS[r.group]}{where}",
        "",
        "## 检查什么", "", r.doc.checks, "",
        "## 为什么", "", r.doc.why, "",
        "## 依据", "", r.basis, "",
        "## 示例", "", r.doc.example, "",
        "## 如何改正", "", r.doc.fix, "",
        "## 提示信息", "", f"`{r.message}`", "",
        "## 关闭此规则", "",
        f"命令行：`gongkai check --disable {r.code} 报告.pdf`；或在 `gongkai.toml` 中写",
        f"`[check]` `disable = [\"{r.code}\"]`。",
        "",
        "由 `gongkai.docs.rule_page()` 依据规则注册表生成，请勿手工编辑。",
        "",
    ])


def rules_index() -> str:
    """docs/rules/README.md: every rule, by group."""
    from gongkai.check import RULES
    from gongkai.check.registry import GROUPS, SEVERITY_ZH

    lines = [
        "# 检查规则 Checker rules",
        "",
        "由 `gongkai.docs.rules_index()` 依据规则注册表生成，请勿手工编辑。",
        "`gongkai rules` 在命令行列出同样的内容。",
        "",
    ]
    for group, title in GROUPS.items():
        lines += [f"## {title}", "", "| 代码 | 名称 | 级别 | 规则 |", "| --- | --- | --- | --- |"]
        for r in RULES.values():
            if r.group == group:
                lines.append(f"| [{r.code}]({r.code}.md) | `{r.name}` | "
                             f"{SEVERITY_ZH[r.severity]} | {r.title} |")
        lines.append("")
    return "\n".join(lines)


def generated_pages() -> dict[str, str]:
    """Every generated page, by path under docs/."""
    from gongkai.check import RULES

    pages = {"diagnostics.md": diagnostics_page(), "rules/README.md": rules_index()}
    pages.update({f"rules/{code}.md": rule_page(code) for code in RULES})
    return pages


def write_pages(docs_dir: Path) -> None:
    """Regenerate docs/ (run `python -m gongkai.docs`); pages of removed rules are deleted."""
    pages = generated_pages()
    rules_dir = docs_dir / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    for stale in rules_dir.glob("*.md"):
        if f"rules/{stale.name}" not in pages:
            stale.unlink()
    for name, text in pages.items():
        (docs_dir / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_pages(Path(__file__).resolve().parents[2] / "docs")
