from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.booking_detail, name="detail"),
    path("<int:pk>/action/", views.booking_action, name="action"),
    path("demander/<int:listing_pk>/", views.booking_request, name="request"),
    path("question/<int:listing_pk>/", views.ask, name="ask"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/<int:pk>/", views.conversation, name="conversation"),
]
