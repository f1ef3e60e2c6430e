"""The typer application and what its commands share: the error console, atomic writes,
progress bars."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from gongkai.diagnostics import ReadError

app = typer.Typer(
    help="gongkai：政府信息公开工作年度报告的读取、检查与编写工具。",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write the whole output or nothing: a temporary file renamed into place. Text is written
    as UTF-8."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _Rate(ProgressColumn):
    """Files per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} 份/秒" if speed else "— 份/秒")


def progress_bar(verb: str, total: int, *, rate: bool = False) -> Progress:
    """A progress bar on stderr, shown for more than one file on a terminal; with `rate`, also
    the files per second and the time elapsed (for long runs over many files)."""
    timing = [_Rate(), TimeElapsedColumn(), TextColumn("剩余")] if rate else []
    return Progress(
        TextColumn(f"[bold]{verb}"), BarColumn(), MofNCompleteColumn(), *timing,
        TimeRemainingColumn(), TextColumn("{task.description}"), console=err, transient=True,
        disable=total < 2 or not err.is_terminal,
    )


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a Chinese error (the message is plain text, never Rich markup) and return the
    exit to raise."""
    err.print(Text.assemble(("错误", "red"), "：", message))
    return typer.Exit(code)


def warn(message: str) -> None:
    err.print(Text.assemble(("注意", "yellow"), "：", message))


def read_error(path: object, error: ReadError) -> dict:
    """Report a file that could not be read (stderr) and return its entry for the output."""
    d = error.diagnostic
    err.print(Text.assemble(("错误", "red"), f"：{path}：{d.message}（{d.code} {d.name}）"))
    return {"source": str(path), "error": d.to_dict()}


@app.callback()
def _main() -> None:
    """gongkai：政府信息公开工作年度报告的读取、检查与编写工具。"""
