"""`gongkai publish …`: proactive disclosure — import and export of the publication list, the
year's figures, and each agency's review steps."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.cells import cell_len

from gongkai.cli.app import app, fail, warn, write_atomically
from gongkai.cli.store import AgencyOption, DbOption, agency_name, open_store, pad, rejected
from gongkai.publish.workflow import Workflow

if TYPE_CHECKING:
    from gongkai.publish.model import PublicationItem

publish_app = typer.Typer(
    help="主动公开：发布信息及其审核记录的导入导出、年度统计、审核步骤。",
    no_args_is_help=True,
)
app.add_typer(publish_app, name="publish")

def _items(db: str | None, agency: str | None) -> tuple[str, list[PublicationItem]]:
    from gongkai.publish import store

    open_store(db)
    name = agency_name(agency)
    try:
        return name, store.load_items(name)
    except store.StoreError as exc:
        raise fail(str(exc), 2) from None


@publish_app.command("import", help=(
    "导入发布信息及其审核记录（列的格式见 docs/publish.md）。按文号或标题与数据库中的信息对应："
    "新的加入，已有的更新；已保存的审核记录只能在后面增加。任何一行有问题都不导入，"
    "并列出全部有问题的行（退出码 1）。"))
def import_command(
    files: Annotated[list[Path], typer.Argument(
        help="Excel（.xlsx，工作表“信息”和“审核记录”）或 CSV（每个表一个文件）")],
    agency: AgencyOption = None,
    db: DbOption = None,
) -> None:
    from gongkai.publish import store
    from gongkai.publish.io import PublicationFileError, read_files

    open_store(db)
    name = agency_name(agency)
    try:
        imported = read_files(files, name, store.load_workflow(name))
    except PublicationFileError as exc:
        raise rejected(exc.errors) from None
    for warning in imported.warnings:
        warn(warning)
    try:
        saved = store.import_items(imported)
    except PublicationFileError as exc:
        raise rejected(exc.errors) from None
    except store.StoreError as exc:
        raise fail(f"{exc}（数据库未作任何修改）", 1) from None
    print(f"已导入“{name}”的发布信息：新增 {saved.added} 条，更新 {saved.updated} 条，"
          f"未变 {saved.unchanged} 条；新增提交审核 {saved.submissions} 次、审核结论 "
          f"{saved.entries} 条（{store.location()}）")
    if saved.kept:
        print(f"数据库中另有 {saved.kept} 条信息不在文件中，保持不变。")


@publish_app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(
        help="导出到 .xlsx（一个工作簿）或 .csv（名称-信息.csv 和 名称-审核记录.csv）")],
    agency: AgencyOption = None,
    db: DbOption = None,
) -> None:
    """导出发布信息及其全部审核记录，列的排列与导入相同（见 docs/publish.md）。"""
    from gongkai.publish.io import export_files

    name, items = _items(db, agency)
    try:
        files = export_files(items, file)
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    for path, data in files.items():
        write_atomically(path, data)
    entries = sum(len(i.trail) for i in items)
    print(f"已导出“{name}”的发布信息 {len(items)} 条、审核结论 {entries} 条："
          + "、".join(str(p) for p in files))


def _stats(name: str, items: list[PublicationItem], year: int) -> dict[str, Any]:
    from gongkai.publish import three_synchronous, year_figures

    figures = year_figures(items, year)
    late = [u for u in three_synchronous(items)
            if u.document.published and u.document.published.year == year]
    return {
        "agency": name, "year": year, "published": figures.published,
        "by_kind": figures.by_kind, "by_channel": figures.by_channel,
        "cells": figures.table_two_cells(), "sentence": figures.sentence(),
        "three_synchronous": [
            {"title": u.document.title, "number": u.document.number,
             "published": u.document.published.isoformat() if u.document.published else None,
             "reason": u.reason} for u in late],
    }


def _counts(counts: dict[str, int]) -> list[str]:
    if not counts:
        return ["  （无）"]
    width = max(cell_len(k) for k in counts)
    return [f"  {pad(k, width)}  {n}" for k, n in counts.items()]


def _stats_text(data: dict[str, Any]) -> str:
    from gongkai.format.spec import get_format, version_for_year
    from gongkai.publish.model import NORMATIVE_KIND
    from gongkai.publish.stats import NORMATIVE_ROW

    spec = get_format(version_for_year(data["year"]))
    if data["cells"]:  # 本年制发件数 3 → 本年制发 3 件
        row = "、".join(f"{spec.cells[k].column_path[-1].removesuffix('件数')} {n} 件"
                       for k, n in data["cells"].items())
    else:
        labels = "、".join(c.column_path[-1] for c in spec.cells.values()
                          if c.key.startswith(f"{NORMATIVE_ROW}."))
        row = f"{data['year']} 年度报告适用的格式按{labels}统计，不由本清单算出"
    lines = [f"{data['agency']} {data['year']} 年主动公开情况",
             f"本年主动公开政府信息 {data['published']} 条", "按类别：", *_counts(data["by_kind"]),
             "按发布渠道（一条信息可有多个渠道）：", *_counts(data["by_channel"]),
             f"表二 {NORMATIVE_KIND}：{row}",
             f"第一部分可写作：{data['sentence']}"]
    late = data["three_synchronous"]
    if late:
        lines.append(f"三同步：本年发布的{NORMATIVE_KIND}中有 {len(late)} 件没有同步发布"
                     "政策解读：")
        lines += [f"  {u['number'] or u['title']}（{u['published']} 发布）：{u['reason']}"
                  for u in late]
    else:
        lines.append(f"三同步：本年发布的{NORMATIVE_KIND}均已同步发布政策解读。")
    return "\n".join(lines) + "\n"


@publish_app.command("stats", help=(
    "某年度主动公开的统计：按类别和发布渠道的条数、表二行政规范性文件的三个数字、"
    "第一部分可用的句子，以及没有同步发布政策解读的行政规范性文件（三同步）。"))
def stats_command(
    year: Annotated[int, typer.Option("--year", "-y", help="报告年度，如 2025")],
    agency: AgencyOption = None,
    output_format: Annotated[str, typer.Option(
        "--format", "-f", help="text（文字）或 json")] = "text",
    db: DbOption = None,
) -> None:
    if output_format not in ("text", "json"):
        raise typer.BadParameter("应为 text 或 json", param_hint="--format")
    name, items = _items(db, agency)
    data = _stats(name, items, year)
    if output_format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_stats_text(data))


@publish_app.command("workflow", help=(
    f"显示或设置本机关要求的审核步骤（默认为{'、'.join(Workflow().steps)}）。"))
def workflow_command(
    agency: AgencyOption = None,
    steps: Annotated[str | None, typer.Option(
        "--steps", "-s", help="按顺序列出审核步骤，用逗号分隔，如 初审,保密审查,审核,审发；"
        "不给出时显示当前的步骤")] = None,
    db: DbOption = None,
) -> None:
    from gongkai.publish import store
    from gongkai.publish.workflow import WorkflowError
    from gongkai.register.io.values import parse_texts

    open_store(db)
    if steps is None:
        name = agency_name(agency)
        print(f"“{name}”的审核步骤：{' → '.join(store.load_workflow(name).steps)}")
        return
    if not agency or not agency.strip():
        raise fail("设置审核步骤时请用 --agency 指定机关名称", 2)
    try:
        # separated as the cells of a list are (“，”“、”“；”…), or by spaces
        workflow = Workflow(tuple(s for part in parse_texts(steps) for s in part.split()))
    except WorkflowError as exc:
        raise typer.BadParameter(str(exc), param_hint="--steps") from None
    try:
        store.save_workflow(agency.strip(), workflow)
    except store.StoreError as exc:
        raise fail(str(exc), 2) from None
    print(f"已设置“{agency.strip()}”的审核步骤：{' → '.join(workflow.steps)}")
