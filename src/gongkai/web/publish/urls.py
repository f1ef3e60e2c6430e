"""The publish app's pages, all under /agencies/<agency_id>/publications/"""

from django.urls import path  # noqa: F401

app_name = "publish"
urlpatterns: list = []
