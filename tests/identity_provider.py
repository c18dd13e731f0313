"""A small OpenID Connect provider for the tests, run in a thread on 127.0.0.1.

It implements what a sign-in through Microsoft Entra ID or Google uses:
discovery, the authorisation endpoint (it signs in whoever the test names,
with PKCE), the token endpoint (client secret, RS256-signed ID token with the
nonce), userinfo and the key set. Tokens are signed with PyJWT and
cryptography; no external network is involved.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


@dataclass
class IdentityProvider:
    client_id: str = "transformation-app"
    client_secret: str = "provider-secret-for-tests"
    # The person who is signed in at the provider (the test changes it).
    claims: dict = field(default_factory=dict)
    issued_codes: dict = field(default_factory=dict)
    token_requests: int = 0

    def __post_init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def sign_in_as(self, email: str, name: str = "", sub: str | None = None) -> None:
        self.claims = {
            "sub": sub or hashlib.sha256(email.encode()).hexdigest()[:20],
            "email": email,
            "email_verified": True,
            "name": name or email.split("@")[0].title(),
        }

    def start(self) -> IdentityProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        payload = {
            **self.claims,
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
        }
        if nonce:
            payload["nonce"] = nonce
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})


def _handler(provider: IdentityProvider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _json(self, data: dict, status: int = 200) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                return self._json(provider.discovery())
            if url.path == "/jwks":
                return self._json(provider.jwks())
            if url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in {c.get("access_token") for c in provider.issued_codes.values()}:
                    return self._json({"error": "invalid_token"}, 401)
                return self._json(provider.claims)
            if url.path == "/authorize":
                if query.get("client_id") != provider.client_id or not provider.claims:
                    return self._json({"error": "unauthorized_client"}, 400)
                code = secrets.token_urlsafe(16)
                provider.issued_codes[code] = {
                    "redirect_uri": query["redirect_uri"],
                    "nonce": query.get("nonce"),
                    "challenge": query.get("code_challenge"),
                }
                target = (
                    query["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": query.get("state", "")})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
                return None
            return self._json({"error": "not_found"}, 404)

        def do_POST(self):
            if urlparse(self.path).path != "/token":
                return self._json({"error": "not_found"}, 404)
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            client_id, secret = form.get("client_id"), form.get("client_secret")
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Basic "):
                client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            if client_id != provider.client_id or secret != provider.client_secret:
                return self._json({"error": "invalid_client"}, 401)
            grant = provider.issued_codes.get(form.get("code", ""))
            if grant is None or "access_token" in grant:
                return self._json({"error": "invalid_grant"}, 400)
            if grant["redirect_uri"] != form.get("redirect_uri"):
                return self._json({"error": "invalid_grant"}, 400)
            if grant["challenge"]:
                verifier = form.get("code_verifier", "")
                digest = hashlib.sha256(verifier.encode()).digest()
                expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
                if expected != grant["challenge"]:
                    return self._json({"error": "invalid_grant"}, 400)
            provider.token_requests += 1
            grant["access_token"] = secrets.token_urlsafe(24)
            return self._json(
                {
                    "access_token": grant["access_token"],
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": provider.id_token(grant["nonce"]),
                }
            )

    return Handler
