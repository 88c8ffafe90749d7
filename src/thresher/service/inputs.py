"""What a request asks for: parse the body into a `Job` (HTML, text or a URL to fetch)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..options import Options

#: Options a client may set, with their JSON types. Limits and the model path stay server-side.
CLIENT_OPTIONS: dict[str, type] = {
    "comments": bool,
    "tables": bool,
    "links": bool,
    "images_in_markdown": bool,
    "threshold": float,
    "detect_language": bool,
}
SOURCES = ("html", "text", "url")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class BadRequest(InputError):
    """The request is malformed (answered with HTTP 400)."""


class UnsupportedMediaType(InputError):
    """The request body has a content type the service does not read (HTTP 415)."""


@dataclass(frozen=True, slots=True)
class Job:
    """One extraction to run: `source` is "html", "text" or "url" (fetch `url` first)."""

    source: str
    payload: bytes | str
    url: str | None
    options: dict[str, Any]
    content_type: str | None = None


def _option(name: str, value: object) -> bool | float:
    kind = CLIENT_OPTIONS.get(name)
    if kind is None:
        allowed = ", ".join(CLIENT_OPTIONS)
        raise BadRequest(f"unknown or server-side option {name!r}; clients may set: {allowed}")
    if kind is bool and isinstance(value, bool):
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 0.0 <= value <= 1.0:
            return float(value)
        raise BadRequest(f"option {name!r} must be between 0 and 1")
    raise BadRequest(f"option {name!r} must be a {'boolean' if kind is bool else 'number'}")


def parse_options(raw: object) -> dict[str, Any]:
    """Validate the client's options object."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise BadRequest("'options' must be an object")
    return {name: _option(name, value) for name, value in raw.items()}


def build_options(client: dict[str, Any], time_limit: float, max_bytes: int) -> Options:
    """Options for one extraction: the client's choices under the server's limits."""
    return Options(**client).with_(time_limit=max(time_limit, 0.01), max_bytes=max_bytes,
                                   max_text_chars=max_bytes, model_path=None)


def _json_job(body: bytes) -> Job:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"the body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise BadRequest("the JSON body must be an object")
    unknown = set(data) - {*SOURCES, "options"}
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    given = [s for s in ("html", "text") if data.get(s) is not None]
    if len(given) > 1:
        raise BadRequest("give one of 'html' or 'text', not both")
    url = data.get("url")
    if url is not None and (not isinstance(url, str) or not url.strip()):
        raise BadRequest("'url' must be a non-empty string")
    options = parse_options(data.get("options"))
    if given:
        payload = data[given[0]]
        if not isinstance(payload, str):
            raise BadRequest(f"'{given[0]}' must be a string")
        return Job(given[0], payload, url, options)
    if url is None:
        raise BadRequest("give one of 'html', 'text' or 'url'")
    return Job("url", "", url.strip(), options)


def parse_job(body: bytes, content_type: str, query: dict[str, str]) -> Job:
    """The job of a request: a JSON object, or a raw text/html or text/plain body."""
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json" or media.endswith("+json"):
        return _json_job(body)
    url = query.get("url") or None
    if media in HTML_TYPES:
        return Job("html", body, url, {}, content_type)
    if media == "text/plain":
        try:
            return Job("text", body.decode("utf-8"), url, {})
        except UnicodeDecodeError as exc:
            raise BadRequest("a text/plain body must be UTF-8") from exc
    raise UnsupportedMediaType(
        f"unsupported content type {media or '(none)'!r}: send application/json, "
        "text/html or text/plain")
