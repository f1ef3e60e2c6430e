"""`gongkai write`: the annual report in the statutory format, from data or another document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gongkai.check import ConfigError, check, load_config
from gongkai.check.render import to_text
from gongkai.cli.app import app, err, fail, warn, write_atomically
from gongkai.cli.publications import publication_items
from gongkai.diagnostics import ReadError
from gongkai.load import load_report
from gongkai.read import MAX_BYTES
from gongkai.write import KINDS, WriteError, compose, kind_of, render_composition
from gongkai.write.narrative import add_publication_figures

if TYPE_CHECKING:
    from gongkai.model import Report
    from gongkai.publish.stats import YearFigures
    from gongkai.write.compose import Composition

_KIND_NAMES = {"docx": "Word 文档", "pdf": "PDF", "html": "网页", "md": "Markdown",
               "xlsx": "Excel 表格"}


def _publication_figures(paths: list[Path], report: Report) -> YearFigures:
    """The year's publication figures from a publication list (its 信息 sheet); whether they
    agree with table 二 is the checker's to say (L1 rules)."""
    from gongkai.publish import year_figures

    if report.year is None:
        raise fail("数据中没有报告年度，无法按年度统计发布信息", 2)
    items = publication_items(paths, code=1, consequence="，未写出")
    return year_figures(items, report.year)


def _add_figures(composition: Composition, figures: YearFigures) -> None:
    if not add_publication_figures(composition, figures):
        warn("第一部分不是起草的（已有正文或 --no-draft），未写入发布信息的统计；"
             f"可写作：{figures.sentence()}")


@app.command("write")
def write_command(
    data: Annotated[Path, typer.Argument(
        help="交换格式 JSON，或任何可读取的年度报告（PDF、DOCX、HTML、文本）")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="输出文件，扩展名决定格式：.docx、.pdf、.html、.md、.xlsx")],
    draft: Annotated[bool, typer.Option(
        "--draft/--no-draft",
        help="为没有正文的部分（开头、一、二、五、六）按表中数字起草文字；"
             "已有的正文一律保留")] = True,
    force: Annotated[bool, typer.Option(
        "--force", help="检查发现错误时仍然写出（错误照样列出）")] = False,
    max_size: Annotated[int, typer.Option("--max-size", help="输入文件大小上限（MB）")] = (
        MAX_BYTES // 1048576
    ),
    publications: Annotated[list[Path] | None, typer.Option(
        "--publications", "-p",
        help="发布信息清单（gongkai publish export 导出的 .xlsx，或其中的“信息”CSV）："
             "起草第一部分时写入本年度主动公开政府信息的条数（按类别）")] = None,
) -> None:
    """按法定格式写出年度报告（GB/T 9704-2012 版式的 Word、PDF，网页，Markdown，Excel）。

    写出前按审核规则检查：有错误时不写出并列出错误（--force 仍然写出）；警告和提示只列出。"""
    try:
        config = load_config(None)  # ./gongkai.toml: the rules switched off, as for check
    except ConfigError as exc:
        raise fail(str(exc), 2) from None
    kind = kind_of(output)
    if kind is None:
        suffixes = "、".join(KINDS)
        raise fail(f"不支持的输出格式“{output.suffix or output.name}”：输出文件的扩展名应为 "
                   f"{suffixes} 之一", 2)
    try:
        report = load_report(data, max_bytes=max_size * 1048576)
    except ReadError as exc:
        d = exc.diagnostic
        raise fail(f"{data}：{d.message}（{d.code} {d.name}）") from None

    figures = _publication_figures(publications, report) if publications else None
    composition = compose(report, draft=draft)
    if figures is not None:
        _add_figures(composition, figures)
    result = check(composition.as_report(), publication=figures, config=config)
    if result.findings:
        err.print(to_text(result), markup=False, highlight=False, end="")
    if result.has_errors and not force:
        raise fail(f"检查发现 {result.count('error')} 个错误，未写出 {output}。"
                   "请改正数据后重试；确需写出时加 --force。")

    try:
        data_out = render_composition(composition, kind)
    except WriteError as exc:
        raise fail(str(exc)) from None
    write_atomically(output, data_out)

    if kind == "pdf":
        from gongkai.write.pdf import FONT_PACKAGE, missing_fonts

        if missing := missing_fonts():
            warn(f"未安装 {'、'.join(missing)}，PDF 中的中文可能使用了替代字体；"
                 f"请安装 {FONT_PACKAGE}")
    if result.has_errors:
        warn("数据有错误，已按 --force 写出")
    drafted = composition.drafted
    if drafted:
        titles = {s.id: s.title for s in composition.spec.sections} | {"preamble": "开头"}
        err.print("已起草：" + "；".join(titles[d] for d in drafted)
                  + "。起草的文字依据表中数字写成，【】中的内容须由工作人员填写，"
                  "发布前请核对修改。",
                  markup=False, highlight=False)
    err.print(f"已写出 {output}（{_KIND_NAMES[kind]}）", markup=False, highlight=False)
