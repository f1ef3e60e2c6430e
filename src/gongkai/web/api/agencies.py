"""GET /api/agencies/: the agencies the user may see, each with what the user may do there.

The body keeps the shape this endpoint had before the API app existed ({"agencies": [...]}, not
paged; 401 answers {"error": "未登录"}), so scripts written against it keep working.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from gongkai.web.organisations import access
from gongkai.web.organisations.models import Agency

LEGACY_UNAUTHENTICATED = {"error": "未登录"}


class RegionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField(source="get_level_display", help_text="省级/市级/县区级/乡镇街道")


class AgencySerializer(serializers.ModelSerializer):
    region = RegionSerializer(allow_null=True, read_only=True)
    can_edit = serializers.SerializerMethodField(help_text="当前用户可以修改该机关的数据")
    can_review = serializers.SerializerMethodField(help_text="当前用户可以审核该机关的年度报告")

    class Meta:
        model = Agency
        fields = ("id", "name", "region", "is_office", "can_edit", "can_review")

    @extend_schema_field(serializers.BooleanField())
    def get_can_edit(self, agency: Agency) -> bool:
        return access.can_edit(self.context["request"].user, agency)

    @extend_schema_field(serializers.BooleanField())
    def get_can_review(self, agency: Agency) -> bool:
        return access.can_review(self.context["request"].user, agency)


class AgencyList(generics.ListAPIView):
    """The agencies the user may see (clerk: their own; reviewer: the office's region and all
    below; administrator: all)."""

    serializer_class = AgencySerializer
    pagination_class = None

    def get_queryset(self) -> Any:
        return access.visible_agencies(self.request.user).select_related("region")

    @extend_schema(summary="可以查看的机关", responses=inline_serializer(
        "AgencyList", {"agencies": AgencySerializer(many=True)}))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.get_serializer(self.get_queryset(), many=True).data
        return Response({"agencies": rows})

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, NotAuthenticated):
            response.data = LEGACY_UNAUTHENTICATED
        return response
