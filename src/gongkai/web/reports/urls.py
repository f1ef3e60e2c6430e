"""The reports app's pages, all under /agencies/<agency_id>/reports/"""

from django.urls import path

from gongkai.web.reports import views

app_name = "reports"
_REPORT = "agencies/<int:agency_id>/reports/<int:year>/"

urlpatterns = [
    path("agencies/<int:agency_id>/reports/", views.index, name="index"),
    path("agencies/<int:agency_id>/reports/new/", views.create, name="create"),
    path(_REPORT, views.editor, name="editor"),
    path(_REPORT + "check/", views.check, name="check"),
    path(_REPORT + "recompute/", views.recompute, name="recompute"),
    path(_REPORT + "download/<str:kind>/", views.download, name="download"),
]
