"""The dataset's tables: their columns, Arrow types and meaning, defined once.

`batch` writes every table in Parquet (one part file per chunk, `<table>/part-NNNNNN.parquet`)
and CSV (`<table>.csv`, UTF-8 with header); docs/dataset.md is generated from `TABLES`
(`python -m gongkai.rollup.schema`), and a test keeps it in step.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from gongkai.check.registry import SEVERITIES, SEVERITY_ZH
from gongkai.format import get_format
from gongkai.format.spec import versions


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def findings_column(severity: str) -> str:
    """The metadata column counting a report's findings of `severity`."""
    return f"findings_{severity}"


_ID = Column("report_id", pa.string(), "报告标识：文件内容的 SHA-256（十六进制）")

METADATA = Table("metadata", "每份成功读取的报告一行", (
    _ID,
    Column("source", pa.string(), "文件相对于语料目录的路径"),
    Column("size_bytes", pa.int64(), "文件大小（字节）"),
    Column("agency", pa.string(), "机关名称（读不出时为空）"),
    Column("year", pa.int32(), "报告年度（读不出时为空）"),
    Column("format", pa.string(), "格式版本：2021 或 2019"),
    Column("publication_date", pa.string(), "落款日期 YYYY-MM-DD（读不出时为空）"),
    Column("diagnostics", pa.int32(), "读取诊断的条数"),
    Column("diagnostics_error", pa.int32(), "其中级别为 error 的条数"),
    Column("blank_cells", pa.int32(), "为空（null）的单元格数"),
    *(Column(findings_column(s), pa.int32(), f"检查发现的“{SEVERITY_ZH[s]}”条数")
      for s in SEVERITIES),
))

CELLS_LONG = Table("cells_long", "长表：每份报告的每个单元格一行（报告 × 键名）", (
    _ID,
    Column("key", pa.string(), "单元格键名（见 src/gongkai/format/data/cells-*.csv）"),
    Column("value", pa.float64(),
           "数值；计数为整数，金额以万元计（两位小数）；空白或读不出的单元格为空（null），不是 0"),
))

FINDINGS = Table("findings", "检查发现的问题，每条一行", (
    _ID,
    Column("code", pa.string(), "规则代码，如 T3-101（见 docs/rules/）"),
    Column("severity", pa.string(), f"级别：{'、'.join(SEVERITIES)}"),
    Column("section", pa.string(), "所属部分的标识"),
    Column("keys", pa.string(), "涉及的单元格键名，以分号分隔"),
    Column("message", pa.string(), "中文说明"),
))

FAILURES = Table("failures", "无法读取的文件，每个一行", (
    Column("report_id", pa.string(), "文件内容的 SHA-256（文件无法打开时为空）"),
    Column("source", pa.string(), "文件相对于语料目录的路径"),
    Column("code", pa.string(), "诊断代码，如 R008（见 docs/diagnostics.md）"),
    Column("reason", pa.string(), "中文原因"),
))


@cache
def all_keys() -> tuple[str, ...]:
    """Every cell key of every format version, newest version's order first."""
    keys: dict[str, None] = {}
    for version in versions():
        keys.update(dict.fromkeys(get_format(version).keys))
    return tuple(keys)


def _wide_type(key: str) -> pa.DataType:
    for version in versions():
        spec = get_format(version)
        if key in spec.cells:
            return pa.float64() if spec.kind(key) == "amount_10k_yuan" else pa.int64()
    raise KeyError(key)


@cache
def cells_wide() -> Table:
    head = (_ID, METADATA.columns[3], METADATA.columns[4], METADATA.columns[5])
    keyed = tuple(Column(k, _wide_type(k), "") for k in all_keys())
    return Table("cells_wide", "宽表：每份报告一行，每个单元格键名一列（另一版格式独有的键为空）",
                 head + keyed)


def tables() -> tuple[Table, ...]:
    return (METADATA, CELLS_LONG, cells_wide(), FINDINGS, FAILURES)


def markdown() -> str:
    """docs/dataset.md."""
    lines = [
        "# 数据集结构 / Dataset schema",
        "",
        "<!-- 由 `python -m gongkai.rollup.schema > docs/dataset.md` 生成，请勿手工修改。 -->",
        "",
        "`gongkai batch 语料目录 -o 数据集` 写出的数据集中，每张表同时以 Parquet"
        "（`表名/part-NNNNNN.parquet`，每批一个文件）和 CSV（`表名.csv`，UTF-8，带表头）保存。"
        "`_state.json` 记录已完成的批次，中断后再次运行会从这里继续，内容已处理过的文件"
        "（按 SHA-256）不再读取。",
        "",
        "Every table is written both as Parquet (`<table>/part-NNNNNN.parquet`, one file per "
        "chunk; read the folder with `pyarrow.parquet.read_table` or pandas) and as CSV "
        "(`<table>.csv`, UTF-8 with a header). `_state.json` records the committed chunks; a "
        "killed run resumes from it, and a file whose content hash is already in the dataset is "
        "skipped. A blank cell is null in both forms, never 0.",
        "",
    ]
    for table in tables():
        lines += [f"## {table.name}", "", table.doc, "", "| 列 column | 类型 type | 说明 |",
                  "| --- | --- | --- |"]
        if table.name == "cells_wide":
            for c in table.columns[:4]:
                lines.append(f"| `{c.name}` | {c.type} | {c.doc} |")
            lines.append("| `t2.…`、`t3.…`、`t4.…` | int64（金额 double） | 每个单元格键名一列，"
                         "两版格式键名的并集；金额（`amount_10k_yuan`）为 double，其余为 int64 |")
        else:
            lines += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in table.columns]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown())
