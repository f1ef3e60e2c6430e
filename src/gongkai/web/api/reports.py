"""/api/reports/: an agency's report for a year, as the interchange object (`Report.data`) with
its status; created and replaced by the agency's clerks while it is a draft or returned; and
/api/reports/{id}/check/: the checker's findings with the dismissals that cover them."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, router, transaction
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gongkai.web.api import params
from gongkai.web.api.errors import Conflict
from gongkai.web.api.interchange import report_model
from gongkai.web.api.permissions import require_edit, visible_agency, visible_rows
from gongkai.web.reports.findings import counts, findings_of
from gongkai.web.reports.models import Origin, Report, Status
from gongkai.web.reports.workflow import editable, read_only_note


class ReportSummarySerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    format = serializers.SerializerMethodField(help_text="格式版本：2021 或 2019")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Report
        fields = ("id", "agency", "agency_name", "year", "format", "status", "status_label",
                  "origin", "updated")

    def get_format(self, report: Report) -> str:
        return str(report.data.get("format", ""))


class ReportSerializer(ReportSummarySerializer):
    data = serializers.JSONField(help_text="交换格式的报告（gongkai read 输出的 JSON）")

    class Meta(ReportSummarySerializer.Meta):
        fields = (*ReportSummarySerializer.Meta.fields, "data")


class ReportCreateSerializer(serializers.Serializer):
    agency = serializers.IntegerField(help_text="机关编号")
    data = serializers.JSONField(help_text="交换格式的报告；年度取自 data.year")


class ReportUpdateSerializer(serializers.Serializer):
    data = serializers.JSONField(help_text="交换格式的报告（整份替换；年度不能改）")


class DismissalSerializer(serializers.Serializer):
    reason = serializers.CharField()
    by = serializers.CharField(allow_null=True, source="by.username", default=None)
    at = serializers.DateTimeField()


class ShownFindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "notice"])
    title = serializers.CharField()
    message = serializers.CharField()
    keys = serializers.ListField(child=serializers.CharField())
    section = serializers.CharField(allow_null=True)
    basis = serializers.CharField(allow_null=True)
    dismissed = serializers.BooleanField()
    dismissal = DismissalSerializer(allow_null=True)


def shown(item: Any) -> dict[str, Any]:
    found = item.finding.to_dict()
    return {**{k: found[k] for k in ("code", "name", "severity", "title", "message", "keys",
                                     "section", "basis")},
            "dismissed": item.dismissed,
            "dismissal": DismissalSerializer(item.dismissal).data if item.dismissal else None}


FINDINGS_RESPONSE = inline_serializer("ReportFindings", {
    "report": serializers.IntegerField(),
    "counts": inline_serializer("OpenFindingCounts", {
        "error": serializers.IntegerField(), "warning": serializers.IntegerField(),
        "notice": serializers.IntegerField()}),
    "findings": ShownFindingSerializer(many=True),
})


@extend_schema_view(
    list=extend_schema(summary="年度报告列表", parameters=[
        params.AGENCY, params.YEAR, params.choice("status", Status.choices, "状态")]),
    retrieve=extend_schema(summary="一份年度报告（交换格式）与状态"),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    http_method_names = ("get", "post", "put", "head", "options")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return ReportSummarySerializer if self.action == "list" else ReportSerializer

    def get_queryset(self) -> Any:
        rows = visible_rows(Report.objects.select_related("agency"), self.request.user)
        if self.action == "list":
            rows = params.narrowed(rows, self.request)
            year = params.integer(self.request, "year", "年度")
            if year is not None:
                rows = rows.filter(year=year)
            state = params.chosen(self.request, "status", Status.choices, "状态")
            if state is not None:
                rows = rows.filter(status=state)
        return rows.order_by("-year", "agency__name", "pk")

    @extend_schema(summary="新建年度报告", request=ReportCreateSerializer,
                   responses={201: ReportSerializer})
    def create(self, request: Request) -> Response:
        given = ReportCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        agency = visible_agency(request.user, given.validated_data["agency"])
        require_edit(request.user, agency)
        model = report_model(given.validated_data["data"], agency.name)
        taken = Report.objects.filter(agency=agency, year=model.year).first()
        if taken is not None:
            raise Conflict(f"{agency.name}已有 {model.year} 年度报告（编号 {taken.pk}），"
                           "请用 PUT /api/reports/{编号}/ 修改")
        report = Report(agency=agency, year=model.year, origin=Origin.typed,
                        updated_by=request.user)
        report.store(model)
        try:
            with transaction.atomic(using=router.db_for_write(Report)):
                report.save()
        except IntegrityError:
            raise Conflict(f"{agency.name}已有 {model.year} 年度报告") from None
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="修改年度报告（整份替换）", request=ReportUpdateSerializer,
                   responses=ReportSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()  # 404 when not visible
        require_edit(request.user, report.agency)
        self._require_editable(report)
        given = ReportUpdateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        model = report_model(given.validated_data["data"], report.agency.name)
        if model.year != report.year:
            raise ValidationError({"data": [f"年度不能修改：这是 {report.year} 年度的报告，"
                                            f"收到 {model.year}"]})
        with transaction.atomic(using=router.db_for_write(Report)):
            locked = Report.objects.select_for_update().get(pk=report.pk)
            self._require_editable(locked)
            locked.store(model)
            locked.updated_by = request.user
            locked.save()
        return Response(ReportSerializer(locked).data)

    @staticmethod
    def _require_editable(report: Report) -> None:
        """403 with the reports app's own reason when the report may not be changed now."""
        if not editable(report):
            raise PermissionDenied(read_only_note(report))

    @extend_schema(summary="审核意见（含已排除的及其理由）", responses=FINDINGS_RESPONSE)
    @action(detail=True, methods=["get"], url_path="check", url_name="check")
    def check(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        items = findings_of(report)
        return Response({"report": report.pk, "counts": counts(items),
                         "findings": [shown(item) for item in items]})
