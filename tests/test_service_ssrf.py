"""URL fetching of the service: only public addresses, pinned, every redirect re-checked."""

from __future__ import annotations

import asyncio
import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")

import httpx  # noqa: E402
from test_service_support import STORY, article_page  # noqa: E402

from thresher.service import ssrf  # noqa: E402
from thresher.service.app import create_app  # noqa: E402
from thresher.service.settings import Settings  # noqa: E402

PUBLIC = "93.184.216.34"
DNS = {"news.example": [PUBLIC], "other.example": ["203.0.114.7"],
       "evil.example": ["127.0.0.1"], "internal.example": ["192.168.1.10"],
       "split.example": [PUBLIC, "10.1.2.3"], "v6.example": ["fd00::1"],
       "xn--bcher-kva.example": [PUBLIC]}


async def fake_resolver(host: str, port: int) -> list[str]:
    return DNS[host]


class Recorder:
    """A mock network: answers from `routes` by (host header, path) and records requests."""

    def __init__(self, routes: dict[tuple[str, str], httpx.Response]) -> None:
        self.routes = routes
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        key = (request.headers["host"], request.url.path)
        return self.routes.get(key, httpx.Response(404))


def post(app: Any, body: dict[str, Any]) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post("/v1/extract", json=body)
    return asyncio.run(go())


def page_response() -> httpx.Response:
    return httpx.Response(200, text=article_page(),
                          headers={"content-type": "text/html; charset=utf-8"})


def redirect(to: str) -> httpx.Response:
    return httpx.Response(302, headers={"location": to})


def mock_app(recorder: Recorder, **settings: Any) -> Any:
    return create_app(Settings(**settings), resolver=fake_resolver,
                      transport=httpx.MockTransport(recorder))


@pytest.mark.parametrize("address,public", [
    ("93.184.216.34", True), ("2606:4700::1111", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False),
    ("224.0.0.1", False), ("239.1.1.1", False), ("255.255.255.255", False),
    ("192.0.2.1", False), ("::1", False), ("::", False), ("fe80::1", False), ("fd00::1", False),
    ("ff02::1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
    ("64:ff9b::7f00:1", False), ("2002:7f00:1::", False), ("2001:db8::1", False),
])
def test_address_rules(address: str, public: bool) -> None:
    assert ssrf.is_public(ipaddress.ip_address(address)) is public


def test_connects_to_the_checked_address_with_host_header() -> None:
    rec = Recorder({("news.example", "/story"): page_response()})
    r = post(mock_app(rec), {"url": "http://news.example/story"})
    assert r.status_code == 200, r.text
    assert STORY[0][:40] in r.json()["text"]
    assert r.json()["url"] == "http://news.example/story"
    (request,) = rec.seen
    assert request.url.host == PUBLIC  # pinned: no second DNS lookup by the client
    assert request.headers["host"] == "news.example"


def test_https_sets_sni_to_the_name() -> None:
    rec = Recorder({("news.example", "/s"): page_response()})
    assert post(mock_app(rec), {"url": "https://news.example/s"}).status_code == 200
    assert rec.seen[0].extensions["sni_hostname"] == "news.example"
    assert rec.seen[0].url.host == PUBLIC


def test_international_names_are_resolved_and_sent_idna_encoded() -> None:
    rec = Recorder({("xn--bcher-kva.example", "/s"): page_response()})
    assert post(mock_app(rec), {"url": "https://bücher.example/s"}).status_code == 200
    assert rec.seen[0].extensions["sni_hostname"] == "xn--bcher-kva.example"


@pytest.mark.parametrize("name", ["evil.example", "internal.example", "split.example",
                                  "v6.example"])
def test_names_resolving_to_private_addresses_are_refused(name: str) -> None:
    rec = Recorder({})
    r = post(mock_app(rec), {"url": f"http://{name}/"})
    assert r.status_code == 403
    assert r.json()["error"] == "BlockedAddress"
    assert rec.seen == []  # nothing was sent anywhere


def test_system_resolver_answer_of_loopback_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    async def loopback(host: str, port: int, **kwargs: Any) -> list[Any]:
        return [(2, 1, 6, "", ("127.0.0.1", port))]
    monkeypatch.setattr(ssrf.anyio, "getaddrinfo", loopback)
    rec = Recorder({})
    app = create_app(Settings(), transport=httpx.MockTransport(rec))
    r = post(app, {"url": "http://looks-public.example/"})
    assert r.status_code == 403
    assert "127.0.0.1" in r.json()["detail"]
    assert rec.seen == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:22/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
    "http://169.254.169.254/latest/meta-data/", "http://2130706433/", "http://0x7f.1/",
    "file:///etc/passwd", "ftp://news.example/", "gopher://news.example/",
])
def test_literal_private_addresses_and_other_schemes_are_refused(url: str) -> None:
    rec = Recorder({})
    app = create_app(Settings(), transport=httpx.MockTransport(rec))
    r = post(app, {"url": url})
    assert r.status_code == 403, r.text
    assert rec.seen == []


@pytest.mark.parametrize("target", ["http://10.0.0.5/admin", "http://internal.example/",
                                    "http://[::1]:8080/", "file:///etc/passwd"])
def test_redirect_to_a_private_address_is_refused(target: str) -> None:
    rec = Recorder({("news.example", "/go"): redirect(target)})
    r = post(mock_app(rec), {"url": "http://news.example/go"})
    assert r.status_code == 403
    assert len(rec.seen) == 1  # the private hop was never requested


def test_public_redirects_are_followed_and_pinned() -> None:
    rec = Recorder({("news.example", "/old"): redirect("http://other.example/new"),
                    ("other.example", "/new"): page_response()})
    r = post(mock_app(rec), {"url": "http://news.example/old"})
    assert r.status_code == 200
    assert [q.url.host for q in rec.seen] == [PUBLIC, "203.0.114.7"]
    assert r.json()["url"] == "http://other.example/new"


def test_redirect_loops_and_big_pages_are_capped() -> None:
    rec = Recorder({("news.example", "/loop"): redirect("/loop")})
    r = post(mock_app(rec, max_redirects=3), {"url": "http://news.example/loop"})
    assert r.status_code == 502
    assert len(rec.seen) == 4
    big = Recorder({("news.example", "/big"): httpx.Response(200, content=b"x" * 5000)})
    r = post(mock_app(big, fetch_max_bytes=1000), {"url": "http://news.example/big"})
    assert r.status_code == 413
    err = Recorder({("news.example", "/gone"): httpx.Response(410)})
    assert post(mock_app(err), {"url": "http://news.example/gone"}).status_code == 502


class _Page(BaseHTTPRequestHandler):
    hosts: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Page.hosts.append(self.headers["Host"])
        body = article_page().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_allow_private_reaches_a_real_loopback_server() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://localhost:{server.server_port}/story"
        assert post(create_app(Settings()), {"url": url}).status_code == 403
        assert _Page.hosts == []
        r = post(create_app(Settings(allow_private=True)), {"url": url})
        assert r.status_code == 200, r.text
        assert STORY[3][:40] in r.json()["text"]
        assert _Page.hosts == [f"localhost:{server.server_port}"]
    finally:
        server.shutdown()
        server.server_close()
