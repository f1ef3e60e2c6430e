"""gongkai rollup: cell-by-cell sums, blanks propagated, mixed inputs refused."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongkai import interchange, synth
from gongkai.check import check
from gongkai.cli import app
from gongkai.format import get_format
from gongkai.load import load_report, report_files
from gongkai.rollup import RollupError, rollup
from gongkai.rollup.render import text_document

runner = CliRunner()


def _three(year: int = 2023) -> list[dict]:
    """Three consistent reports with their sections (so the checker finds no error)."""
    rng = random.Random(7)
    out = []
    for i in range(3):
        data = synth.random_report(rng, "2021", year=year, agency=f"中卫市第{i}局", density=0.9)
        texts = synth.random_sections(rng, data)
        data["sections"] = {sid: {"heading": sid, "text": text} for sid, text in texts.items()}
        out.append(data)
    return out


def _write(folder: Path, reports: list[dict]) -> list[Path]:
    paths = []
    for i, data in enumerate(reports):
        path = folder / f"r{i}.json"
        path.write_text(interchange.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths


def test_sums_equal_hand_computed_sums():
    data = _three()
    reports = [interchange.from_dict(d) for d in data]
    total = rollup(reports, "中卫市人民政府").report
    # Hand-computed: the figures are non-zero and differ between the reports.
    key = "t3.new_received.natural_person"
    values = [d["cells"][key] for d in data]
    assert len(set(values)) > 1 and all(values)
    assert total.cells[key] == values[0] + values[1] + values[2]
    fee = [d["cells"]["t2.fees.amount"] for d in data]
    assert total.cells["t2.fees.amount"] == fee[0] + fee[1] + fee[2]
    assert isinstance(total.cells["t2.fees.amount"], Decimal)
    in_force = [d["cells"]["t2.regulations.in_force"] for d in data]
    assert total.cells["t2.regulations.in_force"] == sum(in_force)
    for key in get_format("2021").keys:
        assert total.cells[key] == sum(d["cells"][key] for d in data)
    assert total.agency == "中卫市人民政府" and total.year == 2023


def test_blank_cell_makes_the_sum_blank_and_is_named():
    reports = [interchange.from_dict(d) for d in _three()]
    reports[1].cells["t4.review.upheld"] = None
    reports[1].source = "某局.pdf"
    result = rollup(reports)
    assert result.report.cells["t4.review.upheld"] is None
    assert result.blank == {"t4.review.upheld": ["某局.pdf"]}
    diagnostic = result.report.diagnostics[0]
    assert diagnostic.keys == ["t4.review.upheld"] and "某局.pdf" in diagnostic.message
    assert diagnostic.code == "G002" and diagnostic.location == {}
    assert len(result.report.diagnostics) == 1


def test_blank_cell_names_every_blank_input_up_to_ten():
    data = _three() * 4  # twelve reports
    reports = [interchange.from_dict(d) for d in data]
    for i, report in enumerate(reports):
        report.source = f"第{i}局.pdf"
        report.cells["t2.fees.amount"] = None
    diagnostic = rollup(reports).report.diagnostics[0]
    assert diagnostic.code == "G002"
    assert all(f"第{i}局.pdf" in diagnostic.message for i in range(10))
    assert "第10局.pdf" not in diagnostic.message and "等 12 份报告" in diagnostic.message


def test_mixing_years_or_formats_is_refused():
    a, b = (interchange.from_dict(d) for d in _three()[:2])
    b.year = 2022
    with pytest.raises(RollupError, match="年度"):
        rollup([a, b])
    c = interchange.from_dict(synth.random_report(random.Random(1), "2019", year=2023))
    with pytest.raises(RollupError, match="格式版本"):
        rollup([a, c])
    with pytest.raises(RollupError, match="--year"):
        rollup([a], year=2021)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(["2021", "2019"]), st.integers(1, 5))
def test_rolled_up_consistent_reports_pass_table_arithmetic(seed, version, n):
    rng = random.Random(seed)
    year = synth.year_range(version)[0]
    reports = [interchange.from_dict(synth.random_report(rng, version, year=year))
               for _ in range(n)]
    total = rollup(reports, "某市人民政府").report
    assert synth.check_relations(total.cells, version) == []
    findings = check(total).findings
    assert not [f for f in findings if f.code.startswith(("T3", "T4", "T0"))]


def test_cli_rollup_lists_failed_inputs_and_writes_interchange(tmp_path: Path):
    data = _three()
    paths = _write(tmp_path, data)
    bad = dict(data[0], agency="中卫市坏局")
    bad["cells"] = dict(bad["cells"])
    bad["cells"]["t4.review.total"] += 1
    (tmp_path / "bad.json").write_text(interchange.dumps(bad), encoding="utf-8")
    (tmp_path / "junk.txt").write_text("这不是年度报告。\n", encoding="utf-8")
    doc = interchange.from_dict(data[0])
    doc.agency = "中卫市文本局"
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc.txt").write_text(text_document(doc), encoding="utf-8")
    out = tmp_path / "out" / "total.json"
    result = runner.invoke(app, ["rollup", str(tmp_path), "--as", "中卫市人民政府", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "bad.json" in result.stderr and "junk.txt" in result.stderr and "未汇总" in result.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["agency"] == "中卫市人民政府"
    assert len(written["rollup"]["inputs"]) == 4 and len(written["rollup"]["excluded"]) == 2
    key = "t3.new_received.total"
    assert written["cells"][key] == sum(d["cells"][key] for d in data) + data[0]["cells"][key]
    report = load_report(out)  # valid interchange for check and write
    codes = {f.code for f in check(report).findings}
    assert not {c for c in codes if c.startswith(("T0", "T3", "T4"))}
    checked = runner.invoke(app, ["check", str(out), "--format", "json"])
    assert checked.exception is None or isinstance(checked.exception, SystemExit), checked.output
    # The sum has figures but no text: its only errors are the six sections missing (C1-101),
    # which make `check` exit 1 — and no arithmetic finding at all.
    findings = json.loads(checked.stdout)["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert sorted(f["section"] for f in errors) == sorted(s.id for s in get_format("2021").sections)
    assert {f["code"] for f in errors} == {"C1-101"}
    assert checked.exit_code == 1
    assert not {f["code"] for f in findings if f["code"].startswith(("T0", "T3", "T4"))}
    page = tmp_path / "gov.html"
    written_page = runner.invoke(app, ["write", str(out), "-o", str(page)])
    assert written_page.exit_code == 0, written_page.output
    assert "中卫市人民政府" in page.read_text(encoding="utf-8")
    included = runner.invoke(app, ["rollup", *map(str, paths), str(tmp_path / "bad.json"),
                                   "--include-errors"])
    assert included.exit_code == 0
    assert json.loads(included.stdout)["cells"]["t4.review.total"] == (
        sum(d["cells"]["t4.review.total"] for d in data) + bad["cells"]["t4.review.total"])


def test_cli_rollup_refuses_mixed_years(tmp_path: Path):
    data = _three()
    data[2] = dict(data[2], year=2022)
    paths = _write(tmp_path, data)
    result = runner.invoke(app, ["rollup", *map(str, paths)])
    assert result.exit_code == 2
    assert "不能汇总不同年度的报告" in result.stderr


def test_report_files_walks_every_suffix_the_readers_take(tmp_path: Path):
    names = ["a.pdf", "b.docx", "c.html", "d.htm", "e.shtml", "f.XHTML", "g.txt", "h.text",
             "i.json"]
    (tmp_path / "sub").mkdir()
    for name in names:
        (tmp_path / "sub" / name).write_bytes(b"x")
    # pictures are read (by OCR) only when named: in a folder they are logos and charts
    for other in ("i2.png", "i3.JPG", "i4.jpeg", "j.gif", ".hidden.txt"):
        (tmp_path / "sub" / other).write_bytes(b"x")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "k.txt").write_bytes(b"x")
    given = tmp_path / "given.gif"  # a file given by name is taken whatever its suffix
    given.write_bytes(b"x")
    found = list(report_files([tmp_path / "sub", given]))
    assert found == [tmp_path / "sub" / n for n in names] + [given]
