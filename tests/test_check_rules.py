"""Every rule: a report that breaks it gets the finding, naming the right cells; the clean
report gets none. Reports are built from random consistent figures (mostly non-zero)."""

from __future__ import annotations

import ast
import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.check import RULES, CheckConfig, check
from gongkai.diagnostics import Diagnostic
from gongkai.format import get_format
from gongkai.model import Section
from gongkai.publish import YearFigures
from gongkai.read import read_bytes
from gongkai.read.sections import heading_is_standard, heading_matches
from gongkai.synth import random_report, random_sections
from tests.builders import text_dump
from tests.check_reports import clean_report, with_cells, with_text

CLEAN = clean_report(seed=7, density=0.9)
CLEAN_2019 = clean_report(seed=7, version="2019", density=0.9)


def findings(report, code, **kwargs):
    return [f for f in check(report, **kwargs).findings if f.code == code]


def test_the_clean_reports_have_non_zero_figures_and_no_findings():
    for report in (CLEAN, CLEAN_2019):
        assert sum(1 for v in report.cells.values() if v) > len(report.cells) // 2
        assert check(report).findings == []


# ---------------------------------------------------------------- table arithmetic


def test_t3_balance_names_the_column_and_its_four_cells():
    value = CLEAN.cells["t3.carried_forward.research_institution"]
    broken = with_cells(CLEAN, t3__carried_forward__research_institution=value + 2,
                        t3__carried_forward__total=CLEAN.cells["t3.carried_forward.total"] + 2)
    found = findings(broken, "T3-101")
    assert [set(f.keys) for f in found] == [
        {"t3.new_received.research_institution", "t3.carried_over.research_institution",
         "t3.total_processed.research_institution", "t3.carried_forward.research_institution"},
        {"t3.new_received.total", "t3.carried_over.total", "t3.total_processed.total",
         "t3.carried_forward.total"},
    ]
    evidence = found[0].evidence
    assert evidence.left - evidence.right == -2 == evidence.difference
    assert "科研机构" in found[0].message and "相差 -2" in found[0].message
    # the applicant-total rule is satisfied by the change of the total too
    assert findings(broken, "T3-103") == []


def test_t3_results_total():
    broken = with_cells(CLEAN, t3__granted__natural_person=CLEAN.cells[
        "t3.granted.natural_person"] + 1)
    found = findings(broken, "T3-102")
    assert len(found) == 1
    assert "t3.granted.natural_person" in found[0].keys
    assert "t3.total_processed.natural_person" in found[0].keys
    assert found[0].evidence.difference == -1  # （七）总计 is one short of the rows' sum
    assert found[0].section == "requests"
    # the same change breaks the row's applicant total as well
    assert [f.keys[0] for f in findings(broken, "T3-103")] == ["t3.granted.total"]


def test_t3_applicant_total_names_the_row():
    broken = with_cells(CLEAN, t3__new_received__total=CLEAN.cells["t3.new_received.total"] + 5)
    found = findings(broken, "T3-103")
    assert len(found) == 1
    assert found[0].keys[0] == "t3.new_received.total"
    assert len(found[0].keys) == 7
    assert "本年新收" in found[0].message


def test_t4_group_total_each_group():
    for group in ("review", "litigation_direct", "litigation_after_review"):
        key = f"t4.{group}.pending"
        broken = with_cells(CLEAN, **{key.replace(".", "__"): CLEAN.cells[key] + 3})
        found = findings(broken, "T4-101")
        assert len(found) == 1
        assert set(found[0].keys) == {f"t4.{group}.{c}" for c in
                                      ("total", "upheld", "corrected", "other", "pending")}
        assert found[0].evidence.difference == -3


def test_relations_hold_in_2019_format_too():
    key = "t3.other_handling.natural_person"
    broken = with_cells(CLEAN_2019, **{key.replace(".", "__"): CLEAN_2019.cells[key] + 1})
    assert findings(broken, "T3-102") and findings(broken, "T3-103")
    assert findings(CLEAN_2019, "T3-102") == []


def test_table_missing():
    spec = get_format("2021")
    blank = {k.replace(".", "__"): None for k in spec.keys if k.startswith("t4.")}
    found = findings(with_cells(CLEAN, **blank), "T0-101")
    assert len(found) == 1 and found[0].section == "reviews_lawsuits"
    assert len(found[0].keys) == 15
    assert findings(with_cells(CLEAN, **blank), "T0-102") == []


def test_cell_blank_but_not_unread():
    broken = with_cells(CLEAN, t2__penalty__decisions=None, t4__review__other=None)
    found = findings(broken, "T0-102")
    assert sorted(k for f in found for k in f.keys) == ["t2.penalty.decisions",
                                                         "t4.review.other"]
    # a blank cell leaves its relations unchecked rather than reporting them broken
    assert findings(broken, "T4-101") == []


def test_cell_unread_names_the_reader_diagnostic():
    broken = with_cells(CLEAN, t3__granted__other_org=None)
    broken.diagnostics.append(Diagnostic("R105", "单元格内容无法识别为数字：“l2”",
                                         ["t3.granted.other_org"]))
    found = findings(broken, "T0-103")
    assert [f.keys for f in found] == [("t3.granted.other_org",)]
    assert "R105" in found[0].message
    assert "无法识别为数字" in found[0].message
    assert findings(broken, "T0-102") == []


def test_a_printed_fraction_in_a_read_count_is_t0_103_not_integer():
    """A count printed as 12.5 is read as None with R108, so T0-103 (not T0-105) reports it."""
    rng = random.Random(3)
    report = random_report(rng, "2021", density=0.9)
    report["cells"]["t2.licensing.decisions"] = 1234567
    text = text_dump(report, random_sections(rng, report), "wrapped")
    assert text.count("1234567") == 1
    read = read_bytes(text.replace("1234567", "12.5").encode("utf-8"), "r.txt")
    assert read.cells["t2.licensing.decisions"] is None
    found = findings(read, "T0-103")
    assert [f.keys for f in found] == [("t2.licensing.decisions",)]
    assert "不是非负整数" in found[0].message and "R108" in found[0].message
    assert findings(read, "T0-105") == []
    assert "T0-103" in RULES["T0-105"].doc.checks
    assert all(code in RULES["T0-103"].doc.checks for code in ("R102", "R103", "R105", "R108"))


def test_negative_figures_except_signed_changes():
    broken = with_cells(CLEAN, t3__carried_over__natural_person=-1)
    assert [f.keys for f in findings(broken, "T0-104")] == [("t3.carried_over.natural_person",)]
    changed = with_cells(CLEAN_2019, t2__licensing__items_change=-4)
    assert findings(changed, "T0-104") == []
    negative_amount = with_cells(CLEAN, t2__fees__amount=Decimal("-1.5"))
    assert findings(negative_amount, "T0-104")


def test_fractional_counts_but_not_amounts():
    broken = with_cells(CLEAN, t2__licensing__decisions=Decimal("12.5"))
    assert [f.keys for f in findings(broken, "T0-105")] == [("t2.licensing.decisions",)]
    assert findings(with_cells(CLEAN, t2__fees__amount=Decimal("0.35")), "T0-105") == []
    assert findings(with_cells(CLEAN, t2__licensing__decisions=Decimal("12")), "T0-105") == []


# ---------------------------------------------------------------- completeness


def test_section_missing():
    broken = with_cells(CLEAN)
    del broken.sections["problems"]
    found = findings(broken, "C1-101")
    assert [(f.section, f.severity) for f in found] == [("problems", "error")]
    assert "存在的主要问题及改进情况" in found[0].message


def test_heading_variants_accepted_others_noticed():
    variant = with_cells(CLEAN)
    variant.sections["problems"] = Section("problems", "五、存在的问题及改进措施",
                                           CLEAN.sections["problems"].text)
    assert findings(variant, "C1-102") == []
    odd = with_cells(CLEAN)
    odd.sections["problems"] = Section("problems", "五、下一步工作打算",
                                       CLEAN.sections["problems"].text)
    found = findings(odd, "C1-102")
    assert len(found) == 1 and "下一步工作打算" in found[0].message


@pytest.mark.parametrize("printed", [
    "五、存在的主要问题及改进情况：", "五、存在的主要问题及改进情况。", "五. 存在的问题及改进措施:",
    "存在的主要问题及改进情况",
])
def test_headings_the_reader_accepts_as_standard_get_no_notice(printed):
    section = get_format("2021").section("problems")
    assert heading_is_standard(section, printed) and heading_matches(section, printed)
    case = with_cells(CLEAN)
    case.sections["problems"] = Section("problems", printed, CLEAN.sections["problems"].text)
    assert findings(case, "C1-102") == []


def test_a_close_heading_is_read_and_noticed_a_colon_is_not():
    rng = random.Random(5)
    report = random_report(rng, "2021")
    text = text_dump(report, random_sections(rng, report), "wrapped")
    standard = get_format("2021").section("problems").title
    assert text.count(standard) == 1
    for printed, noticed in ((standard + "：", False), ("五、存在的主要问题及改进情况说明", True)):
        read = read_bytes(text.replace(standard, printed).encode("utf-8"), "r.txt")
        assert read.sections["problems"].heading == printed
        section = get_format("2021").section("problems")
        assert heading_matches(section, printed)
        assert heading_is_standard(section, printed) is not noticed
        assert bool(findings(read, "C1-102")) is noticed


def test_statistics_period_missing_and_wrong_year():
    missing = with_cells(CLEAN)
    missing.metadata.statistics_period = None
    assert len(findings(missing, "C1-103")) == 1
    wrong = with_cells(CLEAN)
    last = CLEAN.year - 1
    wrong.metadata.statistics_period = (f"{last}-01-01", f"{last}-12-31")
    found = findings(wrong, "C1-104")
    assert len(found) == 1 and str(last) in found[0].message
    assert findings(CLEAN, "C1-103") == findings(CLEAN, "C1-104") == []


def test_format_version_must_match_year():
    old_format_new_year = with_cells(CLEAN_2019)
    old_format_new_year.year = 2022
    found = findings(old_format_new_year, "C1-105")
    assert len(found) == 1 and "国办公开办函〔2021〕30号" in found[0].message
    assert found[0].severity == "error"
    new_format_old_year = with_cells(CLEAN)
    new_format_old_year.year = 2020
    assert findings(new_format_old_year, "C1-105")


def test_fee_statement_in_section_six_only_for_2021_format():
    broken = with_text(CLEAN, "other", "无。")
    assert len(findings(broken, "C1-106")) == 1
    assert "第六部分“其他需要报告的事项”" in findings(broken, "C1-106")[0].message
    assert findings(with_text(CLEAN_2019, "other", "无。"), "C1-106") == []
    stated = with_text(CLEAN, "other", "本年度未收取信息处理费。")
    assert findings(stated, "C1-106") == []


def test_rectification_of_last_years_problems():
    forward_only = with_text(CLEAN, "problems", "一是信息发布的及时性有待提高。下一步，我局将"
                                                "加强业务培训。")
    found = findings(forward_only, "C1-107")
    assert len(found) == 1 and found[0].severity == "notice"
    answered = with_text(CLEAN, "problems", f"针对{CLEAN.year - 1}年度报告指出的解读形式单一的"
                                            "问题，今年通过图解、视频等方式加以改进。")
    assert findings(answered, "C1-107") == []


def test_identity_missing():
    broken = with_cells(CLEAN)
    broken.agency = None
    found = findings(broken, "C1-108")
    assert len(found) == 1 and "发布机关" in found[0].message and "年度" not in found[0].message


# ---------------------------------------------------------------- narrative vs tables


def _narrative_case(text, section="overview", base=CLEAN, **cells):
    """`base` with `cells` changed and `text` the only narrative (other sections emptied)."""
    report = with_cells(base, **cells)
    for sid, found in report.sections.items():
        report.sections[sid] = Section(sid, found.heading, "")
    return with_text(report, section, text)


@pytest.mark.parametrize(("code", "text", "cells", "keys"), [
    ("N1-101", "2020年以前的情况不论。本年共收到政府信息公开申请{n}件。",
     {"t3__new_received__total": 12, "t3__carried_over__total": 3}, ("t3.new_received.total",)),
    ("N1-101", "全年未收到政府信息公开申请。", {"t3__new_received__total": 4},
     ("t3.new_received.total",)),
    ("N1-102", "全年办理政府信息公开申请，办结{n}件。", {"t3__total_processed__total": 9},
     ("t3.total_processed.total",)),
    ("N1-103", "对政府信息公开申请，予以公开{n}件。", {"t3__granted__total": 5},
     ("t3.granted.total",)),
    ("N1-104", "因政府信息公开被申请行政复议{n}件。", {"t4__review__total": 2},
     ("t4.review.total",)),
    ("N1-104", "本年未发生因政府信息公开引起的行政复议、行政诉讼。", {"t4__review__total": 2},
     ("t4.review.total",)),
    ("N1-105", "因政府信息公开被提起行政诉讼{n}件。",
     {"t4__litigation_direct__total": 1, "t4__litigation_after_review__total": 2},
     ("t4.litigation_direct.total", "t4.litigation_after_review.total")),
    ("N1-106", "全年制发行政规范性文件{n}件。", {"t2__normative_documents__issued": 3},
     ("t2.normative_documents.issued",)),
    ("N1-107", "按照清理结果，本年废止行政规范性文件{n}件。",
     {"t2__normative_documents__repealed": 2}, ("t2.normative_documents.repealed",)),
])
def test_narrative_figures_against_tables(code, text, cells, keys, base=CLEAN):
    table = sum(cells[k.replace(".", "__")] for k in keys)
    if "{n}" in text:
        agreeing = _narrative_case(text.format(n=table), base=base, **cells)
        broken = _narrative_case(text.format(n=table + 1), base=base, **cells)
    else:  # a statement of zero: agrees with zeros, not with the non-zero table
        agreeing = _narrative_case(text, base=base, **dict.fromkeys(cells, 0))
        broken = _narrative_case(text, base=base, **cells)
    assert findings(agreeing, code) == []
    found = findings(broken, code)
    assert len(found) == 1
    assert found[0].keys == keys
    assert found[0].span is not None and found[0].span.section == "overview"
    assert found[0].span.text in broken.sections["overview"].text
    assert found[0].evidence.right == table


@pytest.mark.parametrize(("version", "code", "text", "cells", "keys"), [
    # the 2019 format counts documents made (本年新制作数量), not issued, and repeals none
    ("2019", "N1-106", "全年制发规范性文件{n}件。", {"t2__normative_documents__made": 4},
     ("t2.normative_documents.made",)),
    ("2019", "N1-106", "本年制定规章{n}件。", {"t2__regulations__made": 2},
     ("t2.regulations.made",)),
    ("2021", "N1-106", "本年制定规章{n}件。", {"t2__regulations__issued": 2},
     ("t2.regulations.issued",)),
    ("2021", "N1-107", "按照清理结果，本年废止规章{n}件。", {"t2__regulations__repealed": 3},
     ("t2.regulations.repealed",)),
    ("2019", "N1-104", "因政府信息公开被申请行政复议{n}件。", {"t4__review__total": 2},
     ("t4.review.total",)),
])
def test_narrative_document_figures_in_both_formats(version, code, text, cells, keys):
    base = CLEAN if version == "2021" else CLEAN_2019
    test_narrative_figures_against_tables(code, text, cells, keys, base=base)
    if code == "N1-106":  # the figure said is the document row's, not the other row's
        other = "t2.regulations" if "normative" in keys[0] else "t2.normative_documents"
        column = keys[0].rsplit(".", 1)[1]
        table = cells[keys[0].replace(".", "__")]
        mixed = _narrative_case(text.format(n=table), base=base,
                                **{f"{other}.{column}".replace(".", "__"): table + 5}, **cells)
        assert findings(mixed, code) == []


def test_2019_reports_have_no_repealed_figure_to_compare():
    case = _narrative_case("本年废止规范性文件9件，废止规章9件。", base=CLEAN_2019)
    assert findings(case, "N1-107") == []
    assert "t2.normative_documents.repealed" not in CLEAN_2019.cells


def test_narrative_keys_are_checked_against_the_format_at_import():
    from gongkai.check.rules import narrative

    assert narrative._declared("t3.granted.total") == ("t3.granted.total",)
    with pytest.raises(KeyError, match=r"t3\.granted\.totl"):
        narrative._declared("t3.granted.totl")
    with pytest.raises(KeyError):
        narrative._stem("t2.regulation")


def test_narrative_accepts_received_including_carried_over():
    text = "本年共受理政府信息公开申请15件。"
    ok = _narrative_case(text, t3__new_received__total=12, t3__carried_over__total=3)
    assert findings(ok, "N1-101") == []


def test_narrative_reads_through_line_breaks_spaces_and_fullwidth_digits():
    text = "2099年收到政府信息公开申请３件。本年度，我局共收到政府信息\n公开申请 １２\n件。"
    case = _narrative_case(text, t3__new_received__total=10, t3__carried_over__total=0)
    found = findings(case, "N1-101")
    assert len(found) == 1  # the 2099 sentence is another year's and is not compared
    assert found[0].evidence.left == 12
    assert found[0].span.text == "收到政府信息\n公开申请 １２\n件"


def test_narrative_ignores_comparisons_with_last_year_and_chinese_numerals():
    text = "本年收到政府信息公开申请两件，较上年增加1件。"
    case = _narrative_case(text, t3__new_received__total=2, t3__carried_over__total=0)
    assert findings(case, "N1-101") == []
    assert findings(_narrative_case(text, t3__new_received__total=3), "N1-101")


def test_ordinals_and_numeral_tails_are_not_counts():
    """"主动公开政府信息情况第二十条…" (a heading run into table 二) states no count of 20 or 10."""
    figures = YearFigures(CLEAN.year, 7, {}, {}, 0, 0, 0)
    text = "二、主动公开政府信息情况第二十条第（一）项信息内容。本年主动公开政府信息七条。"
    case = _narrative_case(text)
    assert findings(case, "L1-101", publication=figures) == []
    assert findings(_narrative_case(text.replace("七条", "九条")), "L1-101", publication=figures)


def test_review_statements_need_a_disclosure_context():
    about_other_work = "全年办理行政复议案件120件，依法纠正违法行为。"
    assert findings(_narrative_case(about_other_work, t4__review__total=1), "N1-104") == []


def test_fee_said_uncollected_while_fee_notices_went_unpaid():
    broken = _narrative_case("本年度未收取信息处理费。", section="other",
                             t3__other_handling__fee_unpaid__total=2)
    found = findings(broken, "N1-108")
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].keys == ("t3.other_handling.fee_unpaid.total",)
    assert "2.申请人逾期未按收费通知要求缴纳费用" in found[0].message
    honest = _narrative_case("本年度发出收费通知2件，申请人均未缴费，实际收取信息处理费0元。",
                             section="other", t3__other_handling__fee_unpaid__total=2)
    assert findings(honest, "N1-108") == []
    no_notices = _narrative_case("本年度未收取信息处理费。", section="other",
                                 t3__other_handling__fee_unpaid__total=0)
    assert findings(no_notices, "N1-108") == []


# ---------------------------------------------------------------- cross-year


def _pair():
    previous = clean_report(seed=8, density=0.9, year=CLEAN.year - 1, agency=CLEAN.agency)
    current = with_cells(CLEAN)
    for cell in get_format("2021").cells.values():
        if cell.row_id == "carried_over":  # keep every relation: move the difference to 一
            before = previous.cells[f"t3.carried_forward.{cell.column_id}"]
            delta = before - current.cells[cell.key]
            current.cells[cell.key] = before
            current.cells[f"t3.new_received.{cell.column_id}"] -= delta
    for stem in ("t2.regulations", "t2.normative_documents"):
        current.cells[f"{stem}.in_force"] = (previous.cells[f"{stem}.in_force"]
                                             + current.cells[f"{stem}.issued"]
                                             - current.cells[f"{stem}.repealed"])
    return previous, current


def test_cross_year_pair_is_clean():
    previous, current = _pair()
    assert [f.code for f in check(current, previous=previous).findings
            if f.code.startswith(("Y1-101", "Y1-102", "T"))] == []


def test_carry_over_must_equal_last_years_carried_forward():
    previous, current = _pair()
    previous.cells["t3.carried_forward.legal_service_org"] += 1
    previous.cells["t3.carried_forward.total"] += 1
    found = findings(current, "Y1-101", previous=previous)
    assert sorted(f.keys[0] for f in found) == ["t3.carried_over.legal_service_org",
                                                 "t3.carried_over.total"]
    assert all(f.evidence.difference == -1 for f in found)
    cells = get_format("2021").cells
    assert (f"本年“{cells['t3.carried_over.total'].row_path[-1]}”" in found[0].message
            and f"上年报告“{cells['t3.carried_forward.total'].row_path[-1]}”" in found[0].message)
    assert findings(current, "Y1-101") == []  # no previous report, no cross-year finding


def test_in_force_follows_issued_and_repealed():
    previous, current = _pair()
    current.cells["t2.normative_documents.in_force"] += 2
    found = findings(current, "Y1-102", previous=previous)
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].keys[0] == "t2.normative_documents.in_force"
    assert found[0].evidence.difference == 2
    assert "现行有效件数" in found[0].message and "本年废止件数" in found[0].message


def test_in_force_is_not_chained_through_a_2019_report():
    previous, current = _pair()
    current.cells["t2.normative_documents.in_force"] += 2
    assert findings(current, "Y1-102", previous=previous)  # chained through a 2021 report
    old = clean_report(seed=8, version="2019", density=0.9, year=CLEAN.year - 1,
                       agency=CLEAN.agency)
    assert findings(current, "Y1-102", previous=old) == []
    assert findings(CLEAN_2019, "Y1-102", previous=old) == []


def test_copied_sentences_from_last_year():
    previous, current = _pair()
    for sid in ("overview", "problems", "other"):
        text = current.sections[sid].text.replace(str(current.year), str(previous.year))
        previous.sections[sid] = Section(sid, current.sections[sid].heading, text)
    found = findings(current, "Y1-103", previous=previous)
    assert len(found) == 1 and found[0].severity == "notice"
    assert found[0].evidence.left == found[0].evidence.right  # every sentence copied
    strict = CheckConfig(copied_share=1.0)
    assert findings(current, "Y1-103", previous=previous, config=strict) == []
    own_words = _pair()[0]
    for sid, found in own_words.sections.items():
        text = f"{own_words.agency}在{sid}方面开展了与今年完全不同的一系列工作，详见附件。"
        own_words.sections[sid] = Section(sid, found.heading, text)
    assert findings(current, "Y1-103", previous=own_words) == []


# ---------------------------------------------------------------- publication


@pytest.mark.parametrize(("agency", "published", "late"), [
    ("中卫市科学技术局", date(2023, 1, 31), False),
    ("中卫市科学技术局", date(2023, 2, 1), True),
    ("中卫市人民政府", date(2023, 3, 31), False),
    ("中卫市人民政府", date(2023, 4, 1), True),
    ("宣和镇人民政府", date(2023, 2, 10), True),
    ("中卫市人民政府办公室", date(2023, 2, 10), True),
])
def test_publication_deadline(agency, published, late):
    report = with_cells(CLEAN)
    report.agency, report.year = agency, 2022
    report.sections = {}  # only the publication rule matters here
    assert bool(findings(report, "P1-101", published=published)) is late
    report.metadata.publication_date = published.isoformat()
    assert bool(findings(report, "P1-101")) is late


def _published_report(agency: str, year: int, published: date):
    report = with_cells(CLEAN)
    report.agency, report.year = agency, year
    report.sections = {}
    report.metadata.publication_date = published.isoformat()
    return report


def test_publication_deadline_when_the_caller_knows_whose_report_it_is():
    # The office publishes its government's own report under its own name: 31 March when the
    # caller says so, whatever the name; the name decides only when nobody says.
    office = _published_report("中卫市人民政府办公室", 2022, date(2023, 2, 10))
    assert findings(office, "P1-101", government_report=True) == []
    late = findings(office, "P1-101", government_report=False)
    assert len(late) == 1 and "2023-01-31" in late[0].message
    assert len(findings(office, "P1-101")) == 1  # the name: an office, not a government
    government = _published_report("中卫市人民政府", 2022, date(2023, 2, 10))
    assert findings(government, "P1-101") == []
    assert len(findings(government, "P1-101", government_report=False)) == 1


@pytest.mark.parametrize(("year", "published", "late"), [
    (2017, date(2018, 3, 31), False),  # 2007 条例第三十一条: every agency by 31 March
    (2017, date(2018, 4, 1), True),
    (2018, date(2019, 2, 20), False),
    (2018, date(2019, 4, 1), True),
    (2019, date(2020, 2, 1), True),  # the first report under the 2019 条例: 31 January
    (2019, date(2020, 1, 31), False),
])
def test_publication_deadline_before_the_2019_revision(year, published, late):
    department = _published_report("中卫市科学技术局", year, published)
    found = findings(department, "P1-101")
    assert bool(found) is late
    if late:
        deadline = date(year + 1, 3, 31) if year <= 2018 else date(year + 1, 1, 31)
        assert deadline.isoformat() in found[0].message
        assert ("2019年修订前的条例" in found[0].message) is (year <= 2018)


def test_report_deadline_states_its_basis():
    from gongkai.format.deadline import deadline_basis, report_deadline

    assert report_deadline(2018, government_report=False) == date(2019, 3, 31)
    assert report_deadline(2019, government_report=False) == date(2020, 1, 31)
    assert report_deadline(2019, government_report=True) == date(2020, 3, 31)
    assert "第三十一条" in deadline_basis(2018) and "第四十九条" in deadline_basis(2019)
    assert "第三十一条" in (report_deadline.__doc__ or "")


# ---------------------------------------------------------------- the publication register


def _figures(published: int, issued: int, repealed: int, in_force: int) -> YearFigures:
    return YearFigures(CLEAN.year, published, {"工作动态": published}, {"政府网站": published},
                       issued, repealed, in_force)


def test_published_count_against_the_publication_register():
    report = _narrative_case("全年通过政府网站主动公开各类信息91条，其中工作动态67条。")
    cells = [report.cells[f"t2.normative_documents.{c}"] for c in ("issued", "repealed",
                                                                    "in_force")]
    assert findings(report, "L1-101", publication=_figures(91, *cells)) == []
    found = findings(report, "L1-101", publication=_figures(88, *cells))
    assert len(found) == 1 and found[0].evidence.left == 91 and found[0].evidence.right == 88
    assert findings(report, "L1-101") == []  # no register given, nothing compared


def test_normative_rows_against_the_publication_register():
    cells = [CLEAN.cells[f"t2.normative_documents.{c}"] for c in ("issued", "repealed",
                                                                   "in_force")]
    assert findings(CLEAN, "L1-102", publication=_figures(0, *cells)) == []
    found = findings(CLEAN, "L1-102", publication=_figures(0, cells[0] + 1, *cells[1:]))
    assert [f.keys for f in found] == [("t2.normative_documents.issued",)]
    # a report printed in the 2019 format has no such row, whatever its year
    old_format = with_cells(CLEAN_2019)
    old_format.year = CLEAN.year
    assert findings(old_format, "L1-102", publication=_figures(0, 99, 99, 99)) == []


# ---------------------------------------------------------------- every rule is tested


def _codes_asked_for(source: str) -> set[str]:
    """Rule codes this module asks `findings(report, CODE)` for: as a literal, or as the `code`
    argument of a parametrized test that passes it to `findings`."""
    tree = ast.parse(source)
    asked = {node.args[1].value for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "findings"
             and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)}
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        passes_code = any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "findings"
                          and len(n.args) > 1 and getattr(n.args[1], "id", None) == "code"
                          for n in ast.walk(function))
        for decorator in function.decorator_list:
            if not (passes_code and isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "attr", None) == "parametrize"):
                continue
            names = [n.strip() for n in ast.literal_eval(decorator.args[0])]
            if "code" in names:
                cases = ast.literal_eval(decorator.args[1])
                asked |= {case[names.index("code")] for case in cases}
    return asked


def test_every_rule_has_a_test_here():
    asked = _codes_asked_for(Path(__file__).read_text(encoding="utf-8"))
    assert set(RULES) - asked == set()
    assert _codes_asked_for('findings(r, "T3-101")\nf(r, "T3-102")\n"T3-103"') == {"T3-101"}
