"""Production settings: the workbench's settings (`gongkai.web.settings`) with debugging off,
a secret key that must be given, and cookies sent over HTTPS only. `gongkai.web.wsgi` uses them
by default; the management commands need DJANGO_SETTINGS_MODULE.

    export DJANGO_SETTINGS_MODULE=gongkai.web.settings_production
    export GONGKAI_SECRET_KEY=…            # required: a long random string, kept secret
    export GONGKAI_ALLOWED_HOSTS=gongkai.example.gov.cn
    export DATABASE_URL=postgresql://…
    gunicorn gongkai.web.wsgi --bind 127.0.0.1:8000 --workers 3

Behind a reverse proxy that terminates HTTPS, the proxy must set `X-Forwarded-Proto: https`
(trusted here) and should itself redirect http:// to https://. GONGKAI_HTTPS=0 switches the
HTTPS-only cookies and the redirect off (a closed network without HTTPS — not recommended).

There are no static files to collect: every page carries its styles and scripts inline, and the
API's documentation serves its own assets (`gongkai.web.api.docs`).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from gongkai.web.settings import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "生产环境必须设置环境变量 GONGKAI_SECRET_KEY（至少 32 个字符的随机字符串），例如："
        "python -c \"import secrets; print(secrets.token_urlsafe(50))\"")

_https = os.environ.get("GONGKAI_HTTPS", "1") != "0"
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", "0"))  # e.g. 31536000
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = [f"https://{h.strip()}" for h in os.environ.get(
    "GONGKAI_ALLOWED_HOSTS", "").split(",") if h.strip() not in ("", "*")]
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
