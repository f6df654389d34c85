from django.urls import path

from . import views

app_name = "listings"

urlpatterns = [
    path("recherche/", views.search, name="search"),
    path("nouvelle/", views.create, name="create"),
    path("mes-annonces/", views.mine, name="mine"),
    path("favoris/", views.favourites, name="favourites"),
    path("categorie/<slug:slug>/", views.category, name="category"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/statut/<slug:action>/", views.change_status, name="status"),
    path("<int:pk>/supprimer/", views.delete_draft, name="delete"),
    path("<int:pk>/photos/", views.photos, name="photos"),
    path("<int:pk>/photos/<int:photo_id>/<slug:action>/", views.photo_action, name="photo_action"),
    path("<int:pk>/favori/", views.favourite, name="favourite"),
]
