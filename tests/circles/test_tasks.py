"""Circle emails go through Celery: queued with ids only, and only once the change has committed."""

import json
import os

import pytest
from django.db import transaction

from circles import services
from marketplace.celery import app as celery_app
from tests.factories import CircleFactory, MembershipFactory, UserFactory


@pytest.fixture
def real_broker():
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    client.delete("celery")
    celery_app.conf.task_always_eager = False
    yield client
    celery_app.conf.task_always_eager = True
    client.delete("celery")
    client.close()


def _queued_tasks(client) -> list[tuple[str, list]]:
    messages = [json.loads(raw) for raw in client.lrange("celery", 0, -1)]
    return [(m["headers"]["task"], m["headers"]["argsrepr"]) for m in messages]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_join_request_is_queued_in_redis_with_the_membership_id(real_broker):
    circle = CircleFactory(join_policy="request")
    MembershipFactory(circle=circle, admin=True)
    membership = services.circle_join(circle=circle, user=UserFactory())
    assert _queued_tasks(real_broker) == [("circles.tasks.send_join_request_emails", f"({membership.pk},)")]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_when_the_transaction_rolls_back(real_broker):
    circle = CircleFactory(join_policy="request")
    MembershipFactory(circle=circle, admin=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.circle_join(circle=circle, user=UserFactory())
        raise RuntimeError("something later in the request failed")
    assert _queued_tasks(real_broker) == []
