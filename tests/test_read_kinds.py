"""Documents we build ourselves, with non-zero figures, read back identically in every input kind.

A reader that answered 0 (or anything constant) everywhere fails here: the random reports have
mostly non-zero, varied figures, and every cell is compared.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.format import get_format, versions
from gongkai.read import read_bytes, read_path
from gongkai.read.values import parse_figure
from gongkai.synth import random_report, random_sections
from tests.builders import LAYOUTS, docx_file, html_page, pdf_files, text_dump
from tests.strategies import reports_with_sections

SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_reads_back(report_read, truth: dict, blanks: tuple[str, ...] = ()) -> None:
    assert report_read.format == truth["format"]
    assert report_read.agency == truth["agency"]
    assert report_read.year == truth["year"]
    expected = {k: (None if k in blanks else v) for k, v in truth["cells"].items()}
    wrong = {k: (report_read.cells[k], v) for k, v in expected.items() if report_read.cells[k] != v}
    assert wrong == {}
    assert sum(1 for v in expected.values() if v) > len(expected) // 3  # the test has teeth


@SLOW
@given(reports_with_sections(), st.sampled_from(LAYOUTS), st.integers(0, 3))
def test_text_layouts_read_back(pair, layout, variant):
    report, sections = pair
    text = text_dump(report, sections, layout, variant=variant)
    read = read_bytes(text.encode("utf-8"), "report.txt")
    assert_reads_back(read, report)
    assert not [d for d in read.diagnostics if d.severity in ("error", "fatal")]
    assert len(read.sections) == 6


@SLOW
@given(reports_with_sections(), st.sampled_from(LAYOUTS), st.data())
def test_lost_or_doubled_figure_is_restored_or_named_never_invented(pair, layout, data):
    report, sections = pair
    spec = get_format(report["format"])
    key = data.draw(st.sampled_from([k for k in spec.keys if spec.cells[k].table != "二"]))
    fault = data.draw(st.sampled_from(["drop", "dup"]))
    text = text_dump(report, sections, layout, faults=[(fault, key)])
    read = read_bytes(text.encode("utf-8"), "report.txt")
    for k, truth in report["cells"].items():
        assert read.cells[k] in (truth, None), k  # never a wrong figure
    unread = {k for k, v in read.cells.items() if v is None}
    named = {k for d in read.diagnostics for k in d.keys}
    assert unread <= named  # every None is named in a diagnostic
    row_keys = next(r.keys for t in spec.tables.values() for r in t.rows if key in r.keys)
    codes = {d.code for d in read.diagnostics if set(d.keys) & set(row_keys)}
    assert codes & {"R103", "R104"}  # the damage is reported, restored or not


def test_restoration_with_nonzero_figures_is_exact():
    """A lost figure in a row of non-zero figures is put back with its true value."""
    rng = random.Random(11)
    report = random_report(rng, "2021", density=1.0)
    sections = random_sections(rng, report)
    key = "t3.granted.research_institution"
    assert report["cells"][key] > 0
    read = read_bytes(text_dump(report, sections, "wrapped", faults=[("drop", key)]).encode(),
                      "r.txt")
    assert read.cells[key] == report["cells"][key]
    assert read.provenance[key].method == "restored"
    assert any(d.code == "R104" and key in d.keys for d in read.diagnostics)


@SLOW
@given(reports_with_sections(), st.booleans(), st.booleans(), st.sampled_from(["utf-8", "gbk"]))
def test_html_reads_back(pair, units, fullwidth, encoding):
    report, sections = pair
    page = html_page(report, sections, encoding=encoding, units=units, fullwidth=fullwidth)
    read = read_bytes(page, "report.html")
    assert_reads_back(read, report)
    amounts = [k for k, c in get_format(report["format"]).cells.items()
               if c.kind == "amount_10k_yuan"]
    if units and any(report["cells"][k] for k in amounts):
        assert any(d.code == "R107" for d in read.diagnostics)  # 元 → 万元 said


def test_html_blank_cells_are_null_and_named():
    rng = random.Random(5)
    report = random_report(rng, "2021", density=1.0)
    blanks = ("t3.withheld.state_secret.legal_service_org", "t4.review.pending", "t2.fees.amount")
    read = read_bytes(html_page(report, random_sections(rng, report), blanks=blanks), "r.html")
    assert_reads_back(read, report, blanks)
    named = {k for d in read.diagnostics if d.code == "R106" for k in d.keys}
    assert named == set(blanks)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(pair=reports_with_sections())
def test_docx_reads_back(pair, tmp_path):
    report, sections = pair
    path = docx_file(report, sections, tmp_path / "r.docx")
    assert_reads_back(read_path(path), report)


def test_docx_blank_cell(tmp_path):
    rng = random.Random(9)
    report = random_report(rng, "2019", density=1.0)
    blanks = ("t3.carried_over.natural_person",)
    path = docx_file(report, random_sections(rng, report), tmp_path / "r.docx", blanks=blanks)
    read = read_path(path)
    assert_reads_back(read, report, blanks)
    assert read.provenance["t3.granted.total"].table_cell is not None
    named = {k for d in read.diagnostics if d.code == "R106" for k in d.keys}
    assert named == set(blanks)


@pytest.fixture(scope="module")
def pdf_cases(tmp_path_factory) -> list[tuple[dict, Path]]:
    if shutil.which("soffice") is None:
        pytest.skip("需要 LibreOffice（soffice）才能生成 PDF：make test 会自动安装")
    out = tmp_path_factory.mktemp("pdf")
    rng = random.Random(2024)
    cases = []
    for i in range(6):
        report = random_report(rng, "2019" if i % 3 == 0 else "2021")
        cases.append((report, docx_file(report, random_sections(rng, report), out / f"r{i}.docx")))
    pdfs = pdf_files([p for _, p in cases], out)
    return [(report, pdf) for (report, _), pdf in zip(cases, pdfs, strict=True)]


def test_pdf_reads_back(pdf_cases):
    for report, pdf in pdf_cases:
        read = read_path(pdf)
        assert_reads_back(read, report)
        assert not [d for d in read.diagnostics if d.code == "R104"]  # nothing to restore
        cell = read.provenance["t3.total_processed.total"]
        assert cell.page is not None and cell.bbox is not None


def test_figures_in_the_sentence_before_table_four_are_not_read_as_the_table():
    """Section 四 often opens with "被申请行政复议14件，被提起行政诉讼3件" before its table: the
    table's header starts after that sentence, so nothing needs restoring."""
    for seed in range(12):
        rng = random.Random(seed)
        report = random_report(rng, "2021")
        sections = random_sections(rng, report)
        review = get_format("2021").cells["t4.review.total"].row_path[0]
        assert review in sections["reviews_lawsuits"]
        for layout in LAYOUTS:
            read = read_bytes(text_dump(report, sections, layout).encode("utf-8"), "r.txt")
            assert_reads_back(read, report)
            assert not [d for d in read.diagnostics if d.code == "R104"], (seed, layout)


# ---------------------------------------------------------------- blank cells are never figures


def _inner_keys(spec) -> list[str]:
    """Keys printed between two other cells of their row: a tab-separated dump keeps their
    empty cell between two printed ones (a first cell's blank is indistinguishable from the
    label column's padding, a last cell's from the line's end)."""
    return [k for t in spec.tables.values() if t.layout == "rows" for r in t.rows
            for k in r.keys[1:-1]] + list(spec.tables["四"].keys[1:-1])


def _assert_blank(read, report: dict, key: str) -> None:
    assert read.cells[key] is None, key  # never a number
    assert any(d.code == "R106" and key in d.keys for d in read.diagnostics), key
    for k, truth in report["cells"].items():
        assert read.cells[k] in (truth, None), k  # never a wrong figure
    named = {k for d in read.diagnostics for k in d.keys}
    assert {k for k, v in read.cells.items() if v is None} <= named


@SLOW
@given(reports_with_sections(), st.sampled_from([lay for lay in LAYOUTS if "tabs" in lay]),
       st.data())
def test_blank_cell_of_a_tab_dump_is_none_and_named(pair, layout, data):
    """The builder's ("blank", key) fault keeps an empty cell only in the tab-separated layouts
    (in the others an empty figure prints nothing, like a lost one)."""
    report, sections = pair
    key = data.draw(st.sampled_from(_inner_keys(get_format(report["format"]))))
    text = text_dump(report, sections, layout, faults=[("blank", key)])
    _assert_blank(read_bytes(text.encode("utf-8"), "r.txt"), report, key)


@pytest.mark.parametrize("layout", [lay for lay in LAYOUTS if "tabs" in lay])
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_every_inner_blank_of_a_tab_dump_is_none(layout, version):
    rng = random.Random(3)
    report = random_report(rng, version, density=1.0)
    sections = random_sections(rng, report)
    for key in _inner_keys(get_format(version)):
        text = text_dump(report, sections, layout, faults=[("blank", key)])
        _assert_blank(read_bytes(text.encode("utf-8"), "r.txt"), report, key)


@pytest.mark.parametrize("mark", ["-", "—", "/", "无", "－"])
def test_blank_mark_in_running_text_is_a_blank_cell(mark):
    """"（一）予以公开 42 55 - 1 52 …": the mark is the cell, not label text; nothing restored."""
    rng = random.Random(11)
    report = random_report(rng, "2021", density=1.0)
    sections = random_sections(rng, report)
    spec = get_format("2021")
    key = "t3.granted.research_institution"
    row = next(r for r in spec.tables["三"].rows if key in r.keys)
    figures = [str(report["cells"][k]) for k in row.keys]
    text = text_dump(report, sections, "wrapped")
    printed = f"{row.label} {' '.join(figures)}"
    assert printed in text
    figures[row.keys.index(key)] = mark
    read = read_bytes(text.replace(printed, f"{row.label} {' '.join(figures)}").encode(), "r.txt")
    _assert_blank(read, report, key)
    assert not [d for d in read.diagnostics if d.code in ("R103", "R104")]
    assert {read.provenance[k].method for k in row.keys if k != key} == {"read"}


def _html_four(report: dict, sections: dict, blank: str, edit) -> bytes:
    """The HTML page with `blank` printed empty and table 四's figure row edited by `edit`
    (a function of the row's list of <td> cells)."""
    page = html_page(report, sections, blanks=(blank,)).decode()
    spec = get_format(report["format"])
    first = spec.tables["四"].keys[0]
    start = page.index("<tr><td>&nbsp;</td>" if blank == first else "<tr><td>", page.index(
        "class=\"table四\""))
    row_start = page.rindex("<tr>", 0, page.index("</table>", start))
    end = page.index("</tr>", row_start)
    cells = re.findall(r"<td>.*?</td>", page[row_start:end])
    assert len(cells) == len(spec.tables["四"].keys)
    return (page[:row_start] + "<tr>" + "".join(edit(cells)) + page[end:]).encode()


def _four_report() -> tuple[dict, dict]:
    rng = random.Random(5)
    report = random_report(rng, "2021", density=1.0)
    return report, random_sections(rng, report)


def test_printed_blank_in_a_damaged_row_is_not_restored():
    """Table 四 with 结果维持 printed blank and another figure lost: the blank is never solved
    from the relations (it says nothing), so it stays None with R106."""
    report, sections = _four_report()
    keys = get_format("2021").tables["四"].keys
    blank, lost = keys[0], keys[7]
    read = read_bytes(_html_four(report, sections, blank,
                                 lambda c: c[:7] + c[8:]), "r.html")
    assert read.cells[blank] is None
    assert read.provenance.get(blank) is None or read.provenance[blank].method != "restored"
    assert any(d.code == "R106" and blank in d.keys for d in read.diagnostics)
    for k, truth in report["cells"].items():
        assert read.cells[k] in (truth, None), k
    named = {k for d in read.diagnostics for k in d.keys}
    assert {k for k, v in read.cells.items() if v is None} <= named
    assert lost in named


def test_blank_in_a_row_with_a_doubled_figure_keeps_its_place():
    """Table 四 with 结果维持 printed blank and one figure printed twice: the blank is a cell,
    not padding; no figure moves to another column."""
    report, sections = _four_report()
    keys = get_format("2021").tables["四"].keys
    blank = keys[0]
    read = read_bytes(_html_four(report, sections, blank,
                                 lambda c: [*c[:9], c[9], *c[9:]]), "r.html")
    assert read.cells[blank] is None
    for k, truth in report["cells"].items():
        assert read.cells[k] in (truth, None), k  # nothing shifted a column
    named = {k for d in read.diagnostics for k in d.keys}
    assert {k for k, v in read.cells.items() if v is None} <= named
    assert blank in named


def test_partial_restoration_names_every_cell_and_uses_relations_only():
    """Table 二 states no relations: a row with a doubled figure cannot be put right by
    position alone (0 0 0 5 for three cells). Nothing is restored; every cell is named."""
    rng = random.Random(4)
    report = random_report(rng, "2021", density=1.0)
    sections = random_sections(rng, report)
    stem = get_format("2021").stock_rows()[1]
    row = next(r for r in get_format("2021").tables["二"].rows if r.keys[0].startswith(stem))
    for key in row.keys[:-1]:
        report["cells"][key] = 0
    assert report["cells"][row.keys[-1]]
    text = text_dump(report, sections, "tabs", faults=[("dup", row.keys[0])])
    read = read_bytes(text.encode(), "r.txt")
    named = {k for d in read.diagnostics for k in d.keys}
    for key in row.keys:
        assert read.cells[key] is None and key in named
        assert key not in read.provenance or read.provenance[key].method != "restored"
    restored = {k for k, p in read.provenance.items() if p.method == "restored"}
    assert restored <= named


def test_row_printed_over_two_lines_of_a_page_keeps_print_order():
    """Table 四's fifteen figures printed five on one line and ten on the next, each line from
    the left margin (as a PDF wraps a long row): the figures are read in print order, not
    re-sorted by their horizontal position."""
    from gongkai.read import read_document
    from gongkai.read.document import Document, Fragment, Line

    rng = random.Random(5)
    report = random_report(rng, "2021", density=1.0)
    sections = random_sections(rng, report)
    keys = get_format("2021").tables["四"].keys
    figures = [str(report["cells"][k]) for k in keys]
    text = text_dump(report, sections, "wrapped")
    assert " ".join(figures) in text
    text = text.replace(" ".join(figures), " ".join(figures[:5]) + "\n" + " ".join(figures[5:]))
    doc = Document("r.pdf", "pdf", pages=1)
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split()
        if words:
            doc.lines.append(Line([
                Fragment(w, page=1, line=number,
                         bbox=(72.0 + 30 * i, 12.0 * number, 90.0 + 30 * i, 12.0 * number + 10))
                for i, w in enumerate(words)]))
    read = read_document(doc)
    assert [read.cells[k] for k in keys] == [report["cells"][k] for k in keys]
    assert {read.provenance[k].method for k in keys} == {"read"}


@pytest.mark.parametrize(("text", "kind", "code"), [
    ("1.5", "count", "R108"), ("-3", "count", "R108"), ("3元", "count", "R105"),
    ("3件", "amount_10k_yuan", "R105"), ("三", "count", "R105"), ("-3", "signed_count", None),
])
def test_figure_carries_its_diagnostic_code(text, kind, code):
    figure = parse_figure(text, kind)
    assert figure.code == code
    assert (figure.error is None) == (code is None)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_version_from_the_statistics_period_when_the_title_has_no_year(version):
    """No year in the title, no column heading that only one version prints: the statistics
    period gives the year, and the year the version (R201), not "undetermined" (R202)."""
    from tests.builders.common import TITLE_SUFFIX

    rng = random.Random(8)
    report = random_report(rng, version, density=1.0)
    sections = random_sections(rng, report)
    text = text_dump(report, sections, "tabs")
    printed_title = f"{report['year']} {TITLE_SUFFIX}"
    assert printed_title in text
    text = text.replace(printed_title, TITLE_SUFFIX.removeprefix("年"), 1)
    for v in versions():
        for marker in get_format(v).markers:
            text = text.replace(marker, "")
    read = read_bytes(text.encode("utf-8"), "r.txt")
    codes = {d.code for d in read.diagnostics}
    assert "R202" not in codes and "R201" in codes
    assert (read.format, read.year) == (version, report["year"])
