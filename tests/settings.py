"""Test overrides on top of the real settings (which read the same variables)."""

from transformation.settings import *  # noqa: F403
from transformation.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# The test database is created per run; a connection pool would keep
# connections to it open across the teardown.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
# Each test process keeps its own cache so rate limits and lock-outs of one
# test cannot leak into another; Redis is exercised by the worker tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
