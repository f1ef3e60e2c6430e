"""The register app's pages, all under /agencies/<agency_id>/register/"""

from django.urls import path  # noqa: F401

app_name = "register"
urlpatterns: list = []
