"""Test overrides on top of the real settings (which read the same variables)."""

from transformation.settings import *  # noqa: F403
from transformation.settings import CELERY_BROKER_URL, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Without Redis a test that sends a message (rather than running it in
    # process) uses an in-memory broker, never the development queue's folder.
    CELERY_BROKER_URL = "memory://localhost/"
# The test database is created per run; a connection pool would keep
# connections to it open across the teardown.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
# The test database is built from the models, not by replaying every
# migration; tests/database.py loads the reference rows the data migrations
# ship, and tests/test_migrations.py replays the migrations once and compares.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database needs no durability: commits do not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
# Each test process keeps its own cache so rate limits and lock-outs of one
# test cannot leak into another; Redis is exercised by the worker tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The browser tests' live server speaks plain HTTP on localhost (a secure
# context for WebAuthn); production keeps the HTTPS-only origin check.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
