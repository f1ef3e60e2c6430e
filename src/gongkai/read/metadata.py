"""Agency, year, statistics period, publication and contact details from the report's text."""

from __future__ import annotations

import re
from datetime import date

from gongkai.format.normalize import nfkc
from gongkai.model import Metadata

_TITLE = re.compile(
    r"^(?P<pre>.*?)(?:关于)?(?P<year>20\d\d)年度?(?P<post>.*?)(?:的)?"
    r"政府信息公开(?:工作)?(?:的)?年度?报告"
)
_AGENCY_END = re.compile(
    r"(局|委|委员会|办|办公室|院|政府|厅|部|会|中心|所|处|室|街道|街道办事处|镇|乡|队|站|馆|署|司|行|社|区)$"
)
_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_PERIOD = re.compile(
    r"统计[^。]{0,16}?" + _DATE + r"(?:起)?(?:至|到|—|-|~)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")
# The contact patterns are used with findall(), which returns only the captured value. A word
# that may precede the keyword (联系电话, 电子邮箱, 通讯地址) is therefore left out of them: it
# changes no captured value, and a pattern that starts with its keyword is found many times
# faster than one that starts with an optional group.
_POSTCODE = re.compile(r"邮(?:政)?编(?:码)?[:：]?(\d{6})")
_PHONE = re.compile(r"电话[:：]?((?:\(?0\d{2,3}\)?-?)?\d{7,8}(?:-\d{1,5})?|1\d{10})")
_FAX = re.compile(r"传真[:：]?((?:\(?0\d{2,3}\)?-?)?\d{7,8})")
_EMAIL = re.compile(r"(?:邮箱|信箱|邮件|E-?mail)[:：]?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.I)
_ADDRESS = re.compile(r"地址[:：]([^；;，,。)）]+)")
_DATE_LINE = re.compile(r"^" + _DATE + r"$")


def compact(text: str) -> str:
    """NFKC and no white space: the form the patterns here match against."""
    return _no_space(nfkc(text))


def _no_space(text: str) -> str:
    """`text` without white space (str.split() and re's \\s agree on what white space is)."""
    return "".join(text.split())


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _title_candidates(lines: list[str]) -> list[str]:
    """Title-like lines from the top, each alone first, then joined with its neighbours (a
    title broken over lines) before any later line: a preamble line further down that quotes
    the report's full name must not win over the real title broken in two."""
    hits = [i for i, line in enumerate(lines[:30])
            if "报告" in line or "年度" in line or "政府信息公开" in line]
    candidates: list[str] = []
    for i in hits:
        candidates.append(lines[i])
        if i + 1 < len(lines):
            candidates.append(lines[i] + lines[i + 1])
        if i > 0:
            candidates.append(lines[i - 1] + lines[i])
        if 0 < i < len(lines) - 1:
            candidates.append(lines[i - 1] + lines[i] + lines[i + 1])
    return candidates


def title_agency_year(head_lines: list[str]) -> tuple[str | None, int | None]:
    """Agency and year from the title at the top (which may be broken over lines)."""
    lines = [compact(t) for t in head_lines if t.strip()]
    found = [m for text in _title_candidates(lines) if (m := _TITLE.search(text))]
    for m in found:
        # Drop a breadcrumb trail printed before the title (首页>政务公开>…).
        agency = re.split(r"[>»›]", m["pre"] or m["post"])[-1].strip("《》“”\"关于的")
        if agency and _AGENCY_END.search(agency) and "报告" not in agency:
            return agency, int(m["year"])
    return (None, int(found[0]["year"])) if found else (None, None)


def _last_lines(text: str, count: int) -> list[str]:
    """The last `count` non-blank lines of `text`, last first."""
    found: list[str] = []
    for line in reversed(text.splitlines()):
        if line.strip():
            found.append(line)
            if len(found) == count:
                break
    return found


def extract_metadata(text: str) -> Metadata:
    """Statistics period, publication URL/date and contact details, where printed."""
    normal = nfkc(text)
    flat = _no_space(normal)
    meta = Metadata()
    if m := _PERIOD.search(flat):
        start = _iso(m[1], m[2], m[3])
        end = _iso(m[4] or m[1], m[5], m[6])
        if start and end:
            meta.statistics_period = (start, end)
    urls = [u.rstrip(".,;)）>") for u in _URL.findall(normal)]
    if urls:
        meta.publication_url = urls[0]
    for attr, pattern in (("postcode", _POSTCODE), ("phone", _PHONE), ("fax", _FAX),
                          ("email", _EMAIL), ("address", _ADDRESS)):
        if found := pattern.findall(flat):
            setattr(meta, attr, found[-1])
    for line in _last_lines(text, 5):
        if m := date_line(line):
            meta.publication_date = _iso(m[1], m[2], m[3])
            break
    return meta


def date_line(line: str) -> re.Match[str] | None:
    """A line that is a date alone (2025年1月20日): the publication date under a signature."""
    return _DATE_LINE.match(compact(line))
