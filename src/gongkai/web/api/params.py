"""Query parameters of the lists (`?agency=3&year=2024&status=draft`), checked, with Chinese
errors, and described once for the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from gongkai.web.api.permissions import visible_agency
from gongkai.web.organisations.models import Agency

AGENCY = OpenApiParameter("agency", OpenApiTypes.INT, description="机关编号（只列该机关的）")
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="年度")


def choice(name: str, choices: list[tuple[str, str]], description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=[c for c, _ in choices],
                            description=description)


def integer(request: Request, name: str, label: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: [f"{label}须为整数，收到“{raw}”"]}) from None


def chosen(request: Request, name: str, choices: list[tuple[str, str]], label: str) -> str | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    known = [c for c, _ in choices]
    if raw not in known:
        raise ValidationError({name: [f"{label}“{raw}”无效，可选：{'、'.join(known)}"]})
    return raw


def agency(request: Request) -> Agency | None:
    """The `?agency=` the list is narrowed to: 404 when the user may not see it."""
    raw = request.query_params.get("agency")
    if raw in (None, ""):
        return None
    return visible_agency(request.user, raw)


def narrowed(queryset: Any, request: Request, agency_field: str = "agency") -> Any:
    found = agency(request)
    return queryset if found is None else queryset.filter(**{agency_field: found})
