"""The register's pages (`gongkai.web.register`): applications with their statutory deadlines,
events, cases, documents, the register file's import and export, and who may do what — on
SQLite and on PostgreSQL (the `web_db` fixture).

Deadlines are reasoned here by hand around the 2025 National Day holiday (国务院办公厅通知:
1–8 October off; Sunday 28 September and Saturday 11 October are working days):

- received in person on Tuesday 2025-09-30 (not counted): working days 1–2 are 9 and 10
  October, 3 is Saturday 11 October, then 13–17 (4–8), 20–24 (9–13), 27–31 (14–18), 3 and 4
  November (19, 20): the answer is due on **2025-11-04**;
- extended by 20 working days: 5–7 November (3), 10–14 (8), 17–21 (13), 24–28 (18), 1 and 2
  December (19, 20): due on **2025-12-02**.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

RECEIVED = date(2025, 9, 30)
DUE = "2025-11-04"
DUE_EXTENDED = "2025-12-02"


@dataclass
class Place:
    """Two agencies A and B of a city, the city's office, and their people."""

    tag: str
    agencies: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def a(self) -> Any:
        return self.agencies["A"]


def build_place(using: str) -> Place:
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Agency, Level, Membership, Region, Role

    p = Place(uuid.uuid4().hex[:6])
    province = Region.objects.using(using).create(name=f"某省{p.tag}", level=Level.province)
    city = Region.objects.using(using).create(name=f"某市{p.tag}", level=Level.city,
                                              parent=province)
    for key, name, office in (("A", "某市教育局", False), ("B", "某市财政局", False),
                              ("office", "某市人民政府办公室", True)):
        p.agencies[key] = Agency.objects.using(using).create(
            name=f"{name}{p.tag}", region=city, is_office=office)
    for key, role, agency in (("clerk-a", Role.clerk, "A"), ("clerk-b", Role.clerk, "B"),
                              ("reviewer", Role.reviewer, "office"), ("admin", Role.admin, None)):
        user = User.objects.db_manager(using).create_user(f"{key}-{p.tag}")
        Membership.objects.using(using).create(
            user=user, role=role, agency=p.agencies[agency] if agency else None)
        p.users[key] = user
    return p


def client_for(user: Any = None) -> Any:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def place(web_db: str) -> Place:
    return build_place(web_db)


def add_application(agency: Any, number: str, submitted: date = RECEIVED,
                    channel: str = "in_person") -> Any:
    from gongkai.web.register.models import Application

    return Application.objects.create(
        agency=agency, number=number, channel=channel, submitted=submitted,
        applicant="张三", applicant_type="natural_person", content="请公开某某路拓宽工程的补偿方案")


def row_of(page: str, row_id: str) -> str:
    found = re.search(rf'<tr id="{row_id}"[^>]*>.*?</tr>', page, re.S)
    assert found, f"{row_id} not on the page"
    return found.group(0)


def text(response: Any) -> str:
    return response.content.decode()


def register_url(place: Place, tail: str = "") -> str:
    return f"/agencies/{place.a.pk}/register/{tail}"


# ----------------------------------------------------------------------------- deadlines

def test_list_shows_the_statutory_due_date_and_marks_due_soon(place: Place) -> None:
    app = add_application(place.a, "YSQ-1")
    client = client_for(place.users["clerk-a"])
    page = text(client.get(register_url(place), {"on": "2025-10-29"}))
    row = row_of(page, f"application-{app.pk}")
    assert DUE in row
    # after Wednesday 29 October: 30, 31 October, 3 and 4 November are left
    assert re.search(r'class="left[^"]*">4 ', row)
    assert 'class="due-soon"' in row and "即将到期" in row
    assert 'id="count-due-soon">1<' in page and 'id="count-overdue">0<' in page


def test_overdue_applications_are_highlighted_and_filtered(place: Place) -> None:
    late = add_application(place.a, "YSQ-late")
    later = add_application(place.a, "YSQ-later", submitted=date(2025, 11, 3))
    client = client_for(place.users["clerk-a"])
    page = text(client.get(register_url(place), {"on": "2025-11-10"}))
    row = row_of(page, f"application-{late.pk}")
    assert 'class="overdue"' in row
    # due Tuesday 4 November; 5, 6, 7 and 10 November have passed since
    assert "逾期 4 个工作日" in row
    assert 'class="overdue"' not in row_of(page, f"application-{later.pk}")
    overdue_only = text(client.get(register_url(place), {"on": "2025-11-10", "show": "overdue"}))
    assert f"application-{late.pk}" in overdue_only
    assert f"application-{later.pk}" not in overdue_only
    by_year = text(client.get(register_url(place), {"on": "2025-11-10", "year": "2024"}))
    assert f"application-{late.pk}" not in by_year


def test_an_event_moves_the_due_date_and_the_state(place: Place) -> None:
    from gongkai.web.register.models import ApplicationEvent

    app = add_application(place.a, "YSQ-2")
    client = client_for(place.users["clerk-a"])
    url = register_url(place, f"applications/{app.pk}/")
    response = client.post(url, {"kind": "extension_approved", "on": "2025-10-20",
                                 "note": "需要调取档案"})
    assert response.status_code == 302
    page = text(client.get(register_url(place), {"on": "2025-11-10"}))
    row = row_of(page, f"application-{app.pk}")
    assert DUE_EXTENDED in row and 'class="overdue"' not in row
    # 第三十三条: extended by at most 20 working days; the due date counts the whole 20
    facts = text(client.get(url, {"on": "2025-11-10"}))
    assert "已延长答复期限（按最长 20 个工作日计算）" in facts and "已延期" not in facts
    # after Monday 10 November: 11–14 (4), 17–21 (9), 24–28 (14), 1 and 2 December (16)
    assert re.search(r'class="left[^"]*">16<', row)
    response = client.post(url, {"kind": "answered", "on": "2025-11-20", "outcome": "granted"})
    assert response.status_code == 302
    kinds = list(ApplicationEvent.objects.filter(application=app).values_list("kind", flat=True))
    assert sorted(kinds) == ["answered", "extension_approved"]
    open_page = text(client.get(register_url(place), {"on": "2025-11-25"}))
    assert f"application-{app.pk}" not in open_page
    all_page = text(client.get(register_url(place), {"on": "2025-11-25", "show": "all"}))
    assert "已答复：（一）予以公开" in row_of(all_page, f"application-{app.pk}")


@pytest.mark.parametrize(("posted", "message"), [
    ({"kind": "answered", "on": "2025-10-20"}, "有答复但没有办理结果"),
    ({"kind": "correction_received", "on": "2025-10-09"}, "还没有“补正告知”"),
    ({"kind": "fee_paid", "on": "2025-10-09"}, "还没有“收费通知”"),
    ({"kind": "extension_approved", "on": "2025-09-01"}, "早于申请的提交日期"),
    ({"kind": "third_party_answered", "on": "2025-10-09"}, "没有尚待答复的“征求第三方意见”"),
    ({"kind": "withdrawn", "on": "2025-10-09", "amount_yuan": "10"}, "只有“收费通知”填写金额"),
])
def test_an_event_the_domain_refuses_is_not_saved(place: Place, posted: dict[str, str],
                                                   message: str) -> None:
    from gongkai.web.register.models import ApplicationEvent

    app = add_application(place.a, "YSQ-3")
    client = client_for(place.users["clerk-a"])
    response = client.post(register_url(place, f"applications/{app.pk}/"), posted)
    assert response.status_code == 400
    assert message in text(response)
    assert not ApplicationEvent.objects.filter(application=app).exists()


def test_a_second_answer_is_refused(place: Place) -> None:
    app = add_application(place.a, "YSQ-4")
    client = client_for(place.users["clerk-a"])
    url = register_url(place, f"applications/{app.pk}/")
    assert client.post(url, {"kind": "withdrawn", "on": "2025-10-10"}).status_code == 302
    response = client.post(url, {"kind": "answered", "on": "2025-10-11",
                                 "outcome": "granted"})
    assert response.status_code == 400
    assert "一件申请或者答复、或者撤回" in text(response)
    assert app.events.count() == 1


def test_a_clerk_registers_an_application(place: Place) -> None:
    from gongkai.web.register.models import Application

    client = client_for(place.users["clerk-a"])
    posted = {"number": "YSQ-NEW", "channel": "post", "submitted": "2025-09-26",
              "confirmed": "2025-09-30", "applicant": "某某科技有限公司",
              "applicant_type": "commercial_enterprise", "content": "请公开"}
    response = client.post(register_url(place, "applications/new/"), posted)
    assert response.status_code == 302
    app = Application.objects.get(agency=place.a, number="YSQ-NEW")
    # a posted application counts from the day it was signed for (条例第三十一条)
    page = text(client.get(response["Location"].split("?")[0], {"on": "2025-10-01"}))
    assert DUE in page
    again = client.post(register_url(place, "applications/new/"), posted)
    assert again.status_code == 400
    assert "本机关已有编号为“YSQ-NEW”的申请" in text(again)
    early = client.post(register_url(place, "applications/new/"), {
        **posted, "number": "YSQ-EARLY", "confirmed": "2025-09-25"})
    assert early.status_code == 400
    assert "确认日期（2025-09-25）早于提交日期（2025-09-26）" in text(early)
    assert Application.objects.filter(agency=place.a).count() == 1
    assert app.applicant == "某某科技有限公司"


def test_cases_and_documents_are_listed_and_added(place: Place) -> None:
    from gongkai.web.register.models import Case, NormativeDocument

    client = client_for(place.users["clerk-a"])
    response = client.post(register_url(place, "cases/"), {
        "number": "复-1", "kind": "review", "filed": "2025-03-01", "decided": "2025-05-01",
        "result": "corrected"})
    assert response.status_code == 302
    refused = client.post(register_url(place, "cases/"), {
        "number": "复-2", "kind": "review", "filed": "2025-03-01", "result": "upheld"})
    assert refused.status_code == 400
    assert "已审结的案件须有结果" in text(refused)
    page = text(client.get(register_url(place, "cases/")))
    assert "复-1" in page and "结果纠正" in page
    assert list(Case.objects.filter(agency=place.a).values_list("number", flat=True)) == ["复-1"]
    response = client.post(register_url(place, "documents/"), {
        "kind": "normative_documents", "title": "关于规范某某事项的通知",
        "number": "某教规〔2025〕1号", "issued": "2025-02-01"})
    assert response.status_code == 302
    refused = client.post(register_url(place, "documents/"), {
        "kind": "regulations", "title": "某办法", "issued": "2025-02-01",
        "repealed": "2025-01-01"})
    assert refused.status_code == 400
    assert "废止日期（2025-01-01）早于印发日期（2025-02-01）" in text(refused)
    assert "某教规〔2025〕1号" in text(client.get(register_url(place, "documents/")))
    assert NormativeDocument.objects.filter(agency=place.a).count() == 1


# ------------------------------------------------------------------------- import, export

def upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def _with_notes(register: Any) -> Any:
    """The register with a note on events of several kinds (the factory notes extensions only)."""
    import dataclasses

    from gongkai.register.model import EventKind

    notes = {EventKind.correction_requested: "请补充所需信息的名称\n和文号",
             EventKind.third_party_started: "征求某公司意见",
             EventKind.answered: "某政公开〔2025〕3号", EventKind.withdrawn: "申请人已自行获取"}
    noted = 0
    for app in register.applications:
        events = [dataclasses.replace(e, note=notes[e.kind]) if e.kind in notes else e
                  for e in app.events]
        noted += sum(a != b for a, b in zip(events, app.events, strict=True))
        app.events = events
    assert noted >= 5
    return register


def test_import_then_export_gives_back_the_same_register(place: Place, tmp_path: Any) -> None:
    from gongkai.register.io import read_files
    from gongkai.register.io.xlsx import write_xlsx
    from gongkai.web.register.models import Application, ApplicationEvent, Case
    from tests.register_factory import random_register

    add_application(place.a, "OLD-1")  # replaced by the import
    add_application(place.a, "OLD-2")
    register = _with_notes(random_register(7, place.a.name, years=range(2024, 2026),
                                           applications=12, cases=3, documents=2))
    data, warnings = write_xlsx(register)
    assert warnings == []
    client = client_for(place.users["clerk-a"])
    response = client.post(register_url(place, "import/"), {"file": upload("台账.xlsx", data)})
    page = text(response)
    assert response.status_code == 200
    saved = re.search(r'<p[^>]*id="import-saved">(.*?)</p>', page, re.S).group(1)
    assert "申请 12 件（替换了原有的 2 件）" in saved
    assert "复议诉讼案件 3 件（替换了原有的 0 件）" in saved
    stored = Application.objects.filter(agency=place.a)
    assert stored.count() == 12 and not stored.filter(number__startswith="OLD-").exists()
    assert Case.objects.filter(agency=place.a).count() == 3
    events = sum(len(a.events) for a in register.applications)
    assert ApplicationEvent.objects.filter(application__agency=place.a).count() == events > 0
    # what is exported is what was imported: every event with its date, outcome, amount, note
    exported = client.get(register_url(place, "export/"))
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in exported["Content-Disposition"]
    path = tmp_path / "导出.xlsx"
    path.write_bytes(exported.content)
    back = read_files([path], place.a.name).register
    assert back.applications == register.applications
    assert (back.cases, back.documents, back.yearly) == (
        register.cases, register.documents, register.yearly)
    notes = [e.note for a in back.applications for e in a.events if e.note]
    assert "请补充所需信息的名称\n和文号" in notes and "某政公开〔2025〕3号" in notes


def test_an_export_that_would_lose_something_says_what_first(place: Place) -> None:
    from gongkai.web.register.models import ApplicationEvent

    app = add_application(place.a, "YSQ-TWICE")
    for position, on in enumerate(("2025-10-09", "2025-10-10")):  # not possible by the pages
        ApplicationEvent.objects.create(application=app, position=position,
                                        kind="correction_requested", on=on)
    client = client_for(place.users["clerk-a"])
    response = client.get(register_url(place, "export/"))
    assert response.status_code == 200 and "attachment" not in response.get(
        "Content-Disposition", "")
    assert "有 2 个“补正告知”，只导出了第一个" in row_of_list(text(response))
    anyway = client.get(register_url(place, "export/"), {"anyway": "1"})
    assert "attachment" in anyway["Content-Disposition"]


def row_of_list(page: str) -> str:
    found = re.search(r'<ul id="export-warnings">.*?</ul>', page, re.S)
    assert found, "no warnings on the page"
    return found.group(0)


def _workbook(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    from gongkai.register.io import sheet
    from gongkai.register.parts import Part

    book = Workbook()
    ws = book.active
    ws.title = sheet(Part.applications).title
    ws.append(list(sheet(Part.applications).headers))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _application_row(number: str, applicant: str | None, answered: str | None = None,
                     outcome: str | None = None) -> list[Any]:
    from gongkai.register.io import sheet
    from gongkai.register.parts import Part

    cells = {"申请编号": number, "收到方式": "网络", "提交日期": "2025-03-05",
             "申请人": applicant, "申请人类型": "自然人", "答复日期": answered, "办理结果": outcome}
    return [cells.get(h) for h in sheet(Part.applications).headers]


def test_import_of_a_file_with_bad_rows_lists_them_and_saves_nothing(place: Place) -> None:
    from gongkai.web.register.models import Application

    kept = add_application(place.a, "OLD-1")
    data = _workbook([
        _application_row("NEW-1", "李四"),
        _application_row("NEW-2", None),  # row 3: no applicant
        _application_row("NEW-3", "王五", answered="2025-03-20"),  # row 4: no outcome
    ])
    client = client_for(place.users["clerk-a"])
    response = client.post(register_url(place, "import/"), {"file": upload("台账.xlsx", data)})
    assert response.status_code == 400
    page = text(response)
    assert "未导入任何数据" in page and 'id="import-saved"' not in page
    table = re.search(r'<table id="import-errors">.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>",
                      table)
    assert ("申请", "第 3 行", "申请人", "申请人为空") in rows
    assert any(r[:2] == ("申请", "第 4 行") and "没有办理结果" in r[3] for r in rows)
    assert len(rows) == 2
    assert list(Application.objects.filter(agency=place.a)) == [kept]


def test_upload_limits_are_said_in_chinese(place: Place) -> None:
    from gongkai.web.register.incoming import MAX_UPLOAD_BYTES

    client = client_for(place.users["clerk-a"])
    too_big = upload("台账.csv", b"x" * (MAX_UPLOAD_BYTES + 1))
    page = text(client.post(register_url(place, "import/"), {"file": too_big}))
    assert "超过 10 MB 的上限" in page
    page = text(client.post(register_url(place, "import/"), {"file": upload("台账.xls", b"x")}))
    assert "不支持的文件类型" in page and "另存为 .xlsx" in page
    page = text(client.post(register_url(place, "import/"), {}))
    assert "请选择要导入的文件" in page


def _csv(rows: list[list[Any]]) -> bytes:
    import csv

    from gongkai.register.io import sheet
    from gongkai.register.parts import Part

    out = io.StringIO()
    csv.writer(out).writerows([list(sheet(Part.applications).headers), *rows])
    return out.getvalue().encode("utf-8")


def test_a_long_chinese_file_name_is_read_and_named(place: Place) -> None:
    """95 characters are 285 bytes in UTF-8, more than a file name may have on disk."""
    from gongkai.web.register.models import Application

    name = ("某市教育局二〇二五年度政府信息公开申请办理台账" * 5)[:95]
    assert len(name) == 95 and len(f"{name}.csv".encode()) > 255
    client = client_for(place.users["clerk-a"])
    good = client.post(register_url(place, "import/"), {
        "file": upload(f"{name}.csv", _csv([_application_row("LONG-1", "李四")]))})
    assert good.status_code == 200 and 'id="import-saved"' in text(good)
    assert Application.objects.filter(agency=place.a, number="LONG-1").exists()
    bad = client.post(register_url(place, "import/"), {
        "file": upload(f"{name}.xlsx", b"PK\x03\x04 not a workbook")})
    assert bad.status_code == 400
    table = re.search(r'<table id="import-errors">.*?</table>', text(bad), re.S).group(0)
    assert f"<td>{name}.xlsx</td>" in table and "不是有效的 Excel（.xlsx）文件" in table


def test_only_the_first_errors_are_listed_with_their_count(place: Place) -> None:
    rows = [_application_row(f"NO-{n}", None) for n in range(250)]  # each: 申请人为空
    client = client_for(place.users["clerk-a"])
    response = client.post(register_url(place, "import/"), {"file": upload("台账.csv", _csv(rows))})
    assert response.status_code == 400
    page = text(response)
    assert 'id="import-error-count">250<' in page and "下表只列出前 200 处" in page
    table = re.search(r'<table id="import-errors">.*?</table>', page, re.S).group(0)
    assert table.count("申请人为空") == 200
    assert "<td>第 2 行</td>" in table and "<td>第 201 行</td>" in table
    assert "<td>第 202 行</td>" not in table


def test_a_sheet_beyond_the_row_bound_is_refused(place: Place, monkeypatch: Any) -> None:
    from gongkai.register.io import bounds
    from gongkai.web.register.models import Application

    monkeypatch.setattr(bounds, "MAX_ROWS", 3)
    rows = [_application_row(f"MANY-{n}", "李四") for n in range(4)]
    client = client_for(place.users["clerk-a"])
    response = client.post(register_url(place, "import/"),
                           {"file": upload("台账.xlsx", _workbook(rows))})
    assert response.status_code == 400
    assert "工作表“申请”的数据超过 3 行的上限：请拆分后分批导入" in text(response)
    assert not Application.objects.filter(agency=place.a).exists()
    response = client.post(register_url(place, "import/"),
                           {"file": upload("台账.xlsx", _workbook(rows[:3]))})
    assert response.status_code == 200
    assert Application.objects.filter(agency=place.a).count() == 3


def test_a_number_taken_meanwhile_is_said_in_chinese(place: Place, monkeypatch: Any) -> None:
    """Two clerks save the same number at once: both forms found it free, the database's
    unique constraint refuses the second. Its English words are logged, never shown."""
    from gongkai.web.register import forms
    from gongkai.web.register.models import Application, Case

    add_application(place.a, "YSQ-RACE")
    Case.objects.create(agency=place.a, number="复-RACE", kind="review", filed=date(2025, 3, 1),
                        result="pending")
    monkeypatch.setattr(forms._NumberedInAgency, "clean_number",
                        lambda self: self.cleaned_data["number"].strip())
    client = client_for(place.users["clerk-a"])
    for tail, posted in (("applications/new/", {
            "number": "YSQ-RACE", "channel": "in_person", "submitted": "2025-09-26",
            "applicant": "张三", "applicant_type": "natural_person"}),
            ("cases/", {"number": "复-RACE", "kind": "review", "filed": "2025-03-01",
                        "result": "pending"})):
        response = client.post(register_url(place, tail), posted)
        assert response.status_code == 400, tail
        page = text(response)
        assert "编号已被使用（可能刚被他人登记），请刷新后重试" in page, tail
        for raw in ("UNIQUE", "unique", "duplicate key", "constraint", "IntegrityError"):
            assert raw not in page, (tail, raw)
    assert Application.objects.filter(agency=place.a, number="YSQ-RACE").count() == 1
    assert Case.objects.filter(agency=place.a, number="复-RACE").count() == 1


def test_import_form_has_stable_ids(place: Place) -> None:
    page = text(client_for(place.users["clerk-a"]).get(register_url(place, "import/")))
    assert 'id="import-form"' in page and 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" name="file"[^>]*id="id_file"', page)
    assert '<label for="id_file">' in page


# ---------------------------------------------------------------------------- permissions

PAGES = ["", "applications/new/", "applications/{app}/", "cases/", "documents/", "import/",
         "export/"]
POSTABLE = ["applications/new/", "applications/{app}/", "cases/", "documents/", "import/"]


def _urls(place: Place, app: Any, tails: list[str]) -> list[str]:
    return [register_url(place, t.format(app=app.pk)) for t in tails]


def test_every_page_follows_the_access_rules(place: Place) -> None:
    from gongkai.web.register.models import ApplicationEvent, Case

    app = add_application(place.a, "YSQ-P")
    anonymous = client_for()
    for url in _urls(place, app, PAGES):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    for url in _urls(place, app, POSTABLE):
        response = anonymous.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    other_clerk = client_for(place.users["clerk-b"])
    for url in _urls(place, app, PAGES):
        assert other_clerk.get(url).status_code == 404, url
    for url in _urls(place, app, POSTABLE):
        assert other_clerk.post(url, {}).status_code == 404, url
    reviewer = client_for(place.users["reviewer"])
    for url in _urls(place, app, PAGES):
        assert reviewer.get(url).status_code == 200, url
    for url in _urls(place, app, POSTABLE):
        response = reviewer.post(url, {"kind": "withdrawn", "on": "2025-10-09",
                                       "number": "X", "filed": "2025-01-01"})
        assert response.status_code == 403, url
        refusal = re.search(r'<p class="error">(.*?)</p>', text(response), re.S).group(1)
        assert "无权修改" in refusal and "可以登记和导入台账" in refusal
        assert "审核" not in refusal  # no one reviews on the register's pages
    assert not ApplicationEvent.objects.filter(application=app).exists()
    assert not Case.objects.filter(agency=place.a).exists()
    for who in ("clerk-a", "admin"):
        client = client_for(place.users[who])
        for url in _urls(place, app, PAGES):
            assert client.get(url).status_code == 200, (who, url)
    # the edit forms are not offered to those who may only look
    assert 'id="event-form"' not in text(reviewer.get(_urls(place, app, PAGES[2:3])[0]))
    assert 'id="import-form"' not in text(reviewer.get(register_url(place, "import/")))
    # another agency's application through this agency's address is not found
    other = add_application(place.agencies["B"], "YSQ-B")
    assert client_for(place.users["clerk-a"]).get(
        register_url(place, f"applications/{other.pk}/")).status_code == 404
