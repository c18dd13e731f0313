"""Posting JSON to a channel's incoming webhook, and nowhere else.

The address is typed in by a coordinator, so the server must not become a
way into the internal network: only HTTPS, only hosts whose every address is
public, the connection pinned to the address that was checked (no second DNS
answer), and no redirects followed. `NOTIFICATION_WEBHOOK_ALLOW_PRIVATE`
lifts the first two rules for tests and closed installations.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 10


class WebhookRefused(ValueError):
    """The address may not be posted to; the message says why."""


@dataclass(frozen=True)
class WebhookAnswer:
    status: int
    reason: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def _allow_private() -> bool:
    return bool(getattr(settings, "NOTIFICATION_WEBHOOK_ALLOW_PRIVATE", False))


def check_address(url: str) -> None:
    """Raise ValidationError (in the user's language) for an address that is never allowed."""
    parts = urlsplit(url)
    allowed = ("https", "http") if _allow_private() else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationError(_("The webhook address must start with https://."))
    if parts.username or parts.password:
        raise ValidationError(_("The webhook address must not contain a user name or password."))
    try:
        address = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return
    if not address.is_global and not _allow_private():
        raise ValidationError(_("The webhook address must be a public internet address."))


def _resolve(host: str, port: int) -> str:
    """One address of `host` to connect to; every address must be public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise WebhookRefused(f"cannot resolve {host}: {error}") from error
    addresses = [info[4][0] for info in infos]
    if not _allow_private():
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise WebhookRefused(f"{host} resolves to a non-public address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, **kwargs):
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # Certificate and SNI are checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post_json(url: str, payload: dict) -> WebhookAnswer:
    """POST `payload` to `url`; raises WebhookRefused or OSError, never follows a redirect."""
    try:
        check_address(url)
    except ValidationError as error:
        raise WebhookRefused(error.messages[0]) from error
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, address, port=port, timeout=TIMEOUT_SECONDS)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    body = json.dumps(payload).encode()
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": "ai-programme-webhook"},
        )
        response = connection.getresponse()
        response.read(4096)
        return WebhookAnswer(response.status, response.reason)
    finally:
        connection.close()
