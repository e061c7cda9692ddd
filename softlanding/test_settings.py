"""Test settings: fast hashing, tasks run immediately, mail kept in memory.

DATABASE_URL chooses the database exactly as in production, so the same suite runs on SQLite
(the default) and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("SOFTLANDING_SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnop")
os.environ.setdefault(
    "SOFTLANDING_DATA_DIR", os.path.join(tempfile.gettempdir(), "softlanding-test")
)

from softlanding.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps by the finders; nothing is collected in tests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "softlanding.core.storage.PrivateInMemoryStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
