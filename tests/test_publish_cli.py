"""`gongkai publish …` and `gongkai write --publications` as a clerk runs them: `python -m
gongkai` in a subprocess, the store (GONGKAI_DB) in tmp_path."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai import interchange
from gongkai.publish import PublicationItem, three_synchronous, year_figures
from gongkai.publish.io import export_files, read_files
from gongkai.synth import random_report
from tests.publish_factory import SHORT_WORKFLOW, random_items

AGENCY = "某市人民政府办公室"


def gongkai(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(GONGKAI_DB=str(tmp_path / "gongkai.sqlite3"), COLUMNS="200")
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=300, check=False)


def _write(items: list[PublicationItem], path: Path) -> list[Path]:
    files = export_files(items, path)
    for target, data in files.items():
        target.write_bytes(data)
    return list(files)


def test_import_then_export_through_the_store(tmp_path):
    items = random_items(7)
    (workbook,) = _write(items, tmp_path / "发布.xlsx")
    done = gongkai(tmp_path, "publish", "import", str(workbook), "--agency", AGENCY)
    assert done.returncode == 0, done.stderr
    entries = sum(len(i.trail) for i in items)
    assert f"新增 {len(items)} 条" in done.stdout and f"审核结论 {entries} 条" in done.stdout
    out = gongkai(tmp_path, "publish", "export", "导出.xlsx")  # one agency: no --agency
    assert out.returncode == 0, out.stderr
    assert read_files([tmp_path / "导出.xlsx"], AGENCY).items == items
    out = gongkai(tmp_path, "publish", "export", "导出.csv", "--agency", AGENCY)
    assert out.returncode == 0, out.stderr
    csvs = [tmp_path / "导出-信息.csv", tmp_path / "导出-审核记录.csv"]
    again = gongkai(tmp_path, "publish", "import", *map(str, csvs), "--agency", "另一机关")
    assert again.returncode == 0, again.stderr
    assert gongkai(tmp_path, "publish", "export", "另一.xlsx", "-a", "另一机关").returncode == 0
    assert read_files([tmp_path / "另一.xlsx"], "另一机关").items == items
    same = gongkai(tmp_path, "publish", "import", str(workbook), "--agency", AGENCY)
    assert same.returncode == 0 and f"未变 {len(items)} 条" in same.stdout
    ambiguous = gongkai(tmp_path, "publish", "stats", "--year", "2024")
    assert ambiguous.returncode == 2 and "请用 --agency 指定机关名称" in ambiguous.stderr


def test_a_bad_import_lists_every_bad_row_and_changes_nothing(tmp_path):
    items = random_items(8, count=40)
    (good,) = _write(items, tmp_path / "good.xlsx")
    assert gongkai(tmp_path, "publish", "import", str(good), "-a", AGENCY).returncode == 0
    bad = tmp_path / "bad.xlsx"
    book = load_workbook(good)
    book["信息"]["B3"] = None  # 类别
    book["信息"]["H5"] = "2025-13-01"  # 发布日期
    trail = book["审核记录"]
    spoilt = {items[1].key, items[3].key}  # the items of rows 3 and 5: their trail is not read
    rows = [r for r in range(2, trail.max_row + 1) if trail.cell(r, 6).value == "退回"
            and trail.cell(r, 1).value not in spoilt]
    trail.cell(rows[0], 7).value = None  # a return without its comment
    trail.cell(rows[1], 5).value = "某某"  # a changed reviewer of a kept decision
    book.save(bad)
    done = gongkai(tmp_path, "publish", "import", "bad.xlsx", "-a", AGENCY)
    assert done.returncode == 1
    assert "发现 3 处问题，数据库未作任何修改" in done.stderr
    for line in ("信息 第 3 行：类别为空", "信息 第 5 行：发布日期“2025-13-01”不是有效的日期",
                 f"审核记录 第 {rows[0]} 行：退回时须写明意见"):
        assert line in done.stderr, (line, done.stderr)
    # the row errors fixed, the store still refuses the changed reviewer: again nothing changes
    original = load_workbook(good)
    book["信息"]["B3"] = original["信息"]["B3"].value
    book["信息"]["H5"] = original["信息"]["H5"].value
    trail.cell(rows[0], 7).value = original["审核记录"].cell(rows[0], 7).value
    book.save(bad)
    done = gongkai(tmp_path, "publish", "import", "bad.xlsx", "-a", AGENCY)
    assert done.returncode == 1, done.stdout
    assert f"审核记录 第 {rows[1]} 行：与数据库中" in done.stderr
    assert "不能修改或删除" in done.stderr
    assert gongkai(tmp_path, "publish", "export", "after.xlsx").returncode == 0
    assert read_files([tmp_path / "after.xlsx"], AGENCY).items == items


def test_stats_in_text_and_json(tmp_path):
    items = random_items(9)
    (workbook,) = _write(items, tmp_path / "发布.xlsx")
    assert gongkai(tmp_path, "publish", "import", str(workbook), "-a", AGENCY).returncode == 0
    for year in (2023, 2024):
        figures = year_figures(items, year)
        late = [u for u in three_synchronous(items)
                if u.document.published and u.document.published.year == year]
        done = gongkai(tmp_path, "publish", "stats", "--year", str(year), "--format", "json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert (data["agency"], data["year"], data["published"]) == (
            AGENCY, year, figures.published)
        assert figures.published > 10 and len(data["by_kind"]) > 5
        assert data["by_kind"] == figures.by_kind and data["by_channel"] == figures.by_channel
        assert data["cells"] == figures.table_two_cells()
        assert data["sentence"] == figures.sentence()
        assert [u["reason"] for u in data["three_synchronous"]] == [u.reason for u in late]
        text = gongkai(tmp_path, "publish", "stats", "-y", str(year), "-a", AGENCY)
        assert text.returncode == 0, text.stderr
        assert f"本年主动公开政府信息 {figures.published} 条" in text.stdout
        assert f"第一部分可写作：{figures.sentence()}" in text.stdout
        assert (f"本年制发 {figures.normative_issued} 件、本年废止 "
                f"{figures.normative_repealed} 件、现行有效 {figures.normative_in_force} 件"
                ) in text.stdout
        for kind, n in figures.by_kind.items():
            assert any(line.split() == [kind, str(n)] for line in text.stdout.splitlines())
    assert late  # the list has documents without their interpretation on time
    assert any(u["reason"] in text.stdout for u in data["three_synchronous"])


def test_the_agencys_steps(tmp_path):
    items = random_items(10, count=40, workflow=SHORT_WORKFLOW)
    (workbook,) = _write(items, tmp_path / "短.xlsx")
    refused = gongkai(tmp_path, "publish", "import", str(workbook), "-a", AGENCY)
    assert refused.returncode == 1 and "当前应进行“校对”" in refused.stderr
    shown = gongkai(tmp_path, "publish", "workflow", "-a", AGENCY)
    assert "初审 → 校对 → 保密审查 → 审核 → 审发" in shown.stdout
    done = gongkai(tmp_path, "publish", "workflow", "-a", AGENCY, "--steps", "初审，保密审查、审发")
    assert done.returncode == 0, done.stderr
    assert "已设置“某市人民政府办公室”的审核步骤：初审 → 保密审查 → 审发" in done.stdout
    assert gongkai(tmp_path, "publish", "import", str(workbook), "-a", AGENCY).returncode == 0
    assert "初审 → 保密审查 → 审发" in gongkai(tmp_path, "publish", "workflow").stdout
    twice = gongkai(tmp_path, "publish", "workflow", "-a", AGENCY, "--steps", "初审,初审")
    assert twice.returncode == 2 and "不能重复" in twice.stderr


# ------------------------------------------------------------------- gongkai write --publications

@pytest.fixture()
def report_file(tmp_path) -> Path:
    data = random_report(random.Random(31), "2021", density=0.9)
    path = tmp_path / "data.json"
    path.write_text(interchange.dumps(data), encoding="utf-8")
    return path


def _write_report(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongkai", "write", *args],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)


def test_write_drafts_section_one_with_the_years_publications(tmp_path, report_file):
    year = json.loads(report_file.read_text(encoding="utf-8"))["year"]
    items = random_items(12, years=range(year - 1, year + 1))
    figures = year_figures(items, year)
    assert figures.published > 10
    files = _write(items, tmp_path / "发布.csv")
    out = tmp_path / "报告.md"
    done = _write_report(tmp_path, str(report_file), "-o", str(out), "--publications",
                         str(files[0]))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    overview = text.split("## 一、")[1].split("## 二、")[0]
    assert f"（一）主动公开。{figures.sentence()}本年度制发规章" in overview
    assert f"共主动公开政府信息{figures.published}条，其中" in overview
    # the cells disagree with the list: the checker's rule L1-102 says so, at the cell
    assert "L1-102" in done.stderr and "t2.normative_documents.issued" in done.stderr
    without = tmp_path / "无.md"
    plain = _write_report(tmp_path, str(report_file), "-o", str(without))
    assert plain.returncode == 0
    assert "共主动公开政府信息" not in without.read_text(encoding="utf-8")

    def findings(stderr: str) -> list[str]:  # the checker's codes, about the report as written
        return [line.split()[1] for line in stderr.splitlines()
                if line.startswith("  ") and line.split()[0] in ("错误", "警告", "提示")]

    assert "L1-101" not in findings(done.stderr)  # the sentence's count is the list's
    # the sentence adds no finding: only the list's own comparison with table 二 (L1-102)
    assert [c for c in findings(done.stderr) if c != "L1-102"] == findings(plain.stderr)
    # a workbook works as well, the trail is not needed for the figures
    workbook = _write(items, tmp_path / "发布.xlsx")[0]
    again = tmp_path / "again.md"
    done = _write_report(tmp_path, str(report_file), "-o", str(again), "-p", str(workbook))
    assert done.returncode == 0, done.stderr
    assert again.read_text(encoding="utf-8") == text


def test_write_with_a_bad_publication_list_writes_nothing(tmp_path, report_file):
    bad = tmp_path / "bad.csv"
    bad.write_text("标题,类别,发布日期,发布渠道\n甲,工作动态,2025-02-30,政府网站\n乙,,2025-01-01,\n",
                   encoding="utf-8")
    out = tmp_path / "报告.md"
    done = _write_report(tmp_path, str(report_file), "-o", str(out), "--publications", str(bad))
    assert done.returncode == 1
    assert "发布信息清单有 2 处问题" in done.stderr
    assert "信息 第 2 行：发布日期“2025-02-30”不是有效的日期" in done.stderr
    assert "信息 第 3 行：类别为空" in done.stderr
    assert not out.exists()
    kept = _write_report(tmp_path, str(report_file), "-o", str(out), "--no-draft", "--force",
                         "-p", str(_write(random_items(13, count=20), tmp_path / "p.csv")[0]))
    assert kept.returncode == 0, kept.stderr
    assert "未写入发布信息的统计；可写作：" in kept.stderr


@pytest.mark.parametrize("args", [["publish", "--help"], ["publish", "import", "--help"]])
def test_help(tmp_path, args):
    done = gongkai(tmp_path, *args)
    assert done.returncode == 0 and "发布信息" in done.stdout


# ------------------------------------------------------------------- gongkai check --publications

def test_check_compares_the_report_with_the_publication_list(tmp_path, report_file):
    year = json.loads(report_file.read_text(encoding="utf-8"))["year"]
    items = random_items(12, years=range(year - 1, year + 1))
    listed = _write(items, tmp_path / "发布.csv")[0]
    report = tmp_path / "报告.html"
    done = _write_report(tmp_path, str(report_file), "-o", str(report), "-p", str(listed))
    assert done.returncode == 0, done.stderr

    def codes(*publications: Path) -> list[str]:
        args = [a for p in publications for a in ("--publications", str(p))]
        out = gongkai(tmp_path, "check", str(report), "--format", "json", *args)
        return [f["code"] for f in json.loads(out.stdout)["findings"]]

    assert "L1-101" not in codes(listed)  # the drafted sentence states the list's count
    assert "L1-102" in codes(listed)  # the random cells of table 二 are not the list's
    published_this_year = next(i for i in items if i.published and i.published.year == year)
    shorter = _write([i for i in items if i is not published_this_year], tmp_path / "少.csv")[0]
    assert "L1-101" in codes(shorter)
    assert not {"L1-101", "L1-102"} & set(codes())  # no list given, nothing compared
