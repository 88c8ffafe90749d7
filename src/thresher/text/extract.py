"""Text mode: a page flattened to plain text in, an `Article` out.

lines (segment) -> two-stage line classifier -> rules for the title, subtitle, byline,
dateline, captions, credits and headings -> `Block`s -> the shared renderer.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..article import Article
from ..errors import InputError, LimitExceeded, guard
from ..language import choose_language
from ..limits import checkpoint, deadline_scope
from ..options import DEFAULT_OPTIONS, Options
from .features import N_PROB_FEATURES, context_features, prob_features
from .lines import Lines, line_features, split_lines
from .model import LineModel, load_model
from .rules import Labels, apply_rules


def classify_lines(lines: Lines, model: LineModel) -> tuple[list[float], np.ndarray]:
    """Body probability of each line (stage two of the model), and the line features."""
    base = line_features(lines)
    if not lines:
        return [], base
    # Stage one reads only the context columns: the stage-two columns are filled after it.
    x = context_features(base, spare=N_PROB_FEATURES)
    p1 = model.stage1.predict(x)
    prob_features(p1, base, out=x[:, x.shape[1] - N_PROB_FEATURES:])
    return model.stage2.predict(x).tolist(), base


def render_body(lines: Lines, body: list[tuple[int, str]]) -> tuple[str, str]:
    """(text, Markdown) of the body lines and their kinds, as `render` makes them from the
    lines' blocks: paragraphs apart by a blank line, consecutive list items one list."""
    texts, bullets = lines.text, lines.bullet
    md: list[str] = []
    prev = ""
    for i, kind in body:
        t = texts[i]
        if md:
            md.append("\n" if kind == "list_item" and prev == "list_item" else "\n\n")
        if kind == "paragraph":
            md.append(t)
        elif kind == "heading":
            md.append("## " + t)
        else:
            marker = bullets[i] if bullets[i][:1].isalnum() else "-"
            md.append(f"{marker} {t}")
        prev = kind
    return "\n\n".join([texts[i] for i, _ in body]), "".join(md)


def check_input(text: object, options: Options) -> str:
    """The text, or an error for a non-str or over-long input."""
    if not isinstance(text, str):
        raise InputError(f"extract_text expects str, got {type(text).__name__}")
    if len(text) > options.max_text_chars:
        raise LimitExceeded("max_text_chars", options.max_text_chars,
                            f"text of {len(text)} characters exceeds the limit "
                            f"max_text_chars={options.max_text_chars}")
    return text


def build_article(lines: Lines, probs: list[float], threshold: float,
                  url: str | None = None, base: np.ndarray | None = None,
                  title_weights: np.ndarray | None = None,
                  detect_language: bool = False) -> Article:
    """The Article from the lines, their body probabilities and (for the title) features;
    with `detect_language`, the body's language (CLD2)."""
    labels: Labels = apply_rules(lines, probs, threshold, base, title_weights)
    body_text, markdown = render_body(lines, labels.body)
    return Article(text=body_text, markdown=markdown, url=url, title=labels.title,
                   subtitle=labels.subtitle, authors=labels.authors,
                   published=labels.published, images=labels.images, credits=labels.credits,
                   language=choose_language(None, body_text, detect_language))


def extract_with_model(text: str, model: LineModel, *, url: str | None = None,
                       options: Options | None = None) -> Article:
    """`extract_text` with a given model (training evaluates fold models this way)."""
    options = options or DEFAULT_OPTIONS
    check_input(text, options)
    text, warnings = bound_lines(text)
    lines = split_lines(text)
    if len(lines) > MAX_LINES:
        warnings.append(f"more than {MAX_LINES} lines: the rest of the text was ignored")
        lines = lines[:MAX_LINES]
    checkpoint("splitting lines")
    probs, base = classify_lines(lines, model)
    checkpoint("classifying lines")
    article = build_article(lines, probs, model.threshold + options.threshold - 0.5, url, base,
                            model.title, options.detect_language)
    return replace(article, warnings=article.warnings + warnings) if warnings else article


#: Lines past this count are ignored, and longer lines are cut into pieces of this size:
#: per-character feature arrays of a 19 MB line took 2 GB, 400,000 lines over 10 s.
MAX_LINES = 100_000
MAX_LINE_CHARS = 20_000


def bound_lines(text: str) -> tuple[str, list[str]]:
    """The text with lines of MAX_LINE_CHARS or more cut into pieces of that size (each
    followed by a line break), and a warning if any was."""
    step, start = MAX_LINE_CHARS, 0  # (a line starts at `start`)
    if len(text) <= step:
        return text, []
    while start + step <= len(text):  # the lines before the last "\n" of each window are short
        start = text.rfind("\n", start, start + step) + 1
        if start == 0:
            break  # the line that starts there is long
    else:
        return text, []
    rows = text.split("\n")
    cut = ["".join(r[k:k + step] + ("\n" if k + step <= len(r) else "")
                   for k in range(0, len(r), step)) if len(r) >= step else r for r in rows]
    return "\n".join(cut), [f"lines over {MAX_LINE_CHARS} characters were cut into pieces"]


def extract_text(text: str, *, url: str | None = None,
                 options: Options | None = None) -> Article:
    """Extract the article of a page given as plain text (a text dump of a web page)."""
    options = options or DEFAULT_OPTIONS
    # Only ThresherErrors leave; the time limit is checked by the stages (limits.py).
    with guard("extracting the text"), deadline_scope(options.time_limit):
        return extract_with_model(text, load_model(), url=url, options=options)
