"""The workbench's pages: each app brings its own URLs (and its own prefix)."""

from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.web.organisations.urls")),
    path("", include("gongkai.web.register.urls")),
    path("", include("gongkai.web.publish.urls")),
    path("", include("gongkai.web.reports.urls")),
    path("", include("gongkai.web.review.urls")),
    path("", include("gongkai.web.statistics.urls")),
    path("", include("gongkai.web.uploads.urls")),
    path("", include("gongkai.web.api.urls")),
]
