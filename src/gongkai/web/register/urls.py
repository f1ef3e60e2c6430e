"""The register app's pages, all under /agencies/<agency_id>/register/"""

from django.urls import path

from gongkai.web.register import views

app_name = "register"
_AT = "agencies/<int:agency_id>/register/"
urlpatterns = [
    path(_AT, views.applications, name="applications"),
    path(_AT + "applications/new/", views.add_application, name="add-application"),
    path(_AT + "applications/<int:application_id>/", views.application, name="application"),
    path(_AT + "cases/", views.cases, name="cases"),
    path(_AT + "documents/", views.documents, name="documents"),
    path(_AT + "import/", views.import_register, name="import"),
    path(_AT + "export/", views.export_register, name="export"),
]
