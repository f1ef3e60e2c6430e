"""Upload and check published reports (gongkai.web.uploads): results per file, progress, who
sees what, and hostile input refused with a Chinese message naming the file, saving nothing.

Every web test runs on SQLite and on PostgreSQL (`web_db`). The job runs synchronously
(`jobs.runner = jobs.run_batch`), or not at all (a no-op runner) where a test looks at a job
still queued.

The documents: two seeds of ../shared (expected readings in ../shared/fixtures), and reports
made here from random consistent figures (gongkai.synth; every relation holds, most cells
non-zero) as DOCX (tests/builders), HTML and PDF (gongkai.write): what is read back must be the
figures they were made from. One DOCX has table 三's total raised by 5, so that the total no
longer equals the sum of its parts (rule T3-101, an error).
"""

from __future__ import annotations

import copy
import csv
import io
import json
import random
import shutil
import stat
import subprocess
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.conftest import seed_cases

MB = 1024 * 1024
SEEDS = {case: (path, truth) for case, path, truth in seed_cases()}
SEED_A = "003_f3e5704190ef934c"  # 2022, format 2021, six non-zero cells
SEED_B = "002_b6a7b654f14e8416"  # 2024, format 2021


# ------------------------------------------------------------------------------ documents


@dataclass
class Made:
    """A document made here and the interchange report it was made from."""

    name: str
    data: bytes
    report: dict


def _synth(seed: int, agency: str, year: int) -> tuple[dict, dict]:
    from gongkai.synth import random_report, random_sections

    rng = random.Random(seed)
    report = random_report(rng, "2021", agency=agency, year=year)
    return report, random_sections(rng, report)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Made]:
    from gongkai.interchange import from_dict
    from gongkai.write import render
    from tests.builders import docx_file

    folder = tmp_path_factory.mktemp("made")
    good, texts = _synth(11, "青山市教育局", 2023)
    faulty = copy.deepcopy(good)
    faulty["agency"] = "白水县财政局"
    faulty["cells"]["t3.new_received.total"] += 5
    page, _ = _synth(12, "红河州卫生健康委员会", 2024)
    out = {
        "good": Made("青山市教育局2023.docx",
                     docx_file(good, texts, folder / "good.docx").read_bytes(), good),
        "faulty": Made("白水县财政局2023.docx",
                       docx_file(faulty, texts, folder / "faulty.docx").read_bytes(), faulty),
        "html": Made("红河州卫健委2024.html", render(from_dict(page), "html"), page),
    }
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is needed to print the PDF (make test installs it)")
    printed, _ = _synth(13, "东湖区民政局", 2022)
    out["pdf"] = Made("东湖区民政局2022.pdf", render(from_dict(printed), "pdf"), printed)
    return out


def seed_bytes(case: str) -> bytes:
    return SEEDS[case][0].read_bytes()


def make_zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]],
             compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def replace_part(docx: bytes, part: str, content: bytes) -> bytes:
    """A copy of the DOCX package with one part's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    return make_zip([(i.filename, content if i.filename == part else source.read(i))
                     for i in source.infolist()])


def entity_docx(docx: bytes, doctype: str, reference: str) -> bytes:
    """The DOCX with a DTD before the document element and `reference` in its first text."""
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    head, sep, rest = xml.partition("?>")
    rest = rest.replace("<w:t>", f"<w:t>{reference}", 1)
    return replace_part(docx, "word/document.xml", f"{head}{sep}{doctype}{rest}".encode())


def same_figures(read: dict, made: dict) -> list[str]:
    """Keys whose read value differs from the made one (numbers compared as decimals)."""
    def norm(v):
        return None if v is None else Decimal(str(v))
    return [k for k, v in made.items() if norm(read.get(k)) != norm(v)]


# ---------------------------------------------------------------------------- web helpers


@pytest.fixture
def run_now(monkeypatch):
    from gongkai.web.uploads import jobs

    monkeypatch.setattr(jobs, "runner", jobs.run_batch)


@pytest.fixture
def queue_only(monkeypatch):
    """Jobs are saved but never run (a busy worker)."""
    from gongkai.web.uploads import jobs

    started: list[int] = []
    monkeypatch.setattr(jobs, "runner", started.append)
    return started


@dataclass
class People:
    owner: object
    other: object
    admin: object


@pytest.fixture
def people(web_db) -> People:
    from django.contrib.auth.models import User

    from gongkai.web.organisations.models import Membership, Role

    tag = uuid.uuid4().hex[:6]
    owner = User.objects.create_user(f"uploader-{tag}", password="pw")
    other = User.objects.create_user(f"someone-{tag}", password="pw")
    admin = User.objects.create_user(f"admin-{tag}", password="pw")
    Membership.objects.create(user=admin, role=Role.admin, agency=None)
    return People(owner, other, admin)


def client_for(user=None, **kwargs):
    from django.test import Client

    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def upload(client, *files: tuple[str, bytes]):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/uploads/", {"files": [SimpleUploadedFile(n, d) for n, d in files]})


def saved(user) -> tuple[int, int]:
    """(batches, file rows) of the user."""
    from gongkai.web.uploads.models import Batch, FileResult

    return (Batch.objects.filter(owner=user).count(),
            FileResult.objects.filter(batch__owner=user).count())


def batch_id(response) -> int:
    assert response.status_code == 302, response.content.decode()[:2000]
    parts = response["Location"].strip("/").split("/")
    assert parts[0] == "uploads"
    return int(parts[1])


def status_of(client, bid: int) -> dict:
    response = client.get(f"/uploads/{bid}/status/")
    assert response.status_code == 200
    return response.json()


def results(client, bid: int) -> dict[str, dict]:
    response = client.get(f"/uploads/{bid}/results.json")
    assert response.status_code == 200
    return {f["file"]: f for f in response.json()["files"]}


# ------------------------------------------------------------------------ a zip of reports


def test_zip_of_reports_gives_each_files_agency_year_cells_and_findings(
        web_db, people, run_now, made):
    # One zip: seeds in a folder, DOCX, HTML and PDF, a folder entry and a macOS resource fork
    # (both skipped).
    docs = [m for m in made.values()]
    entries: list[tuple[str | zipfile.ZipInfo, bytes]] = [
        ("2022/", b""),
        (f"2022/{SEED_A}.txt", seed_bytes(SEED_A)),
        (f"{SEED_B}.txt", seed_bytes(SEED_B)),
        ("__MACOSX/._青山.docx", b"\x00\x05\x16\x07"),
        *[(m.name, m.data) for m in docs],
    ]
    client = client_for(people.owner)
    bid = batch_id(upload(client, ("年报.zip", make_zip(entries))))
    expected_files = 2 + len(docs)
    status = status_of(client, bid)
    assert (status["status"], status["done"], status["total"]) == (
        "done", expected_files, expected_files)
    found = results(client, bid)
    assert len(found) == expected_files

    for case, name in ((SEED_A, f"年报.zip/2022/{SEED_A}.txt"), (SEED_B, f"年报.zip/{SEED_B}.txt")):
        truth = SEEDS[case][1]
        got = found[name]
        assert got["state"] == "checked"
        assert (got["agency"], got["year"], got["format"]) == (
            truth["agency"], truth["year"], truth["format"])
        assert same_figures(got["cells"], truth["cells"]) == []
    assert found[f"年报.zip/2022/{SEED_A}.txt"]["cells"]["t3.new_received.total"] == 1

    for m in docs:
        got = found[f"年报.zip/{m.name}"]
        assert got["state"] == "checked", got
        assert (got["agency"], got["year"], got["format"]) == (
            m.report["agency"], m.report["year"], "2021")
        assert sum(1 for v in m.report["cells"].values() if v) > 50  # real, non-zero figures
        assert same_figures(got["cells"], m.report["cells"]) == []
        for finding in got["findings"]:
            assert set(finding) == {"code", "severity", "message"} and finding["message"]
        counts = {s: sum(f["severity"] == s for f in got["findings"])
                  for s in ("error", "warning", "notice")}
        assert got["summary"] == counts

    faulty = found[f"年报.zip/{made['faulty'].name}"]
    good = found[f"年报.zip/{made['good'].name}"]
    assert "T3-101" in {f["code"] for f in faulty["findings"] if f["severity"] == "error"}
    assert "T3-101" not in {f["code"] for f in good["findings"]}
    assert good["summary"]["error"] == 0 and faulty["summary"]["error"] >= 1

    page = client.get(f"/uploads/{bid}/").content.decode()
    assert 'id="results"' in page and "白水县财政局" in page and "T3-101" in page
    assert f"{expected_files}</span>/<span id=\"total\">{expected_files}" in page

    rows = list(csv.reader(io.StringIO(
        client.get(f"/uploads/{bid}/results.csv").content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["文件", "状态", "机关", "年度"]
    t3 = [r for r in rows if r[0] == f"年报.zip/{made['faulty'].name}" and r[8] == "T3-101"]
    assert t3 and t3[0][2:4] == ["白水县财政局", "2023"] and t3[0][9] == "错误"
    # Every checked file appears, one row per finding or one row when it has none.
    assert len(rows) - 1 == sum(max(1, len(f["findings"])) for f in found.values())

    from gongkai.web.uploads.models import FileResult

    assert not FileResult.objects.filter(batch_id=bid, content__isnull=False).exists()


def test_files_uploaded_directly_and_a_file_that_is_not_a_report(web_db, people, run_now, made):
    from gongkai import interchange

    recipe = "红烧肉的做法\n五花肉 500 克，冰糖 30 克。\n".encode()
    as_json = interchange.dumps(made["faulty"].report).encode()
    client = client_for(people.owner)
    bid = batch_id(upload(client, (f"{SEED_A}.txt", seed_bytes(SEED_A)),
                          ("菜谱.txt", recipe), (made["html"].name, made["html"].data),
                          ("交换格式.json", as_json)))
    found = results(client, bid)
    assert list(found) == [f"{SEED_A}.txt", "菜谱.txt", made["html"].name, "交换格式.json"]
    data = found["交换格式.json"]
    assert (data["agency"], data["year"]) == ("白水县财政局", 2023)
    assert same_figures(data["cells"], made["faulty"].report["cells"]) == []
    assert "T3-101" in {f["code"] for f in data["findings"]}
    assert found["菜谱.txt"]["state"] == "unreadable"
    assert found["菜谱.txt"]["error"]["code"] == "R008"
    assert "年度报告" in found["菜谱.txt"]["error"]["message"]
    assert found[f"{SEED_A}.txt"]["agency"] == SEEDS[SEED_A][1]["agency"]
    page = client.get(f"/uploads/{bid}/").content.decode()
    assert "无法读取" in page and "R008" in page


def test_zip_names_from_chinese_windows_are_read_as_gbk(web_db, people, run_now):
    # Zips made on Chinese Windows store names in GBK without the UTF-8 flag.
    gbk = "中卫报告.txt".encode("gbk")
    placeholder = b"x" * (len(gbk) - 4) + b".txt"
    data = make_zip([(placeholder.decode(), seed_bytes(SEED_A))]).replace(placeholder, gbk)
    client = client_for(people.owner)
    found = results(client, batch_id(upload(client, ("a.zip", data))))
    assert list(found) == ["a.zip/中卫报告.txt"]
    assert found["a.zip/中卫报告.txt"]["state"] == "checked"


# ------------------------------------------------------------------ hostile or bad uploads


def _symlink() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("链接.txt")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _encrypted_zip() -> bytes:
    """A zip whose one member is flagged encrypted (bit 0 of the general purpose flags, in
    the local header and in the central directory; zipfile cannot write encrypted members)."""
    data = bytearray(make_zip([("加密.txt", b"x")], compression=zipfile.ZIP_STORED))
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    return bytes(data)


def _lying_sizes() -> bytes:
    """A member of 3 MB of zeros whose headers declare 100 bytes."""
    data = make_zip([("small.txt", b"0" * (3 * MB))])
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    true_size = info.file_size.to_bytes(4, "little")
    assert data.count(true_size) == 2  # the local header and the central directory
    return data.replace(true_size, (100).to_bytes(4, "little"))


def _corrupt_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00garbage" * 40


# Ten levels of ten references each: 10⁹ characters if a parser expanded them.
LAUGHS = "<!DOCTYPE w:document [" + '<!ENTITY l0 "哈">' + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]>"

HOSTILE = {
    # case: (uploaded files, words the message must contain)
    "zip bomb": (lambda m: [("炸弹.zip", make_zip([("bomb.txt", b"0" * (5 * MB))]))],
                 ["炸弹.zip/bomb.txt", "压缩比异常"]),
    "zip bomb of small members": (
        lambda m: [("小炸弹.zip", make_zip([(f"{i}.txt", b"0" * (900 * 1024)) for i in range(4)]))],
        ["小炸弹.zip", "压缩比异常"]),
    "sizes that lie": (lambda m: [("假.zip", _lying_sizes())], ["假.zip/small.txt"]),
    "traversal": (lambda m: [("t.zip", make_zip([("../../etc/cron.d/x.txt", b"1")]))],
                  ["t.zip/../../etc/cron.d/x.txt", "“..”或绝对路径"]),
    "windows traversal": (lambda m: [("w.zip", make_zip([("a\\..\\..\\x.txt", b"1")]))],
                          ["w.zip", "“..”或绝对路径"]),
    "absolute name": (lambda m: [("abs.zip", make_zip([("/tmp/x.txt", b"1")]))],
                      ["abs.zip//tmp/x.txt", "绝对路径"]),
    "symlink": (lambda m: [("s.zip", make_zip([(_symlink(), b"/etc/passwd")]))],
                ["s.zip/链接.txt", "符号链接"]),
    "encrypted member": (lambda m: [("e.zip", _encrypted_zip())],
                         ["e.zip/加密.txt", "已加密"]),
    "nested zip": (lambda m: [("外.zip", make_zip([("内.zip", make_zip([("a.txt", b"1")]))]))],
                   ["外.zip/内.zip", "不会展开"]),
    "not a zip": (lambda m: [("坏.zip", b"PK\x03\x04 not really")], ["坏.zip", "不是有效的 ZIP"]),
    "unsupported type": (lambda m: [("程序.exe", b"MZ\x90\x00")], ["程序.exe", "不支持的文件类型"]),
    "empty file": (lambda m: [("空.txt", b"")], ["空.txt", "为空"]),
    "xxe docx": (lambda m: [("外部实体.docx", entity_docx(
        m["good"].data, '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
        "&xxe;"))], ["外部实体.docx", "不安全的 XML 实体声明"]),
    "billion laughs docx": (
        lambda m: [("十亿笑.docx", entity_docx(m["good"].data, LAUGHS, "&l9;"))],
        ["十亿笑.docx", "不安全的 XML 实体声明"]),
    "corrupt pdf": (lambda m: [("损坏.pdf", _corrupt_pdf())], ["损坏.pdf", "不是有效的 PDF"]),
    "pdf that is not one": (lambda m: [("假的.pdf", "这不是 PDF".encode())],
                            ["假的.pdf", "内容不是 PDF"]),
    "one bad file spoils the upload": (
        lambda m: [(f"{SEED_A}.txt", seed_bytes(SEED_A)), ("损坏.pdf", _corrupt_pdf())],
        ["损坏.pdf", "不是有效的 PDF"]),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_upload_is_refused_naming_the_file_and_saves_nothing(
        web_db, people, run_now, made, case):
    files, words = HOSTILE[case]
    client = client_for(people.owner)
    response = upload(client, *files(made))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    for word in words:
        assert word in page, (case, word, page[page.find("alert"):][:400])
    assert saved(people.owner) == (0, 0)


def test_encrypted_pdf_is_refused_with_the_readers_message(
        web_db, people, run_now, made, tmp_path):
    if shutil.which("qpdf") is None:
        pytest.fail("qpdf is needed (make test installs it)")
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(made["pdf"].data)
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(source),
                    str(target)], check=True)
    response = upload(client_for(people.owner), ("加密.pdf", target.read_bytes()))
    assert response.status_code == 400
    assert "加密.pdf：PDF 已加密（设置了打开密码）" in response.content.decode()
    assert saved(people.owner) == (0, 0)


def test_bounds_on_files_size_and_count(web_db, people, run_now, monkeypatch):
    from gongkai.web.uploads import limits

    client = client_for(people.owner)
    seed = seed_bytes(SEED_A)
    assert 4000 < len(seed) < 20000

    monkeypatch.setattr(limits, "MAX_FILES", 3)
    four = make_zip([(f"{i}.txt", seed) for i in range(4)])
    response = upload(client, ("四份.zip", four))
    assert response.status_code == 400 and "一次最多上传 3 份报告" in response.content.decode()
    response = upload(client, *[(f"{i}.txt", seed) for i in range(4)])
    assert response.status_code == 400 and "一次最多上传 3 份报告" in response.content.decode()
    # Three in a zip and one beside it: four in all.
    response = upload(client, ("三份.zip", make_zip([(f"{i}.txt", seed) for i in range(3)])),
                      ("第四份.txt", seed))
    assert response.status_code == 400 and "一次最多上传 3 份报告" in response.content.decode()
    monkeypatch.setattr(limits, "MAX_FILES", 100)
    # Past Django's own bound on files in one request (DATA_UPLOAD_MAX_NUMBER_FILES, set from
    # MAX_FILES): refused with the app's own message.
    response = upload(client, *[(f"{i}.txt", b"1") for i in range(101)])
    assert response.status_code == 400
    assert "一次最多上传 100 份报告（压缩包中的文件也计算在内）" in response.content.decode()

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 4000)
    response = upload(client, ("大.txt", seed))
    assert response.status_code == 400 and "大.txt：文件过大" in response.content.decode()
    response = upload(client, ("包.zip", make_zip([("里面/大.txt", seed)])))
    assert response.status_code == 400
    assert "包.zip/里面/大.txt：文件过大" in response.content.decode()
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 20 * MB)

    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", len(seed) * 2)
    response = upload(client, ("三份.zip", make_zip([(f"{i}.txt", seed) for i in range(3)])))
    assert response.status_code == 400 and "解压后总大小超过上限" in response.content.decode()
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 200 * MB)

    monkeypatch.setattr(limits, "MAX_REQUEST_BYTES", 3000)
    response = upload(client, ("a.txt", seed))
    assert response.status_code == 413 and "上传内容过大" in response.content.decode()
    monkeypatch.setattr(limits, "MAX_REQUEST_BYTES", 64 * MB)
    assert saved(people.owner) == (0, 0)


@pytest.mark.parametrize("length", ["abc", "-5", "1e3"])
def test_a_malformed_content_length_is_refused(web_db, people, run_now, length):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(people.owner)
    response = client.post("/uploads/", {"files": [SimpleUploadedFile("a.txt", b"1")]},
                           CONTENT_LENGTH=length)
    assert response.status_code == 400
    assert "Content-Length 不是有效的字节数" in response.content.decode()
    assert saved(people.owner) == (0, 0)


def test_without_csrf_token_nothing_is_saved(web_db, people, run_now):
    client = client_for(people.owner, enforce_csrf_checks=True)
    assert upload(client, ("a.txt", seed_bytes(SEED_A))).status_code == 403
    assert saved(people.owner) == (0, 0)


def test_too_many_unfinished_jobs(web_db, people, queue_only, monkeypatch):
    from gongkai.web.uploads import limits

    monkeypatch.setattr(limits, "MAX_ACTIVE_BATCHES", 2)
    client = client_for(people.owner)
    for _ in range(2):
        batch_id(upload(client, ("a.txt", seed_bytes(SEED_A))))
    response = upload(client, ("a.txt", seed_bytes(SEED_A)))
    assert response.status_code == 429 and "尚未完成" in response.content.decode()
    assert saved(people.owner) == (2, 2) and len(queue_only) == 2


# ----------------------------------------------------------------- the reader and XML entities


def test_the_docx_reader_refuses_entities_and_python_docx_does_not_expand_them(made, tmp_path):
    import docx
    from lxml import etree

    from gongkai.diagnostics import ReadError
    from gongkai.read import read_bytes

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-4711", encoding="utf-8")
    xxe = entity_docx(made["good"].data,
                      f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
                      "&xxe;")
    with pytest.raises(ReadError) as caught:
        read_bytes(xxe, "xxe.docx")
    assert caught.value.diagnostic.code == "R005"
    # Underneath, python-docx's parser does not resolve entities at all: the secret never
    # reaches the text (the reader refuses before, so this is a second wall, not the first).
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(xxe)).paragraphs)
    assert "SECRET-4711" not in text
    laughs = entity_docx(made["good"].data, LAUGHS, "&l9;")
    with pytest.raises(ReadError):
        read_bytes(laughs, "laughs.docx")
    # python-docx on its own: libxml2 (≥ 2.11) stops at its entity amplification limit; with
    # an older one, resolve_entities=False leaves the references unexpanded.
    try:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(laughs)).paragraphs)
    except etree.XMLSyntaxError as error:
        assert "amplification" in str(error)
    else:
        assert "哈哈" not in text


def test_an_html_page_with_an_external_entity_does_not_leak_the_file(
        web_db, people, run_now, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-4712", encoding="utf-8")
    lines = "".join(f"<p>{line}</p>" for line in seed_bytes(SEED_A).decode().splitlines())
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
            f"<html><body><p>&x;</p>{lines}</body></html>").encode()
    client = client_for(people.owner)
    bid = batch_id(upload(client, ("实体.html", page)))
    body = client.get(f"/uploads/{bid}/results.json").content.decode()
    assert results(client, bid)["实体.html"]["state"] == "checked"
    assert "SECRET-4712" not in body

    from gongkai.web.uploads.models import FileResult

    assert "SECRET-4712" not in json.dumps(FileResult.objects.get(batch_id=bid).report,
                                           ensure_ascii=False)


def test_counting_while_unpacking_stops_at_the_bound(monkeypatch):
    """The bytes are counted as they are unpacked, whatever the headers declare."""
    from gongkai.web.uploads import limits
    from gongkai.web.uploads.safety import Rejected, _extract, unpack_zip

    data = make_zip([("a.txt", b"x" * 5000)], compression=zipfile.ZIP_STORED)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10_000)
    assert [len(m.data) for m in unpack_zip("z.zip", data, room=10_000)] == [5000]
    with pytest.raises(Rejected, match=r"z\.zip：解压后总大小超过上限"):
        unpack_zip("z.zip", data, room=4096)  # declared 5000 > the 4096 left
    archive = zipfile.ZipFile(io.BytesIO(data))
    with pytest.raises(Rejected, match="计数：文件过大"):
        _extract(archive, archive.infolist()[0], "计数", bound=4096)  # stops while reading
    with pytest.raises(Rejected, match=r"z\.zip/small\.txt"):
        unpack_zip("z.zip", _lying_sizes(), room=10 * MB)  # 100 bytes declared, 3 MB inside


# --------------------------------------------------------------------- progress and failure


def test_progress_endpoint_counts_files_as_they_are_checked(web_db, people, queue_only,
                                                              monkeypatch):
    from gongkai.web.uploads import jobs

    client = client_for(people.owner)
    bid = batch_id(upload(client, *[(f"{i}.txt", seed_bytes(SEED_A)) for i in range(3)]))
    assert queue_only == [bid]
    assert status_of(client, bid) == {"batch": bid, "status": "queued", "status_label": "排队等待",
                                      "done": 0, "total": 3, "finished": False, "failure": None}
    page = client.get(f"/uploads/{bid}/").content.decode()
    assert "排队等待" in page and "本页会自动更新" in page

    seen: list[tuple[str, int]] = []
    examine = jobs.examine

    def watched(name: str, data: bytes):
        status = status_of(client, bid)
        seen.append((status["status"], status["done"]))
        return examine(name, data)

    monkeypatch.setattr(jobs, "examine", watched)
    jobs.run_batch(bid)
    assert seen == [("running", 0), ("running", 1), ("running", 2)]
    assert status_of(client, bid)["done"] == 3 and status_of(client, bid)["finished"] is True
    jobs.run_batch(bid)  # a finished batch is not run again
    assert len(seen) == 3


def test_a_crash_mid_job_marks_it_failed_and_keeps_the_results_so_far(
        web_db, people, queue_only, monkeypatch):
    from django.db import DatabaseError

    from gongkai.web.uploads import jobs

    client = client_for(people.owner)
    bid = batch_id(upload(client, *[(f"{i}.txt", seed_bytes(SEED_A)) for i in range(3)]))
    save = jobs.save_outcome
    calls = []

    def failing(item, outcome):  # the database is gone from the second file on
        calls.append(item.name)
        if len(calls) >= 2:
            raise DatabaseError("磁盘已满")
        save(item, outcome)

    monkeypatch.setattr(jobs, "save_outcome", failing)
    jobs.run_batch(bid)
    # The second file's result, then its "could not be saved" result: both refused.
    assert calls == ["0.txt", "1.txt", "1.txt"]
    status = status_of(client, bid)
    assert (status["status"], status["done"], status["finished"]) == ("failed", 1, True)
    assert status["failure"] == jobs.INTERRUPTED and "磁盘已满" not in status["failure"]
    found = results(client, bid)
    assert [f["state"] for f in found.values()] == ["checked", "skipped", "skipped"]
    assert found["0.txt"]["agency"] == SEEDS[SEED_A][1]["agency"]
    page = client.get(f"/uploads/{bid}/").content.decode()
    assert "已中断" in page and "详情已记入服务器日志" in page
    assert page.count("未检查（任务中断）") == 2


def test_a_result_the_database_refuses_is_that_files_result(
        web_db, people, queue_only, monkeypatch):
    """PostgreSQL stores no NUL in text or jsonb: a file whose result holds one is that file's
    result (its detail in the log), the other files are checked, the batch is done. SQLite
    stores the NUL as it is."""
    from gongkai.web.uploads import jobs

    client = client_for(people.owner)
    bid = batch_id(upload(client, *[(f"{i}.txt", seed_bytes(SEED_A)) for i in range(3)]))
    examine = jobs.examine

    def with_nul(name: str, data: bytes):
        outcome = examine(name, data)
        if name == "1.txt":
            outcome.agency += "\x00"
            outcome.report["agency"] += "\x00"
        return outcome

    monkeypatch.setattr(jobs, "examine", with_nul)
    jobs.run_batch(bid)
    status = status_of(client, bid)
    assert (status["status"], status["done"], status["failure"]) == ("done", 3, None)
    found = results(client, bid)
    agency = SEEDS[SEED_A][1]["agency"]
    assert [found[n]["state"] for n in ("0.txt", "2.txt")] == ["checked", "checked"]
    assert found["0.txt"]["agency"] == found["2.txt"]["agency"] == agency
    if web_db == "postgresql":
        assert found["1.txt"]["state"] == "unreadable"
        assert found["1.txt"]["error"] == {"code": "R011", "message": jobs.NOT_SAVED}
    else:
        assert (found["1.txt"]["state"], found["1.txt"]["agency"]) == (
            "checked", agency + "\x00")


def test_an_interchange_file_with_a_nul_is_unreadable_and_the_rest_is_checked(
        web_db, people, run_now, made):
    from gongkai import interchange

    report = copy.deepcopy(made["good"].report)
    report["agency"] = "青山市\x00教育局"
    client = client_for(people.owner)
    bid = batch_id(upload(client, ("控制字符.json", interchange.dumps(report).encode()),
                          (f"{SEED_A}.txt", seed_bytes(SEED_A))))
    assert status_of(client, bid)["status"] == "done"
    found = results(client, bid)
    assert found["控制字符.json"]["state"] == "unreadable"
    assert found["控制字符.json"]["error"]["code"] == "R010"
    assert "agency 中含有 U+0000" in found["控制字符.json"]["error"]["message"]
    assert found[f"{SEED_A}.txt"]["state"] == "checked"


def test_a_queued_batch_waits_as_long_as_the_queue_moves(web_db, people, queue_only):
    """A queued batch's heartbeat is its upload time: it is not failed for waiting behind a
    running batch that makes progress. A running batch without progress is failed; a queued
    batch is failed when nothing running has made progress either (the server stopped)."""
    from django.utils import timezone

    from gongkai.web.uploads import limits
    from gongkai.web.uploads.models import Batch, FileResult

    long_ago = timezone.now() - timedelta(seconds=limits.STALE_AFTER_SECONDS + 5)
    since = timezone.now() - timedelta(seconds=limits.STALE_AFTER_SECONDS)
    assert not Batch.objects.filter(status="running", heartbeat__gte=since).exists()
    owner, other = client_for(people.owner), client_for(people.other)
    waiting = batch_id(upload(owner, ("a.txt", seed_bytes(SEED_A))))
    ahead = batch_id(upload(other, ("b.txt", seed_bytes(SEED_A))))
    Batch.objects.filter(pk=waiting).update(heartbeat=long_ago)
    Batch.objects.filter(pk=ahead).update(status="running", heartbeat=timezone.now())
    assert status_of(owner, waiting)["status"] == "queued"
    assert status_of(owner, waiting)["failure"] is None

    Batch.objects.filter(pk=ahead).update(heartbeat=long_ago)  # the worker stopped
    ahead_status = status_of(other, ahead)
    assert ahead_status["status"] == "failed" and "没有进展" in ahead_status["failure"]
    status = status_of(owner, waiting)
    assert status["status"] == "failed" and "没有进展" in status["failure"]
    assert FileResult.objects.get(batch_id=waiting).state == "skipped"


@pytest.mark.parametrize("using", ["postgresql"], indirect=True)  # SQLite: one writer at a time
def test_parallel_uploads_of_one_user_are_counted_one_after_the_other(
        web_db, people, queue_only, monkeypatch):
    """On PostgreSQL (READ COMMITTED) an upload would not see another upload's batch that is
    not committed yet; the upload takes the uploader's row first, so it waits for the other
    and counts its batch. (SQLite lets one writer at a time: nothing to show there.)"""
    import threading
    import time

    from django.db import connections, transaction
    from django.utils import timezone

    from gongkai.web.uploads import limits
    from gongkai.web.uploads.models import Batch

    assert web_db == "postgresql"
    monkeypatch.setattr(limits, "MAX_ACTIVE_BATCHES", 1)
    client = client_for(people.owner)
    answers: list = []

    def second_upload() -> None:
        try:
            answers.append(upload(client, ("b.txt", seed_bytes(SEED_A))))
        finally:
            connections.close_all()

    thread = threading.Thread(target=second_upload)
    with transaction.atomic(using=web_db):
        # The first upload, in the middle of its transaction: its batch saved, the row taken.
        Batch.objects.create(owner=people.owner, uploaded="a.txt", total=1,
                             heartbeat=timezone.now())
        type(people.owner).objects.select_for_update(no_key=True).get(pk=people.owner.pk)
        thread.start()
        with connections[web_db].cursor() as cursor:
            for _ in range(600):  # until the second upload waits for the row (or is done)
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type"
                               " = 'Lock' AND datname = current_database()")
                if cursor.fetchone()[0] or not thread.is_alive():
                    break
                time.sleep(0.05)
    thread.join()
    assert len(answers) == 1 and answers[0].status_code == 429
    assert "您已有 1 个上传检查任务尚未完成" in answers[0].content.decode()
    assert saved(people.owner) == (1, 0)


# ------------------------------------------------------------------------------ who sees what


def test_only_the_uploader_and_administrators_see_a_batch(web_db, people, run_now):
    owner = client_for(people.owner)
    bid = batch_id(upload(owner, ("a.txt", seed_bytes(SEED_A))))
    urls = [f"/uploads/{bid}/", f"/uploads/{bid}/status/", f"/uploads/{bid}/results.json",
            f"/uploads/{bid}/results.csv"]
    other, admin = client_for(people.other), client_for(people.admin)
    for url in urls:
        assert owner.get(url).status_code == 200, url
        assert other.get(url).status_code == 404, url
        assert admin.get(url).status_code == 200, url
    assert f"/uploads/{bid}/" in owner.get("/uploads/").content.decode()
    assert f"/uploads/{bid}/" not in other.get("/uploads/").content.decode()
    listing = admin.get("/uploads/").content.decode()
    assert f"/uploads/{bid}/" in listing and people.owner.username in listing
    assert other.get("/uploads/999999999/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(web_db, people, run_now):
    owner = client_for(people.owner)
    bid = batch_id(upload(owner, ("a.txt", seed_bytes(SEED_A))))
    anonymous = client_for()
    for url in ["/uploads/", f"/uploads/{bid}/", f"/uploads/{bid}/results.json",
                f"/uploads/{bid}/results.csv"]:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert anonymous.get(f"/uploads/{bid}/status/").status_code == 401
    response = upload(anonymous, ("a.txt", seed_bytes(SEED_A)))
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert saved(people.owner) == (1, 1)


def test_the_upload_page_has_the_stable_ids(web_db, people):
    page = client_for(people.owner).get("/uploads/").content.decode()
    assert 'id="upload-form"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="files" multiple' in page


def test_results_json_is_json_with_the_batch(web_db, people, run_now):
    client = client_for(people.owner)
    bid = batch_id(upload(client, ("a.txt", seed_bytes(SEED_A))))
    response = client.get(f"/uploads/{bid}/results.json")
    assert "attachment" in response["Content-Disposition"]
    body = json.loads(response.content)
    assert (body["batch"], body["status"], body["done"], body["total"]) == (bid, "done", 1, 1)


def test_results_csv_disarms_formulas(web_db, people, run_now, made):
    """A file name or an agency that a spreadsheet would take as a formula is written behind
    an apostrophe (the register's CSV writer), so it reaches the administrator's spreadsheet
    as text."""
    from gongkai import interchange

    report = copy.deepcopy(made["faulty"].report)
    report["agency"] = '=HYPERLINK("http://例子.cn","点我")'
    client = client_for(people.owner)
    bid = batch_id(upload(client, ("=1+2.json", interchange.dumps(report).encode()),
                          ("@SUM(1).txt", "红烧肉的做法\n".encode())))
    data = client.get(f"/uploads/{bid}/results.csv").content
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    report_rows = [r for r in rows[1:] if r[0] == "'=1+2.json"]
    # The faulty report: table 三's total raised by 5, so T3-101 (an error) among its rows.
    assert "T3-101" in {r[8] for r in report_rows}
    assert {r[2] for r in report_rows} == {"'" + report["agency"]}
    assert [r[:2] + r[8:9] for r in rows[1:] if r[0] == "'@SUM(1).txt"] == [
        ["'@SUM(1).txt", "无法读取", "R008"]]
    assert not any(cell.startswith(("=", "@", "+", "-")) for row in rows for cell in row)


def test_batches_are_seen_through_the_access_rules(web_db, people, queue_only):
    from django.contrib.auth.models import AnonymousUser

    from gongkai.web.organisations.access import for_owner
    from gongkai.web.uploads.models import Batch

    bid = batch_id(upload(client_for(people.owner), ("a.txt", seed_bytes(SEED_A))))
    batches = Batch.objects.filter(pk=bid)
    assert [b.pk for b in for_owner(batches, people.owner)] == [bid]
    assert [b.pk for b in for_owner(batches, people.admin)] == [bid]
    assert not for_owner(batches, people.other).exists()
    assert not for_owner(batches, AnonymousUser()).exists()
    people.owner.is_active = False
    assert not for_owner(batches, people.owner).exists()
