"""thresher: separate the article from the chaff of a web page.

    >>> import thresher
    >>> article = thresher.extract(html_bytes, url="https://example.com/story")
    >>> article.title, article.text, article.markdown
"""

from .article import Article, Comment, Image
from .errors import (
    DecodeError,
    FetchError,
    InputError,
    InputTooLarge,
    InternalError,
    LimitExceeded,
    NotHTML,
    ThresherError,
    TimeLimitExceeded,
    Timeout,
)
from .options import Options
from .pipeline import Explanation, explain, extract
from .text.extract import extract_text

__version__ = "0.1.0"

__all__ = [
    "Article", "Comment", "DecodeError", "Explanation", "FetchError", "Image", "InputError",
    "InputTooLarge", "InternalError", "LimitExceeded", "NotHTML", "Options", "ThresherError",
    "TimeLimitExceeded", "Timeout", "explain", "extract", "extract_text",
    "__version__",
]
