"""WSGI entry point: ``gunicorn marketplace.wsgi`` (see the README's Deploy section)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

application = get_wsgi_application()

# What loading the site created (apps, models, settings: about 100,000 objects) lives as long
# as the process: moved out of the collector's reach, so that its full collections, one every
# few hundred requests, no longer walk them all (tens of ms each, on whichever request met them).
gc.freeze()
