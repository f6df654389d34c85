"""Fixtures shared by the whole suite: a temporary media folder, the cast, the browser."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory, settings) -> Iterator[Path]:
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = media
    yield media
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    uses_transactions = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = set(getattr(item, "fixturenames", ()))
    return uses_transactions or bool({"transactional_db", "live_server"} & fixtures)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test (browser journeys, races) ends by flushing every table, which also
    empties what data migrations seeded: the category tree, the Moderators group and the legal pages. Once every
    fixture is torn down (so after the flush), put them back, so that the tests after it see the
    database a fresh migration gives."""
    result = yield
    if nextitem is not None and _is_transactional(item):  # after the last test, the database is gone
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            from listings.categories import seed_categories
            from listings.models import Category
            from moderation.groups import moderators_group_sync

            if not Category.objects.exists():
                seed_categories(Category)
            moderators_group_sync()
            _seed_default_pages()
    return result


def _seed_default_pages() -> None:
    """The legal and help pages the pages app's data migration ships."""
    from pages.defaults import DEFAULTS
    from pages.models import Page

    for slug, texts in DEFAULTS.items():
        Page.objects.get_or_create(slug=slug, defaults=texts)


@pytest.fixture
def alice(db):
    """A verified member: the owner in most stories."""
    return UserFactory(first_name="Alice", last_name="Martin", email="alice@example.fr")


@pytest.fixture
def bob(db):
    return UserFactory(first_name="Bob", last_name="Bernard", email="bob@example.fr")


@pytest.fixture
def charlie(db):
    """An outsider: shares nothing with alice or bob."""
    return UserFactory(first_name="Charlie", last_name="Petit", email="charlie@example.fr")


def login(client: Client, user) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def alice_client(client: Client, alice) -> Client:
    return login(client, alice)


# --- Browser journeys (tests/e2e): Debian's Chromium through Playwright, never a downloaded browser.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    has_browser = Path(CHROMIUM).exists()
    required = os.environ.get("CERCLE_REQUIRE_BROWSER") == "1"
    is_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if not has_browser and not required:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)"))
        if item.get_closest_marker("postgres") and not is_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
        if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))
