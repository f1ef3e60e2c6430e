"""The statistics app's pages, all under /statistics/"""

from django.urls import path

from gongkai.web.statistics import views

app_name = "statistics"
urlpatterns = [
    path("statistics/", views.index, name="index"),
    path("statistics/download/<str:kind>/", views.download, name="download"),
]
