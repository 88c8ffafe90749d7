"""Resource limits: a per-call deadline the stages can check, and bounded decompression.

The deadline needs no thread or signal: `pipeline` opens a `deadline_scope`, and the
stages call `checkpoint(stage)` between steps and every few hundred items inside loops.
`checkpoint` raises `TimeLimitExceeded`; stages that can stop early and still return a
useful result call `time_is_up()` instead and record a warning. Outside a scope both are
no-ops, so each stage still works on its own.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from time import monotonic
from typing import BinaryIO

from .errors import InputError, InputTooLarge, TimeLimitExceeded


@dataclass(frozen=True, slots=True)
class Deadline:
    """A wall-clock budget of `seconds`, counted from when it was made."""

    seconds: float
    start: float = field(default_factory=monotonic)

    @property
    def end(self) -> float:
        return self.start + self.seconds

    def remaining(self) -> float:
        """Seconds left (negative once the budget is spent)."""
        return self.end - monotonic()

    def expired(self, fraction: float = 1.0) -> bool:
        """Whether `fraction` of the budget is spent (1.0: all of it)."""
        return monotonic() >= self.start + self.seconds * fraction

    def check(self, stage: str) -> None:
        """Raise `TimeLimitExceeded` naming `stage` if the budget is spent."""
        if monotonic() >= self.end:
            raise TimeLimitExceeded("time_limit", self.seconds,
                                    f"time_limit={self.seconds:g}s exceeded while {stage}")


_CURRENT: ContextVar[Deadline | None] = ContextVar("thresher_deadline", default=None)


@contextmanager
def deadline_scope(seconds: float | None) -> Iterator[Deadline | None]:
    """Run a block under a deadline; a scope nested in another keeps the earlier end."""
    outer = _CURRENT.get()
    if seconds is None or seconds <= 0 or seconds == float("inf"):
        yield outer
        return
    mine = Deadline(seconds)
    if outer is not None and outer.end <= mine.end:
        mine = outer
    token = _CURRENT.set(mine)
    try:
        yield mine
    finally:
        _CURRENT.reset(token)


def current_deadline() -> Deadline | None:
    """The deadline of the extraction running in this context, if any."""
    return _CURRENT.get()


def checkpoint(stage: str) -> None:
    """Raise `TimeLimitExceeded` if the current extraction has run out of time."""
    d = _CURRENT.get()
    if d is not None:
        d.check(stage)


def time_is_up(fraction: float = 1.0) -> bool:
    """Whether `fraction` of the current extraction's time budget is spent."""
    d = _CURRENT.get()
    return d is not None and d.expired(fraction)


_CHUNK = 1 << 20


def read_gzip(source: str | os.PathLike[str] | bytes | BinaryIO, max_bytes: int) -> bytes:
    """Decompress gzip data (a path, bytes or a binary file) to at most `max_bytes`.

    Streams in 1 MiB chunks, so a gzip bomb costs at most `max_bytes` of memory before
    `InputTooLarge` is raised. Concatenated members are read as one stream, as gzip does.
    A corrupt or truncated stream raises `InputError`. Data that is not gzip at all is
    returned as it is (still bounded by `max_bytes`).
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _gunzip(io.BytesIO(bytes(source)), max_bytes)
    if isinstance(source, (str, os.PathLike)):
        try:
            with open(source, "rb") as f:
                return _gunzip(f, max_bytes)
        except OSError as exc:
            raise InputError(f"cannot read {os.fspath(source)!r}: {exc}") from exc
    return _gunzip(source, max_bytes)


def _gunzip(raw: BinaryIO, max_bytes: int) -> bytes:
    head = raw.read(2)
    if head != b"\x1f\x8b":
        data = head + raw.read(max_bytes + 1 - len(head))
        if len(data) > max_bytes:
            raise InputTooLarge("max_bytes", max_bytes,
                                f"input is over the limit max_bytes={max_bytes:,}")
        return data
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=_Prefixed(head, raw)) as gz:
            while chunk := gz.read(min(_CHUNK, max_bytes + 1 - len(out))):
                out += chunk
                if len(out) > max_bytes:
                    raise InputTooLarge("max_bytes", max_bytes,
                                        "gzip data decompresses to over the limit "
                                        f"max_bytes={max_bytes:,}")
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"corrupt or truncated gzip data: {exc}") from exc
    return bytes(out)


class _Prefixed(io.RawIOBase):
    """A read-only stream: `prefix` bytes, then the rest of `raw`."""

    def __init__(self, prefix: bytes, raw: BinaryIO) -> None:
        self.prefix, self.raw = prefix, raw

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        if self.prefix:
            n = min(len(buf), len(self.prefix))
            buf[:n], self.prefix = self.prefix[:n], self.prefix[n:]
            return n
        data = self.raw.read(len(buf))
        buf[: len(data)] = data
        return len(data)
