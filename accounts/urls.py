from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("<int:pk>/", views.profile, name="profile"),
    path("mon-compte/", views.account_settings, name="settings"),
    path("mon-compte/profil/", views.profile_edit, name="profile_edit"),
    path("mon-compte/preferences/", views.preferences, name="preferences"),
    path("langue/", views.set_language, name="set_language"),
]
