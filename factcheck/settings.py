"""Settings for Factcheck Workbench.

Every deploy knob comes from the environment (django-environ) and fails loudly on a bad
value. ``FACTCHECK_ENV`` selects the profile:

* ``development`` (what ``manage.py`` defaults to, so ``make demo`` runs it): DEBUG on, an
  insecure local SECRET_KEY, SQLite unless ``DATABASE_URL`` says otherwise.
* ``production`` (the default everywhere else, e.g. under gunicorn): refuses to start
  without ``SECRET_KEY`` or with ``DEBUG`` on, and turns on every transport-security setting
  that ``manage.py check --deploy`` asks for.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Fails closed: a deployment (wsgi/asgi) that forgets FACTCHECK_ENV runs as production and
# refuses to start without a SECRET_KEY. manage.py defaults to development for local work.
FACTCHECK_ENV = env.str("FACTCHECK_ENV", default="production")
if FACTCHECK_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("FACTCHECK_ENV must be 'development' or 'production'.")
PRODUCTION = FACTCHECK_ENV == "production"

if PRODUCTION:
    # No production secret has a default: a missing SECRET_KEY stops the process here.
    SECRET_KEY = env.str("SECRET_KEY")
    DEBUG = env.bool("DEBUG", default=False)
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when FACTCHECK_ENV=production.")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="django-insecure-development-only-key-do-not-use-in-production"
    )
    DEBUG = env.bool("DEBUG", default=True)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "factcheck.admin_site.WorkbenchAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks_db",
    "knox",
    "sources",
    "claims",
    "integrations",
    "ingestion",
    "publishing",
    "matching",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the query string into a database filter.
    "factcheck.middleware.RejectNulQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Records the acting user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side parameter binding (a documented option of Django's psycopg backend) is
    # off by default: measured with bench/ingest_speed.py it halves ingestion's batch
    # inserts (41 vs 78 articles/s). DB_SERVER_SIDE_BINDING=1 turns it on.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "server_side_binding", env.bool("DB_SERVER_SIDE_BINDING", default=False)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttle counters (the login limits above all) must be shared by every worker: with a
# per-process cache, three gunicorn workers give an attacker three times each limit. So
# production defaults to the local Redis and refuses a per-process or dummy cache.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="redis://127.0.0.1:6379/1" if PRODUCTION else "locmemcache://"
    )
}
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
if PRODUCTION and CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache shared by every worker (e.g. redis://127.0.0.1:6379/1) "
        "in production: login and API limits are counted there."
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# favicon.ico and robots.txt, served at the site root by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "factcheck" / "root_files"

# History pages are an audit trail, not an undo button: "revert" would write old rows back
# around the services (statuses, published content).
SIMPLE_HISTORY_REVERT_DISABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# Content Security Policy (Django's own middleware). The admin has no inline scripts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Background tasks (django.tasks). The database backend needs no extra service; a worker
# runs with `python manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # People use knox tokens ("Authorization: Token ...") or the admin session; integrations
    # use hashed API keys ("Authorization: Api-Key ..."). DRF's own plaintext TokenAuthentication
    # is deliberately absent (it would also shadow knox's "Token" keyword).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "integrations.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["factcheck.api.ORJSONRenderer"],
    # DRF's parser with a body limit and a depth limit (5,000 nested brackets were a 500).
    "DEFAULT_PARSER_CLASSES": ["factcheck.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "factcheck.api.exception_handler",
    # ?format= naming no renderer is 406 (DRF's default negotiation says 404).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "factcheck.api.StrictContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["factcheck.api.PublicRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "newsroom": env.str("THROTTLE_NEWSROOM", default="1200/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        # Failed logins only (factcheck/login_limits.py): per address, per account from
        # devices it never logged in from, and per device it did.
        "login": env.str("THROTTLE_LOGIN", default="10/min"),
        "login_account": env.str("THROTTLE_LOGIN_ACCOUNT", default="5/min"),
        "login_device": env.str("THROTTLE_LOGIN_DEVICE", default="5/min"),
    },
    # How many proxies in front of the app append to X-Forwarded-For. 0 (the default) means
    # clients are identified by REMOTE_ADDR alone: a forged header cannot dodge throttles.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

# The longest a statement of a public request that its parameters can make expensive (search,
# filters, claims:search) may run before PostgreSQL cancels it (SET LOCAL statement_timeout
# in that request's transaction; factcheck.api.public_statement_timeout): the reader gets a
# 503, the worker is free again. Desk, admin and ingestion keep the server's default.
FACTCHECK_PUBLIC_STATEMENT_TIMEOUT_MS = env.int("PUBLIC_STATEMENT_TIMEOUT_MS", default=3000)

REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=10)),
    "TOKEN_PREFIX": "fct_",
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck Workbench API",
    "DESCRIPTION": (
        "Published fact-checks for newsrooms (anonymous or with a read API key), "
        "ClaimReview and Google Fact Check Tools compatible search, and the desk API "
        "(knox token or desk API key). Every error has the shape of `Error`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.document_common_errors",
        "factcheck.api.document_if_match",
        "factcheck.api.document_json_patch",
        "factcheck.api.type_nullable_references",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "claims.models.Claim.Kind",
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "VerdictStatusEnum": "claims.models.Verdict.Status",
        "EvidenceStanceEnum": "claims.models.Evidence.Stance",
        "SourceKindEnum": "sources.models.Source.Kind",
        "SpeakerKindEnum": "claims.models.Speaker.Kind",
        "RatingScaleKindEnum": "claims.models.RatingScale.Kind",
        "CorrectionKindEnum": "claims.models.Verdict.CorrectionKind",
        "CorrectionRequestKindEnum": ["correction", "clarification", "update"],
        "PublicFactCheckStatusEnum": ["published", "retracted"],
        "WebhookEventEnum": "integrations.models.WebhookSubscription.Event",
    },
}

# The fact-checking organisation named as ClaimReview author and on public pages.
_ORG_URL = env.str("FACTCHECK_ORG_URL", default="http://127.0.0.1:8000/")
FACTCHECK_ORGANIZATION = {
    "name": env.str("FACTCHECK_ORG_NAME", default="Factcheck Workbench Demo Desk"),
    "url": _ORG_URL,
    # The site's own methodology page unless the organisation publishes its principles elsewhere.
    "publishing_principles": env.str(
        "FACTCHECK_ORG_PRINCIPLES_URL", default=_ORG_URL.rstrip("/") + "/methodology/"
    ),
}

# Webhooks may only reach public addresses in production (no requests into the server's
# own network); development and tests deliver to local receivers.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=not PRODUCTION)
# How long a rotated-out webhook secret keeps signing deliveries beside the new one.
WEBHOOK_SECRET_OVERLAP_HOURS = env.int("WEBHOOK_SECRET_OVERLAP_HOURS", default=24)

# Ingestion: the largest article body accepted, in bytes.
FACTCHECK_MAX_BODY_BYTES = env.int("FACTCHECK_MAX_BODY_BYTES", default=5 * 1024 * 1024)
# A request must be able to carry an article at the limit above, so that the ingestion
# service (not Django's bare 400) refuses what is too large: three times the limit leaves room
# for JSON's \uXXXX escapes of non-Latin text (6 bytes for a 2-byte UTF-8 character; 12 for a
# 4-byte one).
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * FACTCHECK_MAX_BODY_BYTES + 64 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Desk notifications (assign, submit, approve, send back, publish, mentions) go out through
# Django's e-mail backend: SMTP in production (EMAIL_HOST etc.), the console in development
# and the demo, so nobody is mailed by accident. Tests use Django's in-memory outbox.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="desk@factcheck.invalid")
