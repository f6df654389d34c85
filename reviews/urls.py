from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("avis-a-ecrire/", views.to_write, name="to_write"),
    path("echanges/<int:booking_id>/avis/", views.write, name="write"),
    path("avis/<int:pk>/repondre/", views.reply, name="reply"),
    path("membres/<int:pk>/", views.member, name="member"),
    path("membres/<int:pk>/recommander/", views.vouch, name="vouch"),
    path("membres/<int:pk>/retirer/", views.withdraw, name="withdraw"),
]
