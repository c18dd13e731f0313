"""Counters for throttles that keep working when Redis is down.

They live in the default cache (Redis in production). When the cache cannot
be reached, they fall back to a per-process memory, so limits degrade to
per-worker limits instead of failing open or answering 500.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

log = logging.getLogger(__name__)

_fallback = LocMemCache("identity-counters-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError, OSError]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


UNAVAILABLE = _unavailable_errors()


_last_warning = 0.0


def _call(method: str, *args, **kwargs):
    global _last_warning
    try:
        return getattr(caches["default"], method)(*args, **kwargs)
    except UNAVAILABLE as error:
        if time.monotonic() - _last_warning > 60:  # once a minute, not once a request
            _last_warning = time.monotonic()
            log.warning("Cache unavailable (%s); throttles use per-process counts.", error)
        return getattr(_fallback, method)(*args, **kwargs)


def hit(key: str, window_seconds: int) -> int:
    """Count one event in the fixed window that starts with the first event; return the count.

    The window is the counter's lifetime: `add` starts it, `incr` keeps its
    expiry (Redis INCR and the local-memory cache both do). A window aligned
    to the clock would let a burst straddling a minute boundary count twice.
    """
    bucket = f"throttle:{key}:per{window_seconds}"
    _call("add", bucket, 0, window_seconds)
    try:
        return _call("incr", bucket)
    except ValueError:  # expired between add and incr: a new window starts
        _call("set", bucket, 1, window_seconds)
        return 1


def over_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one event and say whether it is beyond `limit` in its window."""
    return hit(key, window_seconds) > limit


def get(key: str, default=None):
    return _call("get", f"throttle:{key}", default)


def put(key: str, value, timeout: int) -> None:
    _call("set", f"throttle:{key}", value, timeout)


def forget(key: str) -> None:
    _call("delete", f"throttle:{key}")


def clear_fallback() -> None:
    """Tests: forget the per-process counts."""
    _fallback.clear()
