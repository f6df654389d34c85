from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("mentions-legales/", views.page, {"slug": "legal"}, name="legal"),
    path("conditions-utilisation/", views.page, {"slug": "terms"}, name="terms"),
    path("confidentialite/", views.page, {"slug": "privacy"}, name="privacy"),
    path("aide/", views.page, {"slug": "help"}, name="help"),
    path("contact/", views.contact, name="contact"),
]
