from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.web.organisations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="organisations/login.html",
                                                redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only, with CSRF
    path("agencies/<int:agency_id>/", views.agency, name="agency"),
]
