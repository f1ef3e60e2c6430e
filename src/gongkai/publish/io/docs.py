"""docs/publish.md, generated from the column layout so the two cannot drift.

    python -m gongkai.publish.io.docs            # rewrite docs/publish.md
"""

from __future__ import annotations

from pathlib import Path

from gongkai.format.spec import get_format
from gongkai.publish.io.layout import SUBMIT_FORMS, SUBMIT_STEP, PublishPart, sheet, sheets
from gongkai.publish.io.values import attribute_choices, decision_choices
from gongkai.publish.model import NORMATIVE_KIND, SECRECY_CHECKLIST
from gongkai.publish.stats import NORMATIVE_ROW
from gongkai.publish.workflow import SECRECY_STEP, Workflow
from gongkai.register.io.docs import columns_en, columns_zh, file_rules_en, file_rules_zh
from gongkai.register.io.docs import main as write_page
from gongkai.register.model import REGISTER_FORMAT

PAGE = Path("docs") / "publish.md"


def publish_page() -> str:
    items, reviews = sheet(PublishPart.items).title, sheet(PublishPart.reviews).title
    steps = "、".join(Workflow().steps)
    submit_forms = "、".join(f"“{f}”" for f in SUBMIT_FORMS if f != SUBMIT_STEP)
    attributes = "、".join(f"“{label}”" for label in attribute_choices().labels.values())
    decisions = "或".join(f"“{d}”" for d in decision_choices().labels.values())
    columns = [c.column_path[-1] for c in get_format(REGISTER_FORMAT).cells.values()
               if c.key.startswith(f"{NORMATIVE_ROW}.")]  # 本年制发件数, …, 现行有效件数
    stock = "、".join(columns[:-1]) + "和" + columns[-1]
    lines = [
        "# 主动公开信息的导入与导出 Publication list import and export",
        "",
        "由 `python -m gongkai.publish.io.docs` 依据 `src/gongkai/publish/io/layout.py` 生成，"
        "请勿手工编辑。",
        "Generated from `src/gongkai/publish/io/layout.py`; do not edit by hand.",
        "",
        "## 文件",
        "",
        f"- **Excel（.xlsx）**：一个工作簿，两个工作表：“{items}”和“{reviews}”。"
        "工作表名称不同时按表头识别。",
        f"- **CSV**：每个工作表一个文件。导出到 `发布.csv` 时写出 `发布-{items}.csv` 和 "
        f"`发布-{reviews}.csv`。是哪个表按表头判断。",
        f"- 可以只导入“{items}”（没有审核记录的历史清单）；“{reviews}”须与“{items}”一起导入。",
        *file_rules_zh("可填多个的列"),
        "- 时间写作 `2025-03-02 14:30`（也可带秒，或写作 `2025年3月2日14时30分`）；"
        "只写日期时按当日 0 时。",
        "",
        "## 导入规则",
        "",
        "- 每一行都检查，**列出全部有问题的行**（工作表、行号、原因），例如："
        f"`{reviews} 第 7 行：“某通知”当前应进行“保密审查”，而不是“审发”`。"
        "只要有一处问题，就**不导入任何数据**。",
        "- 信息以文号区分，没有文号的以标题区分，在文件中不能重复。",
        f"- 公开属性为{attributes}之一，不填为“主动公开”。其他属性的信息须写明不公开理由，"
        "不能有发布日期。",
        "- 起草日期 ≤ 印发日期 ≤ 发布日期；废止日期不早于印发日期。",
        f"- 审核记录按本机关的审核步骤（默认为{steps}；用 `gongkai publish workflow` 设置）"
        "逐行重演：每一行都必须是当时可以做的事。同一信息的记录按时间先后排列；提交审核后各步骤"
        "依次进行；某一步“退回”后须重新提交，各步骤从头再来；退回须写明意见。"
        "一条信息的审核记录在第一处问题处停止检查，有填写错误的行时也先不检查其余记录"
        "（此后的记录要等这些问题改正后才能判断）。",
        f"- “{SECRECY_STEP}”须回答保密审查清单的全部 {len(SECRECY_CHECKLIST)} 个问题"
        "（每个问题一列，填“是”或“否”），有一项答“是”就不能通过。",
        f"- 结论为{decisions}。“{SUBMIT_STEP}”行只填标题或文号、步骤和时间"
        f"（也可写作{submit_forms}）；没有“{SUBMIT_STEP}”行时，第一条结论和退回后的下一条结论"
        "视为在其时间提交。",
        "- 更正以前的结论：新增一行，填写更正记录编号和更正理由（意见）；步骤与被更正的记录相同，"
        "结论取代被更正的记录，原记录保留。",
        "- 有发布日期的信息：有审核记录的，发布日期当天及以前的记录须已通过全部审核步骤；"
        "发布日期以后只能有更正记录。没有审核记录的信息作为历史记录导入。"
        "已发布的信息至少有一个发布渠道，且公开属性为“主动公开”。",
        "",
        "### 导入到数据库",
        "",
        "- 按文号（没有文号的按标题）与数据库中的信息对应：新的信息加入，已有的信息按文件更新。",
        "- **审核记录只增不改**：数据库中已有的提交和结论必须原样出现在文件中（在它们之后可以有新的"
        "记录）；否则列出不一致的行，不导入任何数据。数据库不允许修改或删除审核记录。",
        "- 数据库中有而文件中没有的信息保持不变：导入不会删除信息。",
        "",
        "## 各表的列",
        "",
    ]
    for s in sheets():
        lines += [f"### {s.title}", "", s.zh, "", *columns_zh(s), ""]
    lines += [
        "## 命令",
        "",
        "```sh",
        "gongkai publish import 发布.xlsx --agency 某市人民政府办公室     # 全部行无误才导入",
        "gongkai publish import 发布-信息.csv 发布-审核记录.csv --agency 某市人民政府办公室",
        "gongkai publish export 发布.xlsx --agency 某市人民政府办公室",
        "gongkai publish stats --year 2025 --agency 某市人民政府办公室    # 按类别、渠道计数，"
        "表二，三同步",
        "gongkai publish stats --year 2025 --format json                   # 同上，JSON",
        "gongkai publish workflow --agency 某市人民政府办公室 --steps 初审,保密审查,审核,审发",
        "gongkai write 2025.json -o 2025年报.docx --publications 发布.xlsx  # 第一部分写入主动公开"
        "的条数",
        "```",
        "",
        f"`gongkai publish stats` 按发布日期统计当年主动公开的信息（按类别、按发布渠道），"
        f"按“{NORMATIVE_KIND}”的印发日期和废止日期算出表二的{stock}，"
        "给出第一部分可用的句子（“2025年共主动公开政府信息N条，其中……”），并列出当年发布但没有"
        f"同步发布政策解读的{NORMATIVE_KIND}（三同步）。数据库的指定方法与台账相同（`--db`）。",
        "",
        "---",
        "",
        "## English",
        "",
        f"A publication list is an XLSX workbook with the sheets {items} (the items) and "
        f"{reviews} (their review trail), or one CSV file for each (recognised by the header "
        "row). The items alone may be imported (an earlier list without a trail); the trail "
        f"only with its items. {file_rules_en()}",
        "",
        "An import checks every row and lists every problem with its sheet, row number and "
        "reason; if there is any, nothing is imported. Each item's trail is replayed through "
        "the domain's workflow under the agency's review steps (`gongkai publish workflow`): "
        "a row must be something that could have been done at that point — steps in order, "
        "a return with a comment, the whole secrecy checklist answered no to pass, a "
        "correction naming an earlier decision of the same step. A published item with a "
        "trail must have passed every step by its publication day; one without a trail is "
        "taken as published before reviews were kept here. An item's trail is checked up to "
        "its first refused row.",
        "",
        "Into the store, an import merges by document number (else title): new items are "
        "added, known ones updated; the decisions and submissions already stored must appear "
        "unchanged in the file, followed by any new ones (the database refuses to update or "
        "delete a review record); items the file does not hold are left alone.",
        "",
    ]
    for s in sheets():
        lines += [f"### {s.title}", "", s.en, "", *columns_en(s), ""]
    return "\n".join(lines)


def main() -> None:
    write_page(PAGE, publish_page)


if __name__ == "__main__":
    main()
