"""Equity Hub settings: every value comes from the environment (see .env.example)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import jinja2
import nhsuk_frontend_jinja
from django.utils.csp import CSP

from equityhub.config.backends_env import email_mode, mailers, search_backends, task_backends
from equityhub.config.env import Env, SettingError
from equityhub.config.sso_env import form_action_origins, read_providers

env = Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(env.str("EQUITYHUB_HOME") or Path.cwd())
VAR_DIR = Path(env.str("VAR_DIR") or PROJECT_DIR / "var")

DEBUG = env.bool("DEBUG", False)
TESTING = "pytest" in sys.modules
# A real deployment: secure defaults (HTTPS, HSTS, secure cookies, real email) unless overridden.
PRODUCTION = not DEBUG and not TESTING
SECRET_KEY = env.str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise SettingError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")
# Set in a deployment. Unset, links follow the address served (core.site): requests use their
# own, and tasks the address `serve` was started on (EQUITYHUB_SERVED_URL, set for its children).
SITE_URL_CONFIGURED = bool(os.environ.get("SITE_URL"))
SITE_URL = env.url(
    "SITE_URL",
    os.environ.get("EQUITYHUB_SERVED_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}",
).rstrip("/")

INSTALLED_APPS = [
    "equityhub.core",
    "equityhub.people",
    "equityhub.library",
    "equityhub.indicators",
    "equityhub.learning",
    "equityhub.induction",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail_periodic_review",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First, so a safe request that met a busy database runs once more through everything.
    "equityhub.core.busy.BusyDatabaseRetryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "equityhub.core.security.PermissionsPolicyMiddleware",
    "equityhub.core.security.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "equityhub.core.site.SiteUrlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "equityhub.core.sessions.SessionTimeoutMiddleware",
    "equityhub.core.sessions.PrivateResponseMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "equityhub.people.mfa.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "equityhub.config.urls"
WSGI_APPLICATION = "equityhub.config.wsgi.application"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a password check for a locked account before any backend tries it.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "equityhub.core.backends.StandingBackend",  # Django's model backend, permissions kept
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [Path(nhsuk_frontend_jinja.__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "equityhub.config.jinja2.environment",
            "undefined": jinja2.ChainableUndefined,
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "equityhub.core.context_processors.site",
            ],
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.DjangoTemplates"

DATABASE_URL = env.url("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'equityhub.sqlite3'}"
DATABASES = {
    # Persistent connections are checked before reuse, so a database restart costs no request.
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env.int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not IS_POSTGRES:
    # SQLite has one writer at a time: a request waits up to 30 s for the worker's recompute to
    # commit (the default of 5 s turned a sign-in during the demo's first recomputes into an error).
    # WAL lets pages read while a writer works; a lock held longer still answers 503, not 500
    # (core.busy).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=env.int("SQLITE_BUSY_TIMEOUT_SECONDS", 30, minimum=1),
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "throttle" holds request-rate counters (core.throttle): they must be shared by every worker
# and server, so without Redis they live in a database table (made by a core migration).
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "equityhub_throttle_cache",
    },
}
if env.str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.url("REDIS_URL"),
    }
    CACHES["throttle"] = {**CACHES["default"], "KEY_PREFIX": "throttle"}

# Background work: the database queue (`equityhub db_worker`) by default; Celery + Redis for
# several workers (TASK_BACKEND=celery, see docs/operations/scale-out.md).
TASK_BACKEND = env.choice("TASK_BACKEND", ("database", "celery"), "database")
CELERY_BROKER_URL = env.url("CELERY_BROKER_URL") or env.url("REDIS_URL")
CELERY_RESULT_BACKEND = env.url("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
TASKS = task_backends(TASK_BACKEND, broker=CELERY_BROKER_URL)
# The database queue's worker (`equityhub db_worker`, see core/worker.py): a task is stopped
# after TASK_TIME_LIMIT_SECONDS; a failed task is tried again up to TASK_MAX_ATTEMPTS times in
# all, waiting TASK_RETRY_DELAY_SECONDS (doubling) between tries, then left failed for an
# administrator. A database error makes the worker wait (doubling, at most
# WORKER_DATABASE_RETRY_MAX_SECONDS) and poll again instead of exiting.
TASK_TIME_LIMIT_SECONDS = env.int("TASK_TIME_LIMIT_SECONDS", 600, minimum=10)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", 3, minimum=1)
TASK_RETRY_DELAY_SECONDS = env.int("TASK_RETRY_DELAY_SECONDS", 30, minimum=0)
WORKER_DATABASE_RETRY_MAX_SECONDS = env.int("WORKER_DATABASE_RETRY_MAX_SECONDS", 30, minimum=1)
WORKER_HEARTBEAT_FILE = Path(env.str("WORKER_HEARTBEAT_FILE") or VAR_DIR / "worker-heartbeat.json")
# A task running longer than this lost its worker (no task runs past its time limit) and is run
# again; the scheduler looks every minute.
TASK_STALLED_AFTER_SECONDS = env.int(
    "TASK_STALLED_AFTER_SECONDS", TASK_TIME_LIMIT_SECONDS + 120, minimum=60
)
if TESTING or env.bool("TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
NODE_MODULES = Path(env.str("NODE_MODULES") or PROJECT_DIR / "node_modules")
FRONTEND_BUILD_DIR = VAR_DIR / "frontend"
# NHS.UK frontend and htmx come from npm (installed by `make`); our Sass is compiled into
# FRONTEND_BUILD_DIR by `equityhub buildcss`. Only folders that exist are listed, so Django
# checks still pass before the front end is installed.
STATICFILES_DIRS = [
    (prefix, path)
    for prefix, path in [
        ("nhsuk", NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"),
        ("htmx", NODE_MODULES / "htmx.org" / "dist"),
        ("", FRONTEND_BUILD_DIR),
    ]
    if path.exists()
]
STORAGES = {
    "default": {"BACKEND": "equityhub.core.uploads.QuotaFileSystemStorage"},
    # Tests serve static files straight from their sources (the live server's static
    # handler does not know hashed names); everywhere else names are hashed by the manifest.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT") or VAR_DIR / "media")
# Uploads: the largest request body accepted (files included), what Django keeps in memory
# before spilling to a temporary file, and the most the file store may hold (0 = no quota).
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
MEDIA_QUOTA_BYTES = env.int("MEDIA_QUOTA_BYTES", 0, minimum=0)
# Backups are encrypted with BACKUP_ENCRYPTION_KEY; password hashes, MFA keys and API key hashes
# go in only when BACKUP_SECRETS_KEY is set, encrypted with it. Each holds one key or several,
# comma-separated, newest first (rotation: docs/operations/backup.md).
BACKUP_ENCRYPTION_KEY = env.str("BACKUP_ENCRYPTION_KEY")
BACKUP_SECRETS_KEY = env.str("BACKUP_SECRETS_KEY")
# Spreadsheet data returns: refused before parsing when the zip says they would expand too far
# or hold too many rows, columns or cells; then read in a child process with these limits on its
# time and memory, so one hostile file cannot starve the server or the worker. Files up to 1 MB
# are read during the upload request: keep XLSX_PARSE_SECONDS under gunicorn's timeout (30 s).
XLSX_MAX_UNCOMPRESSED_BYTES = env.int("XLSX_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024, minimum=1024)
XLSX_MAX_COMPRESSION_RATIO = env.int("XLSX_MAX_COMPRESSION_RATIO", 100, minimum=2)
XLSX_MAX_ROWS = env.int("XLSX_MAX_ROWS", 200_000, minimum=10)
XLSX_MAX_COLUMNS = env.int("XLSX_MAX_COLUMNS", 100, minimum=5)
XLSX_MAX_CELLS = env.int("XLSX_MAX_CELLS", 2_000_000, minimum=100)
XLSX_PARSE_SECONDS = env.int("XLSX_PARSE_SECONDS", 20, minimum=1)
XLSX_PARSE_MEMORY_MB = env.int("XLSX_PARSE_MEMORY_MB", 1024, minimum=256)

EMAIL_MODE = email_mode(env, production=PRODUCTION)
MAILERS = mailers(env, EMAIL_MODE)
CONTACT_EMAIL = env.str("CONTACT_EMAIL", "equityhub@example.nhs.uk")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Equity Hub <no-reply@equityhub.localhost>")

# Security base: CSP with per-request nonces, no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", PRODUCTION)
# The load balancer's health check may call plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
BEHIND_PROXY = env.bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Reverse proxies in front of the app that append to X-Forwarded-For (core.audit.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0, minimum=0)

# Sessions: an absolute lifetime, and a shorter idle timeout for privileged people
# (core.sessions). A password change signs out every other session (Django's session hash).
SESSION_MAX_AGE_HOURS = env.int("SESSION_MAX_AGE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_HOURS * 3600
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_IDLE_MINUTES_PRIVILEGED = env.int("SESSION_IDLE_MINUTES_PRIVILEGED", 30, minimum=1)

# Accounts
SELF_REGISTRATION_DOMAINS = env.list("SELF_REGISTRATION_DOMAINS", ["nhs.net", "*.nhs.uk"])
SIGN_IN_ATTEMPTS = env.int("SIGN_IN_ATTEMPTS", 5, minimum=1)
SIGN_IN_ACCOUNT_ATTEMPTS = env.int("SIGN_IN_ACCOUNT_ATTEMPTS", 20, minimum=1)
SIGN_IN_LOCKOUT_SECONDS = env.int("SIGN_IN_LOCKOUT_SECONDS", 900, minimum=1)
# Request rates ("count/period", period s, m, h or d, e.g. 5/15m) for forms that send email or
# check a password, per account and per address, and for each API key, person or address.
THROTTLE_PER_ACCOUNT = env.rate("THROTTLE_PER_ACCOUNT", "5/15m")
THROTTLE_PER_ADDRESS = env.rate("THROTTLE_PER_ADDRESS", "100/h")
API_THROTTLE_RATE = env.rate("API_THROTTLE_RATE", "300/m")
# django-axes (core.throttle): failed passwords per (account, address) and per account, in the
# database; never per address alone.
AXES_HANDLER = "equityhub.core.throttle.AccountLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = SIGN_IN_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(seconds=SIGN_IN_LOCKOUT_SECONDS)
AXES_CLIENT_IP_CALLABLE = "equityhub.core.audit.client_ip"
AXES_USERNAME_CALLABLE = "equityhub.core.throttle.account_name"
AXES_LOCKOUT_CALLABLE = "equityhub.core.throttle.lockout_response"
# A right password ends the count for that account only; tries while locked are not counted, so
# the lock ends on time and the owner's own retries do not extend it.
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in our audit log already
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
AXES_ENABLE_ADMIN = False  # core.admin registers the lockout list with an unlock action
INVITATION_DAYS = env.int("INVITATION_DAYS", 14, minimum=1)
DEMO_PASSWORD = env.str("DEMO_PASSWORD")
# Retention: accounts nobody has signed in to for this many days are deleted (their shared
# contributions stay, without their name).
RETENTION_INACTIVE_ACCOUNT_DAYS = env.int("RETENTION_INACTIVE_ACCOUNT_DAYS", 730, minimum=30)

# Single sign-on (OpenID Connect) and the second factor: docs/operations/sso.md and mfa.md
OIDC_PROVIDERS = read_providers(env)
SECURE_CSP["form-action"] = [CSP.SELF, *form_action_origins(OIDC_PROVIDERS)]
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", True)
if not LOCAL_PASSWORDS and not OIDC_PROVIDERS:
    raise SettingError("LOCAL_PASSWORDS=false needs at least one provider in OIDC_PROVIDERS")
SSO_LINK_HOURS = env.int("SSO_LINK_HOURS", 24, minimum=1)
OTP_TOTP_ISSUER = env.str("MFA_ISSUER", "Equity Hub")

# Wagtail
WAGTAIL_SITE_NAME = "Equity Hub"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = LOCAL_PASSWORDS
WAGTAIL_PASSWORD_RESET_ENABLED = LOCAL_PASSWORDS
WAGTAILSEARCH_BACKENDS = search_backends(env)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]
# Documents are checked by content, and always served by Wagtail's view as downloads.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "equityhub.core.uploads_documents.CheckedDocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
}
