"""The workbench's menus: the site-wide links in the page header and the links on an agency's
page. Each app's pages are listed here once; the templates take them from the context
processor `links`.

An entry whose URL name does not resolve is left out of the menu (an app not installed); a test
asserts that every entry resolves in the shipped project. An entry with a `visible` predicate is
shown only to the users it accepts (the page itself still checks: the menu only tidies).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from gongkai.web.organisations import access


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    visible: Callable[[Any], bool] | None = None  # shown to the users it accepts; None: all


SITE_LINKS = [
    Link("首页", "home"),
    Link("报送与审核", "review:submissions"),
    Link("汇总统计", "statistics:index"),
    Link("上传检查", "uploads:index"),
    Link("数据接口", "api:docs"),
    Link("机构与用户", "manage-regions", visible=access.can_manage),
]

AGENCY_LINKS = [
    Link("依申请公开台账", "register:applications"),
    Link("主动公开", "publish:items"),
    Link("年度报告", "reports:index"),
]


def resolved(links: list[Link], *args: object, user: Any = None) -> list[tuple[str, str]]:
    """(label, address) of each link that resolves with `args` (and, given `user`, that the
    user may see)."""
    found = []
    for link in links:
        if user is not None and link.visible is not None and not link.visible(user):
            continue
        try:
            found.append((link.label, reverse(link.url_name, args=args)))
        except NoReverseMatch:
            continue
    return found


def links(request: HttpRequest) -> dict[str, object]:
    """Context processor: the header's links for a signed-in user."""
    if not request.user.is_authenticated:
        return {"site_links": []}
    return {"site_links": resolved(SITE_LINKS, user=request.user)}
