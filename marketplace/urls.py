from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from . import views

handler400 = "marketplace.views.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("compte/", include("allauth.urls")),
    path("membres/", include("accounts.urls")),
    path("cercles/", include("circles.urls")),
    path("annonces/", include("listings.urls")),
    path("echanges/", include("bookings.urls")),
    path("confiance/", include("reviews.urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("pages.urls")),
    path("admin/", admin.site.urls),
]

# Our own error pages, in the visitor's language, with the site's header and footer.
handler404 = "marketplace.views.not_found"
handler500 = "marketplace.views.server_error"

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
