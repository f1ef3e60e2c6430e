"""The review app's pages, all under /review/"""

from django.urls import path

from gongkai.web.review import views

app_name = "review"
urlpatterns = [
    path("review/", views.submissions, name="submissions"),
    path("review/reports/<int:report_id>/", views.report, name="report"),
    path("review/reports/<int:report_id>/decision/", views.decision, name="decide"),
    path("review/reports/<int:report_id>/dismissals/", views.dismissal, name="dismiss"),
    path("review/dismissals/<int:dismissal_id>/undo/", views.undo_dismissal, name="undo"),
]
