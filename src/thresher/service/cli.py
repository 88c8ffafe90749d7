"""The `thresher serve` command (registered lazily by the main CLI)."""

from __future__ import annotations

import os

import click

from .settings import ENV_VAR, Settings

DEFAULTS = Settings()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (one per core suits extraction, which is CPU-bound).")
@click.option("--allow-private", is_flag=True,
              help="Let {\"url\": ...} reach private, loopback and link-local addresses.")
@click.option("--max-body", "max_body_bytes", default=DEFAULTS.max_body_bytes,
              show_default=True, type=click.IntRange(1), help="Largest request body, bytes.")
@click.option("--time-limit", default=DEFAULTS.time_limit, show_default=True,
              type=click.FloatRange(0.1),
              help="Seconds allowed to fetch a URL, and again to extract a page.")
@click.option("--concurrency", "max_concurrency", default=DEFAULTS.max_concurrency,
              show_default=True, type=click.IntRange(1),
              help="Extractions at once per worker; more requests wait their turn.")
@click.option("--queue-timeout", default=DEFAULTS.queue_timeout, show_default=True,
              type=click.FloatRange(0), help="Seconds a request may wait for a slot; then 503.")
@click.option("--max-pending", default=DEFAULTS.max_pending, show_default=True,
              type=click.IntRange(1), help="Requests held per worker; beyond that, 503.")
@click.option("--fetch-max-bytes", default=DEFAULTS.fetch_max_bytes, show_default=True,
              type=click.IntRange(1), help="Largest page fetched for a URL, bytes.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, workers: int, log_level: str, **limits: object) -> None:
    """Serve the extraction API and the web page at http://HOST:PORT/."""
    try:
        import uvicorn
    except ImportError as exc:
        raise click.ClickException(
            "thresher serve needs the 'serve' extra: pip install 'thresher[serve]'") from exc
    settings = Settings(**limits)  # type: ignore[arg-type]
    os.environ[ENV_VAR] = settings.to_env()
    uvicorn.run("thresher.service.app:app_from_env", factory=True, host=host, port=port,
                workers=workers, log_level=log_level, server_header=False,
                timeout_graceful_shutdown=5)


if __name__ == "__main__":
    serve()
