"""Every seed reads to exactly its expected reading in ../shared/fixtures/seeds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gongkai.read import read_path
from tests.conftest import seed_cases

CASES = seed_cases()


@pytest.mark.parametrize(("case", "path", "expected"), CASES, ids=[c[0] for c in CASES])
def test_seed_reads_to_expected(case, path, expected):
    report = read_path(path)
    assert report.format == expected["format"]
    assert report.agency == expected["agency"]
    assert report.year == expected["year"]
    assert set(report.cells) == set(expected["cells"])
    wrong = {k: (report.cells[k], v) for k, v in expected["cells"].items() if report.cells[k] != v}
    assert wrong == {}
    # Every cell that has a value says where it came from.
    assert all(k in report.provenance for k, v in report.cells.items() if v is not None)
    assert len(report.sections) == 6


def test_seed_003_restorations_are_announced():
    """Seed 003's extraction lost a figure in three rows and doubled one in table 四."""
    path = next(p for c, p, _ in CASES if c.startswith("003"))
    report = read_path(path)
    restored = [d for d in report.diagnostics if d.code == "R104"]
    rows = {d.keys[0].rsplit(".", 1)[0] for d in restored}
    assert rows == {"t3.granted", "t3.partially_granted", "t3.carried_forward", "t4.review"}
    assert report.provenance["t3.granted.total"].method == "restored"
    assert report.provenance["t3.new_received.total"].method == "read"


def test_seed_metadata():
    by_case = {c[:3]: read_path(p) for c, p, _ in CASES}
    meta = by_case["000"].metadata
    assert meta.statistics_period == ("2022-01-01", "2022-12-31")
    assert meta.publication_url == "http://www.spt.gov.cn/"
    assert (meta.postcode, meta.phone, meta.email) == ("755000", "0955-8812012",
                                                       "sptqkxjsj@163.com")
    assert meta.address == "中卫市沙坡头区中央西大道36号305室"
    assert by_case["002"].metadata.fax == "0955-7063893"
    assert by_case["003"].sections["overview"].heading == "一、总体工作情况"
    assert by_case["003"].sections["problems"].heading == "五、存在的问题及改进情况"
    assert "无" in by_case["001"].sections["other"].text
    assert by_case["004"].metadata.statistics_period is None


def test_cli_reads_seed_to_interchange_json():
    _, path, expected = CASES[3]
    out = subprocess.run([sys.executable, "-m", "gongkai", "read", str(path)],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("format", "agency", "year")} == {
        k: expected[k] for k in ("format", "agency", "year")}
    assert data["cells"] == expected["cells"]
    assert {"sections", "metadata", "provenance", "diagnostics"} <= set(data)
