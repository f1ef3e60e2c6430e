"""The statistics pages (`gongkai.web.statistics`): a government's totals — the accepted reports
of a region summed cell by cell — the three tables, the downloads and the charts; who may see
them. On SQLite and on PostgreSQL (`web_db`).

The world of tests/test_web_review.py (city 甲 with a county and a township below it, city 乙).
Reports are the checker's clean reports (random consistent non-zero figures); one accepted
report leaves a cell of table 四 blank, so that cell's total must be blank, never 0. The
expected totals are summed here from the stored inputs, cell by cell.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

import pytest

from tests.check_reports import clean_report
from tests.test_web_review import TODAY, World, build_world, client_for

YEAR = 2024
BLANK_KEY = "t4.review.other"


def store(w: World, key: str, year: int, status: str, seed: int, blank: tuple[str, ...] = ()):
    from gongkai.web.reports.models import Report, as_json

    model = clean_report(seed, year=year, agency=w.agencies[key].name)
    for cell in blank:
        model.cells[cell] = None
    Report.objects.create(agency=w.agencies[key], year=year, data=as_json(model), status=status)
    w.models[(key, year)] = model


@pytest.fixture
def world(web_db: str):
    from django.test.utils import override_settings

    w = build_world()
    store(w, "X-office", YEAR, "accepted", 11, blank=(BLANK_KEY,))
    store(w, "X-education", YEAR, "accepted", 12)
    store(w, "X-health", YEAR, "submitted", 13)
    store(w, "X-civil", YEAR, "draft", 14)
    store(w, "X1-police", YEAR, "accepted", 15)
    store(w, "Y-finance", YEAR, "accepted", 16)
    store(w, "X-office", YEAR - 1, "accepted", 17)
    store(w, "X-education", YEAR - 1, "accepted", 18)
    store(w, "X-education", YEAR - 2, "returned", 19)
    with override_settings(GONGKAI_TODAY=TODAY):
        yield w


def expected_totals(w: World, *keys: tuple[str, int]) -> dict:
    """Every cell summed over the given (agency, year) inputs; blank if any input is blank."""
    from gongkai.format import get_format

    spec = get_format("2021")
    out = {}
    for cell in spec.keys:
        values = [w.models[k].cells[cell] for k in keys]
        if any(v is None for v in values):
            out[cell] = None
        elif spec.kind(cell) == "amount_10k_yuan":
            out[cell] = sum((Decimal(str(v)) for v in values), Decimal(0))
        else:
            out[cell] = sum(values)
    return out


def figure(html: str, key: str) -> str:
    """The text of the totals table's cell `key`."""
    marker = f'id="total-{key}" data-key="{key}">'
    assert html.count(marker) == 1, key
    return html.split(marker, 1)[1].split("</td>", 1)[0]


def section(html: str, section_id: str) -> str:
    return html.split(f'id="{section_id}"', 1)[1].split("</section>", 1)[0]


def test_the_totals_sum_only_the_accepted_reports_of_the_region(world):
    from gongkai.interchange import from_dict, loads

    a = world.agencies
    region = world.regions["X"].pk
    client = client_for(world.users["reviewer-x"])
    page = client.get(f"/statistics/?region={region}&year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    expected = expected_totals(world, ("X-office", YEAR), ("X-education", YEAR))
    assert expected["t3.new_received.total"] > 0 and expected[BLANK_KEY] is None
    for key in ("t3.new_received.total", "t3.granted.total", "t3.new_received.natural_person",
                "t2.normative_documents.in_force", "t4.litigation_direct.total",
                "t3.carried_forward.commercial_enterprise"):
        assert figure(html, key) == str(expected[key])
    assert figure(html, BLANK_KEY) == ""  # blank in one input: blank, not that input's 0
    assert figure(html, "t2.fees.amount") == format(
        expected["t2.fees.amount"], "f")
    included, missing = section(html, "included"), section(html, "missing")
    assert "已汇总的机关（2 个）" in included
    assert a["X-office"].name in included and a["X-education"].name in included
    assert f"{a['X-health'].name}（已报送，待审核）" in missing
    assert f"{a['X-civil'].name}（编写中）" in missing
    assert f"{a['X-transport'].name}（未开始）" in missing
    for other in ("X1-police", "Y-finance"):
        assert a[other].name not in html
    notes = section(html, "totals").split('id="blank-notes"', 1)[1].split("</ul>", 1)[0]
    assert a["X-office"].name in notes and "不按 0 计算" in notes

    download = client.get(f"/statistics/download/json/?region={region}&year={YEAR}")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/json")
    data = loads(download.content.decode())
    assert from_dict(data).cells == expected
    assert set(data["rollup"]["inputs"]) == {a["X-office"].name, a["X-education"].name}
    assert data["rollup"]["blank_cells"] == {BLANK_KEY: [a["X-office"].name]}
    assert {e["source"] for e in data["rollup"]["excluded"]} == {
        a[k].name for k in ("X-health", "X-civil", "X-transport")}
    assert data["agency"] == f"{world.regions['X'].name}人民政府" and data["year"] == YEAR

    below = client.get(f"/statistics/?region={region}&year={YEAR}&below=1").content.decode()
    with_county = expected_totals(world, ("X-office", YEAR), ("X-education", YEAR),
                                  ("X1-police", YEAR))
    assert figure(below, "t3.new_received.total") == str(with_county["t3.new_received.total"])
    assert "已汇总的机关（3 个）" in below
    assert f"{a['X1-office'].name}（未开始）" in section(below, "missing")


def test_the_charts_are_inline_svg_with_the_totals(world):
    region = world.regions["X"].pk
    html = client_for(world.users["reviewer-x"]).get(
        f"/statistics/?region={region}&year={YEAR}").content.decode()
    now = expected_totals(world, ("X-office", YEAR), ("X-education", YEAR))
    before = expected_totals(world, ("X-office", YEAR - 1), ("X-education", YEAR - 1))
    charts = section(html, "charts")
    assert charts.count("<svg") == 5
    assert f"<title>（一）予以公开：{now['t3.granted.total']}</title>" in charts
    withheld = sum(v for k, v in now.items() if k.startswith("t3.withheld.")
                   and k.endswith(".total"))
    assert withheld > 0 and f"<title>（三）不予公开：{withheld}</title>" in charts
    assert f"<title>自然人：{now['t3.new_received.natural_person']}</title>" in charts
    # Table 四's groups by their totals (行政诉讼: its two groups together).
    assert f"<title>行政复议：{now['t4.review.total']}</title>" in charts
    lawsuits = now["t4.litigation_direct.total"] + now["t4.litigation_after_review.total"]
    assert f"<title>行政诉讼：{lawsuits}</title>" in charts
    # Trends: 2023 and 2024 have accepted reports; 2022's report was returned.
    assert f"<title>{YEAR - 1}年：{before['t3.new_received.total']}</title>" in charts
    assert f"<title>{YEAR}年：{now['t3.new_received.total']}</title>" in charts
    assert f"<title>{YEAR}年：{now['t3.total_processed.total']}</title>" in charts
    assert f"{YEAR - 2}年" not in charts
    assert "<script" not in html and "https://" not in html and "http://" not in html


def test_the_totals_download_as_docx_and_xlsx(world, tmp_path):
    from openpyxl import load_workbook

    from gongkai.load import load_report

    a = world.agencies
    region = world.regions["X"].pk
    client = client_for(world.users["reviewer-x"])
    expected = expected_totals(world, ("X-office", YEAR), ("X-education", YEAR))
    name = f"{world.regions['X'].name}人民政府{YEAR}年度汇总"
    docx = client.get(f"/statistics/download/docx/?region={region}&year={YEAR}")
    assert docx.status_code == 200
    assert docx["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}.docx"
    path = tmp_path / "totals.docx"
    path.write_bytes(docx.content)
    read = load_report(path)
    assert read.cells == expected
    xlsx = client.get(f"/statistics/download/xlsx/?region={region}&year={YEAR}")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    (tmp_path / "totals.xlsx").write_bytes(xlsx.content)
    book = load_workbook(tmp_path / "totals.xlsx")
    numbers = {c.value for sheet in book for row in sheet.iter_rows() for c in row
               if isinstance(c.value, int | float)}
    assert {expected["t3.new_received.total"], expected["t3.total_processed.total"]} <= numbers
    assert a["X-office"].name not in docx["Content-Disposition"]


def test_nothing_accepted_and_bad_input_give_chinese_messages(world):
    region = world.regions["X"].pk
    client = client_for(world.users["reviewer-x"])
    empty = client.get(f"/statistics/?region={region}&year=2021")
    assert empty.status_code == 200 and "尚无审核通过的报告" in empty.content.decode()
    assert 'id="totals"' not in empty.content.decode()
    refused = client.get(f"/statistics/download/json/?region={region}&year=2021")
    assert refused.status_code == 400 and "尚无审核通过的报告" in refused.content.decode()
    bad = client.get(f"/statistics/?region={region}&year=去年")
    assert bad.status_code == 400 and "年度“去年”无效" in bad.content.decode()
    assert client.get(f"/statistics/download/pdf/?region={region}").status_code == 404


def test_who_may_see_the_totals(world):
    a = world.agencies
    x, y = world.regions["X"].pk, world.regions["Y"].pk
    pages = [f"/statistics/?region={x}", f"/statistics/download/json/?region={x}&year={YEAR}"]
    anonymous = client_for()
    for url in pages:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    clerk = client_for(world.users["clerk-education"])
    for url in pages:
        assert clerk.get(url).status_code == 403
    other_city = client_for(world.users["reviewer-y"])
    for url in pages:
        assert other_city.get(url).status_code == 404
    own = other_city.get("/statistics/").content.decode()  # its region is the default
    assert a["Y-finance"].name in section(own, "included") and a["X-office"].name not in own
    city = client_for(world.users["reviewer-x"])
    assert city.get(f"/statistics/?region={y}").status_code == 404
    assert city.get("/statistics/?region=abc").status_code == 404
    default = city.get("/statistics/").content.decode()  # region 甲, year 2024
    assert f"汇总统计：{world.regions['X'].name}人民政府 {YEAR}年度" in default
    county = client_for(world.users["reviewer-x1"]).get(f"/statistics/?region={x}")
    assert county.status_code == 404
    admin = client_for(world.users["admin"]).get(f"/statistics/?region={y}&year={YEAR}")
    assert admin.status_code == 200 and a["Y-finance"].name in admin.content.decode()


def test_a_download_that_cannot_be_written_answers_503(world, monkeypatch):
    import gongkai.web.statistics.views
    from gongkai.write.errors import WriteError

    def failing(report, kind):
        raise WriteError("未找到 LibreOffice")

    monkeypatch.setattr(gongkai.web.statistics.views, "render_report", failing)
    region = world.regions["X"].pk
    response = client_for(world.users["reviewer-x"]).get(
        f"/statistics/download/docx/?region={region}&year={YEAR}")
    assert response.status_code == 503
    text = response.content.decode()
    assert "无法生成文件" in text and "LibreOffice" in text


def test_years_before_2019_are_refused(world):
    region = world.regions["X"].pk
    client = client_for(world.users["reviewer-x"])
    for year in (2008, 2018):
        page = client.get(f"/statistics/?region={region}&year={year}")
        assert page.status_code == 400 and "应为 2019 至 2100" in page.content.decode()
    assert client.get(f"/statistics/?region={region}&year=2019").status_code == 200


def test_a_streets_totals_are_its_sub_district_offices(world):
    from gongkai.web.organisations.models import Agency, Level, Region
    from gongkai.web.statistics.totals import government_name

    street = Region.objects.create(name=f"{world.tag}鼓楼街道", level=Level.township,
                                   parent=world.regions["X1"])
    Agency.objects.create(name=f"{world.tag}鼓楼街道办事处", region=street, is_office=True)
    Agency.objects.create(name=f"{world.tag}鼓楼街道社区服务中心", region=street)
    assert government_name(street) == f"{world.tag}鼓楼街道办事处"
    assert government_name(world.regions["X1a"]) == f"{world.regions['X1a'].name}人民政府"
    html = client_for(world.users["reviewer-x"]).get(
        f"/statistics/?region={street.pk}&year={YEAR}").content.decode()
    assert f"汇总统计：{world.tag}鼓楼街道办事处 {YEAR}年度" in html


def test_an_administrator_before_any_region_is_told_so_not_refused(world, monkeypatch):
    import gongkai.web.statistics.views

    monkeypatch.setattr(gongkai.web.statistics.views, "regions_for", lambda user: [])
    admin = client_for(world.users["admin"])
    page = admin.get("/statistics/")
    assert page.status_code == 200
    assert "还没有任何地区" in page.content.decode()
    assert admin.get("/statistics/download/json/").status_code == 404
    assert client_for(world.users["clerk-education"]).get("/statistics/").status_code == 403
