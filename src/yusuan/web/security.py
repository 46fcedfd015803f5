"""Admin token, login cookie, CSRF tokens, failed-login rate limit, request size limit."""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from collections import defaultdict, deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ADMIN_COOKIE = "ys_admin"
NONCE_COOKIE = "ys_nonce"
ADMIN_MAX_AGE = 8 * 3600


def _sign(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def token_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; no configured token means nobody is admin."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def admin_cookie(secret: str, now: float | None = None) -> str:
    expires = int((now or time.time()) + ADMIN_MAX_AGE)
    body = f"admin.{expires}"
    return f"{body}.{_sign(secret, body)}"


def admin_cookie_ok(secret: str, value: str | None, now: float | None = None) -> bool:
    if not value or value.count(".") != 2:
        return False
    role, expires, signature = value.split(".")
    body = f"{role}.{expires}"
    if role != "admin" or not hmac.compare_digest(signature, _sign(secret, body)):
        return False
    return expires.isdigit() and int(expires) > (now or time.time())


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(secret: str, nonce: str) -> str:
    """The token a form must send back: bound to the browser's nonce cookie."""
    return _sign(secret, f"csrf.{nonce}")


def csrf_ok(secret: str, nonce: str | None, token: str | None) -> bool:
    if not nonce or not token:
        return False
    return hmac.compare_digest(token, csrf_token(secret, nonce))


class LoginLimiter:
    """At most ``attempts`` failed logins per client in ``window`` seconds."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, client: str, now: float) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def blocked(self, client: str, now: float | None = None) -> int:
        """Seconds the client must wait (0: may try)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._prune(client, now)
            if len(failures) < self.attempts:
                return 0
            return max(1, int(failures[0] + self.window - now) + 1)

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._prune(client, now).append(now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413.

    A declared Content-Length over the limit is refused before reading; a body that turns
    out longer than the limit (chunked, or a lying header) is cut off while it is read.
    """

    def __init__(self, app: ASGIApp, limit: int, message: str = "请求过大") -> None:
        self.app = app
        self.limit = limit
        self.message = message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        api = not str(scope.get("path", "")).startswith(("/upload", "/login"))
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send, api)
            return
        seen = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Whatever the app answers to a body cut off (a parse error, say) becomes 413.
            nonlocal started
            if exceeded:
                if not started:
                    started = True
                    await self._refuse(send, api)
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            pass
        if exceeded and not started:
            await self._refuse(send, api)

    async def _refuse(self, send: Send, api: bool = True) -> None:
        if api:
            body = json.dumps({"detail": self.message}, ensure_ascii=False).encode()
            kind = b"application/json; charset=utf-8"
        else:  # a form posted from a page: a page the visitor can read and go back from
            body = (
                '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>文件过大</title>'
                f'<p role="alert">{html.escape(self.message)}</p>'
                '<p><a href="/upload">返回上传</a></p>'
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", kind),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", CSP.encode()),
]


class SecurityHeaders:
    """ASGI middleware: the same protective headers on every response; static files cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(("/static/", "/assets/"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in present]
                if static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"public, max-age=3600"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
