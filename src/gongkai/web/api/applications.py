"""/api/applications/: an agency's applications for disclosure, each with its events and its
statutory due date (`gongkai.register.deadlines`); clerks add applications and events, checked
by the register's rules (the domain's objects, `gongkai.register.store.problems`, and the event
rules the register pages use: `gongkai.web.register.events`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, router, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gongkai.register.deadlines import Deadline, application_deadline
from gongkai.register.model import (
    CLOSING_KINDS,
    Application,
    Channel,
    Event,
    EventKind,
    Register,
)
from gongkai.register.parts import Part
from gongkai.register.rules import application_problems, outcome_problem
from gongkai.register.store import domain_application, problems
from gongkai.web.api import params
from gongkai.web.api.domain import received_in
from gongkai.web.api.permissions import require_edit, visible_agency, visible_rows
from gongkai.web.register import models as m
from gongkai.web.register.events import event_problems

STATES = [("open", "办理中"), ("answered", "已答复"), ("withdrawn", "已撤回")]
_CLOSING = sorted(kind.name for kind in CLOSING_KINDS)  # as the models store them


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True,
                                          allow_null=True)

    class Meta:
        model = m.ApplicationEvent
        fields = ("position", "kind", "kind_label", "on", "outcome", "outcome_label", "note",
                  "amount_yuan")


class EventCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.EVENT_KINDS, help_text="事项")
    on = serializers.DateField(help_text="日期")
    outcome = serializers.ChoiceField(choices=m.OUTCOMES, required=False, allow_null=True,
                                      help_text="办理结果（仅“答复”填写：表三的结果行）")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="说明（延期理由、补正内容……）")
    amount_yuan = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0,
                                           required=False, allow_null=True,
                                           help_text="金额（元，收费通知与缴纳费用）")


class DeadlineSerializer(serializers.Serializer):
    due = serializers.DateField(allow_null=True, help_text="答复期限（等待补正时为空）")
    clock_start = serializers.DateField(help_text="起算日（当日不计入）")
    paused_days = serializers.IntegerField(help_text="征求第三方意见不计入的工作日数")
    extended = serializers.BooleanField(help_text="已批准延期")
    notes = serializers.ListField(child=serializers.CharField())


class ApplicationSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    applicant_type_label = serializers.CharField(source="get_applicant_type_display",
                                                 read_only=True)
    events = EventSerializer(many=True, read_only=True)
    received = serializers.SerializerMethodField(help_text="收到日期（条例第三十一条）")
    state = serializers.SerializerMethodField(help_text="open 办理中 / answered / withdrawn")
    outcome = serializers.SerializerMethodField(help_text="办理结果（表三的结果行）")
    deadline = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(help_text="办理中且已过答复期限")

    class Meta:
        model = m.Application
        fields = ("id", "agency", "agency_name", "number", "channel", "channel_label",
                  "submitted", "confirmed", "received", "applicant", "applicant_type",
                  "applicant_type_label", "content", "state", "outcome", "deadline", "overdue",
                  "events")

    def _domain(self, row: m.Application) -> tuple[Application, Deadline]:
        cache = self.context.setdefault("domain", {})
        if row.pk not in cache:
            app = domain_application(row)
            cache[row.pk] = (app, application_deadline(app))
        return cache[row.pk]

    def get_received(self, row: m.Application) -> date:
        return self._domain(row)[0].received

    @extend_schema_field(serializers.ChoiceField(choices=STATES))
    def get_state(self, row: m.Application) -> str:
        closing = self._domain(row)[0].closing
        if closing is None:
            return "open"
        return "answered" if closing.kind is EventKind.answered else "withdrawn"

    def get_outcome(self, row: m.Application) -> str | None:
        return self._domain(row)[0].outcome

    @extend_schema_field(DeadlineSerializer)
    def get_deadline(self, row: m.Application) -> dict[str, Any]:
        d = self._domain(row)[1]
        return {"due": d.due, "clock_start": d.clock_start, "paused_days": d.paused_days,
                "extended": d.extended, "notes": list(d.notes)}

    def get_overdue(self, row: m.Application) -> bool:
        app, d = self._domain(row)
        today = timezone.localdate()
        return d.due is not None and d.due < today and app.open_on(today)


class ApplicationCreateSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(help_text="机关编号")

    class Meta:
        model = m.Application
        fields = ("agency", "number", "channel", "submitted", "confirmed", "applicant",
                  "applicant_type", "content")
        validators = ()  # the agency is checked by the view (404/403 first)


@extend_schema_view(
    list=extend_schema(summary="依申请公开台账：申请列表", parameters=[
        params.AGENCY, params.YEAR, params.choice("state", STATES, "办理状态")]),
    retrieve=extend_schema(summary="一件申请及其办理事项、答复期限"),
)
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    http_method_names = ("get", "post", "head", "options")

    def get_queryset(self) -> Any:
        events = Prefetch("events", m.ApplicationEvent.objects.order_by("position"))
        rows = visible_rows(m.Application.objects.select_related("agency"), self.request.user)
        if self.action == "list":
            rows = params.narrowed(rows, self.request)
            year = params.integer(self.request, "year", "年度")
            if year is not None:
                rows = received_in(rows, year)
            state = params.chosen(self.request, "state", STATES, "办理状态")
            if state == "open":
                rows = rows.exclude(events__kind__in=_CLOSING)
            elif state is not None:
                rows = rows.filter(events__kind=EventKind[state].name).distinct()
        return rows.prefetch_related(events).order_by("agency__name", "submitted", "number",
                                                      "pk")

    @extend_schema(summary="登记一件申请", request=ApplicationCreateSerializer,
                   responses={201: ApplicationSerializer})
    def create(self, request: Request) -> Response:
        given = ApplicationCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = dict(given.validated_data)
        agency = visible_agency(request.user, fields.pop("agency"))
        require_edit(request.user, agency)
        try:
            app = Application(fields["number"], Channel[fields["channel"]], fields["submitted"],
                              fields["applicant"], fields["applicant_type"],
                              fields.get("content", ""), fields.get("confirmed"))
        except ValueError as exc:
            raise ValidationError({"applicant_type": [str(exc)]}) from None
        found = [p.message for p in application_problems(app)]
        found += problems(Register(agency.name, [app]), [Part.applications])
        if found:
            raise ValidationError({"non_field_errors": found})
        if m.Application.objects.filter(agency=agency, number=app.number).exists():
            raise ValidationError({"number": [f"{agency.name}已有申请编号“{app.number}”"]})
        try:
            with transaction.atomic(using=router.db_for_write(m.Application)):
                row = m.Application.objects.create(agency=agency, **fields)
        except IntegrityError:
            raise ValidationError({"number": [f"{agency.name}已有申请编号“{app.number}”"]}) \
                from None
        return Response(ApplicationSerializer(self.get_queryset().get(pk=row.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], summary="一件申请的办理事项",
                   responses=EventSerializer(many=True))
    @extend_schema(methods=["post"], summary="登记一个办理事项（补正、延期、答复……）",
                   request=EventCreateSerializer, responses={201: ApplicationSerializer})
    @action(detail=True, methods=["get", "post"], url_path="events", url_name="events",
            pagination_class=None)
    def events(self, request: Request, pk: str | None = None) -> Response:
        row = self.get_object()  # 404 when not visible
        if request.method == "GET":
            return Response(EventSerializer(row.events.order_by("position"), many=True).data)
        require_edit(request.user, row.agency)
        given = EventCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        fields = given.validated_data
        kind = EventKind[fields["kind"]]
        if problem := outcome_problem(kind, fields.get("outcome")):
            raise ValidationError({"outcome": [problem]})
        with transaction.atomic(using=router.db_for_write(m.ApplicationEvent)):
            locked = m.Application.objects.select_for_update().get(pk=row.pk)
            stored = list(locked.events.order_by("position"))
            app = domain_application(locked, stored)
            event = Event(kind, fields["on"], fields.get("outcome"), fields.get("note", ""),
                          fields.get("amount_yuan"))
            found = event_problems(app, event)
            app.events.append(event)
            found += problems(Register(row.agency.name, [app]), [Part.applications])
            if found:
                raise ValidationError({"non_field_errors": found})
            position = (locked.events.aggregate(last=Max("position"))["last"] or 0) + 1
            m.ApplicationEvent.objects.create(
                application=locked, position=position, kind=fields["kind"], on=fields["on"],
                outcome=fields.get("outcome"), note=fields.get("note", ""),
                amount_yuan=fields.get("amount_yuan"))
        return Response(ApplicationSerializer(self.get_queryset().get(pk=row.pk)).data,
                        status=status.HTTP_201_CREATED)
