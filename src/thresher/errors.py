"""The exceptions callers see: every failure is a `ThresherError`.

    ThresherError
    ├── InputError            the input cannot be read (wrong type, empty, unparsable)
    │   ├── NotHTML           binary data (PDF, image, archive), not a web page
    │   └── DecodeError       the bytes cannot be decoded to text
    ├── LimitExceeded         a configured limit was exceeded; `.limit` names it
    │   ├── InputTooLarge     `max_bytes`
    │   └── TimeLimitExceeded `time_limit` (alias `Timeout`)
    ├── FetchError            a URL could not be fetched
    └── InternalError         a bug in thresher; the original exception is the cause
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class ThresherError(Exception):
    """Base class of every error thresher raises."""


class InputError(ThresherError):
    """The input is not something thresher can read (wrong type, not HTML, empty)."""


class NotHTML(InputError):
    """The input is binary data (a PDF, an image, an archive), not a web page."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"the input is {kind}, not HTML")

    def __reduce__(self) -> tuple:  # picklable across process pools
        return type(self), (self.kind,)


class DecodeError(InputError):
    """The bytes could not be decoded to text."""


class LimitExceeded(ThresherError):
    """A configured limit (size, depth, nodes, time) was exceeded; the message names it."""

    def __init__(self, limit: str, value: object, message: str | None = None) -> None:
        self.limit = limit
        self.value = value
        super().__init__(message or f"limit {limit}={value} exceeded")

    def __reduce__(self) -> tuple:  # picklable across process pools
        return type(self), (self.limit, self.value, str(self))


class InputTooLarge(LimitExceeded):
    """The input is larger than `Options.max_bytes` (after decompression)."""


class TimeLimitExceeded(LimitExceeded):
    """The per-page time limit (`Options.time_limit`) ran out."""


Timeout = TimeLimitExceeded


class FetchError(ThresherError):
    """A URL could not be fetched (network, HTTP status, TLS, not HTML)."""


class InternalError(ThresherError):
    """An unexpected failure inside thresher: a bug (please report it with the page)."""


@contextmanager
def guard(what: str = "extracting") -> Iterator[None]:
    """Let `ThresherError`s through and turn any other exception into one.

    Deep recursion and memory exhaustion become `LimitExceeded` (the page is too big or too
    deep for this process); anything else is an `InternalError` chained to the original.
    """
    try:
        yield
    except ThresherError:
        raise
    except RecursionError as exc:
        raise LimitExceeded("max_depth", None,
                            f"the page is nested too deeply to process while {what}") from exc
    except MemoryError as exc:
        raise LimitExceeded("memory", None, f"out of memory while {what}") from exc
    except Exception as exc:
        raise InternalError(f"unexpected {type(exc).__name__} while {what}: {exc}") from exc
