"""Round trip: a report written by gongkai and read back by gongkai's reader is the same report —
every cell, the agency, the year, the format — for DOCX, HTML and PDF, in both format versions.

Random consistent reports have mostly non-zero, varied figures, so a writer that printed 0 (or
anything constant) everywhere would fail; the seeds (almost all zeros) are real reports read from
their text and written again.
"""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.format import get_format
from gongkai.interchange import from_dict
from gongkai.model import Report, Section
from gongkai.read import read_bytes, read_path
from gongkai.synth import random_report, random_sections
from gongkai.write import render
from gongkai.write.compose import compose
from gongkai.write.docx import docx_bytes
from gongkai.write.pdf import convert
from tests.conftest import seed_cases
from tests.strategies import reports_with_sections

ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A seed whose title the PDF breaks over two lines while its opening text quotes the full name
# (the writer prints the official two-line title; the reader must take the agency from it).
TITLE_IN_TWO_LINES = "003_f3e5704190ef934c"


def report_of(data: dict, sections: dict[str, str] | None = None) -> Report:
    report = from_dict(data)
    if sections:
        report.sections = {s.id: Section(s.id, s.title, sections[s.id])
                           for s in get_format(report.format).sections if sections.get(s.id)}
    return report


def assert_same(read: Report, truth: dict, *, teeth: bool = True) -> None:
    assert read.format == truth["format"]
    assert read.year == truth["year"]
    assert read.agency == truth["agency"]
    wrong = {k: (read.cells.get(k), v) for k, v in truth["cells"].items() if read.cells.get(k) != v}
    assert wrong == {}
    assert set(read.cells) == set(truth["cells"])
    if teeth:
        assert sum(1 for v in truth["cells"].values() if v) > len(truth["cells"]) // 3


def as_truth(report: Report) -> dict:
    return {"format": report.format, "agency": report.agency, "year": report.year,
            "cells": dict(report.cells)}


# ---------------------------------------------------------------- DOCX and HTML, properties


@pytest.mark.parametrize("kind", ["docx", "html"])
@ROUND_TRIP
@given(pair=reports_with_sections(), clerk_wrote_it=st.booleans())
def test_round_trip(kind, pair, clerk_wrote_it):
    data, sections = pair
    report = report_of(data, sections if clerk_wrote_it else None)
    read = read_bytes(render(report, kind), f"report.{kind}")
    assert_same(read, data)
    assert len(read.sections) == 6
    assert not [d for d in read.diagnostics if d.severity in ("error", "fatal")]


@pytest.mark.parametrize("kind", ["docx", "html"])
@pytest.mark.parametrize("version", ["2021", "2019"])
def test_blank_cells_stay_blank(kind, version):
    data = random_report(random.Random(8), version, density=1.0)
    blanks = [k for k in list(data["cells"])[::17]]
    for key in blanks:
        data["cells"][key] = None
    read = read_bytes(render(report_of(data), kind), f"report.{kind}")
    assert_same(read, data)
    assert {k for d in read.diagnostics if d.code == "R106" for k in d.keys} == set(blanks)


def test_amounts_keep_their_decimals():
    data = random_report(random.Random(9), "2021", density=1.0)
    data["cells"]["t2.fees.amount"] = Decimal("1234.05")
    for kind in ("docx", "html"):
        read = read_bytes(render(report_of(data), kind), f"r.{kind}")
        assert read.cells["t2.fees.amount"] == Decimal("1234.05")


# ---------------------------------------------------------------- the seeds


SEEDS = seed_cases()


@pytest.mark.parametrize("kind", ["docx", "html"])
@pytest.mark.parametrize(("case", "path", "truth"), SEEDS, ids=[c[0][:3] for c in SEEDS])
def test_seed_round_trip(case, path, truth, kind):
    read = read_bytes(render(read_path(path), kind), f"{case}.{kind}")
    assert_same(read, truth, teeth=False)


# ---------------------------------------------------------------- PDF: one LibreOffice run


def _pdf_inputs() -> list[tuple[str, Report, dict]]:
    """(name, report to write, truth): the seeds and a few non-zero reports of both versions."""
    cases = [(case, read_path(path), truth) for case, path, truth in SEEDS]
    rng = random.Random(2025)
    for i, version in enumerate(("2021", "2019", "2021", "2019")):
        data = random_report(rng, version, density=0.8)
        sections = random_sections(rng, data) if i < 2 else None
        cases.append((f"synthetic-{i}-{version}", report_of(data, sections), data))
    return cases


@pytest.fixture(scope="module")
def pdf_reads(tmp_path_factory) -> list[tuple[str, Report, dict]]:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("需要 LibreOffice（soffice）才能写出 PDF：make test 会自动安装")
    out: Path = tmp_path_factory.mktemp("write-pdf")
    cases = _pdf_inputs()
    docs = []
    for name, report, _ in cases:
        path = out / f"{name}.docx"
        path.write_bytes(docx_bytes(compose(report)))
        docs.append(path)
    pdfs = convert(docs, out)
    return [(name, read_path(pdf), truth)
            for (name, _, truth), pdf in zip(cases, pdfs, strict=True)]


def test_pdf_round_trip_synthetic(pdf_reads):
    synthetic = [(n, r, t) for n, r, t in pdf_reads if n.startswith("synthetic")]
    assert len(synthetic) == 4
    for name, read, truth in synthetic:
        assert_same(read, truth)
        assert read.provenance["t3.total_processed.total"].page is not None, name
        assert len(read.sections) == 6, name
    # Every one reads without a single diagnostic: no page number taken for a figure, and the
    # clerk's sentence stating figures before table 四 is not counted into the table (no R104).
    for name, read, _ in synthetic:
        assert read.diagnostics == [], name


def test_pdf_round_trip_seeds(pdf_reads):
    seeds = [(n, r, t) for n, r, t in pdf_reads if not n.startswith("synthetic")]
    assert len(seeds) == len(SEEDS)
    for _, read, truth in seeds:
        assert_same(read, truth, teeth=False)


def test_pdf_agency_of_seed_003(pdf_reads):
    """The title is broken over two lines in the PDF, and a preamble line quotes the report's
    full name ("…和商务局 2022 年度政府信息公开工作年度报告"): the title must win."""
    _, read, truth = next(c for c in pdf_reads if c[0] == TITLE_IN_TWO_LINES)
    assert read.agency == truth["agency"]
