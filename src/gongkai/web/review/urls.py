"""The review app's pages, all under /review/"""

from django.urls import path  # noqa: F401

app_name = "review"
urlpatterns: list = []
