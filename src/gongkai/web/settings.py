"""Django settings of gongkai's web project.

The database is SQLite by default (the file named by GONGKAI_DB, else ./gongkai.sqlite3), or
the one DATABASE_URL names (PostgreSQL through psycopg 3). Nothing here reaches the network.
"""

from __future__ import annotations

import os

from gongkai.web.database import database_settings, default_location

SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "gongkai-local-development-only")
DEBUG = os.environ.get("GONGKAI_DEBUG") == "1"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "gongkai.web.organisations",
    "gongkai.web.register",
    "gongkai.web.publish",
]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "gongkai.web.urls"

DATABASES = {"default": database_settings(default_location())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
