"""Throttles that stop attackers without locking the real person out.

Login failures earn growing delays (1 s, 2 s, 4 s … up to a maximum), never a
lock. They are counted per account and client address, per client address,
and per account across devices that never signed in to it; a browser that
has signed in to the account before (a signed "known device" cookie) is only
slowed by its own failures. So an attacker elsewhere, or behind the same
office address, cannot keep the right person with the right password out.

Mails that a stranger can trigger (password reset, invitations) are limited
per target address and per client address or sender.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from transformation.identity import counters
from transformation.identity.addresses import client_address
from transformation.models.core import normalise_email

DEVICE_COOKIE = "known_device"
_DEVICE_SALT = "transformation.identity.known-device"
_MEMORY_SECONDS = 24 * 60 * 60
_MAX_ACCOUNTS_PER_DEVICE = 10


def account_key(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()[:32]


def delay_after(failures: int, free: int) -> int:
    """Seconds to wait after `failures` failures when the first `free` cost nothing."""
    if failures < free:
        return 0
    return min(2 ** (failures - free), settings.LOGIN_MAX_DELAY_SECONDS)


@dataclass(frozen=True)
class _Key:
    name: str
    free: int


def _known_device(request: HttpRequest) -> dict | None:
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(
            value, salt=_DEVICE_SALT, max_age=settings.KNOWN_DEVICE_DAYS * 24 * 3600
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("accounts"), list):
        return None
    return data


def _keys(request: HttpRequest, email: str) -> list[_Key]:
    account = account_key(email)
    device = _known_device(request)
    if device is not None and account in device["accounts"]:
        return [_Key(f"login:device:{device['id']}:{account}", settings.LOGIN_FREE_FAILURES)]
    address = client_address(request)
    return [
        _Key(f"login:pair:{account}:{address}", settings.LOGIN_FREE_FAILURES),
        _Key(f"login:address:{address}", settings.LOGIN_ADDRESS_FREE_FAILURES),
        _Key(f"login:account:{account}", settings.LOGIN_ACCOUNT_FREE_FAILURES),
    ]


def login_wait_seconds(request: HttpRequest, email: str) -> int:
    """How long this client must wait before it may try a password for `email` again."""
    now = time.time()
    wait = 0.0
    for key in _keys(request, email):
        state = counters.get(key.name)
        if state:
            wait = max(wait, state["until"] - now)
    return int(wait + 0.999) if wait > 0 else 0


def record_login_failure(request: HttpRequest, email: str) -> None:
    now = time.time()
    for key in _keys(request, email):
        state = counters.get(key.name) or {"failures": 0, "until": 0}
        failures = state["failures"] + 1
        counters.put(
            key.name,
            {"failures": failures, "until": now + delay_after(failures, key.free)},
            _MEMORY_SECONDS,
        )


def record_login_success(request: HttpRequest, email: str) -> None:
    """The right password: forget this client's own failures (not the account-wide ones)."""
    for key in _keys(request, email):
        if not key.name.startswith("login:account:") and not key.name.startswith("login:address:"):
            counters.forget(key.name)


def remember_device(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """After a complete sign-in, let this browser count as a known device for the account."""
    device = _known_device(request) or {"id": secrets.token_hex(12), "accounts": []}
    account = account_key(email)
    accounts = [a for a in device["accounts"] if a != account] + [account]
    device["accounts"] = accounts[-_MAX_ACCOUNTS_PER_DEVICE:]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(device, salt=_DEVICE_SALT),
        max_age=settings.KNOWN_DEVICE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def password_reset_allowed(request: HttpRequest, email: str) -> bool:
    """A few reset mails per address an hour, and a bounded number of requests per client."""
    if counters.over_limit(
        f"reset:client:{client_address(request)}", settings.PASSWORD_RESET_REQUESTS_PER_HOUR, 3600
    ):
        return False
    return not counters.over_limit(
        f"reset:address:{account_key(email)}", settings.PASSWORD_RESET_MAILS_PER_HOUR, 3600
    )


def invitation_allowed(*, organisation_id: int, email: str, sender_id: int) -> bool:
    """Invitations per invited address and organisation a day, and per sender an hour."""
    if counters.over_limit(
        f"invite:sender:{sender_id}", settings.INVITATIONS_PER_SENDER_PER_HOUR, 3600
    ):
        return False
    return not counters.over_limit(
        f"invite:address:{organisation_id}:{account_key(email)}",
        settings.INVITATIONS_PER_ADDRESS_PER_DAY,
        24 * 3600,
    )
