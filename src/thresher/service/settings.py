"""Settings of the web service: one frozen dataclass, safe by default."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace

from .ssrf import FetchLimits

#: Environment variable that carries the settings to uvicorn worker processes.
ENV_VAR = "THRESHER_SERVE_SETTINGS"


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits and switches of `thresher serve`."""

    #: Let `{"url": ...}` reach private, loopback and link-local addresses.
    allow_private: bool = False
    #: Largest request body accepted, in bytes.
    max_body_bytes: int = 5_000_000
    #: Wall-clock limit in seconds for fetching a URL, and again for extracting a page.
    time_limit: float = 10.0
    #: Extractions running at once in one worker process; others wait their turn.
    max_concurrency: int = 2
    #: Longest wait in seconds for an extraction slot; then the request gets 503.
    queue_timeout: float = 30.0
    #: Requests held at once in one worker process (running or waiting); more get 503.
    max_pending: int = 128
    #: Largest page fetched for `{"url": ...}`, in bytes.
    fetch_max_bytes: int = 5_000_000
    #: Redirects followed for `{"url": ...}`.
    max_redirects: int = 5

    def fetch_limits(self) -> FetchLimits:
        """The caps of one fetch under these settings."""
        return FetchLimits(max_redirects=self.max_redirects, max_bytes=self.fetch_max_bytes,
                           timeout=self.time_limit, allow_private=self.allow_private)

    def with_(self, **changes: object) -> Settings:
        """Return a copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_env(self) -> str:
        """The settings as JSON, for `ENV_VAR`."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Settings:
        """The settings in `ENV_VAR`, or the defaults when it is unset."""
        raw = os.environ.get(ENV_VAR)
        if not raw:
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(raw).items() if k in known})
