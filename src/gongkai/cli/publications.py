"""The agency's publication list as the commands that take `--publications` read it
(`gongkai check`, `gongkai write`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.text import Text

from gongkai.cli.app import err, warn

if TYPE_CHECKING:
    from gongkai.publish import PublicationItem


def publication_items(paths: list[Path], *, code: int = 2,
                      consequence: str = "") -> list[PublicationItem]:
    """The items of the publication list in `paths` (only its 信息 sheet); its warnings are
    printed. A list with bad rows ends the command with exit `code`, every problem listed
    after "发布信息清单有 N 处问题" and `consequence` (e.g. "，未写出")."""
    from gongkai.publish.io import PublicationFileError, PublishPart, read_files

    try:
        imported = read_files(paths, "", parts=(PublishPart.items,))
    except PublicationFileError as exc:
        err.print(Text.assemble(("错误", "red"),
                                f"：发布信息清单有 {len(exc.errors)} 处问题{consequence}："))
        for problem in exc.errors:
            err.print(f"  {problem}", markup=False, highlight=False)
        raise typer.Exit(code) from None
    for warning in imported.warnings:
        warn(warning)
    return imported.items
