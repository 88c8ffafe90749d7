"""The HTTP API of `thresher serve`, driven with httpx against the app in-process."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")

import httpx  # noqa: E402
from test_service_support import STORY, article_page  # noqa: E402

import thresher  # noqa: E402
from thresher.service import app as app_module  # noqa: E402
from thresher.service.app import create_app  # noqa: E402
from thresher.service.settings import Settings  # noqa: E402


def call(app: Any, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """One request to the app through httpx's ASGI transport."""
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, path, **kwargs)
    return asyncio.run(go())


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Settings())


def test_health(app: Any) -> None:
    r = call(app, "GET", "/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["limits"]["allow_private"] is False


def test_extract_json_matches_the_library(app: Any) -> None:
    page = article_page()
    r = call(app, "POST", "/v1/extract", json={"html": page, "url": "https://example.com/s"})
    assert r.status_code == 200, r.text
    expected = thresher.extract(page, url="https://example.com/s").to_dict()
    assert r.json() == expected
    assert STORY[1][:40] in r.json()["text"]


def test_extract_raw_html_body_and_formats(app: Any) -> None:
    page = article_page().encode()
    headers = {"content-type": "text/html; charset=utf-8"}
    r = call(app, "POST", "/v1/extract?format=markdown", content=page, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/markdown")
    assert r.text == thresher.extract(page).to_markdown()
    r = call(app, "POST", "/v1/extract?format=text", content=page, headers=headers)
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text == thresher.extract(page).to_text()
    r = call(app, "POST", "/v1/extract?format=pdf", content=page, headers=headers)
    assert r.status_code == 400


def test_explain_lists_every_block_with_label_and_reason(app: Any) -> None:
    page = article_page()
    r = call(app, "POST", "/v1/explain", json={"html": page})
    assert r.status_code == 200, r.text
    data = r.json()
    exp = thresher.explain(page)
    assert [b["text"] for b in data["blocks"]] == [b.text for b in exp.blocks]
    assert [b["label"] for b in data["blocks"]] == [d.label for d in exp.decisions]
    assert [b["index"] for b in data["blocks"]] == sorted(b["index"] for b in data["blocks"])
    first = data["blocks"][0]
    assert set(first) >= {"text", "kind", "tag", "path", "attrs", "label", "score", "reason",
                          "features"}
    assert all(isinstance(b["path"], list) and b["reason"] for b in data["blocks"])
    assert data["article"] == exp.article.to_dict()
    assert data["markdown"] == exp.article.to_markdown()
    assert data["source"] == {"type": "html"}


def test_options_are_passed_and_server_limits_cannot_be_raised(app: Any) -> None:
    page = article_page()
    r = call(app, "POST", "/v1/extract", json={"html": page, "options": {"threshold": 0.9}})
    assert r.status_code == 200
    for bad in ({"model_path": "/etc/passwd"}, {"max_bytes": 10**12}, {"time_limit": 1e9},
                {"threshold": "high"}, {"threshold": 7}, {"tables": 1}):
        r = call(app, "POST", "/v1/extract", json={"html": page, "options": bad})
        assert r.status_code == 400, bad
        assert r.json()["error"] == "BadRequest"


@pytest.mark.parametrize("body,status", [
    (b"{not json", 400),
    (b"[1, 2]", 400),
    (b"{}", 400),
    (b'{"html": "<p>x</p>", "text": "x"}', 400),
    (b'{"html": 3}', 400),
    (b'{"html": "<p>x</p>", "color": "red"}', 400),
])
def test_malformed_requests_get_400(app: Any, body: bytes, status: int) -> None:
    r = call(app, "POST", "/v1/extract", content=body,
             headers={"content-type": "application/json"})
    assert r.status_code == status
    assert r.json()["detail"]


def test_unsupported_content_type_gets_415(app: Any) -> None:
    r = call(app, "POST", "/v1/extract", content=b"\x00\x01",
             headers={"content-type": "application/octet-stream"})
    assert r.status_code == 415


def test_text_input(app: Any) -> None:
    text = "Council votes on the pier\n\n" + "\n\n".join(STORY)
    r = call(app, "POST", "/v1/extract", json={"text": text})
    if not hasattr(thresher, "extract_text"):
        assert r.status_code == 501
        assert "text input" in r.json()["detail"]
        return
    if r.status_code == 422 and "text-mode model" in r.json()["detail"]:
        pytest.skip("the text-mode model is not shipped yet")
    assert r.status_code == 200, r.text
    assert STORY[2][:40] in r.json()["text"]
    r = call(app, "POST", "/v1/explain", content=text.encode(),
             headers={"content-type": "text/plain"})
    assert r.status_code == 200
    assert r.json()["article"]["text"] and r.json()["source"] == {"type": "text"}


def test_body_limit_gives_413() -> None:
    small = create_app(Settings(max_body_bytes=1000))
    r = call(small, "POST", "/v1/extract", json={"html": "<p>" + "x" * 2000 + "</p>"})
    assert r.status_code == 413
    assert r.json()["error"] == "body_too_large"

    async def chunks():  # no Content-Length: the limit holds while streaming too
        for _ in range(5):
            yield b"<p>" + b"y" * 500 + b"</p>"
    r = call(small, "POST", "/v1/extract", content=chunks(),
             headers={"content-type": "text/html"})
    assert r.status_code == 413


def test_time_limit_gives_504(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)
        raise AssertionError("should have been abandoned")
    monkeypatch.setattr(app_module.thresher, "extract", slow)
    fast = create_app(Settings(time_limit=0.2))
    started = time.monotonic()
    r = call(fast, "POST", "/v1/extract", json={"html": article_page()})
    assert r.status_code == 504
    assert r.json()["error"] == "TimeLimitExceeded"
    assert time.monotonic() - started < 0.9


def test_concurrency_limit_and_pending_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    running, peak = 0, 0
    real = thresher.extract

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        time.sleep(0.05)
        running -= 1
        return real(*args, **kwargs)
    monkeypatch.setattr(app_module.thresher, "extract", counting)
    limited = create_app(Settings(max_concurrency=2, max_pending=6))
    page = article_page()

    async def burst() -> list[int]:
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            rs = await asyncio.gather(*(client.post("/v1/extract", json={"html": page})
                                        for _ in range(10)))
        return [r.status_code for r in rs]
    codes = asyncio.run(burst())
    assert peak <= 2
    assert codes.count(200) >= 6
    assert set(codes) <= {200, 503}
    assert 503 in codes


def test_queue_timeout_gives_503(monkeypatch: pytest.MonkeyPatch) -> None:
    real = thresher.extract

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.4)
        return real(*args, **kwargs)
    monkeypatch.setattr(app_module.thresher, "extract", slow)
    one = create_app(Settings(max_concurrency=1, queue_timeout=0.1))
    page = article_page()

    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=one)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await asyncio.gather(*(client.post("/v1/extract", json={"html": page})
                                          for _ in range(3)))
    rs = asyncio.run(burst())
    assert sorted(r.status_code for r in rs) == [200, 503, 503]
    assert {r.json()["error"] for r in rs if r.status_code == 503} == {"Busy"}


def test_thresher_errors_become_json(app: Any) -> None:
    r = call(app, "POST", "/v1/extract", json={"html": ""})
    assert r.status_code in (200, 422)
    if r.status_code == 422:
        assert r.json()["error"] in {"InputError", "DecodeError"}


def test_page_and_static_files_have_a_strict_csp(app: Any) -> None:
    for path in ("/", "/static/app.js", "/static/style.css", "/health"):
        r = call(app, "GET", path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/static/app.js\"" in call(app, "GET", "/").text


def test_openapi_docs(app: Any) -> None:
    spec = call(app, "GET", "/openapi.json").json()
    assert {"/v1/extract", "/v1/explain", "/health"} <= set(spec["paths"])
    body = spec["paths"]["/v1/extract"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/html", "text/plain"} <= set(body)
    assert call(app, "GET", "/docs").status_code == 200
