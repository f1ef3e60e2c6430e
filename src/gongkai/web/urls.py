"""The workbench's pages. Each app brings its own; for now the organisations app holds the
login, the home page, the agency page and /api/agencies/."""

from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.web.organisations.urls")),
]
