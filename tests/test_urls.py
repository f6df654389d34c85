import pytest
from django.urls import Resolver404, resolve


def test_the_benchmark_floor_view_is_not_served_by_the_site():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
