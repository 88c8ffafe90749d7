"""thresher.fetch against a local HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from thresher.errors import FetchError
from thresher.fetch import FetchedPage, fetch, media_type

PAGE = b"<!doctype html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"


class Handler(BaseHTTPRequestHandler):
    """Routes: /page, /latin1, /redirect, /loop, /missing, /pdf, /big, /big-chunked, /slow."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        route = getattr(self, "route_" + self.path.strip("/").replace("-", "_"), None)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route()

    def _send(self, body: bytes, content_type: str = "text/html; charset=utf-8",
              status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (timeout tests)
            self.wfile.write(body)

    def route_page(self) -> None:
        self._send(PAGE)

    def route_latin1(self) -> None:
        para = ("<p>The café on the corner of the square has served the same almond cake "
                "since its doors first opened, and the queue outside it on a Saturday "
                "morning is longer than ever, according to the owner.</p>")
        body = f"<html><body><article><h1>A café</h1>{para * 3}</article></body></html>"
        self._send(body.encode("latin-1"), "text/html; charset=ISO-8859-1")

    def route_redirect(self) -> None:
        self.send_response(302)
        self.send_header("Location", "/page")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_loop(self) -> None:
        self.send_response(301)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_missing(self) -> None:
        self._send(b"<h1>gone</h1>", status=404)

    def route_pdf(self) -> None:
        self._send(b"%PDF-1.4", "application/pdf")

    def route_big(self) -> None:
        self._send(b"<p>" + b"x" * 50_000 + b"</p>")

    def route_big_chunked(self) -> None:  # no Content-Length: the cap must stop the stream
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"<p>" + b"y" * 8000 + b"</p>"
        try:
            for _ in range(100):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client hung up once over its limit
            pass

    def route_slow(self) -> None:
        time.sleep(1.5)
        self._send(PAGE)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetches_page_with_status_type_and_body(server: str) -> None:
    page = fetch(server + "/page")
    assert page == FetchedPage(server + "/page", 200, "text/html; charset=utf-8", PAGE)


def test_follows_redirects_and_reports_final_url(server: str) -> None:
    page = fetch(server + "/redirect")
    assert page.url == server + "/page"
    assert page.body == PAGE


def test_charset_header_is_kept_for_decoding(server: str) -> None:
    import thresher

    page = fetch(server + "/latin1")
    assert page.content_type == "text/html; charset=ISO-8859-1"
    article = thresher.extract(page.body, url=page.url, content_type=page.content_type)
    assert "The café on the corner" in article.text


def test_redirect_loop_is_bounded(server: str) -> None:
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(server + "/loop", max_redirects=3)


def test_http_error_status_names_the_status(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        fetch(server + "/missing")


def test_non_html_content_type_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match=r"not an HTML page \(content type application/pdf\)"):
        fetch(server + "/pdf")
    assert fetch(server + "/pdf", accept_types=None).body == b"%PDF-1.4"


def test_size_cap_by_content_length(server: str) -> None:
    with pytest.raises(FetchError, match="over the limit of 10000 bytes"):
        fetch(server + "/big", max_bytes=10_000)
    assert len(fetch(server + "/big", max_bytes=60_000).body) == 50_007


def test_size_cap_stops_an_unbounded_stream(server: str) -> None:
    with pytest.raises(FetchError, match="over the limit of 20000 bytes"):
        fetch(server + "/big-chunked", max_bytes=20_000)


def test_timeout(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        fetch(server + "/slow", timeout=0.3)
    assert time.monotonic() - start < 1.4


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="connection refused"):
        fetch(f"http://127.0.0.1:{port}/", timeout=2)


def test_dns_failure() -> None:
    with pytest.raises(FetchError, match="DNS lookup failed"):
        fetch("http://no-such-host.invalid/story", timeout=5)


def test_tls_failure_against_a_plain_http_server(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="TLS failure"):
        fetch(f"https://127.0.0.1:{port}/page", timeout=2)


def test_only_http_urls() -> None:
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch("ftp://example.invalid/file")


def test_media_type() -> None:
    assert media_type("Text/HTML; charset=UTF-8") == "text/html"
    assert media_type(None) is None
    assert media_type("") is None
