"""OpenAPI descriptions of the request bodies (the routes read the body themselves)."""

from __future__ import annotations

from typing import Any

_OPTIONS = {
    "type": "object",
    "description": "Extraction options a client may set; limits stay server-side.",
    "additionalProperties": False,
    "properties": {
        "comments": {"type": "boolean", "description": "Include reader comments."},
        "tables": {"type": "boolean", "description": "Keep tables in the body."},
        "links": {"type": "boolean", "description": "Keep links in the Markdown."},
        "images_in_markdown": {"type": "boolean", "description": "Keep images in Markdown."},
        "threshold": {"type": "number", "minimum": 0, "maximum": 1,
                      "description": "Classifier threshold: higher keeps less."},
        "detect_language": {"type": "boolean", "description": "Detect the body's language."},
    },
}

_JSON_BODY = {
    "type": "object",
    "additionalProperties": False,
    "description": "One of `html` or `text`, with `url` as the page's address; or `url` "
                   "alone to have the server fetch it (public addresses only by default).",
    "properties": {
        "html": {"type": "string", "description": "The page's HTML."},
        "text": {"type": "string", "description": "A flattened plain-text page."},
        "url": {"type": "string", "format": "uri"},
        "options": _OPTIONS,
    },
    "example": {"html": "<html><head><title>Hello</title></head><body><article><p>"
                        "A paragraph of the story.</p></article></body></html>",
                "url": "https://example.com/story"},
}


def _body(what: str) -> dict[str, Any]:
    url_param = {"name": "url", "in": "query", "required": False,
                 "schema": {"type": "string"},
                 "description": "The page's address, for a raw text/html or text/plain body."}
    return {
        "parameters": [url_param],
        "requestBody": {
            "required": True,
            "description": what,
            "content": {
                "application/json": {"schema": _JSON_BODY},
                "text/html": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            },
        },
    }


EXTRACT_DOC = _body("The page to extract.")
EXTRACT_DOC["parameters"].append(
    {"name": "format", "in": "query", "required": False,
     "schema": {"type": "string", "enum": ["json", "markdown", "text"], "default": "json"}})
EXPLAIN_DOC = _body("The page to extract and explain.")
