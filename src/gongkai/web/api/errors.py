"""Errors of the API as JSON with a Chinese `detail` (and, for invalid data, the field errors
under `errors`).

DRF's own messages are already Chinese (its zh-hans translations, LANGUAGE_CODE); the few it
leaves in English (a CSRF failure, a JSON parse error) and the bare 401 and 404 are worded here,
and a body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which Django would answer with a plain 400
page) is a 413 with a Chinese detail.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NOT_SIGNED_IN = "未登录：请在请求头中给出 Authorization: Token <令牌>，或先在工作台登录"
NOT_FOUND = "未找到"
CSRF_FAILED = ("CSRF 校验失败：以浏览器会话提交时须带 X-CSRFToken 请求头（取自 csrftoken "
               "Cookie）；脚本请改用令牌认证")
INVALID = "提交的数据有误"
NOT_JSON = "请求内容不是有效的 JSON"

log = logging.getLogger(__name__)
_POSITION = re.compile(r"line (\d+) column (\d+)")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "与已有的数据冲突"
    default_code = "conflict"


class InternalError(exceptions.APIException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    default_detail = "程序内部出错，详情已记入服务器日志"
    default_code = "internal_error"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "请求过大"
    default_code = "too_large"


def first_message(errors: Any, field: str | None = None) -> str:
    """The first message of DRF's nested field errors, with its field's name."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = field if key == "non_field_errors" else key
            return first_message(value, name)
    if isinstance(errors, list) and errors:
        return first_message(errors[0], field)
    text = str(errors)
    return f"{field}：{text}" if field and field != "detail" else text


def _reworded(exc: Exception) -> Exception:
    """`exc` with its message in Chinese; the status and the WWW-Authenticate header that
    DRF set on it are kept."""
    new = _chinese(exc)
    if new is not exc and isinstance(exc, exceptions.APIException):
        new.status_code = exc.status_code
        if getattr(exc, "auth_header", None):
            new.auth_header = exc.auth_header  # type: ignore[attr-defined]
    return new


def _chinese(exc: Exception) -> Exception:
    if isinstance(exc, Http404) or (isinstance(exc, exceptions.NotFound) and str(exc.detail)
                                    == str(exceptions.NotFound.default_detail)):
        return exceptions.NotFound(NOT_FOUND)  # Django's English "No … matches", DRF's "未找到。"
    if isinstance(exc, exceptions.NotAuthenticated):
        return exceptions.NotAuthenticated(NOT_SIGNED_IN)
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        return exceptions.PermissionDenied(CSRF_FAILED)
    if isinstance(exc, exceptions.ParseError) and "JSON parse error" in str(exc.detail):
        log.info("request body refused: %s", exc.detail)
        return exceptions.ParseError(not_json(str(exc.detail)))
    if isinstance(exc, RequestDataTooBig):  # Django's bound, enforced by DRF's parsers
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return TooLarge(f"请求内容过大：上限为 {limit / 1048576:.1f} MB")
    return exc


def not_json(reason: str) -> str:
    """The Chinese message for a JSON text that does not parse; `reason` (the parser's English
    text) gives only the line and column."""
    found = _POSITION.search(reason)
    where = f"（第 {found[1]} 行第 {found[2]} 列附近）" if found else ""
    return f"{NOT_JSON}{where}"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then every body shaped {"detail": 中文, ...}."""
    exc = _reworded(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data
        response.data = {"detail": f"{INVALID}：{first_message(errors)}", "errors": errors}
    elif not (isinstance(response.data, dict) and "detail" in response.data):
        response.data = {"detail": first_message(response.data)}
    return response
