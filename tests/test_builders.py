"""Sanity tests of the synthetic reports and the document builders themselves (not the reader)."""

from __future__ import annotations

import random
import re
import zipfile
from decimal import Decimal

import docx
import pytest
from hypothesis import given, settings
from lxml import html as lxml_html

from gongkai.format import get_format, versions
from gongkai.synth import (
    check_relations,
    derived_keys,
    leaf_keys,
    random_report,
    random_sections,
    year_range,
)
from tests.builders import (
    LAYOUTS,
    contact,
    docx_file,
    html_page,
    pdf_files,
    table_grid,
    text_dump,
    title,
)
from tests.builders.common import format_value
from tests.builders.pdf import soffice
from tests.strategies import consistent_reports, reports_with_sections

VERSIONS = versions()
NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])")
FULLWIDTH_COUNT = re.compile(r"[０-９]+件")


def make(version: str, seed: int = 7, **kwargs) -> tuple[dict, dict]:
    report = random_report(random.Random(seed), version, **kwargs)
    return report, random_sections(random.Random(seed), report)


def table_keys(version: str, *names: str) -> list[str]:
    spec = get_format(version)
    return [k for name in names for k in spec.tables[name].keys]


def printed(report: dict, keys: list[str]) -> list[str]:
    spec = get_format(report["format"])
    return [format_value(report["cells"][k], spec.kind(k)) for k in keys]


def no_table_text(sections: dict) -> dict:
    """Section texts without the narrative of the table sections (it mentions figures too)."""
    spec_sections = get_format("2021").sections
    return {s.id: ("" if s.table else sections[s.id]) for s in spec_sections}


def tables_region(text: str, version: str) -> str:
    """The text from the heading of section 二 to the heading of section 五."""
    titles = [s.title for s in get_format(version).sections]
    lines = [line.strip() for line in text.splitlines()]
    start, end = lines.index(titles[1]), lines.index(titles[4])
    return "\n".join(lines[start:end])


# ---------------------------------------------------------------- synth


@pytest.mark.parametrize("version", VERSIONS)
def test_random_reports_satisfy_every_relation(version: str) -> None:
    spec = get_format(version)
    first, last = year_range(version)
    leaves = leaf_keys(version)
    for seed in range(200):
        report = random_report(random.Random(seed), version)
        cells = report["cells"]
        assert report["format"] == version and first <= report["year"] <= last
        assert set(cells) == set(spec.keys)
        assert check_relations(cells, version) == [], seed
        non_zero = sum(1 for k in leaves if cells[k]) / len(leaves)
        assert non_zero >= 0.5, (seed, non_zero)


@pytest.mark.parametrize("version", VERSIONS)
def test_random_report_kinds(version: str) -> None:
    spec = get_format(version)
    for seed in range(50):
        cells = random_report(random.Random(seed), version)["cells"]
        for key, value in cells.items():
            kind = spec.kind(key)
            if kind == "amount_10k_yuan":
                assert isinstance(value, Decimal) and value.as_tuple().exponent == -2
            else:
                assert isinstance(value, int) and not isinstance(value, bool)
            if kind == "count":
                assert value >= 0, key


def _solve(cells: dict, version: str) -> dict:
    """Fill every cell a relation of the format determines from the others."""
    cells = dict(cells)
    changed = True
    while changed:
        changed = False
        for rel in get_format(version).relations:
            unknown = [k for k in rel.lhs + rel.rhs if cells[k] is None]
            if len(unknown) == 1:
                lhs = sum(cells[k] or 0 for k in rel.lhs)
                rhs = sum(cells[k] or 0 for k in rel.rhs)
                cells[unknown[0]] = rhs - lhs if unknown[0] in rel.lhs else lhs - rhs
                changed = True
    return cells


def test_leaves_and_derived_cells_partition_the_format() -> None:
    for version in VERSIONS:
        spec = get_format(version)
        keys = set(spec.keys)
        derived = derived_keys(version)
        assert derived and derived <= keys
        assert set(leaf_keys(version)) == keys - derived
        assert "t3.new_received.natural_person" in derived
        # Every derived cell is the left-hand side of a relation the format states ...
        assert all(any(k in r.lhs for r in spec.relations) for k in derived)
        # ... and the leaves alone determine them all, through the relations.
        for seed in range(5):
            cells = random_report(random.Random(seed), version)["cells"]
            blanked = {k: (None if k in derived else v) for k, v in cells.items()}
            assert _solve(blanked, version) == cells, (version, seed)
            # A leaf is free: with it unknown too, the relations do not give it back.
            for leaf in leaf_keys(version)[::17]:
                assert _solve({**blanked, leaf: None}, version)[leaf] is None, leaf


def test_density_zero_gives_an_all_zero_report() -> None:
    report = random_report(random.Random(1), "2021", density=0.0)
    assert not any(report["cells"].values())
    assert check_relations(report["cells"], "2021") == []


def test_check_relations_names_the_broken_relations() -> None:
    report, _ = make("2021")
    cells = dict(report["cells"])
    cells["t3.granted.natural_person"] += 1
    broken = check_relations(cells, "2021")
    assert "t3-results-total[natural_person]" in broken
    assert "t3-applicant-total[granted]" in broken
    cells["t3.granted.natural_person"] = None
    assert check_relations(cells, "2021") == []


def test_random_sections_cover_the_six_sections() -> None:
    for version in VERSIONS:
        report, sections = make(version)
        assert list(sections) == [s.id for s in get_format(version).sections]
        assert all(sections.values())
        # The sentence states table 三's 一 total, as a whole number (not a digit inside one).
        stated = re.search(r"新收政府信息公开申请(\d+)件", sections["requests"])
        assert stated and int(stated.group(1)) == report["cells"]["t3.new_received.total"]


@settings(max_examples=40, deadline=None)
@given(consistent_reports())
def test_strategy_reports_are_consistent(report: dict) -> None:
    assert check_relations(report["cells"], report["format"]) == []


# ---------------------------------------------------------------- text dumps


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_dump_prints_every_figure_in_statutory_order(layout: str, version: str) -> None:
    report, sections = make(version)
    text = text_dump(report, no_table_text(sections), layout)
    found = NUMBER.findall(tables_region(text, version))
    assert found == printed(report, table_keys(version, "二", "三", "四"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_dump_contains_row_one_of_table_three(layout: str) -> None:
    report, sections = make("2021", seed=11)
    figures = [v for v in printed(report, list(get_format("2021").tables["三"].rows[0].keys))
               if v != "0"]
    assert figures
    numbers = NUMBER.findall(text_dump(report, sections, layout))
    joined = " " + " ".join(numbers) + " "
    assert " " + " ".join(printed(report, list(get_format("2021").tables["三"].rows[0].keys))) \
        + " " in joined


@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_dump_front_and_back_matter(layout: str) -> None:
    report, sections = make("2021", seed=5)
    flat = re.sub(r"\s+", "", text_dump(report, sections, layout))
    c = contact(report)
    assert title(report) in flat
    assert f"本报告统计数据从{report['year']}年1月1日至12月31日" in flat
    for needle in (c.postcode, c.phone, c.email, c.url, c.address):
        assert needle in flat
    for section in get_format("2021").sections:
        assert section.title in flat


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fault", ["drop", "dup"])
def test_text_dump_faults(layout: str, fault: str) -> None:
    report, sections = make("2021", seed=3)
    keys = table_keys("2021", "二", "三", "四")
    target = "t3.granted.total"
    text = text_dump(report, no_table_text(sections), layout, faults=[(fault, target)])
    expected = printed(report, keys)
    i = keys.index(target)
    expected[i:i + 1] = [] if fault == "drop" else [expected[i]] * 2
    assert NUMBER.findall(tables_region(text, "2021")) == expected


def test_text_dump_rejects_unknown_layouts_and_faults() -> None:
    report, sections = make("2021")
    with pytest.raises(ValueError):
        text_dump(report, sections, "columns")
    with pytest.raises(ValueError):
        text_dump(report, sections, "tabs", faults=[("swap", "t3.granted.total")])
    with pytest.raises(KeyError):
        text_dump(report, sections, "tabs", faults=[("drop", "t3.nonsense.total")])


def test_tabs_split_splits_the_vertical_group_label() -> None:
    report, sections = make("2021")
    text = text_dump(report, sections, "tabs_split")
    group = get_format("2021").cells["t3.granted.total"].row_path[0]
    assert group not in text
    assert any(line.startswith(group[:3] + "\t") for line in text.splitlines())


def test_narrow_puts_figures_inside_a_wrapped_label() -> None:
    report, sections = make("2021")
    lines = text_dump(report, sections, "narrow").splitlines()
    label = get_format("2021").cells["t3.withheld.internal_affairs.total"].row_path[-1]
    row = printed(report, list(get_format("2021").tables["三"].rows[8].keys))
    assert f"{label[:5]} {' '.join(row)}" in lines


@settings(max_examples=15, deadline=None)
@given(reports_with_sections())
def test_every_layout_keeps_the_figures(pair: tuple[dict, dict]) -> None:
    report, sections = pair
    version = report["format"]
    expected = printed(report, table_keys(version, "二", "三", "四"))
    for layout in LAYOUTS:
        text = text_dump(report, no_table_text(sections), layout)
        assert NUMBER.findall(tables_region(text, version)) == expected


# ---------------------------------------------------------------- grids and HTML


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", ["二", "三", "四"])
def test_grids_tile_their_tables(version: str, name: str) -> None:
    grid = table_grid(get_format(version), name)
    covered: dict[tuple[int, int], int] = {}
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covered[(r, c)] = covered.get((r, c), 0) + 1
    assert set(covered) == {(r, c) for r in range(grid.n_rows) for c in range(grid.n_cols)}
    assert set(covered.values()) == {1}
    assert [c.key for c in grid.cells if c.key] == list(get_format(version).tables[name].keys)


def tds(page: bytes, encoding: str = "utf-8"):
    return lxml_html.fromstring(page.decode(encoding)).xpath("//td")


def td_text(td) -> str:
    return "".join(td.itertext()).strip()


@pytest.mark.parametrize("version", VERSIONS)
def test_html_draws_the_statutory_spans(version: str) -> None:
    report, sections = make(version)
    spec = get_format(version)
    cells = {td_text(td): td for td in tds(html_page(report, sections))}
    group = spec.cells["t3.granted.total"].row_path[0]
    results = [r for r in spec.tables["三"].rows if r.label_path[0] == group]
    assert cells[group].get("rowspan") == str(len(results))
    withheld = spec.cells["t3.withheld.state_secret.total"].row_path[1]
    assert cells[withheld].get("rowspan") == "8"
    organisations = spec.cells["t3.granted.other_org"].column_path[0]
    assert cells[organisations].get("colspan") == "5"
    review, litigation = (spec.cells[k].row_path[0] for k in ("t4.review.total",
                                                               "t4.litigation_direct.total"))
    assert cells[review].get("colspan") == "5"
    assert cells[litigation].get("colspan") == "10"


def test_html_figures_blanks_and_breaks() -> None:
    report, sections = make("2021")
    page = html_page(report, sections, blanks=["t3.granted.other_org"])
    assert b"<br>" in page
    figures = [td_text(td) for td in tds(page) if len(td) == 0 and NUMBER.fullmatch(td_text(td))]
    keys = [k for k in table_keys("2021", "二", "三", "四") if k != "t3.granted.other_org"]
    assert figures == printed(report, keys)
    assert "\xa0" in [td.text for td in tds(page)]


def test_html_units_fullwidth_and_gbk() -> None:
    report, sections = make("2021", seed=2)
    report["cells"]["t2.fees.amount"] = Decimal("3.25")
    page = html_page(report, sections, encoding="gbk", units=True, fullwidth=True)
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    text = page.decode("gbk")
    assert '<meta charset="gbk">' in text
    assert "３２５００元" in text
    figures = [t for td in tds(page, "gbk") if FULLWIDTH_COUNT.fullmatch(t := td_text(td))]
    assert len(figures) == len(table_keys("2021", "二", "三", "四")) - 1  # all but the fee
    ascii_figures = [td_text(td) for td in tds(page, "gbk")
                     if re.fullmatch(r"-?[0-9.]+[件元]?", td_text(td))]
    assert ascii_figures == []
    plain = html_page(report, sections, units=True).decode()
    assert "32500元" in plain


# ---------------------------------------------------------------- DOCX and PDF


def test_docx_has_merged_cells_and_headings(tmp_path) -> None:
    report, sections = make("2021")
    path = docx_file(report, sections, tmp_path / "r.docx", blanks=["t3.granted.total"])
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    assert title(report) in paragraphs
    for section in get_format("2021").sections:
        assert section.title in paragraphs
    assert len(document.tables) == 3
    row_one = [c.text for c in document.tables[2].rows[-1].cells]
    assert row_one == printed(report, table_keys("2021", "四"))
    granted_row = document.tables[1].rows[5].cells  # three header rows, 一, 二, then （一）
    assert granted_row[-1].text == ""  # the blank asked for
    assert [c.text for c in granted_row[3:-1]] == printed(
        report, list(get_format("2021").tables["三"].rows[2].keys)[:-1])


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_files_converts_a_batch(tmp_path) -> None:
    paths = [docx_file(*make(v, seed=9), tmp_path / f"r{v}.docx") for v in VERSIONS]
    pdfs = pdf_files(paths, tmp_path / "pdf")
    assert [p.name for p in pdfs] == [f"r{v}.pdf" for v in VERSIONS]
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
