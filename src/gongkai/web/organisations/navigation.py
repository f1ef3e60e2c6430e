"""The workbench's menus: the site-wide links in the page header and the links on an agency's
page. Each app's pages are listed here once; the templates take them from the context
processor `links`.

An entry whose URL name does not resolve is left out of the menu (an app not installed); a test
asserts that every entry resolves in the shipped project.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str


SITE_LINKS = [
    Link("首页", "home"),
    Link("报送与审核", "review:submissions"),
    Link("汇总统计", "statistics:index"),
    Link("上传检查", "uploads:index"),
    Link("数据接口", "api:docs"),
]

AGENCY_LINKS = [
    Link("依申请公开台账", "register:applications"),
    Link("主动公开", "publish:items"),
    Link("年度报告", "reports:index"),
]


def resolved(links: list[Link], *args: object) -> list[tuple[str, str]]:
    """(label, address) of each link that resolves with `args`."""
    found = []
    for link in links:
        try:
            found.append((link.label, reverse(link.url_name, args=args)))
        except NoReverseMatch:
            continue
    return found


def links(request: HttpRequest) -> dict[str, object]:
    """Context processor: the header's links for a signed-in user."""
    if not request.user.is_authenticated:
        return {"site_links": []}
    return {"site_links": resolved(SITE_LINKS)}
