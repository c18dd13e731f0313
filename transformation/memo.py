"""One computation per request, or per state: figures that pages ask for again and again.

The overview's cards, a page and its partials may each ask for the same
expensive figure (a wave's results, say). Inside `request_memo()` the first
call computes it and later calls with the same key get the same object; outside
(tasks, management commands, tests calling services) every call computes.
The middleware opens the memo for reading requests only, so a request that
writes never reads a figure computed before its own write; the board report
opens it while it renders, which only reads.

`shared` keeps a figure in the cache across requests and processes, under a
key that holds everything the figure is computed from (the caller builds it):
a changed input is a new key, so nobody reads a stale figure, and a cache that
cannot be reached (Redis down) costs the computation, not the page.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import caches

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """Remember `memoised` results until the block ends."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def memoised[T](key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per key inside `request_memo()`; every time outside it."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]


SHARED_SECONDS = 600  # bounds whatever a key cannot see


def shared_key(prefix: str, *parts: object) -> str:
    """A cache key for `shared` from everything the figure is computed from."""
    return f"{prefix}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def shared[T](key: str, compute: Callable[[], T], seconds: int = SHARED_SECONDS) -> T:
    """`compute()`, kept in the default cache under `key` (see the module's docstring).

    The value is pickled: callers get a copy and must rebind any live object
    (a model instance whose own fields may have changed) that they pass on.
    """
    from transformation.identity.counters import UNAVAILABLE

    cache = caches["default"]
    try:
        value = cache.get(key)
    except UNAVAILABLE:
        value = None
    if value is None:
        value = compute()
        with contextlib.suppress(*UNAVAILABLE):
            cache.set(key, value, seconds)
    return value
