"""Files of URLs, fetched politely: per-host concurrency and delay, robots.txt honoured."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..options import Options
from .readers import is_html, open_text_or_binary
from .records import Page, Skipped, provenance


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How URL lists are fetched."""

    user_agent: str = "thresher-crawl/0.1 (+https://example.invalid/thresher)"
    robots: bool = True
    per_host: int = 1
    delay: float = 1.0
    concurrency: int = 8
    timeout: float = 20.0


class _Host:
    """Per-host politeness: a concurrency slot count, a delay and a cached robots.txt."""

    def __init__(self, per_host: int) -> None:
        self.slots = threading.Semaphore(per_host)
        self.lock = threading.Lock()
        self.last = 0.0
        self.robots: RobotFileParser | None = None
        self.robots_error: str | None = None


class PoliteFetcher:
    """Fetches pages with an httpx client, one `_Host` state per scheme://host."""

    def __init__(self, policy: FetchPolicy, options: Options) -> None:
        import httpx

        self.policy, self.options = policy, options
        self.client = httpx.Client(follow_redirects=True, timeout=policy.timeout,
                                   headers={"User-Agent": policy.user_agent})
        self.hosts: dict[str, _Host] = {}
        self.lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def _host(self, url: str) -> tuple[str, _Host]:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self.lock:
            return key, self.hosts.setdefault(key, _Host(self.policy.per_host))

    def get(self, url: str, source: str) -> Page | Skipped:
        """Fetch one URL as a `Page`, or a `Skipped` with the reason."""
        meta = provenance(source, record_id=url, target_uri=url)
        if not url.startswith(("http://", "https://")):
            return Skipped("fetch-error", "not an http(s) URL", meta)
        key, host = self._host(url)
        with host.slots:
            if self.policy.robots and (why := self._disallowed(key, host, url)):
                return Skipped("robots", why, meta)
            self._wait_turn(host)
            try:
                return self._fetch(url, meta)
            except Exception as exc:  # noqa: BLE001 - network errors become skips
                return Skipped("fetch-error", f"{type(exc).__name__}: {str(exc)[:200]}", meta)

    def _wait_turn(self, host: _Host) -> None:
        with host.lock:
            wait = host.last + self.policy.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            host.last = time.monotonic()

    def _disallowed(self, key: str, host: _Host, url: str) -> str | None:
        with host.lock:
            if host.robots is None and host.robots_error is None:
                self._load_robots(key, host)
                host.last = time.monotonic()
        if host.robots_error:
            return host.robots_error
        assert host.robots is not None
        if not host.robots.can_fetch(self.policy.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def _load_robots(self, key: str, host: _Host) -> None:
        parser = RobotFileParser()
        try:
            response = self.client.get(f"{key}/robots.txt")
        except Exception as exc:  # noqa: BLE001
            host.robots_error = f"robots.txt unreachable: {type(exc).__name__}"
            return
        if response.status_code >= 500:
            host.robots_error = f"robots.txt answered HTTP {response.status_code}"
            return
        parser.parse(response.text.splitlines() if response.status_code < 400 else [])
        host.robots = parser

    def _fetch(self, url: str, meta: dict) -> Page | Skipped:
        from ..errors import FetchError
        from ..fetch import HTML_TYPES, TEXT_TYPES, fetch, media_type

        meta["fetch_date"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            got = fetch(url, timeout=self.policy.timeout, max_bytes=self.options.max_bytes,
                        user_agent=self.policy.user_agent, accept_types=HTML_TYPES + TEXT_TYPES)
        except FetchError as exc:
            reason = "not-html" if "not an HTML page" in str(exc) else "fetch-error"
            return Skipped(reason, str(exc)[:300], meta)
        meta.update(target_uri=got.url, http_status=got.status, content_type=got.content_type)
        if media_type(got.content_type) in TEXT_TYPES:
            return Page("text", got.body.decode("utf-8", "replace"), meta)
        if got.content_type is None and not is_html(None, got.body):
            return Skipped("not-html", "no content type and no markup", meta)
        return Page("html", got.body, meta)


def read_urls(path: Path, source: str, options: Options, policy: FetchPolicy
              ) -> Iterator[Page | Skipped]:
    """Fetch each URL of a file (one a line, `#` comments), yielding in file order."""
    fetcher = PoliteFetcher(policy, options)
    window: deque[Future[Page | Skipped]] = deque()
    try:
        with ThreadPoolExecutor(policy.concurrency) as pool, open_text_or_binary(path) as fh:
            for raw in fh:
                url = raw.decode("utf-8", "replace").strip()
                if not url or url.startswith("#"):
                    continue
                window.append(pool.submit(fetcher.get, url, source))
                if len(window) >= policy.concurrency * 4:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
    finally:
        fetcher.close()
