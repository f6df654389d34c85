"""The pages exist as a fresh migration leaves them, even after a transactional test flushed them."""

import pytest


@pytest.fixture(autouse=True)
def _shipped_pages(db) -> None:
    from pages.defaults import DEFAULTS
    from pages.models import Page

    for slug, texts in DEFAULTS.items():
        Page.objects.get_or_create(slug=slug, defaults=texts)
