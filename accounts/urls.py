from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("<int:pk>/", views.profile, name="profile"),
    path("mon-compte/", views.account_settings, name="settings"),
]
