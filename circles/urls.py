from django.urls import path, re_path

from . import views

app_name = "circles"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("nouveau/", views.create, name="create"),
    path("mes-cercles/", views.mine, name="mine"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("invitation/<str:token>/accepter/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/fermer/", views.close, name="close"),
    path("<slug:slug>/membres/", views.manage, name="manage"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/membres/(?P<pk>[0-9]+)/(?P<action>approve|refuse|promote|remove)/$",
        views.membership_action,
        name="membership_action",
    ),
    path("<slug:slug>/invitations/", views.invitations, name="invitations"),
    path("<slug:slug>/invitations/<int:pk>/revoquer/", views.invitation_revoke, name="invitation_revoke"),
]
