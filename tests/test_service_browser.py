"""The page at `/` in a real browser (Playwright driving Debian's Chromium, headless)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install '.[serve]')")

from test_service_support import (  # noqa: E402
    STORY,
    article_page,
    artifacts_dir,
    chromium_path,
    running_server,
)

TITLE = "Council votes to rebuild the harbour pier"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


def open_page(browser: Any, base: str, width: int, height: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    page.goto(base + "/")
    return page


def extract(page: Any, html: str) -> None:
    page.fill("#source", html)
    page.click("#run")
    page.wait_for_selector("#blocks li.block")


def test_paste_a_page_and_see_the_article_and_coloured_blocks(server: str, browser: Any) -> None:
    page = open_page(browser, server, 1280, 800)
    extract(page, article_page())
    assert page.text_content("#article .title").startswith(TITLE)
    body = page.text_content("#article .body")
    assert STORY[0] in body and STORY[3] in body
    assert "Privacy" not in body  # the footer was dropped
    assert page.locator("#blocks li.label-body").count() >= len(STORY)
    assert page.locator("#blocks li.dropped").count() >= 1
    kept = page.locator("#blocks li.label-body").first
    colour = kept.evaluate("e => getComputedStyle(e).backgroundColor")
    dropped = page.locator("#blocks li.dropped").first
    assert colour != dropped.evaluate("e => getComputedStyle(e).backgroundColor")
    assert kept.get_attribute("title").startswith("body (")  # the reason on hover
    page.screenshot(path=str(artifacts_dir() / "serve-desktop.png"), full_page=False)
    kept.click()
    assert "Reason:" in kept.text_content()
    page.uncheck("#show-dropped")
    assert not page.locator("#blocks li.dropped").first.is_visible()
    assert page.errors == []


def test_download_markdown(server: str, browser: Any) -> None:
    page = open_page(browser, server, 1280, 800)
    extract(page, article_page())
    with page.expect_download() as info:
        page.click("#dl-md")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"# {TITLE}") and STORY[1] in text


def test_phone_width_stacks_the_columns(server: str, browser: Any) -> None:
    page = open_page(browser, server, 390, 844)
    extract(page, article_page())
    article = page.locator("#article").bounding_box()
    blocks = page.locator("#blocks-pane").bounding_box()
    assert blocks["y"] >= article["y"] + article["height"] - 1
    assert article["width"] <= 390 and blocks["width"] <= 390
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling
    page.screenshot(path=str(artifacts_dir() / "serve-phone.png"), full_page=True)


def test_a_bad_request_shows_an_error(server: str, browser: Any) -> None:
    page = open_page(browser, server, 1280, 800)
    page.check("input[name=mode][value=url]")
    page.fill("#url", "http://127.0.0.1:1/")
    page.click("#run")
    sync_api.expect(page.locator("#status")).to_contain_text("403")
    assert "non-public" in page.text_content("#status")
