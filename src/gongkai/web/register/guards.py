"""The gate of every page of an agency's register and publications: signed in, the agency
visible (else 404, never 403: see `organisations.access`), and, for a change (POST), allowed
to edit it (else 403). Shared by the register and publish apps; the rules themselves are
`access`'s."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gongkai.register.store import StoreError
from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency

SAFE_METHODS = ("GET", "HEAD")
# A refused change answers 400 with the page and its form's errors.
REFUSED = 400
# What a change may do, by app (the namespace of the page's URL), for the 403 page.
ACTIONS = {"register": "登记和导入台账", "publish": "新增、提交、审核和发布信息"}
# A unique constraint hit although the form found the number free: someone saved it meanwhile.
TAKEN = "编号已被使用（可能刚被他人登记），请刷新后重试"
UNAVAILABLE = "数据库暂时无法完成这项操作，未作任何修改，请稍后重试"

log = logging.getLogger(__name__)

AgencyView = Callable[..., HttpResponse]


def visible_agency(request: HttpRequest, agency_id: int) -> Agency:
    """The agency `agency_id` if the user may see it; 404 otherwise."""
    return get_object_or_404(access.visible_agencies(request.user), pk=agency_id)


def forbidden(request: HttpRequest, agency: Agency) -> HttpResponse:
    match = request.resolver_match
    actions = ACTIONS.get(match.app_name if match else "", ACTIONS["register"])
    return render(request, "register/forbidden.html", {"agency": agency, "actions": actions},
                  status=403)


def refusal(exc: StoreError, taken: str = TAKEN) -> str:
    """The message shown for a store's refusal: its own Chinese words, except when the database
    refused. Then the database's words (English, naming tables and constraints) are logged and
    the user reads `taken` for a constraint hit, else that the database could not do it."""
    cause = exc.__cause__
    if isinstance(cause, IntegrityError):
        log.warning("database constraint refused a change: %s", cause)
        return taken
    if isinstance(cause, DatabaseError):
        log.error("database refused a change: %s", cause)
        return UNAVAILABLE
    return str(exc)


def agency_page(methods: tuple[str, ...] = ("GET", "HEAD", "POST")) -> Callable[[AgencyView],
                                                                               AgencyView]:
    """Decorate a view `view(request, agency, **kwargs)` of the URL `…/<agency_id>/…`: anonymous
    users go to the login page, an agency the user may not see answers 404, a change by a user
    who may not edit the agency answers 403."""

    def decorate(view: AgencyView) -> AgencyView:
        @require_http_methods(list(methods))
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, agency_id: int, **kwargs: Any) -> HttpResponse:
            agency = visible_agency(request, agency_id)
            if request.method not in SAFE_METHODS and not access.can_edit(request.user, agency):
                return forbidden(request, agency)
            return view(request, agency, **kwargs)

        return wrapped

    return decorate


def database(agency: Agency) -> str:
    """The database alias the agency was read from: the store functions are given it."""
    return agency._state.db or "default"


def posted(request: HttpRequest, files: bool = False) -> tuple[Any, ...]:
    """A form's data: what was posted (even nothing), or none for a GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)
