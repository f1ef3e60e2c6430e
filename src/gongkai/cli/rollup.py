"""`gongkai rollup`, `gongkai batch`, `gongkai stats` and `gongkai corpus`: many reports at once."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from gongkai import interchange
from gongkai.cli.app import app, err, fail, progress_bar, write_atomically
from gongkai.format.spec import get_format, versions
from gongkai.load import report_files
from gongkai.rollup import RollupError, rollup
from gongkai.rollup.inputs import load_and_check


class RollupFormat(StrEnum):
    json = "json"


class ByWhat(StrEnum):
    year = "year"
    region = "region"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)


# ---------------------------------------------------------------- rollup


@app.command("rollup")
def rollup_command(
    inputs: Annotated[list[Path], typer.Argument(
        help="各部门的年度报告文件或文件夹（递归查找；PDF、DOCX、HTML、文本或交换格式 JSON）")],
    agency: Annotated[str | None, typer.Option(
        "--as", help="汇总报告的机关名称，如“某某市人民政府”")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只汇总这一年度（核对用）")] = None,
    output_format: Annotated[RollupFormat, typer.Option(
        "--format", "-f", help="输出格式：json（交换格式）")] = RollupFormat.json,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="写入文件（默认标准输出）")] = None,
    include_errors: Annotated[bool, typer.Option(
        "--include-errors", help="检查有错误的报告也参与汇总（无法读取的文件仍排除）")] = False,
) -> None:
    """把各部门的三张统计表逐格相加，得到本级政府的汇总数据（交换格式 JSON）。"""
    files = list(report_files(inputs))
    accepted, excluded = [], []
    with progress_bar("检查", len(files), rate=True) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            item = load_and_check(path)
            if item.error is not None:
                d = item.error.diagnostic
                excluded.append({"source": str(path),
                                 "reason": f"无法读取：{d.message}（{d.code}）"})
            elif item.result is not None and item.result.has_errors and not include_errors:
                codes = sorted({f.code for f in item.result.findings if f.severity == "error"})
                excluded.append({"source": str(path),
                                 "reason": f"检查发现错误 {item.result.count('error')} 处"
                                           f"（{'、'.join(codes)}）"})
            else:
                accepted.append(item.result.report)  # type: ignore[union-attr]
            progress.advance(task)
    for e in excluded:
        err.print(Text.assemble(("未汇总", "yellow"), f"：{e['source']}：{e['reason']}"))
    try:
        result = rollup(accepted, agency, year)
    except RollupError as exc:
        raise fail(str(exc), 2) from None
    data = interchange.to_dict(result.report)
    data["rollup"] = {"inputs": result.sources, "excluded": excluded,
                      "blank_cells": result.blank}
    _emit(interchange.dumps(data) + "\n", output)
    blank = f"，{len(result.blank)} 个单元格因有报告为空而汇总为空" if result.blank else ""
    err.print(f"已汇总 {len(accepted)} 份报告，未汇总 {len(excluded)} 份{blank}",
              highlight=False, markup=False)


# ---------------------------------------------------------------- batch


@app.command("batch")
def batch_command(
    corpus: Annotated[Path, typer.Argument(help="语料文件夹（递归查找全部报告文件）")],
    output: Annotated[Path, typer.Option("--output", "-o", help="数据集文件夹")],
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", help="并行进程数（默认为本机核数；0 表示不开子进程）")] = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", help="在 Dask 集群上运行：调度器地址（如 tcp://host:8786），或 local[:N]"),
    ] = None,
) -> None:
    """把语料读取并检查为数据集（Parquet 与 CSV）；可中断后继续，已处理的文件按内容跳过。"""
    from gongkai.rollup.batch import count_files, run_batch

    if not corpus.is_dir():
        raise fail(f"{corpus} 不是文件夹", 2)
    total = count_files(corpus)
    with progress_bar("读取", total, rate=True) as progress:
        task = progress.add_task("", total=total)
        summary = run_batch(corpus, output, workers=workers, dask=dask,
                            advance=lambda n: progress.advance(task, n))
    err.print(f"共 {summary.files} 个文件：本次处理 {summary.processed} 个（无法读取 "
              f"{summary.failed} 个），已在数据集中而跳过 {summary.skipped} 个；数据集：{output}",
              highlight=False, markup=False)


# ---------------------------------------------------------------- stats


@app.command("stats")
def stats_command(
    dataset: Annotated[Path, typer.Argument(help="gongkai batch 写出的数据集文件夹")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="HTML 统计报告（同名文件夹中另存各统计表 CSV）")] = None,
    by: Annotated[ByWhat, typer.Option("--by", help="分组：year（年度）或 region（地区）")
                  ] = ByWhat.year,
    regions: Annotated[Path | None, typer.Option(
        "--regions", help="机关→地区对照表 CSV（列：agency,region）")] = None,
) -> None:
    """按年度或地区统计数据集：合计、公开率、不予公开理由、纠错率、问题、缺报与迟报。"""
    from gongkai.rollup.dataset import is_dataset
    from gongkai.rollup.regions import RegionMap
    from gongkai.rollup.report import csv_tables, html_report
    from gongkai.rollup.stats import compute

    if not is_dataset(dataset):
        raise fail(f"{dataset} 不是 gongkai batch 写出的数据集", 2)
    try:
        region_map = RegionMap.load(regions)
    except (OSError, ValueError) as exc:
        raise fail(f"对照表 {regions} 无法读取：{exc}", 2) from None
    result = compute(dataset, by=by.value, regions=region_map)
    if output is None:
        sys.stdout.write(result.text())
        return
    write_atomically(output, html_report(result))
    folder = output.with_suffix("")
    for name, text in csv_tables(result).items():
        write_atomically(folder / f"{name}.csv", text)
    err.print(f"统计报告：{output}；统计表：{folder}/", highlight=False, markup=False)


# ---------------------------------------------------------------- corpus


def _years(text: str) -> tuple[int, int]:
    try:
        first, _, last = text.partition("-")
        years = int(first), int(last or first)
    except ValueError:
        raise typer.BadParameter(f"年度范围应写作 2021-2025，而不是“{text}”",
                                 param_hint="--years") from None
    earliest = min(get_format(v).first_year for v in versions())
    if years[0] > years[1] or years[0] < earliest:
        raise typer.BadParameter(f"年度范围“{text}”无效（最早 {earliest} 年）",
                                 param_hint="--years")
    return years


@app.command("corpus")
def corpus_command(
    output: Annotated[Path, typer.Argument(help="语料文件夹")],
    n: Annotated[int, typer.Option("-n", help="报告份数")] = 100,
    kinds: Annotated[str, typer.Option(
        "--kinds", help="文档类型，逗号分隔：text、html、docx")] = "text,html",
    years: Annotated[str, typer.Option("--years", help="年度范围")] = "2021-2025",
    faults: Annotated[float, typer.Option(
        "--faults", help="注入已知问题的报告比例（0–1），见 manifest.csv")] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help="随机种子")] = 0,
) -> None:
    """生成随机而自洽的年度报告语料（含各机关的连续年度），可注入已知问题，供测试与性能测量。"""
    from gongkai.rollup.corpus import generate
    from gongkai.rollup.render import KINDS

    chosen = [k.strip() for k in kinds.split(",") if k.strip()]
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise typer.BadParameter(f"未知的文档类型：{'、'.join(unknown) or '（空）'}"
                                 f"（可用：{'、'.join(KINDS)}）", param_hint="--kinds")
    if not 0 <= faults <= 1:
        raise typer.BadParameter("比例应在 0 与 1 之间", param_hint="--faults")
    with progress_bar("生成", n, rate=True) as progress:
        task = progress.add_task("", total=n)
        manifest = generate(output, n, kinds=chosen, years=_years(years), faults=faults,
                            seed=seed, advance=lambda k: progress.advance(task, k))
    err.print(f"已生成 {n} 份报告：{output}；清单：{manifest}", highlight=False, markup=False)
