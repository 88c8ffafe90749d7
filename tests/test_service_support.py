"""Helpers of the service tests: fixture pages written for them, and a server subprocess."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

STORY = [
    "The harbour council voted on Tuesday evening to rebuild the old stone pier, ending a "
    "debate that had divided the town for almost a decade and filled many public meetings.",
    "Engineers told the council that the pier, built in 1887, had been weakened by decades of "
    "winter storms, and that patching it again would cost nearly as much as starting over.",
    "Fishermen who use the pier every morning welcomed the decision, although several said "
    "they worried about where they would moor their boats while the work goes on next year.",
    "The council expects the new pier to open in the spring of the following year, and has "
    "promised that the town's annual regatta will go ahead on a temporary floating landing.",
]


def article_page(title: str = "Council votes to rebuild the harbour pier",
                 paragraphs: list[str] | None = None, extra_head: str = "",
                 extra_body: str = "") -> str:
    """A small news page: navigation, the story with a byline and a caption, related links."""
    paras = "\n".join(f"<p>{p}</p>" for p in (paragraphs or STORY))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">{extra_head}</head>
<body>
<header class="site-header"><nav class="menu"><ul><li><a href="/">Home</a></li>
<li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article class="story">
<h1>{title}</h1>
<p class="byline">By Mara Quint</p>
<figure><img src="/pier.jpg" alt="The pier"><figcaption>The old pier at low tide.
</figcaption></figure>
{paras}
{extra_body}
</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Ferry times change</a></li>
<li><a href="/b">Lighthouse reopens</a></li><li><a href="/c">Tide tables</a></li></ul>
</aside></main>
<footer class="site-footer"><p>© Harbour Gazette. <a href="/privacy">Privacy</a>
<a href="/terms">Terms</a></p></footer>
</body></html>"""


def big_page(target_bytes: int = 100_000, seed: int = 0) -> str:
    """A page of about `target_bytes`: a long story among plenty of navigation and links."""
    words = ["river", "market", "council", "school", "winter", "harbour", "storm", "bridge",
             "teacher", "budget", "festival", "museum", "library", "station", "garden", "tower",
             "engineer", "report", "vote", "street"]
    paras, links, i = [], [], seed
    while sum(map(len, paras)) + sum(map(len, links)) < target_bytes * 0.8:
        sentence = " ".join(words[(i * 7 + k * 3) % len(words)] for k in range(18))
        paras.append(f"The {sentence}. It was said that {sentence[:90]}, and so on, again.")
        links.append(f'<li><a href="/n/{i}">Link number {i} to another story</a></li>')
        i += 1
    nav = f"<nav><ul>{''.join(links)}</ul></nav>"
    return article_page(paragraphs=paras[: len(paras) // 2], extra_body=nav) + "\n".join(
        f"<div class='promo'><p>{p}</p></div>" for p in paras[len(paras) // 2:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_server(*args: str, timeout: float = 30.0) -> Iterator[str]:
    """`thresher serve` in a subprocess on a free loopback port; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "thresher.service.cli", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", *args]
    proc = subprocess.Popen(cmd, env=dict(os.environ), cwd=Path(__file__).parent)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                health = httpx.get(base + "/health", timeout=1.0, trust_env=False)
                if health.status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start in time")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


ARTIFACTS_ENV = "THRESHER_ARTIFACTS"
CHROMIUM_ENV = "THRESHER_CHROMIUM"


def artifacts_dir() -> Path:
    """Where browser tests keep screenshots: $THRESHER_ARTIFACTS or <repo>/tmp/artifacts."""
    path = Path(os.environ.get(ARTIFACTS_ENV) or Path(__file__).parent.parent / "tmp/artifacts")
    path.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if path.parent.name == "tmp" and not ignore.exists():
        ignore.write_text("*\n")  # test output never shows up in git
    return path


def chromium_path() -> str | None:
    """Debian's Chromium (or $THRESHER_CHROMIUM), or None when it is not installed."""
    path = os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium"
    return path if Path(path).exists() else None
