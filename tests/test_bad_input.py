"""Bad input: a clear Chinese message naming the file and what is wrong, and the rest still read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gongkai.format import get_format
from gongkai.read import ReadError, read_path
from tests.conftest import seed_cases

SEED = seed_cases()[3][1]  # seed 003: has non-zero figures


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True, text=True)


def expect_error(path, code: str) -> ReadError:
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert info.value.diagnostic.code == code
    return info.value


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert "为空" in expect_error(p, "R002").diagnostic.message
    p.write_bytes(b"  \n\n\t")
    expect_error(p, "R002")


def test_not_a_report(tmp_path):
    p = tmp_path / "recipe.txt"
    p.write_text("红烧肉的做法\n五花肉 500 克，冰糖 30 克。\n", encoding="utf-8")
    assert "年度报告" in expect_error(p, "R008").diagnostic.message


def test_binary_and_old_word(tmp_path):
    p = tmp_path / "a.bin"
    p.write_bytes(bytes(range(256)) * 4)
    expect_error(p, "R004")
    p = tmp_path / "a.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "DOCX" in expect_error(p, "R004").diagnostic.message


def test_wrong_extension_pdf(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_text("这不是 PDF", encoding="utf-8")
    expect_error(p, "R005")


def test_too_large_is_refused_without_reading(tmp_path):
    p = tmp_path / "huge.pdf"
    with p.open("wb") as fh:  # a sparse 200 MB file: costs no disk and must not be read
        fh.truncate(200 * 1024 * 1024)
    assert "过大" in expect_error(p, "R003").diagnostic.message


def test_a_huge_interchange_json_is_refused_before_it_is_read(tmp_path):
    from gongkai.load import load_report

    p = tmp_path / "巨大.json"
    with p.open("wb") as fh:  # sparse: costs no disk; parsing it would take minutes
        fh.write(b'{"format": "2021", "cells": {')
        fh.truncate(200 * 1024 * 1024)
    with pytest.raises(ReadError) as caught:
        load_report(p)
    assert caught.value.diagnostic.code == "R003"


def test_missing_file(tmp_path):
    expect_error(tmp_path / "nope.pdf", "R001")


def test_gbk_text_reads_like_utf8(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert read_path(p).cells == read_path(SEED).cells
    assert read_path(p).cells["t3.new_received.total"] == 1


@pytest.mark.parametrize(("suffix", "wrap"), [
    (".txt", lambda text: text),
    (".html", lambda text: "<html><head><meta charset=\"gbk\"></head><body>"
     + "".join(f"<p>{line}</p>" for line in text.splitlines()) + "</body></html>"),
])
def test_a_file_not_in_utf8_is_read_and_its_encoding_named(tmp_path, suffix, wrap):
    text = wrap(SEED.read_text(encoding="utf-8"))
    gbk, utf8 = tmp_path / f"gbk{suffix}", tmp_path / f"utf8{suffix}"
    gbk.write_bytes(text.encode("gb18030"))
    utf8.write_bytes(text.encode("utf-8"))
    named = [d for d in read_path(gbk).diagnostics if d.code == "R206"]
    assert len(named) == 1 and "GB18030" in named[0].message
    assert not [d for d in read_path(utf8).diagnostics if d.code == "R206"]
    assert read_path(gbk).cells == read_path(utf8).cells


def test_cli_names_each_bad_file_and_reads_the_rest(tmp_path):
    empty = tmp_path / "空文件.txt"
    empty.write_bytes(b"")
    out = run_cli("read", str(empty), str(SEED), str(tmp_path / "missing.docx"))
    assert out.returncode == 1
    assert f"{empty}：文件为空" in out.stderr
    assert "missing.docx" in out.stderr and "文件不存在" in out.stderr
    results = json.loads(out.stdout)
    assert [("error" in r) for r in results] == [True, False, True]
    assert results[1]["cells"]["t3.new_received.total"] == 1
    assert results[0]["error"]["code"] == "R002"


def test_cli_output_file_is_written_whole(tmp_path):
    target = tmp_path / "out" / "r.csv"
    out = run_cli("read", str(SEED), "--format", "csv", "-o", str(target))
    assert out.returncode == 0, out.stderr
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "file,key,value"
    assert f"{SEED},t3.new_received.total,1" in rows
    # A header, then one row per cell of the seed's format (seed 003 is a 2021 report).
    assert read_path(SEED).format == "2021"
    assert len(rows) == 1 + len(get_format("2021").keys)
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("content", "expected"), [
    (b'{"format": "2021", "cells": {', "不是有效的 JSON（第 1 行第 30 列附近）"),
    ("{\"format\": \"2021\", \"cells\": {}, \"agency\": \"某局\"}".encode("gbk"),
     "JSON 文件不是 UTF-8 编码"),
    (b'{"format": "2021", "cells": {}, "metadata": {"colour": 1}}',
     "交换格式 JSON 中有无法识别的字段或数值"),
])
def test_bad_interchange_json_is_named_in_chinese(tmp_path, content, expected):
    from gongkai.load import load_report

    p = tmp_path / "数据.json"
    p.write_bytes(content)
    with pytest.raises(ReadError) as caught:
        load_report(p)
    assert caught.value.diagnostic.code == "R010"
    assert caught.value.diagnostic.message == expected
