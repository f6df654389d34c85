from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("signaler/<slug:kind>/<int:pk>/", views.report, name="report"),
    path("bloquer/<int:pk>/", views.block, name="block"),
    path("debloquer/<int:pk>/", views.unblock, name="unblock"),
    path("membres-bloques/", views.blocks, name="blocks"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/export/", views.export_request, name="export_request"),
    path("mes-donnees/telecharger/<str:token>/", views.export_download, name="export_download"),
    path("mes-donnees/supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("compte-suspendu/", views.suspended, name="suspended"),
]
