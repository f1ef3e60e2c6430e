"""The tables' grids are derived from the format: every cell once, every label the format's."""

from __future__ import annotations

import pytest

from gongkai.format import get_format, versions
from gongkai.format.spec import TABLES
from gongkai.write.layout import label_texts, table_grid


def _spec_texts(version: str, table: str) -> set[str]:
    spec = get_format(version)
    tdef = spec.tables[table]
    texts = set(tdef.headers) | {f"（{tdef.note}）"} if tdef.note else set(tdef.headers)
    for key in tdef.keys:
        cell = spec.cells[key]
        texts |= set(cell.row_path) | set(cell.column_path) | {"/".join(cell.column_path)}
    return texts


@pytest.mark.parametrize("version", versions())
@pytest.mark.parametrize("table", TABLES)
def test_every_cell_once_and_the_grid_is_tiled(version, table):
    grid = table_grid(version, table)
    spec = get_format(version)
    keys = [c.key for c in grid.cells if c.key is not None]
    assert sorted(keys) == sorted(spec.tables[table].keys)
    covered: dict[tuple[int, int], object] = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.col, cell.last_col + 1):
                assert (r, c) not in covered, (table, r, c)
                covered[(r, c)] = cell
    assert len(covered) == grid.n_rows * grid.n_cols  # no hole, no overlap
    assert len(grid.widths_mm) == grid.n_cols
    assert abs(sum(grid.widths_mm) - 156.0) < 1e-6


def _spec_labels(version: str, table: str) -> set[str]:
    """Every label the format gives the table: headers, note, each level of each cell's row and
    column path."""
    spec = get_format(version)
    tdef = spec.tables[table]
    labels = set(tdef.headers) | ({f"（{tdef.note}）"} if tdef.note else set())
    for key in tdef.keys:
        labels |= set(spec.cells[key].row_path) | set(spec.cells[key].column_path)
    return labels


@pytest.mark.parametrize("version", versions())
@pytest.mark.parametrize("table", TABLES)
def test_every_label_comes_from_the_format(version, table):
    assert set(label_texts(version, table)) <= _spec_texts(version, table)
    # ... and the grid prints every one of them
    assert _spec_labels(version, table) <= set(label_texts(version, table))


def test_table_three_draws_the_note_and_nested_headers():
    grid = table_grid("2021", "三")
    corner = next(c for c in grid.cells if c.row == 0 and c.col == 0)
    assert corner.role == "note" and "勾稽关系" in corner.text
    assert (corner.rowspan, corner.colspan) == (3, 3)
    legal = next(c for c in grid.cells if c.text == "法人或其他组织")
    assert legal.colspan == 5
    results = next(c for c in grid.cells if c.text == "三、本年度办理结果")
    assert results.rowspan == 22  # （一）…（六）的各项与（七）总计
    withheld = next(c for c in grid.cells if c.text == "（三）不予公开")
    assert withheld.rowspan == 8
    # 2019: （六）其他处理 is one row
    other = next(c for c in table_grid("2019", "三").cells if c.text == "（六）其他处理")
    assert (other.rowspan, other.colspan) == (1, 2)


def test_table_two_blocks_and_table_four_groups():
    grid = table_grid("2021", "二")
    groups = [c.text for c in grid.cells if c.role == "group"]
    assert groups == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                      "第二十条第（八）项"]
    assert all(c.colspan == grid.n_cols for c in grid.cells if c.role == "group")
    amount = next(c for c in grid.cells if c.key == "t2.fees.amount")
    assert amount.colspan == 3  # one figure spans the block's width
    assert "第二十条第（九）项" in [c.text for c in table_grid("2019", "二").cells]
    four = table_grid("2021", "四")
    assert four.n_rows == 4 and four.n_cols == 15 and four.header_rows == 3
    tops = {c.text: c.colspan for c in four.cells if c.row == 0}
    assert tops == {"行政复议": 5, "行政诉讼": 10}
    assert {c.text: c.colspan for c in four.cells if c.row == 1 and c.colspan > 1} == {
        "未经复议直接起诉": 5, "复议后起诉": 5}


def test_figures_know_their_headers():
    grid = table_grid("2021", "三")
    cell = next(c for c in grid.cells if c.key == "t3.withheld.state_secret.commercial_enterprise")
    texts = [h.text for h in grid.headers_of(cell)]
    assert texts == ["申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果",
                     "（三）不予公开", "1.属于国家秘密"]
    two = table_grid("2021", "二")
    cell = next(c for c in two.cells if c.key == "t2.penalty.decisions")
    assert [h.text for h in two.headers_of(cell)] == [
        "第二十条第（六）项", "本年处理决定数量", "行政处罚"]
