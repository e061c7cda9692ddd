"""Settings, all read from environment variables (see the table in README.md).

Safe by default: DEBUG is off, a SECRET_KEY is required, cookies are secure. ``softlanding demo``
sets SOFTLANDING_DEMO=1, which relaxes exactly what a laptop needs (generated key, plain HTTP on
localhost, e-mail to the console).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from softlanding.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SOFTLANDING_DATA_DIR", str(Path.cwd() / "var"))).resolve()

DEMO = env_bool("SOFTLANDING_DEMO", False)
DEBUG = env_bool("SOFTLANDING_DEBUG", False)


def _demo_secret_key() -> str:
    # The demo keeps one generated key beside its database so sessions survive a restart.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if DEMO:
    SECRET_KEY = env_str("SOFTLANDING_SECRET_KEY", "") or _demo_secret_key()
else:
    SECRET_KEY = env_str("SOFTLANDING_SECRET_KEY", "")
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfiguredEnv(
            "SOFTLANDING_SECRET_KEY must be set to at least 32 random characters "
            "(or run `softlanding demo`, which makes its own)"
        )

ALLOWED_HOSTS = env_list(
    "SOFTLANDING_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if (DEMO or DEBUG) else []
)
CSRF_TRUSTED_ORIGINS = env_list("SOFTLANDING_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Ours before allauth, so that our templates (its layout included) win.
    "softlanding.core",
    "softlanding.accounts",
    "softlanding.prospects",
    "softlanding.outreach",
    "softlanding.radar",
    "softlanding.offers",
    "softlanding.portal",
    "softlanding.cases",
    "softlanding.reports",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "django_countries",
    "template_partials",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "softlanding.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "softlanding.urls"
WSGI_APPLICATION = "softlanding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "softlanding.core.context_processors.navigation",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'softlanding.sqlite3'}"
DATABASE_URL = (
    env_str("DATABASE_URL", DEFAULT_DATABASE_URL) or DEFAULT_DATABASE_URL
)  # empty = unset
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("SOFTLANDING_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the in-process worker write while pages read; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Covering indexes (INCLUDE) are PostgreSQL's speed-up; SQLite builds the plain index, which
    # is all the embedded default needs, so its warning on every command is noise.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    if not DATABASES["default"]["NAME"].startswith(":memory:") and DATABASES["default"]["NAME"]:
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfiguredEnv("DATABASE_URL must be a sqlite:// or postgres:// URL")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: the database is the one shared state between web processes (rate limits live here).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "softlanding_cache",
    }
}

# --- Background tasks -------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend, with a user's own and role permissions read in one query.
    "softlanding.accounts.backends.RolePermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    # Last, for sessions signed in before the backend above existed: Django signs out a session
    # whose backend is no longer listed. It answers from the same per-request cache, no query.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "softlanding.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Brute-force protection: failed logins per IP and per account, kept in the shared cache.
    "login_failed": env_str("SOFTLANDING_LOGIN_FAILED_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Softlanding] "

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("SOFTLANDING_TIME_ZONE", "UTC")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "softlanding_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT: Path | None = Path(env_str("SOFTLANDING_STATIC_ROOT", str(DATA_DIR / "static")))
if DEMO and STATIC_ROOT is not None and not STATIC_ROOT.exists():
    STATIC_ROOT = None  # the demo serves from the apps through the finders
MEDIA_ROOT = Path(env_str("SOFTLANDING_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEMO or DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Files only staff or their owner reach (applicants' documents, offer PDFs), through a view that
# checks access: outside MEDIA_ROOT, with no URL at all.
PRIVATE_ROOT = Path(env_str("SOFTLANDING_PRIVATE_ROOT", str(DATA_DIR / "private")))
STORAGES["private"] = {
    "BACKEND": "softlanding.core.storage.PrivateFileSystemStorage",
    "OPTIONS": {
        "location": str(PRIVATE_ROOT),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    },
}
# The demo and DEBUG serve straight from the package, no collectstatic step.
WHITENOISE_USE_FINDERS = DEMO or DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "SOFTLANDING_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEMO or DEBUG)
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("SOFTLANDING_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SOFTLANDING_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("SOFTLANDING_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("SOFTLANDING_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SOFTLANDING_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SOFTLANDING_FROM_EMAIL", "softlanding@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
_HTTPS = env_bool("SOFTLANDING_HTTPS", not (DEMO or DEBUG))
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
LANGUAGE_COOKIE_SECURE = _HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SOFTLANDING_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SOFTLANDING_BEHIND_PROXY", False) else None
)
SECURE_HSTS_SECONDS = env_int("SOFTLANDING_HSTS_SECONDS", 0, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict policy: no inline script or style anywhere in the product.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Prospects --------------------------------------------------------------------------------
# The largest file an import takes; files of at most this many rows import while the page waits
# (longer ones in the background); files at least this large are read in a separate process.
PROSPECTS_IMPORT_MAX_BYTES = env_int("SOFTLANDING_IMPORT_MAX_MB", 256, minimum=1) * 1024 * 1024
PROSPECTS_IMPORT_INLINE_ROWS = env_int("SOFTLANDING_IMPORT_INLINE_ROWS", 5000, minimum=0)
PROSPECTS_IMPORT_READER_PROCESS_BYTES = (
    env_int("SOFTLANDING_IMPORT_READER_PROCESS_MB", 4, minimum=0) * 1024 * 1024
)

# --- Portal -----------------------------------------------------------------------------------
PORTAL_MAX_UPLOAD_BYTES = env_int("SOFTLANDING_PORTAL_MAX_UPLOAD_MB", 10, minimum=1) * 1024 * 1024
# Uploads one applicant may make in an hour (the shared cache counts them).
PORTAL_UPLOADS_PER_HOUR = env_int("SOFTLANDING_PORTAL_UPLOADS_PER_HOUR", 30, minimum=1)
# A callable (dotted path) taking the file's bytes and returning the threat found, or None.
# The built-in one refuses the EICAR test file; "softlanding.portal.scanning.scan_with_clamd"
# asks a clamd daemon at SOFTLANDING_CLAMD_ADDRESS ("unix:/path" or "host:port").
PORTAL_VIRUS_SCANNER = env_str(
    "SOFTLANDING_VIRUS_SCANNER", "softlanding.portal.scanning.scan_builtin"
)
CLAMD_ADDRESS = env_str("SOFTLANDING_CLAMD_ADDRESS", "unix:/run/clamav/clamd.ctl")
# Where the site is reached from outside: links in e-mails sent by background tasks.
SITE_URL = env_str("SOFTLANDING_SITE_URL", "http://localhost:8000").rstrip("/")

# --- Worker -----------------------------------------------------------------------------------
# How often a worker writes its heartbeat, and after how long /healthz calls it stale.
WORKER_HEARTBEAT_SECONDS = env_int("SOFTLANDING_WORKER_HEARTBEAT_SECONDS", 15, minimum=1)
WORKER_STALE_SECONDS = env_int("SOFTLANDING_WORKER_STALE_SECONDS", 120, minimum=1)
# Every worker runs the periodic jobs the parts register (core.schedule) unless this is off; one
# worker enqueues each due job, however many there are. Off: run the commands from cron instead.
SCHEDULER_ENABLED = env_bool("SOFTLANDING_SCHEDULER", True)
SCHEDULER_TICK_SECONDS = env_int("SOFTLANDING_SCHEDULER_TICK_SECONDS", 10, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SOFTLANDING_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
