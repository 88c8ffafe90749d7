"""The language of an article: the markup's claim checked against the text itself.

Detection uses py3langid's packaged model (loaded once per process, no download).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Shortest text (characters) whose detected language may overrule the markup.
MIN_CHARS = 200
#: Confidence the detection needs to overrule the markup or to stand alone.
MIN_PROB = 0.9
_SAMPLE = 200
_LETTERS = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(langid.MODEL_DIR / langid.MODEL_FILE,
                                                    norm_probs=True)


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) of the text's language; (None, 0) for too little text."""
    text = text[:_SAMPLE]
    if len(_LETTERS.findall(text)) < 20:
        return None, 0.0
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


def choose_language(declared: str | None, text: str, detect_language: bool = True) -> str | None:
    """The markup's language unless a confident detection of enough text disagrees."""
    if not detect_language:
        return declared
    lang, prob = detect(text)
    if lang is None or prob < MIN_PROB:
        return declared
    if declared and (declared == lang or len(text) < MIN_CHARS):
        return declared
    return lang
