"""The ASGI app of `thresher serve`: the extract and explain API and the page at `/`."""

from __future__ import annotations

import math
import time
from functools import partial
from importlib import resources
from typing import Any

import anyio
import httpx
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

import thresher

from ..blocks import Block, Decision
from ..errors import FetchError, InputError, LimitExceeded, ThresherError, TimeLimitExceeded
from .guard import Guard
from .inputs import BadRequest, Job, UnsupportedMediaType, build_options, parse_job
from .openapi import EXPLAIN_DOC, EXTRACT_DOC
from .settings import Settings
from .ssrf import BlockedAddress, Resolver, fetch, system_resolver

STATIC = resources.files("thresher.service") / "static"
FORMATS = ("json", "markdown", "text")


class NotAvailable(ThresherError):
    """A feature this build of thresher does not have yet (HTTP 501)."""


class Busy(ThresherError):
    """Every extraction slot stayed taken for the whole queue timeout (HTTP 503)."""


def _status(exc: ThresherError) -> int:
    """The HTTP status of an error; the most specific class comes first."""
    for cls, status in ((BadRequest, 400), (UnsupportedMediaType, 415), (BlockedAddress, 403),
                        (TimeLimitExceeded, 504), (LimitExceeded, 413), (FetchError, 502),
                        (NotAvailable, 501), (Busy, 503), (InputError, 422)):
        if isinstance(exc, cls):
            return status
    return 422


def _error(status: int, name: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": name, "detail": detail}, status_code=status)


def _finite(value: Any) -> Any:
    """JSON cannot carry NaN or infinity: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _block_json(block: Block, decision: Decision, features: dict) -> dict[str, Any]:
    return {
        "index": block.index, "text": block.text, "kind": block.kind, "tag": block.tag,
        "path": list(block.path), "attrs": list(block.attrs), "label": decision.label,
        "score": _finite(round(float(decision.score), 4)), "reason": decision.reason,
        "features": {k: _finite(v) for k, v in features.items()},
    }


def _run_sync(job: Job, explain: bool, settings: Settings, deadline: float) -> dict[str, Any]:
    """Extract (in a worker thread); returns the article and, when asked, the blocks."""
    options = build_options(job.options, deadline - time.monotonic(), settings.max_body_bytes)
    if job.source == "text":
        return _run_text(job, explain, options)
    if not explain:
        article = thresher.extract(job.payload, url=job.url, options=options,
                                   content_type=job.content_type)
        return {"article": article}
    exp = thresher.explain(job.payload, url=job.url, options=options,
                           content_type=job.content_type)
    blocks = [_block_json(b, d, f)
              for b, d, f in zip(exp.blocks, exp.decisions, exp.features, strict=False)]
    return {"article": exp.article, "blocks": blocks}


def _run_text(job: Job, explain: bool, options: thresher.Options) -> dict[str, Any]:
    extract_text = getattr(thresher, "extract_text", None)
    if extract_text is None:
        raise NotAvailable("text input is not available in this build of thresher yet")
    explain_text = getattr(thresher, "explain_text", None)
    if explain and explain_text is not None:
        exp = explain_text(job.payload, url=job.url, options=options)
        blocks = [_block_json(b, d, f)
                  for b, d, f in zip(exp.blocks, exp.decisions, exp.features, strict=False)]
        return {"article": exp.article, "blocks": blocks}
    result: dict[str, Any] = {"article": extract_text(job.payload, url=job.url, options=options)}
    if explain:
        result["blocks"] = []
        result["note"] = "per-line explanation of text input is not available yet"
    return result


class Service:
    """Runs jobs under the settings: fetch when asked, then extract off the event loop."""

    def __init__(self, settings: Settings, resolver: Resolver,
                 transport: httpx.AsyncBaseTransport | None) -> None:
        self.settings = settings
        self.resolver = resolver
        self.transport = transport
        self.limiter = anyio.CapacityLimiter(settings.max_concurrency)

    async def run(self, request: Request, explain: bool) -> dict[str, Any]:
        """Parse the request, fetch the URL if asked, then extract."""
        job = parse_job(await request.body(), request.headers.get("content-type", ""),
                        dict(request.query_params))
        source: dict[str, Any] = {"type": job.source}
        if job.source == "url":
            page = await fetch(job.url or "", self.settings.fetch_limits(),
                               resolver=self.resolver, transport=self.transport)
            job = Job("html", page.content, page.url, job.options, page.content_type)
            source.update(url=page.url, bytes=len(page.content))
        result = await self._extract(job, explain)
        result["source"] = source
        return result

    async def _extract(self, job: Job, explain: bool) -> dict[str, Any]:
        """Extract in a worker thread once one of `max_concurrency` slots is free."""
        with anyio.move_on_after(self.settings.queue_timeout) as waiting:
            await self.limiter.acquire()
        if waiting.cancelled_caught:
            raise Busy(f"no extraction slot was free within {self.settings.queue_timeout} s; "
                       "retry later")
        limit = self.settings.time_limit
        try:
            # the pipeline keeps its own time limit; this backstop abandons a stuck thread
            with anyio.fail_after(limit * 1.1 + 0.1):
                run = partial(_run_sync, job, explain, self.settings,
                              time.monotonic() + limit)
                return await anyio.to_thread.run_sync(run, abandon_on_cancel=True)
        except TimeoutError as exc:
            raise TimeLimitExceeded("time_limit", limit,
                                    f"the extraction took over {limit} s") from exc
        finally:
            self.limiter.release()


def _article_response(article: thresher.Article, fmt: str) -> Response:
    if fmt == "markdown":
        return PlainTextResponse(article.to_markdown(), media_type="text/markdown")
    if fmt == "text":
        return PlainTextResponse(article.to_text())
    return JSONResponse(article.to_dict())


def _format(request: Request) -> str:
    fmt = request.query_params.get("format", "json")
    if fmt not in FORMATS:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    return fmt


def create_app(settings: Settings | None = None, *, resolver: Resolver = system_resolver,
               transport: httpx.AsyncBaseTransport | None = None) -> FastAPI:
    """The service under `settings`; `resolver` and `transport` are replaceable for tests."""
    settings = settings or Settings()
    service = Service(settings, resolver, transport)
    app = FastAPI(title="thresher", version=thresher.__version__,
                  description="Extract the article of a web page, and see why each block of "
                              "the page was kept or dropped.")
    app.state.settings = settings

    @app.exception_handler(ThresherError)
    async def _thresher_error(request: Request, exc: ThresherError) -> JSONResponse:
        return _error(_status(exc), type(exc).__name__, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal", "the server failed on this request")

    @app.get("/health")
    async def health() -> dict[str, Any]:
        """Liveness: the version and the limits in force."""
        return {"status": "ok", "version": thresher.__version__,
                "limits": {"max_body_bytes": settings.max_body_bytes,
                           "time_limit": settings.time_limit,
                           "max_concurrency": settings.max_concurrency,
                           "queue_timeout": settings.queue_timeout,
                           "allow_private": settings.allow_private}}

    @app.post("/v1/extract", openapi_extra=EXTRACT_DOC)
    async def extract(request: Request) -> Response:
        """Extract the article: JSON by default, or `?format=markdown|text`."""
        fmt = _format(request)
        return _article_response((await service.run(request, explain=False))["article"], fmt)

    @app.post("/v1/explain", openapi_extra=EXPLAIN_DOC)
    async def explain(request: Request) -> JSONResponse:
        """The article plus every block of the page with its features, label and reason."""
        result = await service.run(request, explain=True)
        article = result.pop("article")
        return JSONResponse({"article": article.to_dict(), "markdown": article.to_markdown(),
                             **result})

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(Guard, max_body=settings.max_body_bytes,
                       max_pending=settings.max_pending)
    return app


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: settings come from `THRESHER_SERVE_SETTINGS`."""
    return create_app(Settings.from_env())
