import pytest


@pytest.mark.django_db
def test_health_answers_ok_when_everything_is_up(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "up"
