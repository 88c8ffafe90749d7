"""ASGI middleware that guards every request: body size, requests in flight, safe headers."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: The page and the API: own scripts and styles only, nothing from anywhere else.
STRICT_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'none'")
#: FastAPI's /docs and /redoc pages load their viewer from a CDN with an inline bootstrap.
DOCS_CSP = ("default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
            "font-src https://fonts.gstatic.com; img-src 'self' data: https:; "
            "connect-src 'self'; worker-src blob:; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc")


def _error(status: int, error: str, detail: str) -> tuple[dict[str, Any], dict[str, Any]]:
    body = json.dumps({"error": error, "detail": detail}).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())]}
    return start, {"type": "http.response.body", "body": body}


def _security_headers(path: str) -> list[tuple[bytes, bytes]]:
    csp = DOCS_CSP if path.startswith(DOCS_PATHS) else STRICT_CSP
    return [(b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin")]


class Guard:
    """Refuse bodies over `max_body` (413) and requests beyond `max_pending` (503)."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_pending: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_pending = max_pending
        self.pending = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = _security_headers(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in extra if h[0] not in names)]}
            await send(message)

        if self._declared_size(scope) > self.max_body:
            await self._refuse(send_with_headers, 413, "body_too_large",
                               f"the request body is over {self.max_body} bytes")
            return
        if self.pending >= self.max_pending:
            await self._refuse(send_with_headers, 503, "busy",
                               "the server is at its limit of requests in flight; retry later")
            return
        self.pending += 1
        try:
            body = await self._read_body(receive)
            if body is None:
                await self._refuse(send_with_headers, 413, "body_too_large",
                                   f"the request body is over {self.max_body} bytes")
                return
            await self.app(scope, _replay(body, receive), send_with_headers)
        finally:
            self.pending -= 1

    @staticmethod
    def _declared_size(scope: Scope) -> int:
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit():
                return int(value)
        return 0

    async def _read_body(self, receive: Receive) -> bytes | None:
        """The whole body, or None once it goes over `max_body` (the rest is not read)."""
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _refuse(send: Send, status: int, error: str, detail: str) -> None:
        start, body = _error(status, error, detail)
        await send(start)
        await send(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel that yields the buffered body once, then the client's messages."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
