"""What a worker does with one page: extract it under a time guard, or say why not."""

from __future__ import annotations

import importlib
import signal
import threading
from dataclasses import dataclass
from typing import Any

from .. import errors
from ..options import Options
from .records import Page


class PageTimeout(BaseException):
    """Raised by the worker's interval timer; a BaseException so no handler swallows it."""


@dataclass(frozen=True, slots=True)
class Task:
    """The settings a worker needs, sent once when it starts."""

    options: Options
    num_perm: int = 0  # MinHash size; 0 when deduplication is off
    guard_factor: float = 1.5  # the worker's timer fires at time_limit * guard_factor
    #: "module:function" taking (Page, Options) and returning a row dict with "text", to run
    #: another extractor through the same runner (benchmarks); None runs thresher.
    extractor: str | None = None


def extract_page(page: Page, task: Task) -> tuple[str, Any, Any]:
    """("ok", article dict, signature or None) or ("skip", reason, detail)."""
    try:
        with _timer(task.options.time_limit * task.guard_factor):
            row = _plugin(task.extractor)(page, task.options) if task.extractor \
                else _extract(page, task.options)
            if not row.get("text", "").strip():
                return "skip", "empty", "no article text found"
            sig = None
            if task.num_perm:
                from .dedup import signature

                sig = signature(row["text"], task.num_perm)
            return "ok", row, sig
    except PageTimeout:
        return "skip", "timeout", f"over {task.options.time_limit * task.guard_factor:g} s"
    except MemoryError:
        return "skip", "out-of-memory", "the page passed the worker's memory limit"
    except errors.ThresherError as exc:
        return "skip", skip_reason(exc, page.mode), str(exc)[:300]
    except Exception as exc:  # noqa: BLE001 - a page never stops the job
        return "skip", "error", f"{type(exc).__name__}: {str(exc)[:300]}"


def _extract(page: Page, options: Options) -> dict[str, Any]:
    import thresher

    url = page.meta.get("target_uri")
    if page.mode == "text":
        extract_text = getattr(thresher, "extract_text", None)
        if extract_text is None:
            raise _Unsupported("this thresher has no extract_text for plain-text pages")
        article = extract_text(page.payload, url=url, options=options)
    else:
        article = thresher.extract(page.payload, url=url, options=options,
                                   content_type=page.meta.get("content_type"))
    return article.to_dict()


_PLUGINS: dict[str, Any] = {}


def _plugin(target: str) -> Any:
    if target not in _PLUGINS:
        module, _, name = target.partition(":")
        _PLUGINS[target] = getattr(importlib.import_module(module), name)
    return _PLUGINS[target]


class _Unsupported(errors.ThresherError):
    pass


def skip_reason(exc: BaseException, mode: str = "html") -> str:
    """The skip reason for an extraction error of a page in `mode` ("html" or "text")."""
    if isinstance(exc, _Unsupported):
        return "unsupported"
    if isinstance(exc, errors.TimeLimitExceeded):
        return "timeout"
    if isinstance(exc, errors.LimitExceeded):
        return "out-of-memory" if exc.limit == "memory" else "too-large"
    if isinstance(exc, errors.DecodeError):
        return "decode-error"
    if isinstance(exc, errors.InputError):
        if "empty" in str(exc).lower():
            return "empty"
        return "not-html" if mode == "html" else "error"
    return "error"


class _timer:
    """SIGALRM after `seconds` raises PageTimeout (main thread only; a no-op elsewhere)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self.armed:
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def _on_alarm(signum: int, frame: object) -> None:
    raise PageTimeout
