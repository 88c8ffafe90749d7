"""A datatrove extractor step: thresher in place of trafilatura in FineWeb-style pipelines.

    from datatrove.pipeline.readers import WarcReader
    from thresher.integrations.datatrove import Thresher

    pipeline = [WarcReader("s3://commoncrawl/crawl-data/...", glob_pattern="*.warc.gz"),
                Thresher(timeout=5.0), ...]

Each document's `text` (HTML, or plain text with `mode="text"` for WET) becomes the article
body; title, authors, dates, language and the rest go into `metadata` under `article_*` keys
(`keep_metadata=False` leaves the metadata alone). Documents with no article are dropped,
like datatrove's own extractors do.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.typeshelper import StatHints

from ..options import Options

_META_FIELDS = ("title", "subtitle", "authors", "published", "modified", "site_name",
                "canonical_url", "language", "description", "tags", "categories", "page_type")


class Thresher(BaseExtractor):
    """Extract the article of each document with thresher, in datatrove's sandboxed process.

    Args:
        timeout: seconds per document before the sandbox process is replaced.
        options: thresher `Options` (by default, `Options(time_limit=timeout)`).
        output: "text" (plain body) or "markdown" (body with its structure).
        mode: "html" for HTML documents, "text" for plain-text (WET) documents.
        keep_metadata: add the article's metadata to `doc.metadata` as `article_<field>`.
    """

    name = "🌾 Thresher"
    _requires_dependencies = ["lxml"]

    def __init__(self, timeout: float = 5.0, options: Options | None = None,
                 output: str = "text", mode: str = "html", keep_metadata: bool = True) -> None:
        super().__init__(timeout)
        if output not in ("text", "markdown") or mode not in ("html", "text"):
            raise ValueError("output is 'text' or 'markdown'; mode is 'html' or 'text'")
        self.options = options or Options(time_limit=timeout)
        self.output, self.mode, self.keep_metadata = output, mode, keep_metadata

    def extract(self, text: str) -> str:
        """The article body of one page (datatrove's extractor interface)."""
        return self._extract(text, None)["body"]

    def _extract(self, text: str, url: str | None) -> dict[str, Any]:
        import thresher

        if self.mode == "text":
            article = thresher.extract_text(text, url=url, options=self.options)
        else:
            article = thresher.extract(text, url=url, options=self.options)
        body = article.markdown if self.output == "markdown" else article.text
        meta = {f"article_{k}": getattr(article, k) for k in _META_FIELDS}
        return {"body": body, "meta": meta}

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
            ) -> DocumentsPipeline:
        """Extract each document in a sandbox process; drop those with no article."""
        with ExtractorSandbox(timeout=self.timeout, warmup_text=("", None)) as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    try:
                        result = sandbox.process_document(
                            (doc.text, doc.metadata.get("url")), self._extract_safe)
                    except TimeoutError:
                        self.stat_update("timeout")
                        continue
                    except EOFError:
                        self.stat_update("broken_process")
                        continue
                if result is None:
                    self.stat_update("clean_error")
                    continue
                if not result["body"]:
                    self.stat_update(StatHints.dropped)
                    continue
                doc.text = result["body"]
                if self.keep_metadata:
                    doc.metadata.update(result["meta"])
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

    def _extract_safe(self, text: str, url: str | None) -> dict[str, Any] | None:
        from ..errors import ThresherError

        try:
            return self._extract(text, url)
        except ThresherError:
            return None
