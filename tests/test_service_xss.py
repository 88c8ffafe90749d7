"""A crafted page cannot run script in the service's page: its data is shown as text."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")

import httpx  # noqa: E402
from test_service_support import (  # noqa: E402
    STORY,
    article_page,
    artifacts_dir,
    chromium_path,
    running_server,
)

from thresher.service.app import create_app  # noqa: E402

MARK = "window.__pwned=1"
TITLE = f'"><img src=x onerror="{MARK}"><script>{MARK}</script>'
BODY = f"&lt;img src=x onerror={MARK}&gt; and &lt;svg onload={MARK}&gt; in a sentence."
ATTR = f'x" onmouseover="{MARK}" data-x="'


def crafted_page() -> str:
    """A page whose title, body text, attributes and metadata carry script payloads."""
    head = (f'<meta name="author" content="&lt;img src=x onerror={MARK}&gt;">'
            f'<meta property="og:site_name" content="&lt;script&gt;{MARK}&lt;/script&gt;">')
    body = (f'<p class="{ATTR.replace(chr(34), "&quot;")}">{BODY} {STORY[0]}</p>'
            f'<script>{MARK}</script><img src=x onerror="{MARK}">'
            f'<a href="javascript:{MARK}">a link that runs script</a>')
    paras = [STORY[1], f"<b onclick=\"{MARK}\">{STORY[2]}</b>", STORY[3]]
    return article_page(title=TITLE.replace("<", "&lt;"), paragraphs=paras,
                        extra_head=head, extra_body=body)


def test_page_script_never_parses_data_as_html() -> None:
    source = (resources.files("thresher.service") / "static" / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setTimeout(\"", "DOMParser", "createContextualFragment"):
        assert sink not in source, sink
    html = (resources.files("thresher.service") / "static" / "index.html").read_text()
    assert "<script>" not in html and " on" not in html.replace("\n", " ").split("<body")[0]


def test_api_returns_payloads_as_json_data_not_markup() -> None:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.post("/v1/explain", json={"html": crafted_page()})
    r = asyncio.run(go())
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in r.headers["content-security-policy"]


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with running_server() as base, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.dialogs = []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.goto(base + "/")
        yield page
        browser.close()


def test_crafted_page_is_rendered_inert(page: Any) -> None:
    page.fill("#source", crafted_page())
    page.click("#run")
    page.wait_for_selector("#blocks li.block")
    for block in page.locator("#blocks li.block").all():
        block.hover()
        block.click()  # opens the details with the path and the class attributes
    page.locator("#article").hover()
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__pwned") is None
    assert page.dialogs == []
    # the payloads appear as literal text, and no element came out of them
    assert page.locator("#article img, #blocks img, #article script, #blocks script, "
                        "#article svg, #blocks svg, #article b, #article a").count() == 0
    title = page.text_content("#article .title")
    assert "<img src=x" in title and "<script>" in title
    assert f"<img src=x onerror={MARK}>" in page.text_content("#blocks")
    assert 'onmouseover="' in page.text_content("#blocks")  # the class attribute, as text
    page.screenshot(path=str(artifacts_dir() / "serve-xss.png"))
