"""The exceptions callers see: every failure is a `ThresherError`."""

from __future__ import annotations


class ThresherError(Exception):
    """Base class of every error thresher raises."""


class InputError(ThresherError):
    """The input is not something thresher can read (wrong type, not HTML, empty)."""


class DecodeError(InputError):
    """The bytes could not be decoded to text."""


class LimitExceeded(ThresherError):
    """A configured limit (size, depth, nodes, time) was exceeded; the message names it."""

    def __init__(self, limit: str, value: object, message: str | None = None) -> None:
        self.limit = limit
        self.value = value
        super().__init__(message or f"limit {limit}={value} exceeded")


class TimeLimitExceeded(LimitExceeded):
    """The per-page time limit (`Options.time_limit`) ran out."""


class FetchError(ThresherError):
    """A URL could not be fetched (network, HTTP status, TLS, not HTML)."""
