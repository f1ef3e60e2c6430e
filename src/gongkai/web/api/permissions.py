"""The API's side of the access rules: every lookup goes through
`gongkai.web.organisations.access`.

An agency (or a row of one) the user may not see is 404, never 403 — a 403 would confirm that
it exists; an agency the user sees but may not change is 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied

from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency

NOT_EDITOR = "您可以查看但不能修改该机关的数据：只有本机关工作人员和系统管理员可以修改"


def visible_agency(user: Any, agency_id: object) -> Agency:
    """The agency `agency_id` if the user may see it, else 404."""
    try:
        pk = int(str(agency_id))
    except ValueError:
        raise NotFound("未找到") from None
    found = access.visible_agencies(user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到")
    return found


def require_edit(user: Any, agency: Agency) -> None:
    if not access.can_edit(user, agency):
        raise PermissionDenied(NOT_EDITOR)


def visible_rows(queryset: QuerySet, user: Any, agency_field: str = "agency") -> QuerySet:
    return access.for_user(queryset, user, agency_field)
