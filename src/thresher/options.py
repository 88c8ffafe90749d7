"""Every knob of the pipeline, in one frozen dataclass passed down explicitly."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Options:
    """Extraction options. Defaults suit most users; build a variant with `with_()`."""

    #: Include reader comments in `Article.comments` (they never enter `text`).
    comments: bool = False
    #: Keep tables in the body (rendered as Markdown tables).
    tables: bool = True
    #: Keep links in the Markdown output as `[text](href)`.
    links: bool = False
    #: Keep in-article images in the Markdown output as `![alt](src)`.
    images_in_markdown: bool = False
    #: Decision threshold of the block classifier: higher keeps less (precision).
    threshold: float = 0.5
    #: Largest input accepted, in bytes (after decompression).
    max_bytes: int = 50_000_000
    #: Deepest element nesting kept; deeper content is flattened into its ancestor.
    max_depth: int = 256
    #: Most elements processed; the rest of the page is ignored with a warning.
    max_nodes: int = 500_000
    #: Longest text (characters) accepted by text mode and by a single text node.
    max_text_chars: int = 20_000_000
    #: Wall-clock limit per page in seconds (checked between stages and inside loops).
    time_limit: float = 10.0
    #: Language detection of the body (CLD2) when the markup does not say.
    detect_language: bool = True
    #: Path to an alternative classifier model (.npz); None uses the shipped one.
    model_path: str | None = None

    def with_(self, **changes: object) -> Options:
        """Return a copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_OPTIONS = Options()
