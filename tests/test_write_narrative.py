"""The narrative draft: its figures are the cells', the checker finds nothing in it, the clerk's
own text is kept, and the text of a read document is cleaned of its tables."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.check import check
from gongkai.format import get_format
from gongkai.interchange import from_dict
from gongkai.model import Metadata, Report, Section
from gongkai.read import read_path
from gongkai.synth import random_report
from gongkai.write.compose import compose
from gongkai.write.narrative import DRAFTED
from gongkai.write.paragraphs import is_table_line, join_lines, split_section
from tests.builders import LAYOUTS, text_dump
from tests.conftest import seed_cases
from tests.strategies import consistent_reports, reports_with_sections

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_sections(data: dict, sections: dict[str, str]) -> Report:
    report = from_dict(data)
    spec = get_format(report.format)
    report.sections = {s.id: Section(s.id, s.title, sections[s.id]) for s in spec.sections
                       if sections.get(s.id)}
    return report


def figure(text: str, pattern: str) -> int:
    found = re.findall(pattern, text)
    assert len(found) == 1, (pattern, text)
    return int(found[0])


def test_draft_states_the_figures_of_the_cells():
    rng = random.Random(42)
    report = from_dict(random_report(rng, "2021", density=1.0))
    c = report.cells
    text = "\n".join(compose(report).sections[0].text.paragraphs)
    assert figure(text, r"本年新收政府信息公开申请(\d+)件") == c["t3.new_received.total"] > 0
    assert figure(text, r"上年结转(\d+)件") == c["t3.carried_over.total"]
    assert figure(text, r"办结申请(\d+)件") == c["t3.total_processed.total"]
    assert figure(text, r"其中予以公开(\d+)件") == c["t3.granted.total"]
    assert figure(text, r"部分公开(\d+)件") == c["t3.partially_granted.total"]
    withheld = sum(v for k, v in c.items() if k.startswith("t3.withheld.") and k.endswith(".total"))
    assert figure(text, r"不予公开(\d+)件") == withheld
    assert figure(text, r"结转下年度继续办理(\d+)件") == c["t3.carried_forward.total"]
    assert figure(text, r"被申请行政复议(\d+)件") == c["t4.review.total"]
    assert figure(text, r"被提起行政诉讼(\d+)件") == (
        c["t4.litigation_direct.total"] + c["t4.litigation_after_review.total"])
    assert figure(text, r"制发规章(\d+)件") == c["t2.regulations.issued"]
    assert figure(text, r"废止行政规范性文件(\d+)件") == c["t2.normative_documents.repealed"]
    assert figure(text, r"行政处罚处理决定(\d+)件") == c["t2.penalty.decisions"]
    assert f"收取行政事业性收费{c['t2.fees.amount']}万元" in text


def test_draft_of_a_2019_report_and_the_fee_statement():
    rng = random.Random(7)
    report = from_dict(random_report(rng, "2019", density=1.0))
    composition = compose(report)
    text = "\n".join(p for s in composition.sections for p in s.text.paragraphs)
    assert figure(text, r"新制作规范性文件(\d+)件") == report.cells["t2.normative_documents.made"]
    assert figure(text, r"政府集中采购项目(\d+)个") == report.cells["t2.procurement.projects"]
    assert "信息处理费" not in text  # the 2019 format asks for no fee statement
    # ... and nothing says whether there is anything else to report: a placeholder, no claim
    assert composition.sections[-1].text.paragraphs == ["【请填写其他需要报告的事项。】"]
    # 2021: fees unpaid in table 三 → no "未收取" (it would contradict the table)
    data = random_report(random.Random(1), "2021", density=1.0)
    unpaid = data["cells"]["t3.other_handling.fee_unpaid.total"]
    assert unpaid > 0
    other = compose(from_dict(data)).sections[-1].text.paragraphs[0]
    assert f"有{unpaid}件政府信息公开申请因申请人逾期未按收费通知要求缴纳费用" in other
    assert "未收取" not in other and "信息处理费" in other


def test_all_zero_report_says_none_received():
    data = random_report(random.Random(3), "2021", density=0.0)
    text = "\n".join(compose(from_dict(data)).sections[0].text.paragraphs)
    assert "本年度未收到政府信息公开申请" in text
    assert "未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况" in text
    # No cell records the fees collected: no fee notice unpaid does not mean none collected.
    # (This expected "本年度未收取信息处理费。", a guess the draft no longer makes.)
    other = compose(from_dict(data)).sections[-1].text.paragraphs
    assert other == ["本年度收取信息处理费【请核实填写】元。"]
    assert not any("未收取" in p for p in other)


def test_blank_cells_are_never_guessed():
    data = random_report(random.Random(3), "2021")
    data["cells"] = dict.fromkeys(data["cells"])  # every cell blank
    composition = compose(from_dict(data))
    drafted = [p for s in composition.sections if s.drafted for p in s.text.paragraphs]
    digits = {d for p in drafted for d in re.findall(r"\d+", p)}
    assert digits <= {str(data["year"])}  # no figure at all, only the year
    assert any("【请填写依申请公开的情况。】" in p for p in drafted)
    assert composition.sections[-1].text.paragraphs == ["本年度收取信息处理费【请核实填写】元。"]


@PROPERTY
@given(consistent_reports())
def test_a_drafted_report_passes_the_narrative_rules(data):
    composition = compose(from_dict(data))
    assert {s.section.id for s in composition.sections if s.drafted} == set(DRAFTED)
    findings = check(composition.as_report()).findings
    assert not [f for f in findings if f.code.startswith("N1-")]
    assert not [f for f in findings if f.severity == "error"]


@PROPERTY
@given(reports_with_sections())
def test_the_clerks_text_is_kept(pair):
    data, sections = pair
    report = with_sections(data, sections)
    composition = compose(report)
    assert composition.drafted == ["preamble"]
    for part in composition.sections:
        assert part.text.paragraphs == [p for p in sections[part.section.id].split("\n") if p]


def test_no_draft_leaves_missing_text_missing():
    report = from_dict(random_report(random.Random(5), "2021"))
    composition = compose(report, draft=False)
    assert composition.drafted == [] and composition.preamble == []
    assert all(s.text.empty for s in composition.sections)
    codes = {f.code for f in check(composition.as_report()).findings}
    assert {"C1-103", "C1-106"} <= codes  # no period, no fee statement: warnings
    assert "C1-101" not in codes  # every heading is printed


def test_drafted_preamble_states_period_and_contact_once():
    report = from_dict(random_report(random.Random(2), "2021"))
    report.metadata = Metadata(statistics_period=(f"{report.year}-01-01", f"{report.year}-12-31"),
                               publication_url="http://www.example.gov.cn/xxgk/",
                               address="人民路12号", postcode="750001", phone="0951-5012345",
                               email="xxgk@example.gov.cn")
    composition = compose(report)
    assert composition.drafted[0] == "preamble"
    meta = composition.as_report().metadata
    assert meta.statistics_period == (f"{report.year}-01-01", f"{report.year}-12-31")
    assert (meta.address, meta.postcode, meta.phone, meta.email) == (
        "人民路12号", "750001", "0951-5012345", "xxgk@example.gov.cn")
    # contact details the clerk already wrote in section 六 are not repeated
    report.sections = {"other": Section("other", "", "联系电话：0951-5012345。")}
    assert all("0951-5012345" not in p for p in compose(report).preamble)


@pytest.mark.parametrize(("case", "path", "truth"), seed_cases(), ids=lambda x: str(x)[:3])
def test_read_seeds_lose_their_table_text(case, path, truth):
    report = read_path(path)
    composition = compose(report)
    spec = get_format(report.format)
    labels = [r.label for t in spec.tables.values() for r in t.rows if len(r.label) > 4]
    for part in composition.sections:
        if part.table is None:
            continue
        for paragraph in part.text.paragraphs:
            assert not any(label in paragraph for label in labels), (part.section.id, paragraph)
            assert not re.search(r"\d+\s+\d+\s+\d+", paragraph), paragraph
    # these seeds print no prose around their tables: nothing of a table is left as prose
    plain = compose(report, draft=False)
    assert [(p.text.before, p.text.after) for p in plain.sections if p.table] == [([], [])] * 3
    # the clerk's narrative sections are kept as written (wrapped lines joined)
    overview = composition.sections[0]
    assert not overview.drafted and overview.text.paragraphs
    assert "".join("".join(overview.text.paragraphs).split()) == "".join(
        report.sections["overview"].text.split())


def test_table_lines_and_wrapped_lines():
    assert is_table_line("规章\t0\t0\t0", "2021", "二")
    assert is_table_line("总计 商业", "2021", "三")
    assert is_table_line("总计商业", "2021", "三")  # 总计 + 商业 of 商业企业 (seeds 000, 002)
    assert is_table_line("业 构 织 构", "2021", "三")
    assert is_table_line("结果 维持", "2021", "四")
    assert not is_table_line("本年度制发规章3件，废止规章1件。", "2021", "二")
    assert not is_table_line("具体情况如下：", "2021", "三")
    text = "2021年，本机关新收政府信息公开申请\n5件，均已答复。\n（一）主动公开\n全年公开信息24条。"
    assert join_lines(text.split("\n")) == [
        "2021年，本机关新收政府信息公开申请5件，均已答复。", "（一）主动公开", "全年公开信息24条。"]
    section = split_section("具体情况如下：\n规章\t1\t2\t3\n注：以上为全年数据。", "2021", "二")
    assert (section.before, section.after) == (["具体情况如下："], ["注：以上为全年数据。"])


def _table_text(data: dict, layout: str) -> dict[str, list[str]]:
    """The lines a PDF's text gives for each table (a builder's text dump, no prose), by the id
    of the section the table is in."""
    spec = get_format(data["format"])
    lines = [line.strip() for line in text_dump(data, {}, layout).splitlines()]
    titles = [s.title for s in spec.sections]
    out = {}
    for i, section in enumerate(spec.sections):
        if section.table:
            start, end = lines.index(titles[i]), lines.index(titles[i + 1])
            out[section.id] = lines[start + 1:end]
            assert any(re.search(r"\d", line) for line in out[section.id])  # figures are there
    return out


@given(reports_with_sections(), st.sampled_from(LAYOUTS))
@settings(max_examples=20, deadline=None)
def test_composed_text_of_synthetic_sections_has_no_stray_figures(pair, layout):
    """A table's text between the clerk's paragraphs (as read from a PDF) is removed, and the
    paragraphs before and after it are kept as written."""
    data, sections = pair
    tables = _table_text(data, layout)
    texts = {}
    for sid, text in sections.items():
        paragraphs = [p for p in text.split("\n") if p]
        texts[sid] = "\n".join(paragraphs[:1] + tables.get(sid, []) + paragraphs[1:])
    composition = compose(with_sections(data, texts))
    for part in composition.sections:
        for paragraph in part.text.paragraphs:
            assert "\t" not in paragraph
        written = [p for p in sections[part.section.id].split("\n") if p]
        if part.table is not None:
            assert (part.text.before, part.text.after) == (written[:1], written[1:]), layout
        else:
            assert part.text.paragraphs == written
