"""WSGI entry point: ``gunicorn marketplace.wsgi`` (see the README's Deploy section and gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

application = get_wsgi_application()
