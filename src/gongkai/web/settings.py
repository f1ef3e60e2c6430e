"""Django settings of gongkai's web project.

The database is SQLite by default (the file named by GONGKAI_DB, else ./gongkai.sqlite3), or
the one DATABASE_URL names (PostgreSQL through psycopg 3). Nothing here reaches the network.
"""

from __future__ import annotations

import os

from gongkai.web.database import database_settings, default_location
from gongkai.web.uploads import limits as upload_limits

SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "gongkai-local-development-only")
DEBUG = os.environ.get("GONGKAI_DEBUG") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", *filter(None, os.environ.get(
    "GONGKAI_ALLOWED_HOSTS", "").split(","))]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "gongkai.web.organisations",
    "gongkai.web.register",
    "gongkai.web.publish",
    "gongkai.web.reports",
    "gongkai.web.review",
    "gongkai.web.statistics",
    "gongkai.web.uploads",
    "gongkai.web.api",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "gongkai.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "gongkai.web.organisations.navigation.links",
    ]},
}]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

DATABASES = {"default": database_settings(default_location())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Files in one request: the uploads app's bound on report files (gongkai.web.uploads.limits), so
# that Django's count and the app's refuse at the same number with the same message.
DATA_UPLOAD_MAX_NUMBER_FILES = upload_limits.MAX_FILES

# The JSON API (gongkai.web.api): token or session authentication, JSON only, Chinese errors.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",  # first: 401 names "Token"
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [  # forms too: the session's CSRF check reads them (403, not 415)
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "gongkai.web.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "gongkai.web.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gongkai 工作台数据接口",
    "DESCRIPTION": "政府信息公开工作年度报告工作台的 JSON 接口：机关、年度报告、审核意见、"
                   "依申请公开台账、复议诉讼案件、规范性文件与主动公开信息。脚本用令牌认证"
                   "（请求头 Authorization: Token 令牌；令牌在 /api/token/ 生成），"
                   "浏览器用登录会话（写操作带 X-CSRFToken）。",
    "TAGS": [
        {"name": "agencies", "description": "机关"},
        {"name": "reports", "description": "年度报告与审核意见"},
        {"name": "checks", "description": "读取并检查报告（不保存）"},
        {"name": "applications", "description": "依申请公开台账"},
        {"name": "cases", "description": "行政复议、行政诉讼案件"},
        {"name": "documents", "description": "规章和行政规范性文件"},
        {"name": "publications", "description": "主动公开的信息"},
    ],
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served by gongkai.web.api.docs itself (no static files)
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gongkai.web.api.schema.error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "gongkai.web.register.models.EVENT_KINDS",
        "CaseKindEnum": "gongkai.web.register.models.CASE_KINDS",
        "DocumentKindEnum": "gongkai.web.register.models.DOCUMENT_KINDS",
    },
}
