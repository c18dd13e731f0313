"""One computation per request: figures that several parts of a page ask for.

The overview's cards, a page and its partials may each ask for the same
expensive figure (a wave's results, say). Inside `request_memo()` the first
call computes it and later calls with the same key get the same object; outside
(tasks, management commands, tests calling services) every call computes.
The middleware opens the memo for reading requests only, so a request that
writes never reads a figure computed before its own write; the board report
opens it while it renders, which only reads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
