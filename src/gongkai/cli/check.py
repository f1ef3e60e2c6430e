"""`gongkai check` and `gongkai rules`: review reports, list the rules."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongkai import interchange
from gongkai.check import RULES, CheckResult, ConfigError, check, load_config
from gongkai.check.registry import GROUPS, SEVERITY_ZH, resolve
from gongkai.check.render import to_html, to_text
from gongkai.cli.app import app, err, fail, progress_bar, read_error, warn, write_atomically
from gongkai.cli.publications import publication_items
from gongkai.diagnostics import ReadError
from gongkai.format.normalize import norm_label
from gongkai.load import load_report, report_files
from gongkai.model import Report
from gongkai.publish import year_figures
from gongkai.read import MAX_BYTES


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


class PreviousReports:
    """Last year's reports: one file given for one report, or a folder matched by agency."""

    def __init__(self, path: Path | None, max_bytes: int) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._index: dict[tuple[str, int], Report] | None = None

    def _load_folder(self) -> dict[tuple[str, int], Report]:
        assert self.path is not None
        index: dict[tuple[str, int], Report] = {}
        files = list(report_files([self.path]))
        with progress_bar("读取上年报告", len(files)) as progress:
            task = progress.add_task("", total=len(files))
            for file in files:
                try:
                    report = load_report(file, max_bytes=self.max_bytes)
                except ReadError:
                    pass  # not a report: a folder may hold other files
                else:
                    if report.agency and report.year:
                        index.setdefault((norm_label(report.agency), report.year), report)
                progress.advance(task)
        return index

    def for_report(self, report: Report) -> Report | None:
        """Last year's report of `report`'s agency, or None (with a message) when not found."""
        if self.path is None:
            return None
        if self.path.is_dir():
            if self._index is None:
                self._index = self._load_folder()
            if not report.agency or not report.year:
                warn(f"{report.source}：未能确定机关或年度，无法匹配上年报告")
                return None
            found = self._index.get((norm_label(report.agency), report.year - 1))
            if found is None:
                warn(f"{self.path} 中没有 {report.agency} {report.year - 1} 年度的报告，"
                     "跳过跨年度检查")
            return found
        try:
            previous = load_report(self.path, max_bytes=self.max_bytes)
        except ReadError as exc:
            raise typer.BadParameter(f"上年报告 {self.path} 无法读取：{exc.diagnostic.message}",
                                     param_hint="--previous") from None
        if report.year and previous.year and previous.year != report.year - 1:
            raise typer.BadParameter(
                f"上年报告 {self.path} 是 {previous.year} 年度的，而被检查的报告是 "
                f"{report.year} 年度的", param_hint="--previous")
        if report.agency and previous.agency and (
            norm_label(report.agency) != norm_label(previous.agency)
        ):
            warn(f"上年报告的机关为“{previous.agency}”，与“{report.agency}”不同")
        return previous


def _parse_date(text: str | None) -> date | None:
    """--published: any date spelling the registers accept (2024-01-31, 2024年1月31日, …)."""
    from gongkai.register.io.values import parse_date  # no Django; imports openpyxl, so late

    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published") from None


@app.command("check")
def check_command(
    files: Annotated[list[Path], typer.Argument(
        help="年度报告文件（PDF、DOCX、HTML、文本）或交换格式 JSON")],
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="输出格式：text（按部分分组的中文说明）、json、html（审核意见单）")
    ] = CheckFormat.text,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="写入文件（默认标准输出）")] = None,
    previous: Annotated[Path | None, typer.Option(
        "--previous", "-p", help="上一年度的报告文件，或按机关和年度匹配的报告文件夹")] = None,
    disable: Annotated[list[str] | None, typer.Option(
        "--disable", "-d", help="关闭的规则代码或名称，可重复或用逗号分隔")] = None,
    config_file: Annotated[Path | None, typer.Option(
        "--config", help="配置文件（默认读取当前目录的 gongkai.toml）")] = None,
    published: Annotated[str | None, typer.Option(
        "--published", help="报告的发布日期 YYYY-MM-DD（报告未写明时用于检查发布时限）")] = None,
    publications: Annotated[list[Path] | None, typer.Option(
        "--publications", help="本机关的发布信息清单（XLSX/CSV），用于核对主动公开条数和表二"
        "规范性文件（L1 规则）")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="单个文件大小上限（MB）")] = (
        MAX_BYTES // 1048576
    ),
) -> None:
    """按审核规则检查年度报告；发现错误时退出码为 1。"""
    try:
        config = load_config(config_file).disable(disable or [])
    except ConfigError as exc:
        raise fail(str(exc), 2) from None
    published_on = _parse_date(published)
    items = publication_items(publications) if publications else None
    max_bytes = max_size * 1048576
    earlier = PreviousReports(previous, max_bytes)
    results: list[CheckResult] = []
    failed: list[dict] = []
    with progress_bar("检查", len(files)) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            try:
                report = load_report(path, max_bytes=max_bytes)
                figures = (year_figures(items, report.year)
                           if items is not None and report.year else None)
                results.append(check(report, previous=earlier.for_report(report),
                                     config=config, published=published_on,
                                     publication=figures))
            except ReadError as exc:
                failed.append(read_error(path, exc))
            progress.advance(task)
    text = _render(results, failed, output_format, single=len(files) == 1)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)
    if len(files) > 1:
        with_errors = sum(1 for r in results if r.has_errors)
        err.print(f"共 {len(files)} 个文件：有错误 {with_errors} 个，无法读取 {len(failed)} 个",
                  highlight=False)
    raise typer.Exit(1 if failed or any(r.has_errors for r in results) else 0)


def _render(results: list[CheckResult], failed: list[dict], output_format: CheckFormat,
            single: bool) -> str:
    if output_format is CheckFormat.json:
        items = [r.to_dict() for r in results] + failed
        return interchange.dumps(items[0] if single else items) + "\n"
    if output_format is CheckFormat.html:
        return to_html(results) if results else ""
    parts = [to_text(r) for r in results]
    parts += [f"{f['source']}\n无法读取：{f['error']['message']}\n" for f in failed]
    return "\n".join(parts)


@app.command("rules")
def rules_command(
    code: Annotated[str | None, typer.Argument(help="规则代码或名称：显示该规则的说明")] = None,
) -> None:
    """列出全部检查规则，或显示一条规则的说明。"""
    from gongkai.docs import rule_page

    if code is not None:
        try:
            sys.stdout.write(rule_page(resolve(code)))
        except KeyError as exc:
            raise fail(exc.args[0], 2) from None
        return
    lines = []
    for group, group_title in GROUPS.items():
        lines.append(group_title)
        lines += [f"  {r.code}  {SEVERITY_ZH[r.severity]}  {r.name:<28}  {r.title}"
                  for r in RULES.values() if r.group == group]
    lines.append("“gongkai rules 代码”显示一条规则的说明；docs/rules/ 中有同样的页面。")
    sys.stdout.write("\n".join(lines) + "\n")
