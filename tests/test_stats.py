"""gongkai stats: rates from counts (never averaged across reports), missing and late reports,
an offline HTML report."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai import interchange
from gongkai.cli import app
from gongkai.rollup.batch import run_batch
from gongkai.rollup.corpus import generate
from gongkai.rollup.regions import RegionMap, region_from_name
from gongkai.rollup.stats import compute

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
    blank = _report("沙坡头区财政局", 2023, t3_granted__total=7, t3_new_received__total=9)
    return _dataset(tmp_path, [a, b, c, blank])


def test_rates_are_computed_from_counts_not_averaged(small: Path):
    result = compute(small, by="year")
    g2022 = result.groups[(2022,)]
    assert g2022.disclosure.numerator == 2 and g2022.disclosure.denominator == 100
    assert g2022.disclosure.rate == pytest.approx(0.02)
    averaged = (1 / 1 + 1 / 99) / 2
    assert abs(g2022.disclosure.rate - averaged) > 0.4  # the counter-example
    # 纠错率 = 结果纠正 / (总计 − 尚未审结): (3 + 0) / ((4 − 1) + (10 − 0))
    assert g2022.review_correction.rate == pytest.approx(3 / 13)
    assert result.median_new[(2022,)] == pytest.approx((1 + 120) / 2)
    # a blank cell leaves the report out of that figure, never counted as 0
    g2023 = result.groups[(2023,)]
    assert g2023.disclosure.numerator == 10 and g2023.disclosure.denominator == 20
    assert g2023.disclosure.excluded == 1 and g2023.reports == 2
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


def test_stats_cli_html_is_offline_and_tables_are_written(tmp_path: Path):
    corpus, out = tmp_path / "corpus", tmp_path / "ds"
    generate(corpus, 30, kinds=["text", "html"], years=(2021, 2024), faults=0.3, seed=2)
    run_batch(corpus, out, workers=0)
    page = tmp_path / "stats" / "report.html"
    result = runner.invoke(app, ["stats", str(out), "-o", str(page), "--by", "year"])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "<polyline" in html and "<rect" in html
    for external in ("http:", "https:", "//", "<script", "<link", "src=", "url(", "@import"):
        assert external not in html, external
    tables = {p.stem for p in (tmp_path / "stats" / "report").glob("*.csv")}
    assert tables == {"totals", "rates", "withheld", "findings", "missing", "late"}
    with (tmp_path / "stats" / "report" / "findings.csv").open(encoding="utf-8") as fh:
        codes = {r["规则"] for r in csv.DictReader(fh)}
    assert codes  # faults were injected
    late = (tmp_path / "stats" / "report" / "late.csv").read_text(encoding="utf-8")
    if "P1-101" in codes:
        assert len(late.splitlines()) > 1
    text = runner.invoke(app, ["stats", str(out), "--by", "region"])
    assert text.exit_code == 0 and "公开率" in text.stdout
    assert re.search(r"\d+\.\d+", text.stdout)


def test_stats_refuses_a_folder_that_is_not_a_dataset(tmp_path: Path):
    result = runner.invoke(app, ["stats", str(tmp_path)])
    assert result.exit_code == 2 and "不是" in result.stderr
