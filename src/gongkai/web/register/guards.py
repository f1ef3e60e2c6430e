"""The gate of every page of an agency's register and publications: signed in, the agency
visible (else 404, never 403: see `organisations.access`), and, for a change (POST), allowed
to edit it (else 403). Shared by the register and publish apps; the rules themselves are
`access`'s."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency

SAFE_METHODS = ("GET", "HEAD")

AgencyView = Callable[..., HttpResponse]


def visible_agency(request: HttpRequest, agency_id: int) -> Agency:
    """The agency `agency_id` if the user may see it; 404 otherwise."""
    return get_object_or_404(access.visible_agencies(request.user), pk=agency_id)


def forbidden(request: HttpRequest, agency: Agency) -> HttpResponse:
    return render(request, "register/forbidden.html", {"agency": agency}, status=403)


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
