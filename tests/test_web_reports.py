"""The year's report in the workbench (`gongkai.web.reports`): created from a register, edited
with findings beside their cells, drafted, downloaded, submitted to the office; and who may do
what. Every test runs on SQLite and on PostgreSQL (`web_db`), except the one PDF download.

The expected figures are counted here straight from the register the test built (applications
received in the year by applicant type, cases filed in the year, the year's figures), not taken
from `gongkai.register.tables`."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote

import pytest

from tests.register_factory import random_register

YEAR = 2025


# ------------------------------------------------------------------------------- the world

@dataclass
class Setting:
    agency: Any  # agency A: has a register
    other: Any  # agency B
    clerk: Any  # clerk of A
    other_clerk: Any  # clerk of B
    reviewer: Any  # reviewer of the office over A and B
    register: Any  # A's register (the domain object saved in the store)


def build(using: str, seed: int = 11) -> Setting:
    from django.contrib.auth.models import User

    from gongkai.register.store import save_register
    from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role

    tag = uuid.uuid4().hex[:6]
    region = Region.objects.create(name=f"某市{tag}", level=Level.city)
    office = Agency.objects.create(name=f"某市人民政府办公室{tag}", is_office=True,
                                   region=region)
    agency = Agency.objects.create(name=f"某市教育局{tag}", region=region)
    other = Agency.objects.create(name=f"某市民政局{tag}", region=region)

    def user(name: str, role: str, member_of: Any) -> Any:
        u = User.objects.create_user(f"{name}-{tag}")
        Membership.objects.create(user=u, role=role, agency=member_of)
        return u

    register = random_register(seed, agency=agency.name, years=range(2023, YEAR + 1),
                               applications=90, cases=18, documents=12)
    save_register(register, using=using)
    return Setting(agency, other, user("clerk", Role.clerk, agency),
                   user("clerk-b", Role.clerk, other), user("reviewer", Role.reviewer, office),
                   register)


@pytest.fixture
def setting(web_db: str) -> Setting:
    return build(web_db)


def client_for(user: Any = None):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def editor_url(agency: Any, year: int = YEAR) -> str:
    return f"/agencies/{agency.pk}/reports/{year}/"


def create(client, agency: Any, source: str = "register", year: int = YEAR):
    return client.post(f"/agencies/{agency.pk}/reports/new/", {"year": year, "source": source})


def stored(agency: Any, year: int = YEAR):
    from gongkai.web.reports.models import Report

    return Report.objects.get(agency=agency, year=year)


def stored_years(agency: Any) -> set[int]:
    from gongkai.web.reports.models import Report

    return set(Report.objects.filter(agency=agency).values_list("year", flat=True))


def confirm_recompute(client, url: str):
    """Preview the recomputation, then confirm it with the preview's digest (as the page's
    button does)."""
    preview = client.get(url + "recompute/")
    assert preview.status_code == 200
    return client.post(url + "recompute/", {"digest": page(preview).values["digest"]})


# ------------------------------------------------------------------------------- the page

class Page(HTMLParser):
    """What a test reads off a page: inputs and textareas by name, each element's classes and
    text by id, and the text of `#findings`."""

    VOID: ClassVar[set[str]] = {"input", "br", "meta", "link", "img", "col", "hr"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.readonly: set[str] = set()
        self.classes: dict[str, str] = {}
        self.text: dict[str, str] = {}
        self.buttons: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self._textarea: str | None = None
        self._button = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.classes[a["id"]] = a.get("class") or ""
            self.text.setdefault(a["id"], "")
        if tag == "input" and a.get("name"):
            self.values[a["name"]] = a.get("value") or ""
            if "readonly" in a:
                self.readonly.add(a["name"])
        if tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea or ""] = ""
            if "readonly" in a:
                self.readonly.add(a.get("name") or "")
        if tag == "button":
            self._button = True
            self.buttons.append("")
        if tag not in self.VOID:
            self._open.append((tag, a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "button":
            self._button = False
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data
        if self._button:
            self.buttons[-1] += data.strip()
        for _, element in self._open:
            if element:
                self.text[element] += data

    def cell(self, key: str) -> str:
        return self.values[f"cell-{key}"]

    def form(self) -> dict[str, str]:
        """The editor's fields as they stand (what a browser would post)."""
        return {name: value.strip("\n") if name.startswith("section-") else value
                for name, value in self.values.items() if name.startswith(("cell-", "section-",
                                                                           "meta-"))}


def page(response) -> Page:
    return Page(response.content.decode("utf-8"))


def expected_figures(register: Any, year: int) -> dict[str, Any]:
    """Cells counted straight from the register: applications received in `year` by
    applicant type, still open at its end, cases filed in it, documents issued in it, and the
    year's own figures."""
    from gongkai.register.model import CaseKind, DocumentKind, applicant_types

    first, last = date(year, 1, 1), date(year, 12, 31)
    received = [a for a in register.applications if first <= a.received <= last]
    out: dict[str, Any] = {"t3.new_received.total": len(received)}
    for column in applicant_types():
        out[f"t3.new_received.{column}"] = sum(1 for a in received if a.applicant_type == column)
    out["t3.carried_forward.total"] = sum(
        1 for a in register.applications
        if a.received <= last and (a.closed_on is None or a.closed_on > last))
    for kind in CaseKind:
        out[f"t4.{kind.value}.total"] = sum(1 for c in register.cases
                                            if c.kind is kind and c.filed.year == year)
    for kind in DocumentKind:
        out[f"t2.{kind.value}.issued"] = sum(1 for d in register.documents
                                             if d.kind is kind and d.issued.year == year)
    figures = register.yearly[year]
    out["t2.licensing.decisions"] = figures.licensing_decisions
    out["t2.penalty.decisions"] = figures.penalty_decisions
    out["t2.fees.amount"] = figures.fees_10k_yuan
    return out


def results_total_key() -> tuple[str, tuple[str, ...]]:
    """（七）总计 of the total column, and the result rows it adds up (2021 format)."""
    from gongkai.format import get_format

    relation = get_format("2021").relation("t3-results-total", "total")
    return relation.lhs[0], relation.rhs


# ------------------------------------------------------------------------------- creating

def test_a_report_computed_from_the_register_shows_the_registers_figures(setting):
    clerk = client_for(setting.clerk)
    response = create(clerk, setting.agency)
    assert response.status_code == 302
    assert response["Location"].startswith(editor_url(setting.agency))
    shown = page(clerk.get(editor_url(setting.agency)))
    expected = expected_figures(setting.register, YEAR)
    assert expected["t3.new_received.total"] > 0
    assert expected["t3.carried_forward.total"] > 0
    assert sum(expected[f"t4.{k}.total"] for k in
               ("review", "litigation_direct", "litigation_after_review")) > 0
    assert expected["t2.fees.amount"] > 0
    for key, value in expected.items():
        if isinstance(value, Decimal):
            assert Decimal(shown.cell(key)) == value, key
        else:
            assert shown.cell(key) == str(value), key
    assert "2021 版格式" in response_text(clerk.get(editor_url(setting.agency)))
    index = clerk.get(f"/agencies/{setting.agency.pk}/reports/").content.decode()
    assert f"{YEAR} 年度" in index and "编写中" in index and "由台账生成" in index


def response_text(response) -> str:
    return response.content.decode("utf-8")


def test_a_blank_report_and_a_second_report_for_the_same_year(setting):
    clerk = client_for(setting.clerk)
    assert create(clerk, setting.agency, "blank").status_code == 302
    shown = page(clerk.get(editor_url(setting.agency)))
    cells = {k: v for k, v in shown.values.items() if k.startswith("cell-")}
    assert len(cells) > 150 and all(v == "" for v in cells.values())
    assert shown.values["meta-period_start"] == f"{YEAR}-01-01"
    again = create(clerk, setting.agency, "register")
    assert again.status_code == 400
    assert f"{YEAR} 年度的报告已经存在" in response_text(again)
    assert stored(setting.agency).origin == "typed"
    # The statutory formats apply from the 2019 reports on: earlier years are refused.
    for year in (1999, 2008, 2018):
        bad_year = create(clerk, setting.agency, "blank", year=year)
        assert bad_year.status_code == 400 and "年度须在 2019 年至" in response_text(bad_year)
    assert not stored_years(setting.agency) & {1999, 2008, 2018}


def test_the_tables_are_laid_out_from_the_format(setting):
    from gongkai.format import get_format
    from gongkai.write.layout import label_texts

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency, "blank")
    html = response_text(clerk.get(editor_url(setting.agency)))
    spec = get_format("2021")
    for key in spec.keys:
        assert f'id="cell-{key}"' in html
    for table in ("二", "三", "四"):
        for label in label_texts("2021", table):
            assert label in html, label
    for section in spec.sections:
        assert section.title in html


def test_a_year_of_the_2019_format_gets_the_2019_tables(setting):
    from gongkai.format import get_format

    clerk = client_for(setting.clerk)
    assert create(clerk, setting.agency, "blank", year=2020).status_code == 302
    url = editor_url(setting.agency, 2020)
    shown = page(clerk.get(url))
    old, new = set(get_format("2019").keys), set(get_format("2021").keys)
    assert {n.removeprefix("cell-") for n in shown.values if n.startswith("cell-")} == old
    assert "2019 版格式" in response_text(clerk.get(url))
    change = next(k for k in old - new if k.endswith(".items_change"))
    assert clerk.post(url, {**shown.form(), f"cell-{change}": "-3"}).status_code == 302
    assert stored(setting.agency, 2020).model().cells[change] == -3


# ------------------------------------------------------------------------------- editing

def test_a_broken_relation_shows_beside_its_cells_and_goes_when_fixed(setting):
    from gongkai.web.reports.models import Report

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    total, parts = results_total_key()
    right = int(form[f"cell-{total}"])
    assert right > 0
    broken = {**form, f"cell-{total}": str(right + 3), "action": "save"}

    # checked on change: the finding comes back as JSON, nothing saved
    before = stored(setting.agency).data
    answer = clerk.post(url + "check/", broken)
    assert answer.status_code == 200
    found = answer.json()
    assert found["ok"] and found["counts"]["error"] >= 1
    assert found["cells"][total]["flag"] == "error"
    assert "T3-102" in found["cells"][total]["html"]
    assert all("T3-102" in found["cells"][k]["html"] for k in parts)
    assert "T3-102" in found["findings_html"] and "T3-102" in found["sections"]["requests"]
    assert stored(setting.agency).data == before

    # saved: the finding stands beside the cells it names and in the list
    assert clerk.post(url, broken).status_code == 302
    shown = page(clerk.get(url))
    assert shown.cell(total) == str(right + 3)
    assert "flag-error" in shown.classes[f"td-{total}"]
    assert "T3-102" in shown.text[f"notes-{total}"]
    assert "T3-102" in shown.text[f"notes-{parts[0]}"]
    assert "T3-102" in shown.text["findings"] and "T3-102" in shown.text["notes-section-requests"]
    assert "相差 3" in shown.text["findings"]

    # fixed: gone
    assert clerk.post(url, {**shown.form(), f"cell-{total}": str(right)}).status_code == 302
    fixed = page(clerk.get(url))
    assert "T3-102" not in fixed.text["findings"]
    assert "flag-error" not in fixed.classes[f"td-{total}"]
    assert Report.objects.get(pk=stored(setting.agency).pk).model().cells[total] == right


def test_letters_in_a_cell_give_a_chinese_error_and_nothing_is_saved(setting):
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    before = stored(setting.agency)
    key = "t3.new_received.total"
    amount = "t2.fees.amount"
    posted = {**form, f"cell-{key}": "十二a", f"cell-{amount}": "1.2.3",
              "section-problems": "这段文字不应被保存。", "action": "save"}
    response = clerk.post(url, posted)
    assert response.status_code == 400
    shown = page(response)
    assert "不是件数" in shown.text[f"error-cell-{key}"]
    assert "不是金额" in shown.text[f"error-cell-{amount}"]
    assert "invalid" in shown.classes[f"td-{key}"]
    assert shown.cell(key) == "十二a"  # what was typed stays in the box to be corrected
    assert "未保存" in shown.text["problem"]
    after = stored(setting.agency)
    assert after.data == before.data and after.updated == before.updated

    negative = clerk.post(url, {**form, f"cell-{key}": "-2"})
    assert "件数不能为负数" in page(negative).text[f"error-cell-{key}"]
    fraction = clerk.post(url, {**form, f"cell-{key}": "2.5"})
    assert "件数须为整数" in page(fraction).text[f"error-cell-{key}"]
    checked = clerk.post(url + "check/", {**form, f"cell-{key}": "abc"}).json()
    assert not checked["ok"] and "不是件数" in checked["errors"][f"cell-{key}"]
    assert stored(setting.agency).data == before.data


def test_figures_typed_with_full_width_digits_and_grouping_are_saved(setting):
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency, "blank")
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    posted = {**form, "cell-t3.new_received.natural_person": "１２",
              "cell-t2.licensing.decisions": "1,234", "cell-t2.fees.amount": "0.35",
              "cell-t3.carried_over.total": ""}
    assert clerk.post(url, posted).status_code == 302
    cells = stored(setting.agency).model().cells
    assert cells["t3.new_received.natural_person"] == 12
    assert cells["t2.licensing.decisions"] == 1234
    assert cells["t2.fees.amount"] == Decimal("0.35")
    assert cells["t3.carried_over.total"] is None
    # a post of one cell changes that cell only
    assert clerk.post(url, {"cell-t3.new_received.natural_person": "13"}).status_code == 302
    after = stored(setting.agency).model().cells
    assert after["t3.new_received.natural_person"] == 13
    assert after["t2.licensing.decisions"] == 1234 and after["t2.fees.amount"] == Decimal("0.35")


def test_drafting_fills_empty_sections_from_the_figures_and_keeps_written_ones(setting):
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    written = "本年度存在的主要问题是信息发布不够及时。下一步将加强审核。"
    response = clerk.post(url, {**form, "section-problems": written, "action": "draft"})
    assert response.status_code == 302 and "done=drafted" in response["Location"]
    model = stored(setting.agency).model()
    expected = expected_figures(setting.register, YEAR)
    overview = model.sections["overview"].text
    assert f"本年新收政府信息公开申请{expected['t3.new_received.total']}件" in overview
    assert f"被申请行政复议{expected['t4.review.total']}件" in overview
    assert model.sections["problems"].text == written
    assert model.sections["requests"].text == ""  # no draft is written for 三 and 四
    assert str(YEAR) in model.sections["proactive"].text

    # a clerk's edit of a drafted section survives the next draft
    shown = page(clerk.get(url))
    assert shown.values["section-overview"].strip() == overview
    mine = "一、总体情况由本人撰写。"
    clerk.post(url, {**shown.form(), "section-overview": mine, "action": "draft"})
    assert stored(setting.agency).model().sections["overview"].text == mine


def test_recomputing_from_the_register_asks_first_and_overwrites_typed_figures(setting):
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    key = "t3.new_received.total"
    right = int(form[f"cell-{key}"])
    clerk.post(url, {**form, f"cell-{key}": str(right + 7), "section-problems": "自己写的。"})
    confirm = clerk.get(url + "recompute/")
    assert confirm.status_code == 200
    text = response_text(confirm)
    assert str(right + 7) in text and "本年新收" in text and "确认从台账重新计算" in text
    assert stored(setting.agency).model().cells[key] == right + 7  # asking changed nothing
    assert clerk.post(url + "recompute/", {"digest": page(confirm).values["digest"]}
                      ).status_code == 302
    model = stored(setting.agency).model()
    assert model.cells[key] == right
    assert model.sections["problems"].text == "自己写的。"


def test_cells_the_register_cannot_give_are_named_and_kept_on_recompute(setting):
    clerk = client_for(setting.clerk)
    year = 2022  # before the register's years: no yearly figures for it
    assert year not in setting.register.yearly
    create(clerk, setting.agency, "register", year=year)
    url = editor_url(setting.agency, year)
    shown = page(clerk.get(url))
    assert shown.cell("t2.licensing.decisions") == "" and shown.cell("t2.fees.amount") == ""
    assert shown.cell("t3.new_received.total") == "0"
    note = shown.text["diagnostics"]
    assert "G001" in note and f"台账中没有 {year} 年的年度数据" in note and "行政许可" in note
    assert "T0-102" in shown.text["notes-t2.licensing.decisions"]
    clerk.post(url, {**shown.form(), "cell-t2.licensing.decisions": "5"})
    assert confirm_recompute(clerk, url).status_code == 302
    model = stored(setting.agency, year).model()
    assert model.cells["t2.licensing.decisions"] == 5
    assert model.cells["t2.fees.amount"] is None


def _figures_of(model: Any, keys: Any) -> dict[str, Any]:
    return {key: model.cells[key] for key in keys}


def test_recomputing_reads_the_register_of_the_reports_agency_not_the_name_in_it(setting):
    """A clerk of A who stored B's name in A's report (the API takes any text) still gets A's
    register: never B's figures (B is an agency the clerk may not see)."""
    from gongkai.register.store import save_register

    other_register = random_register(29, agency=setting.other.name, years=range(2023, YEAR + 1),
                                     applications=140, cases=9, documents=5)
    save_register(other_register, using=setting.agency._state.db)
    mine, theirs = (expected_figures(setting.register, YEAR),
                    expected_figures(other_register, YEAR))
    differing = [k for k in mine if mine[k] != theirs[k]]
    assert "t3.new_received.total" in differing

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency, "blank")
    report = stored(setting.agency)
    model = report.model()
    model.agency = setting.other.name
    report.store(model)
    report.save()

    assert confirm_recompute(clerk, editor_url(setting.agency)).status_code == 302
    after = stored(setting.agency).model()
    assert _figures_of(after, differing) == {k: mine[k] for k in differing}
    assert after.agency == setting.agency.name


def test_recomputing_after_the_agency_was_renamed(setting):
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    key = "t3.new_received.total"
    right = int(form[f"cell-{key}"])
    clerk.post(url, {**form, f"cell-{key}": str(right + 4)})
    old_name = setting.agency.name
    setting.agency.name = f"{old_name}（更名）"
    setting.agency.save()
    assert stored(setting.agency).model().agency == old_name  # the report still says so

    assert confirm_recompute(clerk, url).status_code == 302
    after = stored(setting.agency).model()
    assert after.cells[key] == right and after.agency == setting.agency.name


def test_a_register_that_cannot_be_read_gives_a_chinese_409(setting, monkeypatch):
    import gongkai.register.store
    from gongkai.register.store import StoreError

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    before = stored(setting.agency).data

    def broken(agency: str, using: str = "default"):
        raise StoreError("无法使用数据库：连接已断开")

    monkeypatch.setattr(gongkai.register.store, "load_register", broken)
    for response in (clerk.get(url + "recompute/"),
                     clerk.post(url + "recompute/", {"digest": "x"})):
        assert response.status_code == 409
        problem = page(response).text["problem"]
        assert f"无法读取{setting.agency.name}的台账" in problem and "连接已断开" in problem
    assert stored(setting.agency).data == before


def test_a_confirmation_applies_only_the_recomputation_previewed(setting):
    """The register changes between the preview and the confirmation: the confirmation is
    refused (409, nothing saved) with the new preview; confirming that one works."""
    import copy

    from gongkai.register.store import save_register

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()
    key = "t3.new_received.total"
    right = int(form[f"cell-{key}"])
    clerk.post(url, {**form, f"cell-{key}": str(right + 7)})
    preview = page(clerk.get(url + "recompute/"))

    # meanwhile two applications received in the year are struck from the register
    changed = copy.deepcopy(setting.register)
    received = [a for a in changed.applications if a.received.year == YEAR]
    for gone in received[:2]:
        changed.applications.remove(gone)
    save_register(changed, using=setting.agency._state.db)
    assert expected_figures(changed, YEAR)[key] == right - 2

    refused = clerk.post(url + "recompute/", {"digest": preview.values["digest"]})
    assert refused.status_code == 409
    again = page(refused)
    assert "未作任何修改" in again.text["problem"]
    assert again.values["digest"] != preview.values["digest"]
    assert str(right - 2) in again.text["changes"]
    assert stored(setting.agency).model().cells[key] == right + 7
    assert clerk.post(url + "recompute/").status_code == 409  # no digest: no confirmation
    assert stored(setting.agency).model().cells[key] == right + 7

    assert clerk.post(url + "recompute/", {"digest": again.values["digest"]}).status_code == 302
    assert stored(setting.agency).model().cells[key] == right - 2


# ------------------------------------------------------------------------------- downloads

def _download(client, agency, kind: str, tmp_path: Path):
    from gongkai.load import load_report

    response = client.get(editor_url(agency) + f"download/{kind}/")
    assert response.status_code == 200, response_text(response)[:500]
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    encoded = header.split("filename*=UTF-8''", 1)[1]
    name = unquote(encoded)
    assert name == f"{agency.name}{YEAR}年政府信息公开工作年度报告.{kind}"
    path = tmp_path / f"report.{kind}"
    path.write_bytes(response.content)
    return response, load_report(path)


def test_docx_and_html_downloads_read_back_to_the_same_cells(setting, tmp_path):
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    clerk.post(url, {**page(clerk.get(url)).form(), "action": "draft"})
    model = stored(setting.agency).model()
    assert sum(1 for v in model.cells.values() if v) > 20
    for kind in ("docx", "html"):
        response, read = _download(clerk, setting.agency, kind, tmp_path)
        assert read.cells == model.cells, kind
        assert read.year == YEAR
    assert response["Content-Type"].startswith("text/html")
    reviewer = client_for(setting.reviewer)
    assert reviewer.get(url + "download/docx/").status_code == 200
    assert clerk.get(url + "download/exe/").status_code == 404


@pytest.mark.parametrize("using", ["default"])
def test_the_pdf_download(store, web_db, tmp_path):
    setting = build(web_db)
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    response, read = _download(clerk, setting.agency, "pdf", tmp_path)
    assert response.content.startswith(b"%PDF")
    assert read.cells == stored(setting.agency).model().cells


def test_a_pdf_that_cannot_be_made_gives_a_chinese_error(setting, monkeypatch):
    import gongkai.write.pdf

    monkeypatch.setattr(gongkai.write.pdf, "soffice", lambda: None)
    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    response = clerk.get(editor_url(setting.agency) + "download/pdf/")
    assert response.status_code == 503
    assert "未找到 LibreOffice" in page(response).text["download-error"]


# ------------------------------------------------------------------------------- submitting

def test_submitting_is_blocked_by_errors_then_allowed_and_locks_the_report(setting):
    from django.utils import timezone

    from gongkai.check import check
    from gongkai.web.reports.models import Submission
    from gongkai.web.reports.workflow import SubmitError, submit
    from gongkai.web.review.decisions import decide

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    form = page(clerk.get(url)).form()

    # sections 一, 五, 六 not written: errors, no submission
    blocked = clerk.post(url, {**form, "action": "submit"})
    assert blocked.status_code == 409
    problem = page(blocked).text["problem"]
    assert "不能报送" in problem and "C1-101" in problem
    assert stored(setting.agency).status == "draft"
    assert not Submission.objects.filter(report=stored(setting.agency)).exists()

    # drafted: no error left, submitted
    clerk.post(url, {**form, "action": "draft"})
    report = stored(setting.agency)
    result = check(report.model())
    assert result.count("error") == 0
    done = clerk.post(url, {**page(clerk.get(url)).form(), "action": "submit"})
    assert done.status_code == 302 and "done=submitted" in done["Location"]
    report = stored(setting.agency)
    assert report.status == "submitted"
    (submission,) = Submission.objects.filter(report=report)
    assert submission.snapshot == report.data
    assert submission.errors == 0 and submission.warnings == result.count("warning")
    assert submission.by_id == setting.clerk.pk and submission.decision == "pending"

    # locked: read-only page, every change refused
    shown = page(clerk.get(url))
    assert "已报送主管部门" in shown.text["read-only"]
    assert "保存" not in shown.buttons and "报送主管部门" not in shown.buttons
    assert "cell-t3.new_received.total" in shown.readonly
    assert "待审核" in shown.text["submissions"]
    assert clerk.post(url, {**shown.form(), "action": "save"}).status_code == 403
    assert clerk.post(url + "check/", shown.form()).status_code == 403
    assert clerk.get(url + "recompute/").status_code == 403
    with pytest.raises(SubmitError, match="不能报送"):
        submit(report, setting.clerk, timezone.now())
    assert Submission.objects.filter(report=report).count() == 1

    # the office returns it (the review app's decision): editable again
    decide(submission, setting.reviewer, "returned", "表三的数字请与台账核对。", timezone.now())
    assert stored(setting.agency).status == "returned"
    again = page(clerk.get(url))
    assert "表三的数字请与台账核对。" in again.text["submissions"]
    assert "退回修改" in again.text["submissions"]
    assert "保存" in again.buttons and "报送主管部门" in again.buttons
    # a post carrying no fields (a bare submit button) changes no figure or text
    data = stored(setting.agency).data
    assert clerk.post(url, {"action": "submit"}).status_code == 302
    assert Submission.objects.filter(report=report).count() == 2
    assert stored(setting.agency).data == data


def test_a_dismissed_error_is_greyed_with_its_reason_and_does_not_block(setting):
    from django.utils import timezone

    from gongkai.web.reports.findings import findings_of
    from gongkai.web.review.dismissals import dismiss

    clerk = client_for(setting.clerk)
    create(clerk, setting.agency)
    url = editor_url(setting.agency)
    clerk.post(url, {**page(clerk.get(url)).form(), "action": "draft"})
    form = page(clerk.get(url)).form()
    clerk.post(url, {**form, "section-other": ""})  # 六 emptied: C1-101
    shown = page(clerk.get(url))
    assert "C1-101" in shown.text["notes-section-other"]
    assert clerk.post(url, {**form, "section-other": "", "action": "submit"}).status_code == 409

    report = stored(setting.agency)
    dismiss(report, findings_of(report), "C1-101", "", "本机关本年度没有其他需要报告的事项",
            setting.reviewer, timezone.now())
    html = response_text(clerk.get(url))
    grey = page(clerk.get(url))
    assert "本机关本年度没有其他需要报告的事项" in grey.text["notes-section-other"]
    assert 'class="finding sev-error dismissed" data-code="C1-101"' in html
    assert "另有已排除 1 条" in grey.text["summary"]
    assert clerk.post(url, {**grey.form(), "action": "submit"}).status_code == 302
    assert stored(setting.agency).status == "submitted"


# ------------------------------------------------------------------------------- permissions

def test_who_may_do_what_on_every_page(setting):
    from gongkai.web.reports.models import Report

    owner = client_for(setting.clerk)
    create(owner, setting.agency)
    form = page(owner.get(editor_url(setting.agency))).form()
    base = f"/agencies/{setting.agency.pk}/reports/"
    url = editor_url(setting.agency)
    gets = [base, url, url + "recompute/", url + "download/html/"]
    posts = [(base + "new/", {"year": YEAR - 1, "source": "blank"}), (url, form),
             (url + "check/", form), (url + "recompute/", {})]

    outsider = client_for(setting.other_clerk)  # clerk of agency B
    for address in gets:
        assert outsider.get(address).status_code == 404, address
    for address, data in posts:
        assert outsider.post(address, data).status_code == 404, address

    reviewer = client_for(setting.reviewer)
    for address in (base, url, url + "download/html/"):
        assert reviewer.get(address).status_code == 200, address
    assert reviewer.get(url + "recompute/").status_code == 403
    for address, data in posts:
        assert reviewer.post(address, data).status_code == 403, address
    viewed = page(reviewer.get(url))
    assert "没有修改的权限" in viewed.text["read-only"] and "保存" not in viewed.buttons
    assert "新建年度报告" not in response_text(reviewer.get(base))

    anonymous = client_for()
    for address in gets:
        response = anonymous.get(address)
        assert response.status_code == 302 and "/login/" in response["Location"], address
    for address, data in posts:
        response = anonymous.post(address, data)
        if address.endswith("check/"):
            assert response.status_code == 401
            assert json.loads(response.content)["error"] == "未登录"
        else:
            assert response.status_code == 302 and "/login/" in response["Location"], address

    assert stored(setting.agency).status == "draft"  # nothing the others posted took effect
    assert not Report.objects.filter(agency=setting.agency, year=YEAR - 1).exists()
    assert owner.get(editor_url(setting.agency, YEAR - 3)).status_code == 404
    assert owner.get(editor_url(setting.other)).status_code == 404
    assert owner.post(base + "new/", {"year": YEAR - 1, "source": "blank"}).status_code == 302
