"""Text mode, prose and lists: a line of running text; a line ending with ":" and the items
of one shape below it.

The model is unsure of list items (short, no full stop, often like a menu's), but a list
that a body line announces belongs to the article however little the model believes it.
"""

from __future__ import annotations

import re

SENT_END = tuple(".!?\u3002\uff01\uff1f\u2026")
_CLOSERS = "\"'\u201d\u2019\u00bb)]\u300d\u300f*"
_MARKS = re.compile(r"[^\w\s]+")
_MIN_ITEMS = 3
_MAX_ITEM = 200  # characters


#: Kana and CJK ideographs (first and last code point): text written without spaces.
CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
CJK = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]")


def prose_words(text: str) -> int:
    """The words of `text` for `is_prose`: split at white space, and one word for each two
    kana or CJK ideographs (written without spaces)."""
    return len(text.split()) + len(CJK.findall(text)) // 2


def is_prose(text: str) -> bool:
    """A line of running text: a long one, or a sentence of eight words or more."""
    words = prose_words(text)
    return words >= 25 or words >= 8 and text.rstrip(_CLOSERS).endswith(SENT_END)


def _shape(text: str) -> tuple[str, frozenset[str]]:
    """What the items of one list share: the class of the first character, and marks other
    than a comma or full stop ("June 9 -- Arena, Tampa" and "Aug. 2 -- Centre, Ohio" share
    "--")."""
    head = text[:1]
    cls = "d" if head.isdigit() else "u" if head.isupper() else "l" if head.islower() else head
    return cls, frozenset(t for t in _MARKS.findall(text) if t not in (",", ".", "'"))


def colon_lists(texts: list[str], probs: list[float], keep: set[int], floor: float
                ) -> set[int]:
    """A body line ending with ":" (or one of probability `floor` or more right below it)
    that introduces three lines or more of one shape (`_shape`): the list is body, however
    little the model believes its items."""
    n = len(texts)
    grown = set(keep)
    heads = sorted({i for i in keep if texts[i].endswith(":")} |
                   {i + 1 for i in keep if i + 1 < n and texts[i + 1].endswith(":") and
                    probs[i + 1] >= floor})
    done = 0  # lines below this were scanned as items already
    for k in heads:
        if k < done or k + 1 >= n:
            continue
        cls, marks = _shape(texts[k + 1])
        end = k + 1
        if len(texts[end]) < _MAX_ITEM:  # (the first item has the shape: no need to test it)
            end += 1
            while end < n and len(texts[end]) < _MAX_ITEM and \
                    (got := _shape(texts[end]))[0] == cls and \
                    (got[1] & marks or not got[1] | marks):
                end += 1
        done = end
        if end - (k + 1) >= _MIN_ITEMS:
            grown.update(range(k, end))
    return grown
