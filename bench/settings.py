"""Settings for the process under test: the production settings, plus the floor view and no cache.

Used only by ``bench/run.py`` (``DJANGO_SETTINGS_MODULE=bench.settings``), so the floor view
never exists in the production URL space.
"""

import os
from pathlib import Path

from marketplace.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The issue measures the pages "without any caching": a cache that stores nothing, so a page
# that caches shows its real cost here (production uses Redis, development an in-process cache).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# collectstatic writes into a temporary folder of the run, never into the work tree.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", str(MEDIA_ROOT)))  # noqa: F405
