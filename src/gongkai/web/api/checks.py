"""POST /api/checks/: read a report and check it, saving nothing.

Send either a report file as multipart form data (field `file`: PDF, DOCX, HTML, text, or
interchange JSON) or an interchange object as the JSON body. The answer is the report as read
(interchange object), the reader's diagnostics, and the checker's findings with a summary.
Requests are bounded before anything is read (`MAX_FILE_BYTES`, `MAX_JSON_BYTES`): 413 above.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.check import check
from gongkai.diagnostics import ReadError
from gongkai.load import load_bytes
from gongkai.model import Report as ReportModel
from gongkai.web.api.errors import InternalError, TooLarge
from gongkai.web.api.interchange import refusal, report_model
from gongkai.web.reports.models import as_json
from gongkai.web.uploads.limits import MAX_FILE_BYTES

# The code of a fault of interchange JSON: the message names it whole, nothing to add.
BAD_INTERCHANGE = "R010"
MAX_JSON_BYTES = 2 * 1024 * 1024  # below Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
MULTIPART_OVERHEAD = 64 * 1024

log = logging.getLogger(__name__)


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def _bounded(request: Request) -> None:
    """413 before the body is read when its declared length is over the bound."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    multipart = request.content_type.startswith("multipart/")
    limit = MAX_FILE_BYTES + MULTIPART_OVERHEAD if multipart else MAX_JSON_BYTES
    if length > limit:
        what = "上传的文件" if multipart else "JSON 请求"
        raise TooLarge(f"{what}过大（{_megabytes(length)}，上限 "
                       f"{_megabytes(MAX_FILE_BYTES if multipart else MAX_JSON_BYTES)}）")


def _read_file(request: Request) -> ReportModel:
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": ["请用表单字段 file 上传一个报告文件"]})
    if upload.size > MAX_FILE_BYTES:
        raise TooLarge(f"文件“{upload.name}”过大（{_megabytes(upload.size)}，上限 "
                       f"{_megabytes(MAX_FILE_BYTES)}）")
    data = upload.read(MAX_FILE_BYTES + 1)
    name = PurePath(upload.name or "report").name
    try:
        model = load_bytes(data, name, max_bytes=MAX_FILE_BYTES)
    except ReadError as exc:  # the reader's own Chinese message
        found = exc.diagnostic
        message = (f"“{name}”{refusal(exc)}" if found.code == BAD_INTERCHANGE
                   else f"“{name}”无法读取：{found.message}（{found.code}）")
        raise ValidationError({"file": [message]}) from None
    except Exception:  # a bug of the reader: logged, answered in Chinese
        log.exception("reading %s failed", name)
        raise InternalError(f"读取“{name}”时程序内部出错（R011），详情已记入服务器日志，"
                            "请报告此错误") from None
    model.source = name
    return model


CHECK_RESPONSE = inline_serializer("CheckResult", {
    "report": inline_serializer("CheckedReport", {
        "source": serializers.CharField(allow_null=True),
        "agency": serializers.CharField(allow_null=True),
        "year": serializers.IntegerField(allow_null=True),
        "format": serializers.CharField()}),
    "summary": inline_serializer("FindingCounts", {
        "error": serializers.IntegerField(), "warning": serializers.IntegerField(),
        "notice": serializers.IntegerField()}),
    "findings": serializers.ListField(child=serializers.DictField()),
    "diagnostics": serializers.ListField(child=serializers.DictField()),
    "data": serializers.JSONField(help_text="读出的报告（交换格式）"),
})

UPLOAD_REQUEST = {
    "multipart/form-data": inline_serializer("CheckUpload", {
        "file": serializers.FileField(help_text="报告文件：PDF、DOCX、HTML、文本或交换格式 JSON")}),
    "application/json": {"type": "object", "additionalProperties": True,
                         "description": "交换格式的报告（含 format、year、cells）"},
}


class CheckView(APIView):
    """Read and check one report; nothing is saved."""

    parser_classes = (JSONParser, MultiPartParser)

    @extend_schema(summary="读取并检查一份报告（不保存）", request=UPLOAD_REQUEST,
                   responses=CHECK_RESPONSE, examples=[OpenApiExample(
                       "交换格式", request_only=True, media_type="application/json",
                       value={"format": "2021", "agency": "某某局", "year": 2024,
                              "cells": {}})])
    def post(self, request: Request) -> Response:
        _bounded(request)
        if request.content_type.startswith("multipart/"):
            model = _read_file(request)
        else:
            model = report_model(request.data, field="data")
        result = check(model)
        body = result.to_dict()
        body.pop("previous", None)  # one report: no cross-year checks
        body["diagnostics"] = [d.to_dict() for d in model.diagnostics]
        body["data"] = as_json(model)
        return Response(body)
