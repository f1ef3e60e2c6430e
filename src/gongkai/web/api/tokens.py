"""/api/token/: a signed-in user creates, rotates or revokes their own API token (DRF authtoken,
sent as `Authorization: Token <key>`). The key is shown once, in the answer to the POST that
made it, and only to its owner; afterwards the page says only that a token exists and since
when (forgotten: rotate it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import router, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

ACTIONS = {"create": "已生成新令牌", "rotate": "已更换令牌：旧令牌立即失效",
           "revoke": "已撤销令牌：使用它的脚本将收到 401"}


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    key, message, status = None, None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            message, status = "未知的操作", 400
        else:
            with transaction.atomic(using=router.db_for_write(Token)):
                Token.objects.filter(user=request.user).delete()
                if action != "revoke":
                    key = Token.objects.create(user=request.user).key
            message = ACTIONS[action]
    response = render(request, "api/token.html", {
        "token": Token.objects.filter(user=request.user).first(),
        "key": key,
        "message": message,
    }, status=status)
    response["Cache-Control"] = "no-store"  # the key must not stay in a cache
    return response
