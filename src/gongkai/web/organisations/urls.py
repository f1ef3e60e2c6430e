from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.web.organisations import views, views_manage

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="organisations/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only, with CSRF
    path("agencies/<int:agency_id>/", views.agency, name="agency"),
    # Managing regions, agencies, users and roles (who may: access.py).
    path("manage/", views_manage.regions, name="manage-regions"),
    path("manage/regions/<int:region_id>/", views_manage.region, name="manage-region"),
    path("manage/agencies/<int:agency_id>/", views_manage.agency, name="manage-agency"),
    path("manage/users/", views_manage.users, name="manage-users"),
    path("manage/users/<int:user_id>/", views_manage.member_page, name="manage-user"),
    path("manage/users/<int:user_id>/roles/", views_manage.add_role, name="manage-user-add-role"),
    path("manage/users/<int:user_id>/roles/<int:membership_id>/remove/",
         views_manage.remove_role, name="manage-user-remove-role"),
    path("manage/users/<int:user_id>/active/", views_manage.set_active,
         name="manage-user-active"),
]
