"""Cercle settings: one file, every value read from the environment with a safe development default.

Development needs nothing: SQLite, an in-process cache, Celery tasks run eagerly.
Production (``DJANGO_DEBUG=false``) needs ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``,
and normally ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL``. See ``.env.example``.
"""

import importlib.resources
from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "marketplace.apps.CercleAdminConfig",  # django.contrib.admin, behind the site's login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "accounts",
    "circles",
    "listings",
    "bookings",
    "reviews",
    "moderation",
    "pages",
    "marketplace",
    "django.forms",  # the stock widgets' templates, for FORM_RENDERER below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "circles.middleware.PendingInvitationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "moderation.middleware.SuspendedMemberMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "bookings.context_processors.unread",
            ],
        },
    },
]

# Every form field of the site is drawn by one template: templates/partials/field.html.
FORM_RENDERER = "marketplace.forms.FormRenderer"

# --- Database: SQLite unless DATABASE_URL points elsewhere (PostgreSQL in CI and production).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRES:
    # --- listings: PostgreSQL's JIT compiles "expensive-looking" plans (LIMIT queries over big
    # tables, like search) and loses 20-90 ms on queries that run in 5 ms. Off for web requests.
    # Parallel workers too: a search at 1M listings started two per query, which took the cores
    # the other requests were waiting for (member search p95 at 1M: 545 -> 475-512 ms).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c max_parallel_workers_per_gather=0"
    )
    # Opt-in server-side prepared statements (psycopg): a query repeated on a connection is
    # planned once. Off by default: not behind a pooler in transaction mode, and a prepared plan
    # may not suit every value of a search.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=False):
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if not IS_POSTGRES:
    # listings.SearchTerm's index carries columns (INCLUDE) for PostgreSQL's search; SQLite has no
    # such indexes and ignores them, which is fine: its fallback search does not read that table.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Redis: cache and Celery broker. Without REDIS_URL, an in-process cache and eager tasks.
REDIS_URL = env.str("REDIS_URL", default="")
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=0.5)
if REDIS_URL:
    # django-redis: with IGNORE_EXCEPTIONS a dead Redis makes the cache behave as empty, and calls
    # give up after one short timeout (no retry), so pages keep answering (marketplace.cache).
    CACHES = {
        "default": {
            "BACKEND": "marketplace.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cercle"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT_SECONDS,
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)},
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Paris"
# A dead broker must not hang a web request: publishing gives up fast, and whatever was not
# delivered is picked up by a periodic task (notifications are written to the database first).
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
    "socket_timeout": REDIS_TIMEOUT_SECONDS,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # --- accounts
    # --- circles
    # --- listings
    "listings-prepare-waiting-photos": {"task": "listings.tasks.prepare_waiting_photos", "schedule": 120.0},
    # --- bookings
    "bookings-deliver-pending-notifications": {
        "task": "bookings.tasks.deliver_pending_notifications",
        "schedule": 60.0,
    },
    "bookings-expire-stale-requests": {"task": "bookings.tasks.expire_stale_requests", "schedule": 15 * 60.0},
    "bookings-remind-unanswered-requests": {"task": "bookings.tasks.remind_unanswered_requests", "schedule": 60 * 60.0},
    "bookings-remind-overdue-returns": {
        "task": "bookings.tasks.remind_overdue_returns",
        "schedule": crontab(hour=9, minute=0),
    },
    # --- reviews
    "reviews-open-windows": {"task": "reviews.tasks.open_review_windows", "schedule": 600},
    "reviews-reminders": {"task": "reviews.tasks.send_review_reminders", "schedule": 3600},
    "reviews-publish-closed-windows": {"task": "reviews.tasks.publish_closed_review_windows", "schedule": 900},
    "reviews-deliver-pending": {"task": "reviews.tasks.deliver_pending_review_notices", "schedule": 300},
    "reviews-refresh-recent-trust": {"task": "reviews.tasks.refresh_recent_trust_summaries", "schedule": 600},
    "reviews-refresh-all-trust": {
        "task": "reviews.tasks.refresh_all_trust_summaries",
        "schedule": crontab(hour=3, minute=30),
    },
    # --- moderation
    "moderation-lift-expired-suspensions": {"task": "moderation.tasks.lift_expired_suspensions", "schedule": 300.0},
    "moderation-purge-expired-exports": {"task": "moderation.tasks.purge_expired_exports", "schedule": 3600.0},
    "moderation-build-pending-exports": {"task": "moderation.tasks.build_pending_exports", "schedule": 600.0},
}
# --- moderation: members' data exports live outside MEDIA_ROOT (never served as media).
MODERATION_EXPORT_ROOT = Path(env.str("MODERATION_EXPORT_ROOT", default=str(BASE_DIR / "private" / "exports")))

# Sessions are read from the cache and written through to the database (a dead Redis falls back
# to the database alone).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Authentication (django-allauth, email login, mandatory verification, TOTP).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cercle] "
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
}
# Behind the TLS proxy every request arrives from the proxy's address: unless allauth knows which
# address is the client's, its per-IP limits count the whole site as one client (ten failed
# logins from anyone lock everybody out). Set the number of proxies in front of the site that
# append to X-Forwarded-For (1 for one nginx), or the header a single proxy sets to the client
# address (X-Real-IP, CF-Connecting-IP); never both. Left unset, REMOTE_ADDR is the client.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# What members send each other, per member (accounts.ratelimits): a person never comes near these,
# a script stops within seconds. "20/m,300/d": at most 20 a minute and 300 a day.
MEMBER_RATE_LIMITS = {
    "message": "20/m,300/d",  # in a conversation
    "question": "5/m,20/h,50/d",  # a question about a listing (a new conversation with its owner)
    "booking_request": "5/m,20/h,50/d",
    "report": "10/h",
}
MFA_TOTP_ISSUER = "Cercle"

# --- Internationalisation: French by default, English available.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # site-wide templates; each app has its own <app>/locale
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The headings' typeface comes from its package (font-source-serif-pro, with its licence file),
# served under /static/fonts/source-serif-pro/: installed by pip, never copied into static/.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fonts/source-serif-pro", str(importlib.resources.files("font_source_serif_pro") / "files")),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default=""),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
# Request bodies: eight photos of 10 MB (listings' most) and the form around them; a body announced
# larger is refused before it is read (marketplace.uploads), with a 413 page. The proxy caps it
# first (README, Deploy: client_max_body_size). Form fields without files: 1 MB at most.
MAX_REQUEST_BODY_BYTES = 82 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "marketplace.uploads.RequestBodyLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- pages: the legal notice's publisher (French law: "mentions légales"). Empty values show a
# placeholder to fill in; set them all in production.
LEGAL_PUBLISHER_NAME = env.str("LEGAL_PUBLISHER_NAME", default="")
LEGAL_PUBLISHER_ADDRESS = env.str("LEGAL_PUBLISHER_ADDRESS", default="")
LEGAL_PUBLISHER_EMAIL = env.str("LEGAL_PUBLISHER_EMAIL", default="")
LEGAL_PUBLICATION_DIRECTOR = env.str("LEGAL_PUBLICATION_DIRECTOR", default="")
LEGAL_REGISTRATION = env.str("LEGAL_REGISTRATION", default="")  # SIREN, RNA or RCS number
LEGAL_HOST = env.str("LEGAL_HOST", default="")  # the hosting provider's name, address and phone
# The contact form: messages per sender (a member, or a visitor's address), "3/h,10/d" = at most
# 3 an hour and 10 a day (accounts.ratelimits).
CONTACT_RATE_LIMITS = env.str("CONTACT_RATE_LIMITS", default="3/h,10/d")

# --- Email.
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
# Where django.core.mail.backends.filebased.EmailBackend writes each email (one file per message).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "private" / "emails"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cercle <bonjour@cercle.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security. Production values switch on when DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_IMG_SRC", default=[])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
