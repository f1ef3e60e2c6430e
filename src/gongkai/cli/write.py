"""`gongkai write`: the annual report in the statutory format, from data or another document."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gongkai.check import check
from gongkai.check.render import to_text
from gongkai.cli.app import app, err, write_atomically
from gongkai.diagnostics import ReadError
from gongkai.format import get_format
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




def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]错误[/red]：{message}", highlight=False)
    return typer.Exit(code)


def _publication_figures(paths: list[Path], report: Report) -> YearFigures:
    """The year's publication figures from a publication list (its 信息 sheet)."""
    from gongkai.publish import year_figures
    from gongkai.publish.io import PublicationFileError, PublishPart, read_files

    if report.year is None:
        raise _fail("数据中没有报告年度，无法按年度统计发布信息", 2)
    try:
        imported = read_files(paths, report.agency or "", parts=(PublishPart.items,))
    except PublicationFileError as exc:
        err.print(f"[red]错误[/red]：发布信息清单有 {len(exc.errors)} 处问题，未写出：",
                  highlight=False)
        for problem in exc.errors:
            err.print(f"  {problem}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    for warning in imported.warnings:
        err.print(f"[yellow]注意[/yellow]：{warning}", highlight=False)
    figures = year_figures(imported.items, report.year)
    spec = get_format(report.format)
    for key, n in figures.table_two_cells().items():
        stated = report.cells.get(key)
        if key in spec.cells and stated is not None and stated != n:
            label = f"{spec.cells[key].row_path[-1]}{spec.cells[key].column_path[-1]}"
            err.print(f"[yellow]注意[/yellow]：表二“{label}”为 {stated}，"
                      f"发布信息清单算出的是 {n}，请核对", highlight=False)
    return figures


def _add_figures(composition: Composition, figures: YearFigures) -> None:
    if not add_publication_figures(composition, figures):
        err.print("[yellow]注意[/yellow]：第一部分不是起草的（已有正文或 --no-draft），"
                  f"未写入发布信息的统计；可写作：{figures.sentence()}", highlight=False)


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
    kind = kind_of(output)
    if kind is None:
        suffixes = "、".join(KINDS)
        raise _fail(f"不支持的输出格式“{output.suffix or output.name}”：输出文件的扩展名应为 "
                    f"{suffixes} 之一", 2)
    try:
        report = load_report(data, max_bytes=max_size * 1048576)
    except ReadError as exc:
        d = exc.diagnostic
        raise _fail(f"{data}：{d.message}（{d.code} {d.name}）") from None

    figures = _publication_figures(publications, report) if publications else None
    composition = compose(report, draft=draft)
    if figures is not None:
        _add_figures(composition, figures)
    result = check(composition.as_report())
    if result.findings:
        err.print(to_text(result), markup=False, highlight=False, end="")
    if result.has_errors and not force:
        raise _fail(f"检查发现 {result.count('error')} 个错误，未写出 {output}。"
                    "请改正数据后重试；确需写出时加 --force。")

    try:
        data_out = render_composition(composition, kind)
    except WriteError as exc:
        raise _fail(str(exc)) from None
    write_atomically(output, data_out)

    if kind == "pdf":
        from gongkai.write.pdf import FONT_PACKAGE, missing_fonts

        if missing := missing_fonts():
            err.print(f"[yellow]注意[/yellow]：未安装 {'、'.join(missing)}，PDF 中的中文可能使用"
                      f"了替代字体；请安装 {FONT_PACKAGE}", highlight=False)
    if result.has_errors:
        err.print("[yellow]注意[/yellow]：数据有错误，已按 --force 写出", highlight=False)
    drafted = composition.drafted
    if drafted:
        titles = {s.id: s.title for s in composition.spec.sections} | {"preamble": "开头"}
        err.print("已起草：" + "；".join(titles[d] for d in drafted)
                  + "。起草的文字依据表中数字写成，【】中的内容须由工作人员填写，"
                  "发布前请核对修改。",
                  highlight=False)
    err.print(f"已写出 {output}（{_KIND_NAMES[kind]}）", highlight=False)
