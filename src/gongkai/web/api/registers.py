"""/api/cases/ (administrative reviews and lawsuits) and /api/documents/ (regulations and
normative documents) of the agencies the user may see: read only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from gongkai.web.api import params
from gongkai.web.api.permissions import visible_rows
from gongkai.web.register import models as m


class CaseSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = m.Case
        fields = ("id", "agency", "agency_name", "number", "kind", "kind_label", "filed",
                  "decided", "result", "result_label")


class DocumentSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = m.NormativeDocument
        fields = ("id", "agency", "agency_name", "kind", "kind_label", "title", "number",
                  "issued", "repealed")


def _listed(view: Any, model: type, year_field: str) -> Any:
    rows = visible_rows(model.objects.select_related("agency"), view.request.user)
    if view.action == "list":
        rows = params.narrowed(rows, view.request)
        year = params.integer(view.request, "year", "年度")
        if year is not None:
            rows = rows.filter(**{f"{year_field}__year": year})
    return rows.order_by("agency__name", year_field, "pk")


@extend_schema_view(
    list=extend_schema(summary="行政复议、行政诉讼案件", parameters=[params.AGENCY, params.YEAR]),
    retrieve=extend_schema(summary="一件复议诉讼案件"),
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer

    def get_queryset(self) -> Any:
        return _listed(self, m.Case, "filed")


@extend_schema_view(
    list=extend_schema(summary="规章和行政规范性文件", parameters=[params.AGENCY, params.YEAR]),
    retrieve=extend_schema(summary="一件规范性文件"),
)
class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DocumentSerializer

    def get_queryset(self) -> Any:
        return _listed(self, m.NormativeDocument, "issued")
