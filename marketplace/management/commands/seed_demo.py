"""Fill an empty database with believable French demo data; safe to run twice.

Each app contributes its own part in ``<app>/demo.py`` (a ``seed(stdout)`` function), called in
the order apps depend on each other. Each part is idempotent: it looks up what it needs by a
stable key and creates only what is missing.
"""

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

DEMO_MODULES = [
    "accounts.demo",
    "circles.demo",
    "listings.demo",
    "bookings.demo",
    "reviews.demo",
    "moderation.demo",
]


class Command(BaseCommand):
    help = "Fill the database with demo members, circles, listings, exchanges and reviews."

    def handle(self, *args: Any, **options: Any) -> None:
        # Demo members are not real people: the emails their story would trigger stay in memory.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed_all()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))

    def _seed_all(self) -> None:
        for module_name in DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
