"""/api/publications/: the items of proactive disclosure of the agencies the user may see, each
with its append-only review trail: read only (changes go through the publication pages, which
apply the workflow's rules)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from gongkai.web.api import params
from gongkai.web.api.permissions import visible_rows
from gongkai.web.publish import models as m


class ReviewEntrySerializer(serializers.ModelSerializer):
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)

    class Meta:
        model = m.ReviewEntry
        fields = ("number", "step", "reviewer", "at", "decision", "decision_label", "comment",
                  "checklist", "corrects")


class PublicationSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    attribute_label = serializers.CharField(source="get_attribute_display", read_only=True)
    submitted = serializers.SerializerMethodField(help_text="每次提交审核的时间")
    trail = ReviewEntrySerializer(many=True, read_only=True)

    class Meta:
        model = m.PublicationItem
        fields = ("id", "agency", "agency_name", "key", "title", "kind", "attribute",
                  "attribute_label", "attribute_reason", "number", "channels", "drafted",
                  "published", "issued", "repealed", "interpretation_of", "submitted", "trail")

    @extend_schema_field(serializers.ListField(child=serializers.DateTimeField()))
    def get_submitted(self, item: m.PublicationItem) -> list[str]:
        field = serializers.DateTimeField()
        return [field.to_representation(s.at) for s in item.submissions.all()]


@extend_schema_view(
    list=extend_schema(summary="主动公开的信息及其审核记录", parameters=[
        params.AGENCY, params.choice("attribute", m.ATTRIBUTES, "公开属性")]),
    retrieve=extend_schema(summary="一条信息及其审核记录"),
)
class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PublicationSerializer

    def get_queryset(self) -> Any:
        rows = visible_rows(m.PublicationItem.objects.select_related("agency"),
                            self.request.user)
        if self.action == "list":
            rows = params.narrowed(rows, self.request)
            attribute = params.chosen(self.request, "attribute", m.ATTRIBUTES, "公开属性")
            if attribute is not None:
                rows = rows.filter(attribute=attribute)
        return rows.prefetch_related(
            Prefetch("submissions", m.PublicationSubmission.objects.order_by("position")),
            Prefetch("trail", m.ReviewEntry.objects.order_by("number")),
        ).order_by("agency__name", "pk")
