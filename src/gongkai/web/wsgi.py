"""The workbench as a WSGI application for production: `gunicorn gongkai.web.wsgi` (the
`server` extra). It uses the production settings (`gongkai.web.settings_production`: no
debugging, HTTPS-only cookies, and no start at all without GONGKAI_SECRET_KEY) unless
DJANGO_SETTINGS_MODULE names others."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings_production")
application = get_wsgi_application()
