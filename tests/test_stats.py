"""gongkai stats: rates from counts (never averaged across reports), missing and late reports,
an offline HTML report."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai import interchange
from gongkai.check import RULES
from gongkai.cli import app
from gongkai.format import get_format
from gongkai.rollup.batch import run_batch
from gongkai.rollup.corpus import MANIFEST, generate, plan, read_manifest
from gongkai.rollup.regions import RegionMap, region_from_name
from gongkai.rollup.stats import compute
from gongkai.rollup.work import sha256_of

runner = CliRunner()


def _report(agency: str, year: int, **cells: int) -> dict:
    return {"format": "2021", "agency": agency, "year": year,
            "cells": {f"t{k[1]}.{k[3:].replace('__', '.')}": v for k, v in cells.items()}}


def _dataset(tmp_path: Path, reports: list[dict]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, data in enumerate(reports):
        (corpus / f"{i}.json").write_text(interchange.dumps(data), encoding="utf-8")
    out = tmp_path / "ds"
    run_batch(corpus, out, workers=0)
    return out


@pytest.fixture
def small(tmp_path: Path) -> Path:
    # A: 1 of 1 granted (100 %); B: 1 of 99 granted (≈1 %). The mean of the two rates is
    # 50.5 %; the rate of the counts is 2 / 100 = 2 %.
    a = _report("中卫市教育局", 2022, t3_granted__total=1, t3_partially_granted__total=0,
                t3_total_processed__total=1, t3_new_received__total=1,
                t4_review__corrected=3, t4_review__total=4, t4_review__pending=1)
    b = _report("海原县民政局", 2022, t3_granted__total=0, t3_partially_granted__total=1,
                t3_total_processed__total=99, t3_new_received__total=120,
                t4_review__corrected=0, t4_review__total=10, t4_review__pending=0)
    c = _report("中卫市教育局", 2023, t3_granted__total=5, t3_partially_granted__total=5,
                t3_total_processed__total=20, t3_new_received__total=20)
    # 不予公开: c states every reason (国家秘密 6, the next 2, the rest 0); the blank report
    # states 国家秘密 4 and leaves the other reasons blank
    reasons = _withheld_keys()
    c["cells"].update({key: 0 for key in reasons}, **{reasons[0]: 6, reasons[1]: 2})
    blank = _report("沙坡头区财政局", 2023, t3_granted__total=7, t3_new_received__total=9)
    blank["cells"][reasons[0]] = 4
    return _dataset(tmp_path, [a, b, c, blank])


def _withheld_keys() -> list[str]:
    spec = get_format("2021")
    return [c.key for c in spec.cells.values()
            if c.row_path[1:2] == ("（三）不予公开",) and c.column_id == "total"]


def test_rates_are_computed_from_counts_not_averaged(small: Path):
    result = compute(small, by="year")
    g2022 = result.groups[(2022,)]
    assert g2022.disclosure.numerator == 2 and g2022.disclosure.denominator == 100
    assert g2022.disclosure.rate == pytest.approx(0.02)
    averaged = (1 / 1 + 1 / 99) / 2
    assert abs(g2022.disclosure.rate - averaged) > 0.4  # the counter-example
    # 纠错率 = 结果纠正 / (总计 − 尚未审结): (3 + 0) / ((4 − 1) + (10 − 0))
    assert g2022.correction["行政复议"].rate == pytest.approx(3 / 13)
    assert result.median_new[(2022,)] == pytest.approx((1 + 120) / 2)
    # a blank cell leaves the report out of that figure, never counted as 0
    g2023 = result.groups[(2023,)]
    assert g2023.disclosure.numerator == 10 and g2023.disclosure.denominator == 20
    assert g2023.disclosure.excluded == 1 and g2023.reports == 2
    # totals too: the blank report's 办结 is left out and counted, not added as 0
    assert (g2023.processed.value, g2023.processed.excluded) == (20, 1)
    assert (g2023.granted.value, g2023.granted.excluded) == (10, 1)
    assert (g2023.new.value, g2023.new.excluded) == (29, 0)
    # no 2023 report states table 四: its totals are unknown, not 0
    assert g2023.appeals["行政复议"].value is None and g2023.appeals["行政复议"].excluded == 2
    assert g2023.appeals["行政诉讼"].value is None and g2023.appeals["行政诉讼"].excluded == 2
    assert (g2022.appeals["行政复议"].value, g2022.appeals["行政复议"].excluded) == (14, 0)
    assert g2022.appeals["行政诉讼"].value is None
    # 不予公开: the report with blank reasons is left out of the whole table, and counted
    assert (g2023.withheld_reports, g2023.withheld_excluded) == (1, 1)
    state_secret = _withheld_keys()[0]
    assert g2023.withheld[state_secret] == 6
    tables = result.tables()
    header, rows = tables["totals"]
    row2023 = dict(zip(header, next(r for r in rows if r[0] == 2023), strict=True))
    assert (row2023["办结"], row2023["办结未计入报告数"]) == (20, 1)
    assert (row2023["行政复议"], row2023["行政复议未计入报告数"]) == ("", 2)
    assert (row2023["行政诉讼"], row2023["行政诉讼未计入报告数"]) == ("", 2)
    header, rows = tables["withheld"]
    share = {r[1]: dict(zip(header, r, strict=True)) for r in rows if r[0] == 2023}
    label = get_format("2021").cells[state_secret].row_path[-1]
    assert share[label]["件数"] == 6 and float(share[label]["占不予公开比例"]) == 6 / 8
    assert (share[label]["计入报告数"], share[label]["未计入报告数"]) == (1, 1)
    header, rows = tables["rates"]
    rates2022 = dict(zip(header, next(r for r in rows if r[0] == 2022), strict=True))
    assert float(rates2022["公开率"]) == pytest.approx(0.02)
    assert rates2022["行政诉讼纠错率"] == "" and rates2022["行政诉讼纠错率未计入报告数"] == 2
    # 海原县民政局 has a 2022 report and none for 2023
    assert result.missing == [("海原县民政局", 2022, 2023)]


def test_regions_from_names_and_mapping(small: Path, tmp_path: Path):
    assert region_from_name("沙坡头区科学技术局") == "沙坡头区"
    assert region_from_name("中卫市东园镇人民政府") == "中卫市"
    assert region_from_name("市场监督管理局") == "未知"
    result = compute(small, by="region")
    assert set(result.groups) == {("中卫市", 2022), ("海原县", 2022), ("中卫市", 2023),
                                  ("沙坡头区", 2023)}
    mapping = tmp_path / "regions.csv"
    mapping.write_text("agency,region\n沙坡头区财政局,中卫市\n", encoding="utf-8")
    mapped = compute(small, by="region", regions=RegionMap.load(mapping))
    assert mapped.groups[("中卫市", 2023)].reports == 2


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_stats_cli_html_is_offline_and_tables_are_written(tmp_path: Path):
    corpus, out = tmp_path / "corpus", tmp_path / "ds"
    options = {"kinds": ["text", "html"], "years": (2021, 2024), "faults": 0.3, "seed": 2}
    generate(corpus, 30, **options)
    manifest = read_manifest(corpus / MANIFEST)
    run_batch(corpus, out, workers=0)
    page = tmp_path / "stats" / "report.html"
    result = runner.invoke(app, ["stats", str(out), "-o", str(page), "--by", "year"])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "<polyline" in html and "<rect" in html
    for external in ("http:", "https:", "//", "<script", "<link", "src=", "url(", "@import"):
        assert external not in html, external
    folder = tmp_path / "stats" / "report"
    tables = {p.stem for p in folder.glob("*.csv")}
    assert tables == {"totals", "rates", "withheld", "findings", "missing", "late"}
    codes = {r["规则"] for r in _csv(folder / "findings.csv")}
    assert codes  # faults were injected
    # every injected fault a rule must find is counted in findings.csv
    expected = {r["expected_code"] for r in manifest if r["expected_code"] in RULES}
    assert {"P1-101", "T3-102", "T4-101"} <= expected  # the seed injects each kind
    assert expected <= codes
    late = (folder / "late.csv").read_text(encoding="utf-8")
    if "P1-101" in codes:
        assert len(late.splitlines()) > 1
    # late.csv names exactly the files published late, by agency, year and content hash
    late_files = {(r["agency"], r["year"], sha256_of(corpus / r["path"])) for r in manifest
                  if r["expected_code"] == "P1-101"}
    assert late_files
    assert {(r["机关"], r["年度"], r["报告标识"]) for r in _csv(folder / "late.csv")} == late_files
    # 公开率 per year = Σ(予以公开 + 部分公开) / Σ 办结 over the generated reports that read
    figures: dict[int, list[int]] = {}
    for planned in plan(30, **options):
        if planned.report.get("not_a_report"):
            continue
        cells = planned.report["cells"]
        sums = figures.setdefault(planned.report["year"], [0, 0])
        sums[0] += cells["t3.granted.total"] + cells["t3.partially_granted.total"]
        sums[1] += cells["t3.total_processed.total"]
    rates = {int(r["年度"]): r for r in _csv(folder / "rates.csv")}
    assert set(rates) == set(figures)
    for year, (granted, processed) in figures.items():
        assert float(rates[year]["公开率"]) == pytest.approx(granted / processed, abs=1e-6)
        assert (int(rates[year]["公开率分子"]), int(rates[year]["公开率分母"])) == (
            granted, processed)
    text = runner.invoke(app, ["stats", str(out), "--by", "region"])
    assert text.exit_code == 0 and "公开率" in text.stdout
    assert re.search(r"\d+\.\d+", text.stdout)


def test_missing_reports_match_agencies_by_normalised_name(tmp_path: Path):
    reports = [
        _report("海原县民政局", 2022, t3_new_received__total=1),
        _report("海原县 民政局", 2023, t3_new_received__total=1),  # the same agency
        _report("中卫市（教育局）", 2022, t3_new_received__total=1),
        _report("中卫市(教育局)", 2023, t3_new_received__total=1),  # the same agency
        _report("沙坡头区财政局", 2022, t3_new_received__total=1),
        _report("沙坡头区 财政局", 2022, t3_new_received__total=2),  # same agency, same year
    ]
    result = compute(_dataset(tmp_path, reports), by="year")
    # one entry per agency, shown as first spelled
    assert result.missing == [("沙坡头区财政局", 2022, 2023)]


def test_stats_refuses_a_folder_that_is_not_a_dataset(tmp_path: Path):
    result = runner.invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 2 and "不是" in result.stderr
