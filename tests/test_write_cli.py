"""`gongkai write`: every output kind, the checker's gate, and clear Chinese errors."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai import interchange
from gongkai.read import read_path
from gongkai.synth import random_report
from tests.conftest import seed_cases

SEED_CASE, SEED_PATH, SEED_TRUTH = seed_cases()[3]  # seed 003: has a non-zero figure


def run(*args: str, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai", "write", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


@pytest.fixture()
def data_file(tmp_path) -> Path:
    data = random_report(random.Random(31), "2021", density=0.9)
    path = tmp_path / "data.json"
    path.write_text(interchange.dumps(data), encoding="utf-8")
    return path


def test_each_kind_from_interchange_json(data_file, tmp_path):
    truth = interchange.loads(data_file.read_text(encoding="utf-8"))
    for suffix in (".docx", ".html", ".md", ".xlsx"):
        out = tmp_path / "out" / f"report{suffix}"
        done = run(str(data_file), "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert out.is_file() and out.stat().st_size > 1000
        assert f"已写出 {out}" in done.stderr
        assert "已起草" in done.stderr  # the JSON has no text: sections were drafted
    for suffix in (".docx", ".html"):
        read = read_path(tmp_path / "out" / f"report{suffix}")
        assert read.agency == truth["agency"]
        assert {k: read.cells[k] for k in truth["cells"]} == truth["cells"]
        assert set(read.cells) == set(truth["cells"])
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]
    assert leftovers == []  # written atomically: no temporary files left


def test_a_read_document_is_written_again(tmp_path):
    out = tmp_path / "seed.html"
    done = run(str(SEED_PATH), "-o", str(out))
    assert done.returncode == 0, done.stderr
    read = read_path(out)
    assert read.cells == {k: SEED_TRUTH["cells"][k] for k in read.cells}
    assert set(read.cells) == set(SEED_TRUTH["cells"])  # every cell, none left out
    assert (read.agency, read.year, read.format) == (
        SEED_TRUTH["agency"], SEED_TRUTH["year"], SEED_TRUTH["format"])


def test_no_draft_writes_only_what_is_there(data_file, tmp_path):
    out = tmp_path / "plain.html"
    done = run(str(data_file), "-o", str(out), "--no-draft")
    assert done.returncode == 0, done.stderr  # warnings do not block
    assert "警告" in done.stderr and "C1-106" in done.stderr  # no fee statement in 六
    page = out.read_text(encoding="utf-8")
    assert "【" not in page and "办结申请" not in page and "统计期限" not in page
    assert page.count("<h2") == 6


def test_the_gate_follows_the_check_config(data_file, tmp_path):
    """./gongkai.toml switches rules off for write as for check; a bad one is an error (2)."""
    (tmp_path / "gongkai.toml").write_text('[check]\ndisable = ["C1-106"]\n', encoding="utf-8")
    done = run(str(data_file), "-o", str(tmp_path / "plain.html"), "--no-draft", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "C1-106" not in done.stderr and "C1-103" in done.stderr
    (tmp_path / "gongkai.toml").write_text("[check]\ndisable = 3\n", encoding="utf-8")
    bad = run(str(data_file), "-o", str(tmp_path / "bad.html"), cwd=tmp_path)
    assert bad.returncode == 2 and "disable" in bad.stderr
    assert not (tmp_path / "bad.html").exists()


def test_errors_block_unless_forced(tmp_path):
    data = random_report(random.Random(32), "2021", density=0.9)
    data["cells"]["t3.granted.natural_person"] += 1  # the row and the column no longer add up
    path = tmp_path / "broken.json"
    path.write_text(interchange.dumps(data), encoding="utf-8")
    out = tmp_path / "broken.docx"
    done = run(str(path), "-o", str(out))
    assert done.returncode == 1
    assert not out.exists()
    assert "T3-102" in done.stderr and "T3-103" in done.stderr
    assert "未写出" in done.stderr and "--force" in done.stderr
    forced = run(str(path), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert out.is_file() and "T3-102" in forced.stderr and "--force" in forced.stderr
    assert read_path(out).cells["t3.granted.natural_person"] == (
        data["cells"]["t3.granted.natural_person"])


def test_unknown_suffix(data_file, tmp_path):
    done = run(str(data_file), "-o", str(tmp_path / "report.odt"))
    assert done.returncode == 2
    assert "不支持的输出格式" in done.stderr and ".docx" in done.stderr
    assert not (tmp_path / "report.odt").exists()


def test_missing_and_unreadable_input(tmp_path):
    done = run(str(tmp_path / "没有这个文件.json"), "-o", str(tmp_path / "r.docx"))
    assert done.returncode == 1 and "不存在" in done.stderr
    odd = tmp_path / "[/b]没有[red].json"  # printed as it is, never taken for markup
    done = run(str(odd), "-o", str(tmp_path / "r.docx"))
    assert done.returncode == 1 and f"{odd}：" in done.stderr and "Traceback" not in done.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "2021", "cells": {"t9.nothing": 1}}', encoding="utf-8")
    done = run(str(bad), "-o", str(tmp_path / "r.docx"))
    assert done.returncode == 1 and "交换格式" in done.stderr


def test_pdf_without_libreoffice_names_the_package(data_file, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    out = tmp_path / "r.pdf"
    done = run(str(data_file), "-o", str(out), env=env)
    assert done.returncode == 1
    assert "LibreOffice" in done.stderr and "libreoffice-writer-nogui" in done.stderr
    assert not out.exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）")
def test_pdf(data_file, tmp_path):
    out = tmp_path / "r.pdf"
    done = run(str(data_file), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    truth = interchange.loads(data_file.read_text(encoding="utf-8"))
    read = read_path(out)
    assert {k: read.cells[k] for k in truth["cells"]} == truth["cells"]
    assert read.agency == truth["agency"]
