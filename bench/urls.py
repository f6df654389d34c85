"""The site's URLs plus the floor view, for the benchmark's settings only."""

from django.urls import path

from marketplace.urls import urlpatterns as site_urlpatterns

from .views import floor

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *site_urlpatterns]
