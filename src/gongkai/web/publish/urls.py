"""The publish app's pages, all under /agencies/<agency_id>/publications/"""

from django.urls import path

from gongkai.web.publish import views

app_name = "publish"
_AT = "agencies/<int:agency_id>/publications/"
_ITEM = _AT + "<int:item_id>/"
urlpatterns = [
    path(_AT, views.items, name="items"),
    path(_AT + "queue/<str:step>/", views.queue, name="queue"),
    path(_AT + "new/", views.add_item, name="add"),
    path(_AT + "import/", views.import_items, name="import"),
    path(_AT + "export/", views.export_items, name="export"),
    path(_ITEM, views.item, name="item"),
    path(_ITEM + "submit/", views.submit, name="submit"),
    path(_ITEM + "decide/", views.decide, name="decide"),
    path(_ITEM + "correct/", views.correct, name="correct"),
    path(_ITEM + "publish/", views.publish, name="publish"),
]
