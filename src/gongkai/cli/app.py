"""The typer application and what its commands share: the error console, atomic writes,
progress bars."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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


def progress_bar(verb: str, total: int) -> Progress:
    """A progress bar on stderr, shown for more than one file on a terminal."""
    return Progress(
        TextColumn(f"[bold]{verb}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        TextColumn("{task.description}"), console=err, transient=True,
        disable=total < 2 or not err.is_terminal,
    )


@app.callback()
def _main() -> None:
    """gongkai：政府信息公开工作年度报告的读取、检查与编写工具。"""
