"""gongkai corpus: consistent reports, chained year series, known faults the checker finds."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from typer.testing import CliRunner

from gongkai import synth
from gongkai.check import check
from gongkai.cli import app
from gongkai.diagnostics import ReadError
from gongkai.format import get_format
from gongkai.format.spec import versions
from gongkai.load import load_report
from gongkai.rollup.corpus import MANIFEST, read_manifest
from gongkai.rollup.series import random_series

runner = CliRunner()


def test_year_series_carry_over_and_in_force_chain():
    for seed in range(20):
        series = random_series(random.Random(seed), "中卫市教育局", [2019, 2020, 2021, 2022, 2023])
        for before, after in itertools.pairwise(series):
            assert synth.check_relations(after["cells"], after["format"]) == []
            for key, value in after["cells"].items():
                if key.startswith("t3.carried_over."):
                    column = key.rsplit(".", 1)[1]
                    assert value == before["cells"][f"t3.carried_forward.{column}"]
            if before["format"] == after["format"] == "2021":
                for stem in ("t2.regulations", "t2.normative_documents"):
                    c = after["cells"]
                    assert c[f"{stem}.in_force"] == (before["cells"][f"{stem}.in_force"]
                                                     + c[f"{stem}.issued"] - c[f"{stem}.repealed"])


def test_corpus_cli_files_read_back_and_faults_are_found(tmp_path: Path):
    out = tmp_path / "corpus"
    result = runner.invoke(app, ["corpus", str(out), "-n", "40", "--kinds", "text,html",
                                 "--years", "2020-2023", "--faults", "0.3", "--seed", "5"])
    assert result.exit_code == 0, result.output
    rows = read_manifest(out / MANIFEST)
    assert len(rows) == 40
    assert {r["kind"] for r in rows} == {"text", "html"}
    assert any("/" in r["path"] for r in rows)
    faulty = [r for r in rows if r["fault"]]
    assert faulty and len(faulty) < 40
    assert {r["kind"] for r in rows if r["format"] == "2021"} == {"text", "html"}
    previous: dict[tuple[str, int], object] = {}
    for row in rows:
        path = out / row["path"]
        if row["fault"] == "not-a-report":
            try:
                load_report(path)
            except ReadError as exc:
                assert exc.diagnostic.code == row["expected_code"]
                continue
            raise AssertionError(f"{path} should not read")
        report = load_report(path)
        assert (report.agency, report.year, report.format) == (
            row["agency"], int(row["year"]), row["format"])
        # the format version is read from the tables' column headers, not guessed from the year
        assert not {"R201", "R202", "R207"} & {d.code for d in report.diagnostics}, row
        previous[(report.agency, report.year)] = report
        codes = {f.code for f in check(report).findings}
        if row["fault"]:
            assert row["expected_code"] in codes, (row, codes)
        else:
            assert not codes, (row, codes)
    # consecutive years of one agency pass the cross-year rules
    pairs = [(r, previous.get((r.agency, r.year - 1))) for r in list(previous.values())]
    chained = [(r, p) for r, p in pairs if p is not None]
    assert chained
    for report, before in chained:
        codes = {f.code for f in check(report, previous=before).findings}
        assert "Y1-101" not in codes and "Y1-102" not in codes


def test_corpus_docx_kind(tmp_path: Path):
    result = runner.invoke(app, ["corpus", str(tmp_path), "-n", "2", "--kinds", "docx"])
    assert result.exit_code == 0, result.output
    rows = read_manifest(tmp_path / MANIFEST)
    for row in rows:
        report = load_report(tmp_path / row["path"])
        assert report.agency == row["agency"] and not check(report).has_errors
        assert "R201" not in {d.code for d in report.diagnostics}


def test_corpus_rejects_unknown_kind(tmp_path: Path):
    result = runner.invoke(app, ["corpus", str(tmp_path), "--kinds", "pdf"])
    assert result.exit_code == 2


def test_corpus_years_start_with_the_oldest_format(tmp_path: Path):
    earliest = min(get_format(v).first_year for v in versions())
    result = runner.invoke(app, ["corpus", str(tmp_path), "--years", f"{earliest - 1}-{earliest}"])
    assert result.exit_code == 2 and f"最早 {earliest} 年" in result.output
    result = runner.invoke(app, ["corpus", str(tmp_path / "ok"), "-n", "1",
                                 "--years", f"{earliest}-{earliest}"])
    assert result.exit_code == 0, result.output
