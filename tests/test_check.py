"""The checker on the seeds, on random consistent reports, through the reader, and its CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import interchange
from gongkai.check import RULES, check
from gongkai.check.registry import GROUPS, SEVERITIES
from gongkai.read import read_bytes, read_path
from tests.builders import LAYOUTS, text_dump
from tests.check_reports import build, clean_report
from tests.conftest import seed_cases
from tests.strategies import reports_with_sections

SEEDS = {case[:3]: path for case, path, _ in seed_cases()}
# What a reviewer finds in each seed (read by hand): 001 says only "无。" in section 六 and,
# like 004, states no statistics period; no seed says how last year's problems were rectified.
SEED_FINDINGS = {
    "000": {"C1-107"},
    "001": {"C1-103", "C1-106", "C1-107"},
    "002": {"C1-107"},
    "003": {"C1-107"},
    "004": {"C1-103", "C1-107"},
}


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True,
                          text=True, cwd=cwd)


# ---------------------------------------------------------------- registry


CODES = {
    "T3-101", "T3-102", "T3-103", "T4-101", "T0-101", "T0-102", "T0-103", "T0-104", "T0-105",
    "C1-101", "C1-102", "C1-103", "C1-104", "C1-105", "C1-106", "C1-107", "C1-108",
    "Y1-101", "Y1-102", "Y1-103",
    "N1-101", "N1-102", "N1-103", "N1-104", "N1-105", "N1-106", "N1-107", "N1-108",
    "P1-101", "L1-101", "L1-102",
}


def test_rules_are_declared_completely():
    assert len(RULES) >= 25
    assert set(RULES) == CODES
    for code, rule in RULES.items():
        assert rule.code == code and rule.severity in SEVERITIES and rule.group in GROUPS
        assert rule.title and rule.basis and rule.message
        assert all((rule.doc.checks, rule.doc.why, rule.doc.example, rule.doc.fix))
    names = [r.name for r in RULES.values()]
    assert len(set(names)) == len(names)


def test_every_relation_of_the_format_has_its_rule():
    from gongkai.format import get_format

    relation_ids = {r.id for v in ("2021", "2019") for r in get_format(v).relations}
    assert relation_ids == {"t3-balance", "t3-results-total", "t3-applicant-total",
                            "t4-group-total"}
    assert {RULES[c].name for c in ("T3-101", "T3-102", "T3-103", "T4-101")} == relation_ids
    assert {c: (RULES[c].name, RULES[c].severity) for c in ("T3-101", "T3-102", "T3-103",
                                                            "T4-101")} == {
        "T3-101": ("t3-balance", "error"), "T3-102": ("t3-results-total", "error"),
        "T3-103": ("t3-applicant-total", "error"), "T4-101": ("t4-group-total", "error")}


def test_relation_rules_document_the_spec_relation_in_its_own_labels():
    from gongkai.format import get_format

    spec = get_format("2021")
    for code, relation_id in (("T3-101", "t3-balance"), ("T3-102", "t3-results-total"),
                              ("T3-103", "t3-applicant-total"), ("T4-101", "t4-group-total")):
        assert spec.relations_of(relation_id)[0].statement in RULES[code].doc.checks
    # …and the statements are the format's own words, as 国办公开办函〔2021〕30号 prints them.
    assert "（一 + 二 = 三（七）总计 + 四）" in RULES["T3-101"].doc.checks
    assert "（七）总计等于（一）至（六）各项之和" in RULES["T3-102"].doc.checks
    assert "“一、本年新收政府信息公开申请数量”与“二、上年结转政府信息公开申请数量”之和" in (
        RULES["T3-101"].doc.checks)
    assert "商业企业" in RULES["T3-103"].doc.checks and "法律服务机构" in RULES["T3-103"].doc.checks
    t4 = RULES["T4-101"].doc.checks
    assert "行政复议" in t4 and "复议后起诉" in t4 and "结果维持" in t4 and "尚未审结" in t4
    assert spec.tables["三"].note in RULES["T3-101"].basis


def test_a_relation_without_its_rule_text_fails_at_import(monkeypatch):
    import pytest

    from gongkai.check.rules import arithmetic

    monkeypatch.delitem(arithmetic._RELATION_RULES, "t4-group-total")
    with pytest.raises(RuntimeError, match="t4-group-total"):
        arithmetic._register_relation_rules()
    monkeypatch.setitem(arithmetic._RELATION_RULES, "t4-group-total", {"code": "T4-101"})
    monkeypatch.setitem(arithmetic._RELATION_RULES, "t9-unknown", {"code": "T9-101"})
    with pytest.raises(RuntimeError, match="t9-unknown"):
        arithmetic._register_relation_rules()


# ---------------------------------------------------------------- seeds


def test_seeds_get_what_a_reviewer_finds():
    for prefix, path in SEEDS.items():
        result = check(read_path(path))
        assert {f.code for f in result.findings} == SEED_FINDINGS[prefix], prefix
        assert not result.has_errors


def test_seed_001_fee_statement_missing_in_section_six():
    result = check(read_path(SEEDS["001"]))
    fee = [f for f in result.findings if f.code == "C1-106"]
    assert len(fee) == 1 and fee[0].severity == "warning" and fee[0].section == "other"


def test_seed_003_balances_and_its_narrative_agrees():
    report = read_path(SEEDS["003"])
    result = check(report)
    assert not [f for f in result.findings if f.code.startswith(("T", "N"))]
    # it does state a figure: 收到政府信息公开信息申请1件, and the table says 1
    from gongkai.check.context import Context

    stated = [(s.topic, s.value) for s in Context(report).statements]
    assert ("received", 1) in stated and report.cells["t3.new_received.total"] == 1


def test_seed_003_with_a_broken_balance_is_an_error():
    report = read_path(SEEDS["003"])
    report.cells["t3.carried_forward.commercial_enterprise"] = 1
    report.cells["t3.carried_forward.total"] = 1
    codes = [f.code for f in check(report).findings]
    assert codes.count("T3-101") == 2  # the 商业企业 column and the 总计 column


# ---------------------------------------------------------------- random consistent reports

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(reports_with_sections())
def test_consistent_reports_built_in_python_have_no_findings(pair):
    result = check(build(*pair))
    assert result.findings == []


@PROPERTY
@given(reports_with_sections(), st.sampled_from(LAYOUTS))
def test_consistent_reports_read_from_text_give_no_error(pair, layout):
    report, sections = pair
    read = read_bytes(text_dump(report, sections, layout).encode("utf-8"), "report.txt")
    result = check(read)
    assert [f.code for f in result.findings if f.severity == "error"] == []


def test_check_runs_on_interchange_json_and_on_a_model_alike(tmp_path):
    report = clean_report(seed=3, density=0.9)
    report.cells["t4.review.total"] += 1
    path = tmp_path / "report.json"
    path.write_text(interchange.dumps(interchange.to_dict(report)), encoding="utf-8")
    out = run_cli("check", str(path), "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert [f["code"] for f in data["findings"]] == [f.code for f in check(report).findings]
    # the table no longer adds up, and the narrative's figure no longer agrees with it
    assert data["summary"]["error"] == 2
    finding = next(f for f in data["findings"] if f["code"] == "T4-101")
    assert finding["evidence"]["difference"] == 1
    assert finding["keys"][0] == "t4.review.total"


# ---------------------------------------------------------------- CLI


def test_cli_text_is_grouped_by_section_with_statutory_labels(tmp_path):
    report = clean_report(seed=4, density=0.9)
    report.cells["t3.granted.natural_person"] += 1
    del report.sections["other"]
    path = tmp_path / "r.json"
    path.write_text(interchange.dumps(interchange.to_dict(report)), encoding="utf-8")
    out = run_cli("check", str(path))
    assert out.returncode == 1
    text = out.stdout
    assert text.index("三、收到和处理政府信息公开申请情况") < text.index("六、其他需要报告的事项")
    assert "错误 T3-102" in text and "错误 C1-101" in text
    assert "三、本年度办理结果/（一）予以公开 — 自然人（t3.granted.natural_person）" in text
    assert "依据：" in text


def test_cli_exit_code_zero_without_errors_and_disable_switches_rules_off(tmp_path):
    seed = str(SEEDS["001"])
    out = run_cli("check", seed)
    assert out.returncode == 0 and "C1-106" in out.stdout
    out = run_cli("check", seed, "--disable", "C1-106,rectification-missing")
    assert "C1-106" not in out.stdout and "C1-107" not in out.stdout and "C1-103" in out.stdout
    bad = run_cli("check", seed, "--disable", "X9-999")
    assert bad.returncode == 2 and "未知的检查规则：X9-999" in bad.stderr


def test_config_file_switches_rules_off(tmp_path):
    (tmp_path / "gongkai.toml").write_text('[check]\ndisable = ["C1-103"]\n', encoding="utf-8")
    out = run_cli("check", str(SEEDS["001"]), cwd=tmp_path)
    assert "C1-103" not in out.stdout and "C1-106" in out.stdout
    broken = tmp_path / "bad.toml"
    broken.write_text("[check]\ncopied_share = 3\n", encoding="utf-8")
    out = run_cli("check", str(SEEDS["001"]), "--config", str(broken))
    assert out.returncode == 2 and "copied_share" in out.stderr


def test_cli_html_review_sheet_is_self_contained_and_well_formed(tmp_path):
    target = tmp_path / "sheet.html"
    out = run_cli("check", str(SEEDS["001"]), str(SEEDS["003"]), "--format", "html",
                  "-o", str(target))
    assert out.returncode == 0
    page = target.read_text(encoding="utf-8")
    assert page.count('<section class="sheet">') == 2
    assert "吴忠市科学技术局" in page and "C1-106" in page and "审核意见" in page
    assert "http" not in page.split("</style>")[0]  # no external assets
    tags: list[str] = []

    class Balance(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br"):
                tags.append(tag)

        def handle_endtag(self, tag):
            assert tags.pop() == tag

    Balance().feed(page)
    assert tags == []


def test_cli_previous_file_and_folder(tmp_path):
    current = clean_report(seed=5, density=0.9)
    previous = clean_report(seed=6, density=0.9, year=current.year - 1, agency=current.agency)
    folder = tmp_path / "last-year"
    folder.mkdir()
    (folder / "notes.txt").write_text("与年报无关的文件", encoding="utf-8")
    for name, report in (("cur.json", current), ("last-year/prev.json", previous)):
        (tmp_path / name).write_text(interchange.dumps(interchange.to_dict(report)),
                                     encoding="utf-8")
    expected = current.cells["t3.carried_over.total"] != previous.cells["t3.carried_forward.total"]
    assert expected  # the two random reports do not chain
    for given_previous in (folder / "prev.json", folder):
        out = run_cli("check", str(tmp_path / "cur.json"), "--previous", str(given_previous))
        assert "Y1-101" in out.stdout and out.returncode == 1
    wrong_year = clean_report(seed=6, year=current.year - 3, agency=current.agency)
    (tmp_path / "old.json").write_text(interchange.dumps(interchange.to_dict(wrong_year)),
                                       encoding="utf-8")
    out = run_cli("check", str(tmp_path / "cur.json"), "--previous", str(tmp_path / "old.json"))
    assert out.returncode == 2 and f"{current.year - 3} 年度" in out.stderr
    (tmp_path / "empty.txt").write_bytes(b"")
    out = run_cli("check", str(tmp_path / "cur.json"), "--previous", str(tmp_path / "empty.txt"))
    assert out.returncode == 2 and "无法读取：文件为空" in out.stderr


def test_cli_bad_files_are_named_and_the_rest_checked(tmp_path):
    bad_json = tmp_path / "broken.json"
    bad_json.write_text('{"format": "2021", "cells": {"t9.nothing": 1}}', encoding="utf-8")
    out = run_cli("check", str(bad_json), str(SEEDS["003"]), "--format", "json")
    assert out.returncode == 1
    results = json.loads(out.stdout)
    assert len(results) == 2 and "t9.nothing" in out.stderr
    assert any(r.get("report", {}).get("agency") == "沙坡头区工业信息化和商务局" for r in results)


def test_rules_command_lists_and_explains():
    out = run_cli("rules")
    assert out.returncode == 0
    assert all(code in out.stdout for code in RULES)
    page = run_cli("rules", "t3-balance")
    assert page.stdout.startswith("# T3-101") and "## 如何改正" in page.stdout


def test_cli_published_date_in_the_registers_spellings():
    seed = str(SEEDS["001"])  # 吴忠市科学技术局 2021, no publication date printed
    late = run_cli("check", seed, "--published", "2022年2月1日")
    assert "P1-101" in late.stdout and "2022-02-01" in late.stdout
    on_time = run_cli("check", seed, "--published", "2022/1/31")
    assert on_time.returncode == 0 and "P1-101" not in on_time.stdout
    bad = run_cli("check", seed, "--published", "2022-02-30")
    assert bad.returncode == 2 and "“2022-02-30”不是有效的日期" in bad.stderr


def test_cli_config_error_is_plain_text(tmp_path):
    broken = tmp_path / "bad.toml"
    broken.write_text('[check]\ndisable = ["[red]x[/red]"]\n', encoding="utf-8")
    out = run_cli("check", str(SEEDS["001"]), "--config", str(broken))
    assert out.returncode == 2 and "未知的检查规则：[red]x[/red]" in out.stderr


# ---------------------------------------------------------------- statements


def test_every_statement_pattern_needs_one_of_its_words_and_the_trigger_has_them():
    from gongkai.check.statements import PATTERNS, TRIGGER

    def check_matches_of(pattern):
        @settings(max_examples=25, deadline=None, derandomize=True)
        @given(st.from_regex(pattern.regex, fullmatch=True))
        def matches_contain_a_word(text):
            assert any(word in text for word in pattern.words), (pattern.topic, text)
            assert TRIGGER.search(text)

        matches_contain_a_word()

    for pattern in PATTERNS:
        assert pattern.words and all(TRIGGER.search(w) for w in pattern.words), pattern.topic
        check_matches_of(pattern)


def test_table_four_topics_are_the_formats_groups():
    from gongkai.check.context import Context
    from gongkai.check.statements import GROUP_TOPICS
    from gongkai.format import get_format

    groups = get_format("2021").group_totals()
    assert tuple(groups) == GROUP_TOPICS == ("行政复议", "行政诉讼")  # table 四's two groups
    report = clean_report(seed=2)
    stated = {s.topic: s.value for s in Context(report).statements if s.topic in groups}
    assert stated == {label: sum(report.cells[k] for k in keys)
                      for label, keys in groups.items()}
