"""Settings for the process under test: the production settings, plus the floor view.

Used only by ``bench/run.py`` (``DJANGO_SETTINGS_MODULE=bench.settings``), so the floor view
never exists in the production URL space. The cache is production's: Redis at ``REDIS_URL``,
which the harness points at a redis-server of its own, started for the run.
"""

import os
from pathlib import Path

from marketplace.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Tasks are enqueued to an in-process broker, never run in the request and never consumed:
# the benchmark's Redis then serves the cache alone, so its hit and miss counts are the cache's.
CELERY_BROKER_URL = "memory://"

# collectstatic writes into a temporary folder of the run, never into the work tree.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", str(MEDIA_ROOT)))  # noqa: F405
