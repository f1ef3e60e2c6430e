"""The uploads app's pages, all under /uploads/"""

from django.urls import path

from gongkai.web.uploads import views

app_name = "uploads"
urlpatterns = [
    path("uploads/", views.index, name="index"),
    path("uploads/<int:batch_id>/", views.batch, name="batch"),
    path("uploads/<int:batch_id>/status/", views.status, name="status"),
    path("uploads/<int:batch_id>/results.json", views.results_json, name="results-json"),
    path("uploads/<int:batch_id>/results.csv", views.results_csv, name="results-csv"),
]
