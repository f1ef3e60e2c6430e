"""Proactive disclosure: the review workflow, its audit trail, the year's figures."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from gongkai.publish import (
    SECRECY_CHECKLIST,
    Attribute,
    Decision,
    PublicationItem,
    Workflow,
    WorkflowError,
    correct,
    decide,
    next_step,
    publish,
    record_published,
    returned_comment,
    submit,
    three_synchronous,
    year_figures,
)

FLOW = Workflow(("初审", "保密审查", "审发"))
CLEAR = dict.fromkeys(SECRECY_CHECKLIST, False)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2025, 3, day, hour)


def _passed_through(item: PublicationItem, day: int = 2) -> None:
    submit(item, at(day))
    decide(item, FLOW, step="初审", reviewer="王科员", at=at(day, 10), decision=Decision.passed)
    decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(day, 11),
           decision=Decision.passed, checklist=CLEAR)
    decide(item, FLOW, step="审发", reviewer="李局长", at=at(day, 12), decision=Decision.passed)


def test_published_only_after_every_required_step():
    item = PublicationItem("关于开展科普活动的通知", "部门文件")
    with pytest.raises(WorkflowError, match="尚未提交审核"):
        publish(item, FLOW, date(2025, 3, 1), ("政府网站",))
    submit(item, at(1))
    decide(item, FLOW, step="初审", reviewer="王科员", at=at(1, 10), decision=Decision.passed)
    assert next_step(item, FLOW) == "保密审查"
    with pytest.raises(WorkflowError, match="尚未通过“保密审查”"):
        publish(item, FLOW, date(2025, 3, 1), ("政府网站",))
    with pytest.raises(WorkflowError, match="应进行“保密审查”"):
        decide(item, FLOW, step="审发", reviewer="李局长", at=at(1, 11), decision=Decision.passed)
    decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(1, 11),
           decision=Decision.passed, checklist=CLEAR)
    decide(item, FLOW, step="审发", reviewer="李局长", at=at(1, 12), decision=Decision.passed)
    publish(item, FLOW, date(2025, 3, 1), ("政府网站", "政务微信"))
    assert item.published == date(2025, 3, 1) and next_step(item, FLOW) is None


def test_returned_goes_back_with_the_comment_and_starts_again():
    item = PublicationItem("工作动态一则", "工作动态")
    submit(item, at(3))
    decide(item, FLOW, step="初审", reviewer="王科员", at=at(3, 10), decision=Decision.passed)
    with pytest.raises(WorkflowError, match="须写明意见"):
        decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(3, 11),
               decision=Decision.returned, checklist=CLEAR)
    decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(3, 11),
           decision=Decision.returned, comment="第二段含有个人电话，请删除", checklist=CLEAR)
    assert returned_comment(item) == "第二段含有个人电话，请删除"
    assert next_step(item, FLOW) is None
    with pytest.raises(WorkflowError, match="已被退回"):
        publish(item, FLOW, date(2025, 3, 3), ("政府网站",))
    _passed_through(item, day=4)  # resubmitted: every step again
    publish(item, FLOW, date(2025, 3, 4), ("政府网站",))
    assert len(item.trail) == 5  # nothing was removed


def test_secrecy_review_needs_the_whole_checklist_answered_no():
    item = PublicationItem("某项目批复", "部门文件")
    submit(item, at(5))
    decide(item, FLOW, step="初审", reviewer="王科员", at=at(5, 10), decision=Decision.passed)
    with pytest.raises(WorkflowError, match="未填写完整"):
        decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(5, 11),
               decision=Decision.passed, checklist={SECRECY_CHECKLIST[0]: False})
    flagged = {**CLEAR, "是否涉及个人隐私": True}
    with pytest.raises(WorkflowError, match="个人隐私"):
        decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(5, 11),
               decision=Decision.passed, checklist=flagged)


def test_audit_trail_cannot_be_edited_and_corrections_are_new_entries():
    item = PublicationItem("某通知", "部门文件")
    _passed_through(item)
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.trail[0].decision = Decision.returned  # type: ignore[misc]
    entry = correct(item, 3, reviewer="李局长", at=at(2, 15), decision=Decision.returned,
                    comment="误点通过，标题有误")
    assert entry.corrects == 3 and item.trail[2].decision is Decision.passed
    assert returned_comment(item) == "误点通过，标题有误"
    with pytest.raises(WorkflowError):
        publish(item, FLOW, date(2025, 3, 2), ("政府网站",))


def test_a_failed_secrecy_review_is_corrected_to_a_pass_only_with_a_fresh_clear_checklist():
    item = PublicationItem("某征地补偿名单", "公示公告")
    submit(item, at(3))
    decide(item, FLOW, step="初审", reviewer="王科员", at=at(3, 10), decision=Decision.passed)
    flagged = {**CLEAR, "是否涉及个人隐私": True}
    decide(item, FLOW, step="保密审查", reviewer="保密员", at=at(3, 11),
           decision=Decision.returned, comment="名单含身份证号", checklist=flagged)
    # the earlier answers are not carried into a pass: a fresh checklist is needed
    with pytest.raises(WorkflowError, match="须重新填写完整的保密审查清单"):
        correct(item, 2, reviewer="保密员", at=at(3, 12), decision=Decision.passed,
                comment="误点退回")
    with pytest.raises(WorkflowError, match="个人隐私"):
        correct(item, 2, reviewer="保密员", at=at(3, 12), decision=Decision.passed,
                comment="误点退回", checklist=flagged)
    with pytest.raises(WorkflowError, match="未填写完整"):
        correct(item, 2, reviewer="保密员", at=at(3, 12), decision=Decision.passed,
                comment="误点退回", checklist={SECRECY_CHECKLIST[0]: False})
    with pytest.raises(WorkflowError, match="只有“保密审查”的记录填写保密审查清单"):
        correct(item, 1, reviewer="王科员", at=at(3, 12), decision=Decision.passed,
                comment="签名笔误", checklist=CLEAR)
    assert len(item.trail) == 2 and next_step(item, FLOW) is None  # still returned
    with pytest.raises(WorkflowError, match="已被退回"):
        publish(item, FLOW, date(2025, 3, 4), ("政府网站",))
    # the names were removed: a clear checklist makes the correction a pass
    entry = correct(item, 2, reviewer="保密员", at=at(3, 14), decision=Decision.passed,
                    comment="已删去身份证号", checklist=CLEAR)
    assert entry.checklist == tuple((q, False) for q in SECRECY_CHECKLIST)
    assert item.trail[1].checklist == tuple((q, q == "是否涉及个人隐私")
                                            for q in SECRECY_CHECKLIST)
    assert next_step(item, FLOW) == "审发"
    # a correction to a return keeps the answers it corrects
    back = correct(item, 3, reviewer="保密员", at=at(3, 15), decision=Decision.returned,
                   comment="仍有联系电话")
    assert back.checklist == entry.checklist and returned_comment(item) == "仍有联系电话"

def test_attribute_other_than_proactive_needs_a_reason_and_is_not_published():
    with pytest.raises(ValueError, match="须写明理由"):
        PublicationItem("内部会议纪要", "其他", attribute=Attribute.withheld)
    item = PublicationItem("内部会议纪要", "其他", attribute=Attribute.withheld,
                           attribute_reason="属于内部事务信息（条例第十六条第一款）")
    _passed_through(item)
    with pytest.raises(WorkflowError, match="不能主动公开"):
        publish(item, FLOW, date(2025, 3, 2), ("政府网站",))


def test_year_figures_and_table_two_rows():
    items = []
    for i, (kind, channels) in enumerate([("工作动态", ("政府网站", "政务微信"))] * 5
                                         + [("公示公告", ("政府网站",))] * 2):
        item = PublicationItem(f"信息{i}", kind)
        _passed_through(item)
        publish(item, FLOW, date(2025, 3, 2), channels)
        items.append(item)
    old = PublicationItem("旧文件", "行政规范性文件", number="示发〔2019〕1号",
                          issued=date(2019, 5, 1), repealed=date(2025, 6, 1))
    new = PublicationItem("新文件", "行政规范性文件", number="示发〔2025〕2号",
                          issued=date(2025, 4, 1), published=date(2025, 4, 2))
    kept = PublicationItem("现行文件", "行政规范性文件", number="示发〔2020〕3号",
                           issued=date(2020, 1, 1))
    figures = year_figures([*items, old, new, kept], 2025)
    assert figures.published == 8
    assert figures.by_kind == {"工作动态": 5, "公示公告": 2, "行政规范性文件": 1}
    assert figures.by_channel == {"政府网站": 7, "政务微信": 5}
    assert figures.table_two_cells() == {"t2.normative_documents.issued": 1,
                                         "t2.normative_documents.repealed": 1,
                                         "t2.normative_documents.in_force": 2}
    assert figures.sentence().startswith("2025年共主动公开政府信息8条，其中工作动态5条、")
    # A 2020 report uses the 2019 format: its row counts publications (本年新公开, 对外公开
    # 总数量), not a stock, so there are no cells to give; the counts themselves still hold.
    earlier = year_figures([*items, old, new, kept], 2020)
    # issued in 2020: 现行文件; in force at its end: 旧文件 and 现行文件
    assert (earlier.normative_issued, earlier.normative_repealed,
            earlier.normative_in_force) == (1, 0, 2)
    assert earlier.table_two_cells() == {}


def test_the_list_and_the_register_count_normative_documents_alike():
    """The same documents, kept in the publication list and in the register, give the same
    cells of table 二 (本年制发, 本年废止, 现行有效), year by year."""
    from gongkai.publish.io.values import kind
    from gongkai.register import DocumentKind, NormativeDocument, Register, year_tables

    spans = [(date(2019, 5, 1), date(2025, 6, 1)), (date(2025, 4, 1), None),
             (date(2020, 1, 1), None), (date(2024, 12, 31), date(2024, 12, 31)),
             (date(2023, 2, 1), date(2025, 1, 1))]
    items = [PublicationItem(f"文件{n}", "规范性文件", issued=i, repealed=r)
             for n, (i, r) in enumerate(spans)]
    assert {i.kind for i in items} == {"规范性文件"}  # the list's spelling, as clerks write it
    register = Register("某局", documents=[
        NormativeDocument(DocumentKind.normative_document, f"文件{n}", i, repealed=r)
        for n, (i, r) in enumerate(spans)])
    items = [dataclasses.replace(i, kind=kind(i.kind)[0]) for i in items]  # as imported
    for year in range(2021, 2027):
        cells = year_tables(register, year)["cells"]
        figures = year_figures(items, year).table_two_cells()
        assert figures == {k: cells[k] for k in figures} and len(figures) == 3
    # 2025 by hand: issued 文件1; repealed 文件0 (1 Jun) and 文件4 (1 Jan); in force at its
    # end 文件1, 文件2 (文件3 was repealed the day it was issued)
    assert year_figures(items, 2025).table_two_cells() == {
        "t2.normative_documents.issued": 1, "t2.normative_documents.repealed": 2,
        "t2.normative_documents.in_force": 2}


def test_three_synchronous_rule():
    doc = PublicationItem("关于加强某管理的办法", "行政规范性文件", number="示发〔2025〕9号",
                          published=date(2025, 5, 10))
    late = PublicationItem("《办法》解读", "政策解读", interpretation_of="示发〔2025〕9号",
                           published=date(2025, 5, 20))
    lonely = PublicationItem("另一办法", "行政规范性文件", number="示发〔2025〕10号",
                             published=date(2025, 6, 1))
    found = {u.document.number: u.reason for u in three_synchronous([doc, late, lonely])}
    assert found == {"示发〔2025〕9号": "政策解读晚于文件发布（2025-05-20）",
                     "示发〔2025〕10号": "没有关联的政策解读"}
    on_time = dataclasses.replace(late, published=date(2025, 5, 10))
    assert [u.document.number for u in three_synchronous([doc, on_time])] == []


def test_an_item_published_before_its_review_was_kept():
    """An earlier list's item, published without a trail: only proactive, through a channel;
    an item with a trail is published through the workflow only."""
    old = PublicationItem("2023年部门预算", "财政预决算")
    with pytest.raises(WorkflowError, match="须至少选择一个发布渠道"):
        record_published(old, date(2023, 3, 1), ())
    record_published(old, date(2023, 3, 1), ("政府网站",))
    assert (old.published, old.channels) == (date(2023, 3, 1), ("政府网站",))
    withheld = PublicationItem("内部会议纪要", "其他", attribute=Attribute.withheld,
                               attribute_reason="属于内部事务信息")
    with pytest.raises(WorkflowError, match="不能主动公开"):
        record_published(withheld, date(2023, 3, 1), ("政府网站",))
    reviewed = PublicationItem("某通知", "部门文件")
    submit(reviewed, at(1))
    with pytest.raises(WorkflowError, match="有审核记录"):
        record_published(reviewed, date(2025, 3, 1), ("政府网站",))
