import time

import pytest

CLOSED_PORT_URL = "redis://127.0.0.1:6399/0"


@pytest.mark.django_db
def test_health_answers_ok_when_everything_is_up(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "up"


@pytest.mark.redis
@pytest.mark.django_db
def test_health_pings_the_real_redis_for_cache_and_broker(client, settings):
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    response = client.get("/healthz/")
    assert response.json()["checks"] == {"database": "up", "cache": "up", "broker": "up"}


@pytest.fixture
def redis_on_a_closed_port(settings):
    settings.REDIS_URL = CLOSED_PORT_URL
    settings.CELERY_BROKER_URL = CLOSED_PORT_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": CLOSED_PORT_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }


@pytest.mark.django_db
def test_health_names_cache_and_broker_when_redis_is_unreachable(client, redis_on_a_closed_port):
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker", "cache"]


@pytest.mark.django_db
def test_health_answers_within_a_second_when_redis_is_unreachable(client, redis_on_a_closed_port):
    started = time.monotonic()
    client.get("/healthz/")
    assert time.monotonic() - started < 1.0


@pytest.mark.django_db
def test_pages_still_render_when_the_cache_is_unreachable(client, redis_on_a_closed_port):
    assert client.get("/compte/login/").status_code == 200


def test_health_refuses_post(client):
    assert client.post("/healthz/").status_code == 405
