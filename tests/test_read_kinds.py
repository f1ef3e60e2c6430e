"""Documents we build ourselves, with non-zero figures, read back identically in every input kind.

A reader that answered 0 (or anything constant) everywhere fails here: the random reports have
mostly non-zero, varied figures, and every cell is compared.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.format import get_format
from gongkai.read import read_bytes, read_path
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
        assert "行政复议" in sections["reviews_lawsuits"]
        for layout in LAYOUTS:
            read = read_bytes(text_dump(report, sections, layout).encode("utf-8"), "r.txt")
            assert_reads_back(read, report)
            assert not [d for d in read.diagnostics if d.code == "R104"], (seed, layout)
