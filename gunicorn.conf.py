"""gunicorn's settings for the web process (read from the working directory: ``gunicorn marketplace.wsgi``)."""

import gc
from typing import Any

wsgi_app = "marketplace.wsgi"


def post_worker_init(worker: Any) -> None:
    """What loading the site created lives as long as the worker: moved out of the garbage
    collector's reach, so that its full collections no longer walk it all on some request."""
    gc.freeze()
