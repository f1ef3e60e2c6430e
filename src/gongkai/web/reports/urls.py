"""The reports app's pages, all under /agencies/<agency_id>/reports/"""

from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns: list = []
