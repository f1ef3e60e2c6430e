"""The publication register's pages (`gongkai.web.publish`): items and the reviewers' queues
by the agency's workflow, an item's actions (submit, decide with the secrecy checklist,
correct, publish), adding and importing items, and who may do what — on SQLite and on
PostgreSQL (the `web_db` fixture). The agency's workflow here is 初审 → 保密审查 → 审发."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from gongkai.publish.model import SECRECY_CHECKLIST
from tests.test_web_register import Place, build_place, client_for, row_of, text, upload

STEPS = ("初审", "保密审查", "审发")


@pytest.fixture
def place(web_db: str) -> Place:
    from gongkai.web.publish.models import AgencyWorkflow

    p = build_place(web_db)
    AgencyWorkflow.objects.create(agency=p.a, steps=list(STEPS))
    return p


def url(place: Place, tail: str = "") -> str:
    return f"/agencies/{place.a.pk}/publications/{tail}"


def add_item(client: Any, place: Place, title: str = "关于开展安全生产大检查的通知") -> int:
    response = client.post(url(place, "new/"), {
        "title": title, "kind": "部门文件", "number": "", "attribute": "proactive"})
    assert response.status_code == 302, text(response)
    return int(re.search(r"/publications/(\d+)/", response["Location"]).group(1))


def in_queue(client: Any, place: Place, step: str, pk: int) -> bool:
    page = text(client.get(url(place, f"queue/{step}/")))
    return f'id="item-{pk}"' in page


CLEAR = {f"secrecy_{n}": "no" for n in range(1, 7)}


def checklist_errors(page: str, table_id: str) -> list[tuple[str, str]]:
    """(question, error) of each row of the checklist table `table_id` that shows an error."""
    table = re.search(rf'<table class="checklist" id="{table_id}">.*?</table>', page, re.S)
    assert table, f"no {table_id} on the page"
    return re.findall(r'<tr><th>(.*?)</th>.*?<div class="error">(.*?)</div>.*?</tr>',
                      table.group(0), re.S)


def test_queues_follow_the_workflow(place: Place) -> None:
    from gongkai.web.publish.models import ReviewEntry

    client = client_for(place.users["clerk-a"])
    pk = add_item(client, place)
    assert not any(in_queue(client, place, s, pk) for s in STEPS)
    assert client.post(url(place, f"{pk}/submit/")).status_code == 302
    assert in_queue(client, place, "初审", pk)
    assert not in_queue(client, place, "保密审查", pk)
    listing = text(client.get(url(place)))
    assert "待初审" in row_of(listing, f"item-{pk}")
    assert 'id="queue-count-1">1<' in listing and 'id="queue-count-2">0<' in listing
    response = client.post(url(place, f"{pk}/decide/"), {"step": "初审", "decision": "passed"})
    assert response.status_code == 302
    assert not in_queue(client, place, "初审", pk)
    assert in_queue(client, place, "保密审查", pk)
    entry = ReviewEntry.objects.get(item_id=pk)
    assert (entry.number, entry.step, entry.decision) == (1, "初审", "passed")
    assert entry.reviewer == place.users["clerk-a"].get_username()
    # a step not in the agency's workflow has no queue
    assert client.get(url(place, "queue/校对/")).status_code == 404


def _to_secrecy(client: Any, place: Place) -> int:
    pk = add_item(client, place)
    client.post(url(place, f"{pk}/submit/"))
    client.post(url(place, f"{pk}/decide/"), {"step": "初审", "decision": "passed"})
    return pk


def test_a_yes_on_the_secrecy_checklist_blocks_passing(place: Place) -> None:
    from gongkai.web.publish.models import ReviewEntry

    client = client_for(place.users["clerk-a"])
    pk = _to_secrecy(client, place)
    page = text(client.get(url(place, f"{pk}/")))
    assert 'id="checklist"' in page and "是否涉及国家秘密" in page
    flagged = {**CLEAR, "secrecy_4": "yes"}  # 是否涉及个人隐私: 是
    response = client.post(url(place, f"{pk}/decide/"),
                           {"step": "保密审查", "decision": "passed", **flagged})
    assert response.status_code == 400
    assert "保密审查清单中“是否涉及个人隐私”答“是”，不能通过" in text(response)
    assert ReviewEntry.objects.filter(item_id=pk).count() == 1
    assert in_queue(client, place, "保密审查", pk)
    unanswered = client.post(url(place, f"{pk}/decide/"),
                             {"step": "保密审查", "decision": "passed"})
    assert unanswered.status_code == 400
    # each of the six questions says it must be answered, in its own row of the checklist
    assert checklist_errors(text(unanswered), "checklist") == [
        (q, "请回答“是”或“否”") for q in SECRECY_CHECKLIST]
    assert ReviewEntry.objects.filter(item_id=pk).count() == 1
    response = client.post(url(place, f"{pk}/decide/"),
                           {"step": "保密审查", "decision": "passed", **CLEAR})
    assert response.status_code == 302
    entry = ReviewEntry.objects.get(item_id=pk, number=2)
    assert len(entry.checklist) == 6 and not any(answer for _, answer in entry.checklist)
    assert in_queue(client, place, "审发", pk)


def test_a_returned_secrecy_review_is_corrected_to_a_pass_only_with_a_clear_checklist(
        place: Place) -> None:
    from gongkai.web.publish.models import ReviewEntry

    client = client_for(place.users["clerk-a"])
    pk = _to_secrecy(client, place)
    flagged = {**CLEAR, "secrecy_4": "yes"}  # 是否涉及个人隐私: 是
    response = client.post(url(place, f"{pk}/decide/"), {
        "step": "保密审查", "decision": "returned", "comment": "名单含身份证号", **flagged})
    assert response.status_code == 302
    page = text(client.get(url(place, f"{pk}/")))
    assert 'id="correct-checklist"' in page  # the trail has a secrecy review: asked for
    correction = {"entry": "2", "decision": "passed", "comment": "误点退回"}
    # the earlier answers are not carried into a pass: each question must be answered again
    unanswered = client.post(url(place, f"{pk}/correct/"), correction)
    assert unanswered.status_code == 400
    assert checklist_errors(text(unanswered), "correct-checklist") == [
        (q, "请回答“是”或“否”") for q in SECRECY_CHECKLIST]
    still_flagged = client.post(url(place, f"{pk}/correct/"), {**correction, **flagged})
    assert still_flagged.status_code == 400
    assert "保密审查清单中“是否涉及个人隐私”答“是”，不能通过" in text(still_flagged)
    # a checklist is only for a secrecy review's correction
    first_step = client.post(url(place, f"{pk}/correct/"), {
        "entry": "1", "decision": "passed", "comment": "签名笔误", **CLEAR})
    assert first_step.status_code == 400
    assert "只有更正“保密审查”的记录时填写保密审查清单" in text(first_step)
    assert ReviewEntry.objects.filter(item_id=pk).count() == 2
    assert not any(in_queue(client, place, s, pk) for s in STEPS)  # still returned
    publish = client.post(url(place, f"{pk}/publish/"), {"on": "2025-03-02",
                                                          "channels": ["政府网站"]})
    assert publish.status_code == 400 and "已被退回" in text(publish)
    # the names were removed and every question answered 否: the correction passes it
    response = client.post(url(place, f"{pk}/correct/"), {**correction, **CLEAR,
                                                          "comment": "已删去身份证号"})
    assert response.status_code == 302
    fixed = ReviewEntry.objects.get(item_id=pk, number=3)
    assert (fixed.corrects, fixed.step, fixed.decision) == (2, "保密审查", "passed")
    assert [answer for _, answer in fixed.checklist] == [False] * 6
    assert [a for _, a in ReviewEntry.objects.get(item_id=pk, number=2).checklist] == [
        False, False, False, True, False, False]
    assert in_queue(client, place, "审发", pk)


def test_return_resubmit_publish_and_correct(place: Place) -> None:
    from gongkai.web.publish.models import PublicationItem, ReviewEntry

    client = client_for(place.users["clerk-a"])
    pk = _to_secrecy(client, place)
    client.post(url(place, f"{pk}/decide/"), {"step": "保密审查", "decision": "passed", **CLEAR})
    no_comment = client.post(url(place, f"{pk}/decide/"),
                             {"step": "审发", "decision": "returned", "comment": ""})
    assert no_comment.status_code == 400
    assert "退回时须写明意见" in text(no_comment)
    early = client.post(url(place, f"{pk}/publish/"), {"on": "2025-03-02",
                                                        "channels": ["政府网站"]})
    assert early.status_code == 400
    assert "尚未通过“审发”，不能发布" in text(early)
    client.post(url(place, f"{pk}/decide/"),
                {"step": "审发", "decision": "returned", "comment": "附件缺失"})
    page = text(client.get(url(place, f"{pk}/")))
    assert "已退回：附件缺失" in page
    assert not any(in_queue(client, place, s, pk) for s in STEPS)
    client.post(url(place, f"{pk}/submit/"))
    assert in_queue(client, place, "初审", pk)
    for step in STEPS:
        answers = CLEAR if step == "保密审查" else {}
        response = client.post(url(place, f"{pk}/decide/"),
                               {"step": step, "decision": "passed", **answers})
        assert response.status_code == 302, step
    no_channel = client.post(url(place, f"{pk}/publish/"), {"on": "2025-03-02"})
    assert "须至少选择一个发布渠道" in text(no_channel)
    response = client.post(url(place, f"{pk}/publish/"), {
        "on": "2025-03-02", "channels": ["政府网站", "政务微信"], "other_channels": "某某日报"})
    assert response.status_code == 302
    row = PublicationItem.objects.get(pk=pk)
    assert str(row.published) == "2025-03-02"
    assert row.channels == ["政府网站", "政务微信", "某某日报"]
    # 初审, 保密审查 passed and 审发 returned; after the resubmission the three passed
    assert ReviewEntry.objects.filter(item_id=pk).count() == 6
    original = ReviewEntry.objects.get(item_id=pk, number=6)
    kept = (original.step, original.decision, original.reviewer, original.at, original.comment)
    response = client.post(url(place, f"{pk}/correct/"), {
        "entry": "6", "decision": "returned", "comment": "更正：审核人签名笔误"})
    assert response.status_code == 302
    correction = ReviewEntry.objects.get(item_id=pk, number=7)
    assert (correction.corrects, correction.step, correction.decision) == (6, "审发", "returned")
    assert correction.comment == "更正：审核人签名笔误"
    # the original decision is unchanged, and still shown (marked as corrected)
    original.refresh_from_db()
    assert (original.step, original.decision, original.reviewer, original.at,
            original.comment) == kept
    assert kept[:3] == ("审发", "passed", place.users["clerk-a"].get_username())
    page = text(client.get(url(place, f"{pk}/")))
    assert 'id="entry-6" class="corrected"' in page and "已发布" in page


def test_adding_an_item_applies_the_domain_rules(place: Place) -> None:
    from gongkai.web.publish.models import PublicationItem

    client = client_for(place.users["clerk-a"])
    refused = client.post(url(place, "new/"), {
        "title": "某内部通知", "kind": "部门文件", "attribute": "withheld", "attribute_reason": ""})
    assert "须写明理由和依据" in text(refused)
    add_item(client, place, "某公告")
    again = client.post(url(place, "new/"), {"title": "某公告", "kind": "公示公告",
                                             "attribute": "proactive"})
    assert "已有标题或文号为“某公告”的信息" in text(again)
    assert PublicationItem.objects.filter(agency=place.a).count() == 1


# ------------------------------------------------------------------------------ import

def test_import_of_a_good_file_saves_every_item(place: Place) -> None:
    from gongkai.publish.io import export_files
    from gongkai.publish.workflow import Workflow
    from gongkai.web.publish.models import PublicationItem, ReviewEntry
    from tests.publish_factory import random_items

    items = random_items(5, years=range(2024, 2026), count=12, workflow=Workflow(STEPS),
                         tag=place.tag)
    data = next(iter(export_files(items, Path("发布.xlsx")).values()))
    client = client_for(place.users["clerk-a"])
    page = text(client.post(url(place, "import/"), {"file": upload("发布.xlsx", data)}))
    assert 'id="import-saved"' in page, page
    assert f"新增 {len(items)} 条" in page
    assert PublicationItem.objects.filter(agency=place.a).count() == len(items) >= 12
    entries = sum(len(i.trail) for i in items)
    assert ReviewEntry.objects.filter(item__agency=place.a).count() == entries > 0
    exported = client.get(url(place, "export/"))
    assert "attachment" in exported["Content-Disposition"]


def test_import_of_a_file_with_bad_rows_lists_them_and_saves_nothing(place: Place) -> None:
    from openpyxl import Workbook

    from gongkai.publish.io import PublishPart, sheet
    from gongkai.web.publish.models import PublicationItem

    headers = sheet(PublishPart.items).headers
    book = Workbook()
    ws = book.active
    ws.title = sheet(PublishPart.items).title
    ws.append(list(headers))
    good = {"标题": "某公告", "类别": "公示公告"}
    no_kind = {"标题": "某通知"}  # row 3
    # row 4: withheld without a reason
    withheld = {"标题": "某内部文件", "类别": "部门文件", "公开属性": "不予公开"}
    for cells in (good, no_kind, withheld):
        ws.append([cells.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    client = client_for(place.users["clerk-a"])
    response = client.post(url(place, "import/"), {"file": upload("发布.xlsx", out.getvalue())})
    assert response.status_code == 400
    page = text(response)
    assert "未导入任何数据" in page
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>",
                      re.search(r'<table id="import-errors">.*?</table>', page, re.S).group(0))
    assert ("信息", "第 3 行", "类别", "类别为空") in rows
    assert any(r[:2] == ("信息", "第 4 行") for r in rows)
    assert not PublicationItem.objects.filter(agency=place.a).exists()


# ------------------------------------------------------------------------------ access

PAGES = ["", "queue/初审/", "new/", "import/", "export/", "{item}/"]
POSTABLE = ["new/", "import/", "{item}/submit/", "{item}/decide/", "{item}/correct/",
            "{item}/publish/"]


def test_every_page_follows_the_access_rules(place: Place) -> None:
    from gongkai.web.publish.models import PublicationItem, PublicationSubmission

    pk = add_item(client_for(place.users["clerk-a"]), place)

    def urls(tails: list[str]) -> list[str]:
        return [url(place, t.format(item=pk)) for t in tails]

    anonymous = client_for()
    for address in urls(PAGES) + urls(POSTABLE):
        method = anonymous.post if address in urls(POSTABLE) else anonymous.get
        response = method(address)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), address
    other_clerk = client_for(place.users["clerk-b"])
    for address in urls(PAGES):
        assert other_clerk.get(address).status_code == 404, address
    for address in urls(POSTABLE):
        assert other_clerk.post(address, {}).status_code == 404, address
    reviewer = client_for(place.users["reviewer"])
    for address in urls(PAGES):
        assert reviewer.get(address).status_code == 200, address
    for address in urls(POSTABLE):
        response = reviewer.post(address, {"title": "某公告", "kind": "公示公告",
                                           "attribute": "proactive", "step": "初审",
                                           "decision": "passed"})
        assert response.status_code == 403, address
        refusal = re.search(r'<p class="error">(.*?)</p>', text(response), re.S).group(1)
        assert "可以新增、提交、审核和发布信息" in refusal, address
    assert PublicationItem.objects.filter(agency=place.a).count() == 1
    assert not PublicationSubmission.objects.filter(item_id=pk).exists()
    assert 'id="submit-form"' not in text(reviewer.get(url(place, f"{pk}/")))
    for who in ("clerk-a", "admin"):
        client = client_for(place.users[who])
        for address in urls(PAGES):
            assert client.get(address).status_code == 200, (who, address)
    # GET on an action answers 405; another agency's item through this address is not found
    assert client_for(place.users["clerk-a"]).get(url(place, f"{pk}/submit/")).status_code == 405
    other = client_for(place.users["clerk-b"])
    b_item = other.post(f"/agencies/{place.agencies['B'].pk}/publications/new/", {
        "title": "乙的通知", "kind": "部门文件", "attribute": "proactive"})
    b_pk = int(re.search(r"/publications/(\d+)/", b_item["Location"]).group(1))
    assert client_for(place.users["clerk-a"]).get(url(place, f"{b_pk}/")).status_code == 404
