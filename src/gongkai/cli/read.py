"""`gongkai read`: published reports → interchange JSON or long-form CSV."""

from __future__ import annotations

import csv
import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongkai import interchange
from gongkai.cli.app import app, err, progress_bar, read_error, warn, write_atomically
from gongkai.diagnostics import ReadError
from gongkai.read import MAX_BYTES, read_path


class OutputFormat(StrEnum):
    json = "json"
    csv = "csv"


def _read_all(files: list[Path], max_bytes: int) -> list[dict]:
    results: list[dict] = []
    progress = progress_bar("读取", len(files))
    with progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=path.name)
            try:
                results.append(interchange.to_dict(read_path(path, max_bytes=max_bytes)))
            except ReadError as exc:  # plain text: a message may hold "[", e.g. gongkai[ocr]
                results.append(read_error(path, exc))
            progress.advance(task)
    for r in results:
        for d in r.get("diagnostics", []):
            if d["severity"] in ("error", "fatal"):
                warn(f"{r['source']}：{d['message']}（{d['code']}）")
    return results


def _as_csv(results: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["file", "key", "value"])
    for r in results:
        for key, value in r.get("cells", {}).items():
            writer.writerow([r["source"], key, "" if value is None else value])
    return buf.getvalue()


@app.command("read")
def read_command(
    files: Annotated[list[Path], typer.Argument(help="年度报告文件：PDF、DOCX、HTML 或文本")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="输出格式")] = (
        OutputFormat.json
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件（默认标准输出）")
    ] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="单个文件大小上限（MB）")] = (
        MAX_BYTES // 1048576
    ),
) -> None:
    """读取年度报告，输出交换格式 JSON（多个文件为 JSON 数组）或长表 CSV（file, key, value）。"""
    results = _read_all(files, max_size * 1048576)
    if output_format is OutputFormat.csv:
        text = _as_csv(results)
    else:
        text = interchange.dumps(results[0] if len(files) == 1 else results) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text)
    failed = sum(1 for r in results if "error" in r)
    if len(files) > 1:
        err.print(f"共 {len(files)} 个文件：成功 {len(files) - failed} 个，失败 {failed} 个",
                  highlight=False)
    raise typer.Exit(1 if failed else 0)
