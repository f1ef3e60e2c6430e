"""docs/register.md, generated from the column layout so the two cannot drift.

    python -m gongkai.register.io.docs            # rewrite docs/register.md
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from gongkai.format.normalize import bare_label
from gongkai.register.io.layout import (
    ACCEPTED_SEPARATORS,
    DATE_SEPARATOR,
    TYPE_EN,
    TYPE_ZH,
    ColumnType,
    Sheet,
    case_result_labels,
    outcome_example,
    results_heading,
    sheet,
    sheets,
)
from gongkai.register.io.values import DATE_FORMS, outcome_choices
from gongkai.register.model import CaseResult, outcomes
from gongkai.register.parts import Part

PAGE = Path("docs") / "register.md"


def _short_forms(outcome: str, label: str) -> list[str]:
    """Shorter spellings that name `outcome` alone: the last segment and the path, without
    numbering or note."""
    segments = label.split("/")
    out = []
    for form in (bare_label(segments[-1]), "/".join(bare_label(s) for s in segments)):
        try:
            found = outcome_choices().resolve(form)
        except ValueError:
            continue
        if found == outcome and form != label and form not in out:
            out.append(form)
    return out


def columns_zh(s: Sheet) -> list[str]:
    lines = ["| 列 | 必填 | 类型 | 说明 |", "| --- | --- | --- | --- |"]
    for c in s.columns:
        also = f"（也可写作{'、'.join(f'“{a}”' for a in c.aliases)}）" if c.aliases else ""
        lines.append(f"| {c.header} | {'是' if c.required else ''} | {TYPE_ZH[c.type]} | "
                     f"{c.zh}{also} |")
    return lines


def columns_en(s: Sheet) -> list[str]:
    lines = ["| column | required | type | meaning |", "| --- | --- | --- | --- |"]
    lines += [f"| {c.header} | {'yes' if c.required else ''} | {TYPE_EN[c.type]} | {c.en} |"
              for c in s.columns]
    return lines


def _also_accepted(line_break: str = "换行") -> list[str]:
    """The separators accepted on import besides the one written on export, as named (a line
    break as `line_break`)."""
    return [line_break if mark == "\n" else words
            for mark, words in ACCEPTED_SEPARATORS.items() if mark != DATE_SEPARATOR]


def file_rules_zh(several: str) -> list[str]:
    """The bullets every list read like a register shares: encoding, header row, dates, and
    the separators in the cells of the columns `several` names."""
    forms = "、".join(f"`{form}`" for form in DATE_FORMS)
    also = _also_accepted()
    return [
        "- CSV 文件导出为带 BOM 的 UTF-8（Excel 可直接打开）；导入时接受 UTF-8、带 BOM 的 UTF-8 "
        "和 GBK。",
        "- 第一行是表头，列的顺序不限，可以省略非必填的列；不认识的列（如“备注”）导入时忽略并提示。"
        "空行跳过。错误信息中的行号与 Excel 中看到的一致（表头为第 1 行）。",
        f"- 日期可写作 {forms}，也可以是 Excel 的日期单元格。",
        f"- {several}用“{DATE_SEPARATOR}”分隔多个值"
        f"（导入时也接受{''.join(also[:-1])}和{also[-1]}）。",
    ]


def file_rules_en() -> str:
    """The English of `file_rules_zh`."""
    forms = DATE_FORMS
    also = _also_accepted("line breaks")
    return (
        "CSV files are written as UTF-8 with a BOM and read as UTF-8, UTF-8 with a BOM, or "
        "GBK. The header is row 1; columns may come in any order and optional ones may be left "
        "out; unknown columns are ignored with a warning. Dates may be written "
        f"{', '.join(forms[:-1])} or {forms[-1]}, or be Excel date cells; several values in one "
        f"cell are separated by “{DATE_SEPARATOR}” (on import also by {''.join(also[:-1])} or "
        f"{also[-1]})."
    )


def register_page() -> str:
    titles = [s.title for s in sheets()]
    quoted = "、".join(f"“{t}”" for t in titles)
    results = case_result_labels()
    pending = results[CaseResult.pending]
    decided = [label for r, label in results.items() if r is not CaseResult.pending]
    decided_ = "、".join(decided[:-1]) + "或" + decided[-1]
    group = outcome_example()[0].split("/")[0]
    yearly = sheet(Part.yearly).title
    lines = [
        "# 台账的导入与导出 Register import and export",
        "",
        "由 `python -m gongkai.register.io.docs` 依据 `src/gongkai/register/io/layout.py` 生成，"
        "请勿手工编辑。",
        "Generated from `src/gongkai/register/io/layout.py`; do not edit by hand.",
        "",
        "## 文件",
        "",
        f"- **Excel（.xlsx）**：一个工作簿，每类数据一个工作表：{quoted}。"
        "工作表名称不同时按表头识别（例如只有一个“Sheet1”的申请台账）。",
        "- **CSV**：每类数据一个文件。是哪一类数据按表头判断，也可用 `--kind` 指定。"
        f"导出全部数据到 `台账.csv` 时写出 {'、'.join(f'`台账-{t}.csv`' for t in titles)}。",
        *file_rules_zh(f"“{TYPE_ZH[ColumnType.dates]}”的列"),
        "",
        "## 金额和选项",
        "",
        "- 金额可带千位分隔符和单位（“1,200.50元”）；件数为非负整数，没有发生的填 0；"
        f"空白的件数和金额表示没有记录，不按 0 计（见“{yearly}”）。",
        "- 选项列写表中的标签；前面的序号（“（三）”“1.”）和全角半角的差别都不影响识别。",
        "",
        "## 导入规则",
        "",
        "- 每一行都检查，**列出全部有问题的行**（工作表、行号、列、原因），例如："
        "`申请 第 7 行：办理结果“不予公开”不明确，应为……之一`、"
        "`申请 第 5 行 缴费日期：还没有“收费通知”，不能登记“缴纳费用”`。"
        "只要有一处问题，就**不导入任何数据**。",
        "- 文件中有的每一类数据，整体替换数据库中该机关的同类数据；文件中没有的类别保持不变。",
        "- 一件申请或者答复（答复日期和办理结果），或者撤回（撤回日期），不能两者都有；"
        "有办理结果就要有答复日期，反之亦然；答复或撤回之后（同一天的除外）不能再有其他办理事项。",
        "- 各项日期（包括确认日期）不能早于提交日期；有收到补正日期就要有补正告知日期，且不早于它；"
        "有缴费日期或收费金额就要有收费通知日期，缴费不早于收费通知；第三方答复日期不多于征求意见"
        "日期，两者按日期先后一一对应，答复不早于对应的征求意见；有延期理由就要有延期日期。",
        "- 申请编号、案件编号在各自的表中不能重复；同一年度的年度数据只能有一行。",
        f"- 案件有审结日期就要有结果（{decided_}）；没有审结日期的为{pending}。",
        "- 补正告知、延期、收费通知每件申请只有一次（条例第三十条、第三十三条）；"
        "征求第三方意见可以有多次。",
        "- 申请各项日期之间的规则与工作台逐项登记办理事项时的规则相同（`gongkai.register.rules`），"
        "导入的台账在工作台中可以继续登记。",
        "",
        "## 各类数据的列",
        "",
    ]
    for s in sheets():
        lines += [f"### {s.title}", "", s.zh, "", *columns_zh(s), ""]
    lines += [
        "### 办理结果的写法",
        "",
        f"办理结果是表三（2021 年格式）“{results_heading()}”的一项。导出时写完整标签；"
        f"导入时也接受右栏中不会混淆的简写。只写上一级（如“{group}”）不明确，会被列为问题。",
        "",
        "| 办理结果 | 也可写作（任选其一） |",
        "| --- | --- |",
    ]
    for outcome, label in outcomes().items():
        short = "、".join(f"`{f}`" for f in _short_forms(outcome, label))
        lines.append(f"| {label} | {short} |")
    lines += [
        "",
        "## 命令",
        "",
        "```sh",
        "gongkai register import 台账.xlsx --agency 某市人民政府办公室   # 全部行无误才导入",
        "gongkai register import 台账-申请.csv --agency 某市人民政府办公室",
        "gongkai register export 台账.xlsx --agency 某市人民政府办公室",
        "gongkai register export 台账.csv --kind 申请                   # 只导出申请",
        "gongkai register due --on 2025-10-09 --within 5                # 即将到期和已逾期的申请",
        "gongkai register tables --year 2024 > 2024.json                # 表二、三、四（交换格式）",
        "gongkai check 2024.json                                        # 检查算出的表格",
        "gongkai register deadline --received 2025-09-26                # 答复期限：2025-10-30",
        "gongkai register deadline --received 2025-09-26 --third-party 2025-10-09 2025-10-13 "
        "--extended",
        "gongkai register calendar add 通知.txt                         # 导入新一年的节假日安排",
        "gongkai register calendar show 2026",
        "```",
        "",
        "数据库用 `--db` 指定（SQLite 文件路径或 `postgresql://…`），默认取环境变量 "
        "`DATABASE_URL` 或 `GONGKAI_DB`，都没有时为当前目录的 `gongkai.sqlite3`。",
        "",
        "---",
        "",
        "## English",
        "",
        f"A register file is an XLSX workbook with one sheet per part ({', '.join(titles)}), or "
        "one CSV file per part (the part is recognised from the header row, or given with "
        f"`--kind`). {file_rules_en()}",
        "",
        "An import checks every row and lists every problem with its sheet, row number, "
        "column (when it concerns one) and reason; if there is any, nothing is imported. An "
        "application's dates and events obey the rules the workbench applies when a clerk adds "
        "an event (`gongkai.register.rules`). Each part the file holds replaces the "
        "agency's stored part; parts it does not hold are left alone. Statutory labels "
        "(applicant types, outcomes, case kinds and results, document kinds, the yearly "
        "figures) come from the format data; an outcome may also be given by the last segment "
        "of its label when that names one row only (see the table above).",
        "",
        "The store is the SQLite file GONGKAI_DB names (default ./gongkai.sqlite3), or the "
        "PostgreSQL database DATABASE_URL names; `--db PATH|URL` overrides both. The commands "
        "above show the rest: applications due, the year's tables as interchange JSON, the "
        "deadline calculator and the office's own holiday calendars.",
        "",
    ]
    for s in sheets():
        lines += [f"### {s.title}", "", s.en, "", *columns_en(s), ""]
    return "\n".join(lines)


def main(page: Path = PAGE, build: Callable[[], str] = register_page) -> None:
    """Write the page `build` gives to `page`, under the directory given as the first argument
    (default: the current one)."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    (root / page).write_text(build(), encoding="utf-8")


if __name__ == "__main__":
    main()
