"""The uploads app's pages, all under /uploads/"""

from django.urls import path  # noqa: F401

app_name = "uploads"
urlpatterns: list = []
