"""The workbench's first pages: the agencies a user may see and one agency's open applications
(the same list as JSON is the api app's /api/agencies/). Every lookup goes through `access`.

An agency the user may not see answers 404, never 403: a 403 would confirm that the id exists.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.register.model import CLOSING_KINDS
from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency
from gongkai.web.organisations.navigation import AGENCY_LINKS, resolved
from gongkai.web.register.models import Application

_CLOSING = sorted(kind.name for kind in CLOSING_KINDS)  # as the models store them


def _agencies(request: HttpRequest):
    return access.visible_agencies(request.user).select_related("region")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/home.html", {
        "agencies": _agencies(request),
        "is_admin": access.is_admin(request.user),
    })


def open_applications(agency: Agency, user) -> list[Application]:
    """The agency's applications with neither an answer nor a withdrawal yet."""
    rows = access.for_user(Application.objects.filter(agency=agency), user)
    return list(rows.exclude(events__kind__in=_CLOSING).order_by("submitted", "number"))


@require_GET
@login_required
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    found = get_object_or_404(_agencies(request), pk=agency_id)  # 404, not 403: see above
    return render(request, "organisations/agency.html", {
        "agency": found,
        "office": found.supervising_office(),
        "agency_links": resolved(AGENCY_LINKS, found.pk),
        "applications": open_applications(found, request.user),
        "can_edit": access.can_edit(request.user, found),
        "can_review": access.can_review(request.user, found),
    })
