"""Prove the production start: gunicorn under DJANGO_ENV=production serves every main page.

Run by `.ci/run` (and by hand) after `deploy/build.sh`, against a migrated and
seeded database named by DATABASE_URL:

    python deploy/smoke.py http://127.0.0.1:8765

It signs in as the demo coordinator, opens the organisation's overview, then
every page its navigation links to, and checks that each answers 200 and that
the stylesheet and scripts are referenced with hashed names and served. The
server runs behind a (pretend) TLS proxy, so requests carry
`X-Forwarded-Proto: https` and the secure cookies are sent back by hand.
Standard library only, so it runs inside the image too.
"""

from __future__ import annotations

import http.client
import re
import sys
from urllib.parse import urlencode, urljoin, urlsplit

DEMO_LOGIN = ("coordinator@demo.example", "demo-Programme-2026")
HASHED_ASSET = re.compile(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"')


class Client:
    def __init__(self, base: str, timeout: float = 60):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = "https://localhost" + path
            headers["Origin"] = "https://localhost"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), content

    def get(self, path: str):
        return self.request("GET", path)

    def sign_in(self, email: str, password: str):
        """Sign in through the login form (with its CSRF token); the POST's answer."""
        status, _, body = self.get("/accounts/login/")
        if status != 200:
            fail(f"/accounts/login/ answered {status}")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if not token:
            fail("no CSRF token on the login page")
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "login": email}
        return self.request("POST", "/accounts/login/", {**form, "password": password})


def fail(message: str) -> None:
    print(f"FAIL {message}", file=sys.stderr)
    sys.exit(1)


def main(base: str) -> None:
    client = Client(base)
    status, _, body = client.get("/healthz/")
    if status != 200 or b'"ok"' not in body:
        fail(f"/healthz/ answered {status}: {body[:200]!r}")
    print("200 /healthz/")

    status, headers, body = client.sign_in(*DEMO_LOGIN)
    if status != 302:
        fail(f"signing in answered {status}: {body[:300]!r}")
    path = urlsplit(headers["location"]).path
    for _ in range(3):  # / -> /o/<slug>/
        status, headers, body = client.get(path)
        if status in (301, 302):
            path = urlsplit(urljoin(path, headers["location"])).path
            continue
        break
    if status != 200 or not re.match(r"^/o/[\w-]+/$", path):
        fail(f"after signing in: {status} at {path}")
    print(f"200 {path} (overview)")

    assets = sorted(set(HASHED_ASSET.findall(body.decode())))
    if not any(a.endswith(".css") for a in assets):
        fail("the overview references no stylesheet with a hashed name")
    for asset in assets:
        status, headers, _ = client.get(asset)
        if status != 200:
            fail(f"{asset} answered {status}")
        print(f"200 {asset} ({headers.get('cache-control', 'no cache header')})")

    organisation = path
    links = sorted(set(re.findall(rf'href="({re.escape(organisation)}[^"#?]*)"', body.decode())))
    if len(links) < 8:
        fail(f"only {len(links)} links from the overview: {links}")
    for link in links:
        status, _, _ = client.get(link)
        if status != 200:
            fail(f"{link} answered {status}")
        print(f"200 {link}")
    print(f"Production start proven: {len(links) + len(assets) + 2} requests, all 200.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765")
