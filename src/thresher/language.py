"""The language of an article: the markup's claim checked against the text itself.

Detection uses CLD2 (pycld2): its tables are compiled into the extension, so there is nothing
to load or download, it adds ~8 MB to a process (py3langid's model took ~75 MB) and it is
several times faster. On the dev pages' bodies it agrees with the declared language as often
as py3langid did (1066 vs 1065 of 1081 pages).
"""

from __future__ import annotations

import re
from itertools import islice

import pycld2

#: Shortest text (characters) whose detected language may overrule the markup.
MIN_CHARS = 200
#: Share of the sample (0-1) the detected language must cover to overrule or stand alone.
MIN_PROB = 0.9
#: Characters of the body given to the detector.
_SAMPLE = 1000
_LETTERS = re.compile(r"[^\W\d_]")
# CLD2 rejects C0/C1 control characters and lone surrogates (not valid UTF-8).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# CLD2 keeps a few obsolete ISO 639-1 codes.
_MODERN = {"iw": "he", "jw": "jv"}


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, share of the sample) of the text's language; (None, 0) when unsure."""
    text = _UNSAFE.sub(" ", text[:_SAMPLE])
    if sum(1 for _ in islice(_LETTERS.finditer(text), 20)) < 20:  # stops at the 20th
        return None, 0.0
    try:
        reliable, _, found = pycld2.detect(text)
    except (pycld2.error, ValueError, UnicodeError):
        return None, 0.0
    _, code, percent, _ = found[0]
    if not reliable or code == "un":
        return None, 0.0
    code = code.split("-")[0].lower()
    return _MODERN.get(code, code), percent / 100.0


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
