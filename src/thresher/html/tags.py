"""What the segment walk does with an element, by its tag."""

from __future__ import annotations

from functools import lru_cache

BLOCK_TAGS = frozenset({
    "html", "body", "p", "div", "section", "article", "main", "aside", "header", "footer",
    "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "blockquote", "pre", "figure",
    "figcaption", "form", "fieldset", "legend", "address", "details", "summary", "hr",
    "center", "menu", "hgroup", "dialog", "noframes", "listing", "plaintext", "xmp",
})
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# What the walk does with an element: inline ones (`<= LINK`) join the current block;
# block ones start a new one, or are taken whole (heading, code, table), or change the mode.
INLINE, LINK, BR, SKIP, BLOCK, HEADING, CODE, TABLE, MODE = range(9)


@lru_cache(maxsize=4)
def actions_for(skip: frozenset[str]) -> dict[str, int]:
    """The action for each lower-case tag the walk treats apart (`INLINE` for the rest)."""
    return (dict.fromkeys(BLOCK_TAGS, BLOCK) | dict.fromkeys(HEADINGS, HEADING)
            | dict.fromkeys(("pre", "listing", "xmp", "plaintext"), CODE) | {"table": TABLE}
            | dict.fromkeys(("ul", "ol", "menu", "dl", "li", "dt", "dd", "blockquote",
                             "figure"), MODE)
            | {"a": LINK, "br": BR} | dict.fromkeys(skip, SKIP))


def action_of(tag: object, actions: dict[str, int]) -> tuple[str, int]:
    """(lower-case tag, action) of a tag not yet in `actions` as it is written; a tag in
    lower case (span, em, img, custom elements) is added to `actions`, an inline one."""
    if not isinstance(tag, str):  # an entity reference: only its tail counts
        return "", SKIP
    lower = tag.lower()
    action = actions.get(lower, INLINE)
    if lower == tag:
        actions[tag] = action
    return lower, action
