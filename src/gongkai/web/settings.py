"""Django settings of gongkai's web project.

The database is SQLite by default (the file named by GONGKAI_DB, else ./gongkai.sqlite3), or
the one DATABASE_URL names (PostgreSQL through psycopg 3). Nothing here reaches the network.
"""

from __future__ import annotations

import os

from gongkai.web.database import database_settings, default_location

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
