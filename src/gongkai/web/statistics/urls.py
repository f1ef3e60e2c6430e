"""The statistics app's pages, all under /statistics/"""

from django.urls import path  # noqa: F401

app_name = "statistics"
urlpatterns: list = []
