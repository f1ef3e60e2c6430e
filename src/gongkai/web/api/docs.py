"""The OpenAPI description (/api/schema/) and its readers, Swagger UI (/api/docs/) and Redoc
(/api/redoc/), with their scripts and styles served from the installed
drf-spectacular-sidecar package by this app (/api/docs/assets/…): no CDN, and no dependency
on a static-files setup."""

from __future__ import annotations

import mimetypes
from pathlib import Path

import drf_spectacular_sidecar
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

SIDECAR = Path(drf_spectacular_sidecar.__file__).resolve().parent / "static" / \
    "drf_spectacular_sidecar"
ASSETS = {  # the files the two pages load, by the name in their address
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js": "swagger-ui-dist/swagger-ui-standalone-preset.js",
    "favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
    "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
}


def asset_url(name: str) -> str:
    return reverse("api:docs-asset", args=[name])


class SwaggerDocs(SpectacularSwaggerView):
    url_name = "api:schema"
    title = "gongkai 工作台数据接口"

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return asset_url(filename)

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return asset_url("favicon-32x32.png")


class RedocDocs(SpectacularRedocView):
    url_name = "api:schema"
    title = "gongkai 工作台数据接口"

    @staticmethod
    def _redoc_standalone() -> str:
        return asset_url("redoc.standalone.js")


@require_GET
def asset(request: HttpRequest, name: str) -> FileResponse:
    """One of `ASSETS` (and nothing else: the name is looked up, never joined to a path)."""
    if name not in ASSETS:
        raise Http404("没有这个文件")
    path = SIDECAR / ASSETS[name]
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=kind)
    response["Cache-Control"] = "public, max-age=86400"
    return response
