"""Teaser lists around a short story: links to other articles that the flattening kept.

A page's "more news" block, once flattened, gives lines the line classifier can take for
prose: a headline glued to its dek ("Police Arrest Two After BreakInA 24-year-old man..."),
a headline followed by the dek's dateline ("... pleads guilty in US NEW YORK: An Indian-origin
man..."), a card that repeats its headline ("Relics found in Iran Relics found in Iran"),
or headline / "By Staff" / timestamp triplets. Runs of such lines, above or below the story,
are cut when a story is left. Breadcrumb links and a long line's second copy a few lines on
(a caption or headline shown twice) go too.
"""

from __future__ import annotations

import re

from .furniture import BYLINE, is_stamp

#: a lower-case letter or digit run straight into a capital: where a glued dek starts (the
#: capital, then a look back: searching for the rarer character first is faster)
_GLUE = re.compile(r"[A-Z](?<=[a-z0-9’'”)?!][A-Z])")
#: a dek's dateline after a headline: "... in US NEW YORK: An"
_DATELINE = re.compile(r"[a-z’'”)]\s+[A-Z]{2,}(?:[ .][A-Z]{2,})*:\s+[A-Z]")
#: a card whose text repeats its headline
_REPEAT = re.compile(r"^(.{20,150}?)\s*\1")
_MIN_TEASERS = 3
_GAP = 3  # lines from one teaser to the next within a run (a card's dek, byline, stamp)
_MIN_STORY = 400  # characters of prose the body keeps without its teasers
_CRUMB_ENDS = "\u203a\u00bb>/"  # a breadcrumb trail's separators
#: a breadcrumb's link: a short line that ends with the trail's separator
_CRUMB = re.compile(rf"^.{{1,40}}\s*[{_CRUMB_ENDS}]$")
_NEAR = 20  # lines within which a long line that comes back is a copy (a caption shown twice)
_SAME = 40  # characters from which a line counts as long
_JOINED, _JOINED_CHARS = 3, 1000  # other body lines; characters of the line that joins them
_JOINED_CHECKS = 10_000


def _title_case(words: list[str]) -> bool:
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return len(words) >= 4 and caps >= 0.7 * len(words)


def is_teaser(texts: list[str], i: int) -> bool:
    """The line reads as a link to another article (see the module's docstring)."""
    text = texts[i]
    n = len(text)
    if n > 400:
        return False
    m = _GLUE.search(text, 16)  # (the character before the capital from the 16th on)
    if m and _title_case(text[:m.start()].split()[:8]):
        return True
    if ":" in text:  # (a dateline needs one: most lines are spared the slower search)
        m = _DATELINE.search(text, 15, 200)
        if m and len(text[:m.start()].split()) >= 4:
            return True
    if n >= 20 and ((text.find(text[:20], 20) >= 0 and _REPEAT.match(text))
                    or i and texts[i - 1] == text or i > 1 and texts[i - 2] == text):
        return True  # a card shows its headline twice
    if n < 120 and text.endswith(("...", "\u2026")) and ". " not in text:
        return True  # a headline cut short to fit its card
    return (n < 60 and BYLINE.match(text) is not None and i + 1 < len(texts)
            and is_stamp(texts[i + 1]))


def cut_teasers(texts: list[str], body: list[int], prose: list[bool]) -> list[int]:
    """The body without its runs of teasers: at least `_MIN_TEASERS` teaser lines, each
    within `_GAP` lines of the next (a card's dek, byline or timestamp between them), with a
    short line before the first and after the last that is not prose (the first card's
    headline, the last one's timestamp), when a story is left: mostly prose lines, with
    `_MIN_STORY` characters or more."""
    def card_line(k: int) -> bool:  # the body line next to a run is a short non-prose one
        return 0 <= k < len(body) and not prose[body[k]] and len(texts[body[k]]) < 120

    marks = [k for k, b in enumerate(body) if is_teaser(texts, b)]
    drop: set[int] = set()
    run: list[int] = []
    for k in [*marks, len(body) + _GAP + 1]:  # (the sentinel closes the last run)
        if run and k - run[-1] > _GAP:
            if len(run) >= _MIN_TEASERS:
                lo = run[0] - 1 if card_line(run[0] - 1) else run[0]
                hi = run[-1] + 1 if card_line(run[-1] + 1) else run[-1]
                drop.update(range(lo, hi + 1))
            run = []
        run.append(k)
    if not drop:
        return body
    kept = [b for k, b in enumerate(body) if k not in drop]
    story = [b for b in kept if prose[b]]
    if 2 * len(story) < len(kept) or sum(len(texts[b]) for b in story) < _MIN_STORY:
        return body  # what is left is no story: the teasers are the page (a listing)
    return kept


def drop_repeats(texts: list[str], body: list[int]) -> list[int]:
    """The body without the links of a breadcrumb trail ("Software ›", "News »") and the
    second copy of a long line within `_NEAR` lines (a caption or a headline shown twice)."""
    seen: dict[str, int] = {}
    out = []
    for b in body:
        t = texts[b]
        if t[-1] in _CRUMB_ENDS and _CRUMB.match(t) or b - seen.get(t, -_NEAR - 1) <= _NEAR:
            continue
        if len(t) >= _SAME:
            seen[t] = b
        out.append(b)
    return _drop_joined(texts, out)


def _drop_joined(texts: list[str], body: list[int]) -> list[int]:
    """The body without a line that holds `_JOINED` or more of the other body lines, each
    at the start of one of its sentences (the story run together again in one line: a
    summary blob, a print version's copy). The sentences' first `_SAME` characters are
    looked up among the body lines' (at most `_JOINED_CHECKS` lines compared on a page)."""
    long = [b for b in body if len(texts[b]) >= _JOINED_CHARS]
    if not long:
        return body
    starts: dict[str, list[int]] = {}
    for c in body:
        if len(texts[c]) >= _SAME:
            starts.setdefault(texts[c][:_SAME], []).append(c)
    drop = set()
    budget = _JOINED_CHECKS
    for b in long:
        t = texts[b]
        heads = t.split(". ")
        if len(heads) < _JOINED:
            continue
        found = [starts[k] for k in {h[:_SAME] for h in heads} if k in starts]
        if len(found) < _JOINED:
            continue
        inside = 0
        for same in found:
            budget -= len(same)
            if budget < 0:  # (many lines that start alike: a generated page, left as it is)
                return [b for b in body if b not in drop]
            inside += any(c != b and texts[c] in t for c in same)
        if inside >= _JOINED:
            drop.add(b)
    return [b for b in body if b not in drop] if drop else body
