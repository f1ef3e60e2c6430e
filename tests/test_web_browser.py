"""The workbench in a real browser (Debian's Chromium through Playwright), served by `gongkai
serve` on a free port with a fresh SQLite file and the demo data: the journeys the issue names —
a clerk logs in, imports a register from Excel, fixes a finding in the report computed from it,
downloads the DOCX and submits; the office's reviewer reviews and accepts — plus the demo's
register with its overdue applications, an upload check and the statistics.

The server takes DEMO_TODAY as today (GONGKAI_TODAY), and so do the registers built here: one
notion of today, whatever the day and the time zone the tests run in.

Each test saves screenshots of the pages it passes as web-<page>.png (1280 px wide): to
docs/images with `make screenshots`, else to a temporary folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.load import load_report
from gongkai.register.io import export_files
from gongkai.register.tables import year_tables
from gongkai.web.demo.register import demo_register
from tests.browser import DEMO_TODAY, Served, chromium, log_in, new_page, screenshot, served

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EMPTY_AGENCY = "中卫市自然资源局"  # the demo agency with no data yet
SAMPLE_AGENCY = "中卫市示例局"  # the demo agency with a register


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served(tmp_path_factory.mktemp("browser")) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as running:
        yield running


def agency_id(page: Any, name: str) -> int:
    """The id of agency `name`, from the links on the home page."""
    page.goto("/")
    href = page.get_by_role("link", name=name, exact=True).get_attribute("href")
    return int(re.fullmatch(r"/agencies/(\d+)/", href)[1])


def test_login_agency_page_and_the_demo_register(server: Served, browser: Any) -> None:
    """The demo clerk's register shows what the demo placed around today, as of that same
    today: the applications received 24 and 28 working days ago are overdue; four are due
    within 5 working days."""
    page = new_page(browser, server.url)
    page.goto("/")
    assert page.url.endswith("/login/?next=/")
    assert page.locator("h1").inner_text() == "登录"
    screenshot(page, "login")

    log_in(page, server.login("机关工作人员", SAMPLE_AGENCY))
    assert page.get_by_role("link", name=SAMPLE_AGENCY, exact=True).count() == 1
    agency = agency_id(page, SAMPLE_AGENCY)
    page.goto(f"/agencies/{agency}/")
    assert page.locator("h1").inner_text() == SAMPLE_AGENCY
    assert "办理中的申请（9 件）" in page.content()  # the demo's 9 live applications
    screenshot(page, "agency")

    page.get_by_role("link", name="依申请公开台账").first.click()
    assert page.url.endswith(f"/agencies/{agency}/register/")
    as_of = f"截至 {DEMO_TODAY.year}年{DEMO_TODAY.month}月{DEMO_TODAY.day}日："
    assert as_of in page.content() and "不是今天" not in page.content()
    assert page.locator("#count-overdue").inner_text() == "2"
    assert page.locator("#count-due-soon").inner_text() == "4"
    assert page.locator("#applications tr.overdue").count() == 2
    screenshot(page, "register")
    page.context.close()


def test_import_fix_download_submit_review_accept(server: Served, browser: Any,
                                                  tmp_path: Path) -> None:
    """The whole year of a clerk and the office, through the pages only."""
    year = DEMO_TODAY.year - 1
    register, _ = demo_register(EMPTY_AGENCY, "ZR", DEMO_TODAY, seed=3, size=12)
    del register.yearly[year]  # table 二's decisions and fees are then blank: a finding
    files, _ = export_files(register, tmp_path / "台账.xlsx")
    for target, data in files.items():
        target.write_bytes(data)
    blank = [key for key, value in year_tables(register, year)["cells"].items()
             if key.startswith("t2.") and value is None]
    assert blank  # the cells the clerk must fill in

    # The clerk logs in and imports the register.
    clerk = new_page(browser, server.url)
    log_in(clerk, server.login("机关工作人员", EMPTY_AGENCY))
    agency = agency_id(clerk, EMPTY_AGENCY)
    clerk.goto(f"/agencies/{agency}/register/import/")
    clerk.set_input_files("#import-form input[name=file]", str(tmp_path / "台账.xlsx"))
    clerk.click("#import-form button[type=submit]")
    saved = clerk.locator("#import-saved").inner_text()
    assert f"申请 {len(register.applications)} 件" in saved
    clerk.goto(f"/agencies/{agency}/register/")
    assert clerk.locator("#count-overdue").inner_text() == "2"

    # A report for last year, computed from the register: the blank cells are a finding.
    clerk.goto(f"/agencies/{agency}/reports/")
    clerk.fill("#new-report input[name=year]", str(year))
    clerk.check("#new-report input[name=source][value=register]")
    clerk.click("#new-report button[type=submit]")
    assert re.search(f"/agencies/{agency}/reports/{year}/", clerk.url)
    findings = clerk.locator("#findings").inner_text()
    assert "T0-102" in findings and "C1-101" in findings
    for key in blank:
        assert clerk.locator(f'[id="cell-{key}"]').input_value() == ""
    clerk.locator("#table-二").evaluate("t => { t.scrollIntoView(); window.scrollBy(0, -60); }")
    screenshot(clerk, "report-editor")

    # Fix the finding: fill the blank cells and save; then draft the missing text.
    figures = {key: str(n + 3) for n, key in enumerate(blank)}
    for key, value in figures.items():
        clerk.fill(f'[id="cell-{key}"]', value)
    clerk.click("#save")
    clerk.wait_for_url(re.compile(r"done=saved"))
    assert "T0-102" not in clerk.locator("#findings").inner_text()
    assert "C1-101" in clerk.locator("#findings").inner_text()
    clerk.click("#draft")
    clerk.wait_for_url(re.compile(r"done=drafted"))
    assert "错误 0 条" in clerk.locator("#summary-counts").inner_text()

    # Download the DOCX: it reads back with the figures the clerk typed.
    with clerk.expect_download() as download:
        clerk.click("#download-docx")
    docx = tmp_path / download.value.suggested_filename
    assert docx.suffix == ".docx" and EMPTY_AGENCY in docx.name
    download.value.save_as(docx)
    read = load_report(docx)
    assert (read.agency, read.year) == (EMPTY_AGENCY, year)
    assert {key: str(read.cells[key]) for key in blank} == figures

    # Submit to the office.
    clerk.click("#submit")
    clerk.wait_for_url(re.compile(r"done=submitted"))
    assert clerk.locator("#status").inner_text() == "已报送，待审核"

    # The office's reviewer finds it among the submissions, reviews it and accepts it.
    office = new_page(browser, server.url)
    log_in(office, server.login("主管部门审核人员"))
    office.goto(f"/review/?year={year}")
    row = office.locator(f"#submissions #agency-{agency}")
    assert row.get_attribute("data-state") == "submitted"
    assert row.locator("td.errors").inner_text() == "0"
    screenshot(office, "review-submissions")
    row.get_by_role("link").click()
    assert office.locator("#status").inner_text() == "已报送，待审核"
    screenshot(office, "review-report")
    office.click("#accept")
    office.wait_for_url(re.compile(r"#decision$"))
    assert office.locator("#status").inner_text() == "审核通过"

    # The clerk sees the decision; the report can no longer be changed.
    clerk.goto(f"/agencies/{agency}/reports/{year}/")
    assert clerk.locator("#status").inner_text() == "审核通过"
    assert clerk.locator("#submit").count() == 0
    assert "审核通过" in clerk.locator("#submissions").inner_text()
    clerk.context.close()
    office.context.close()


def test_upload_check_and_statistics(server: Served, browser: Any) -> None:
    """The administrator checks two published reports by upload; the statistics add up the
    city's accepted reports (the demo's published 2024 reports of two agencies)."""
    page = new_page(browser, server.url)
    log_in(page, server.login("系统管理员"))
    page.goto("/uploads/")
    page.set_input_files("#upload-form input[name=files]",
                         [str(EXAMPLES / "示例局-2024.pdf"),
                          str(EXAMPLES / "003_f3e5704190ef934c.txt")])
    page.click("#upload-form button[type=submit]")
    assert re.search(r"/uploads/\d+/$", page.url)
    # the page follows the check in the background and shows each file when it is done
    expect(page.locator("#results tr[data-state=checked]")).to_have_count(2, timeout=60_000)
    expect(page.locator("#status-label")).to_have_text("已完成")
    results = page.locator("#results").inner_text()
    assert "中卫市示例局" in results and "沙坡头区工业信息化和商务局" in results
    screenshot(page, "uploads")

    page.goto("/statistics/")
    page.select_option("#region", label="市级 · 中卫市")
    page.select_option("#year", "2024")
    page.check("#scope input[name=below]")
    page.click("#scope button[type=submit]")
    included = page.locator("#included").inner_text()
    assert "中卫市科学技术局" in included and "中卫市示例局" in included
    screenshot(page, "statistics")
    page.context.close()
