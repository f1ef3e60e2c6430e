"""What the commands that use the store share (`gongkai register …`, `gongkai publish …`):
the --db and --agency options, opening the store, the agency's name, a rejected import, and
padding for plain-text tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer
from rich.cells import cell_len
from rich.text import Text

from gongkai.cli.app import err, fail

DbOption = Annotated[str | None, typer.Option(
    "--db", help="数据库：SQLite 文件路径或 postgresql://… 地址（默认取环境变量 DATABASE_URL 或 "
    "GONGKAI_DB，都没有时为当前目录的 gongkai.sqlite3）")]
AgencyOption = Annotated[str | None, typer.Option(
    "--agency", "-a", help="机关名称（数据库中只有一个机关时可省略）")]


def open_store(db: str | None) -> None:
    """Set up the store (exit 2 with the reason when it cannot be used)."""
    from gongkai.register import store

    try:
        store.setup(db)
    except (store.StoreError, ValueError) as exc:
        raise fail(str(exc), 2) from None


def agency_name(name: str | None) -> str:
    """The agency given, or the store's only one (exit 2 asking for --agency otherwise)."""
    from gongkai.register import store

    if name and name.strip():
        return name.strip()
    known = store.agencies()
    if len(known) == 1:
        return known[0]
    hint = f"（已有：{'、'.join(known)}）" if known else ""
    raise fail(f"请用 --agency 指定机关名称{hint}", 2)


def rejected(errors: Iterable[object]) -> typer.Exit:
    """Print every problem of a rejected import; the exit (code 1) to raise."""
    errors = list(errors)
    err.print(Text.assemble(("导入失败", "red"),
                            f"：发现 {len(errors)} 处问题，数据库未作任何修改。"))
    for problem in errors:
        err.print(Text(f"  {problem}"))
    return typer.Exit(1)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (a CJK character takes two)."""
    return text + " " * max(0, width - cell_len(text))
