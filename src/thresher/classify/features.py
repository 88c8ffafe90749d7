"""Block features for the classifier: the block itself, its neighbours and its containers.

Everything is language-neutral except a small multilingual function-word set, which is one
signal among many. Features come out as one float32 matrix, a row per block.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from functools import lru_cache, reduce
from itertools import accumulate, chain
from operator import or_

import numpy as np

from ..blocks import KINDS, Block
from ..limits import checkpoint
from .ancestry import Ancestry
from .textstats import text_columns
from .titlepos import TITLE_NAMES, title_relation

#: Class/id token groups. "near" = the block's own element and its parent; "far" = any
#: ancestor. Substring matches on the lower-cased "class id" strings.
ATTR_GROUPS: dict[str, tuple[str, ...]] = {
    "content": ("article", "content", "post", "entry", "story", "body", "text", "main",
                "blog", "news", "detail", "prose", "rich"),
    "nav": ("nav", "menu", "breadcrumb", "pagination", "pager", "toc", "skip"),
    "header": ("header", "masthead", "topbar", "top-bar", "banner"),
    "footer": ("footer", "copyright", "legal", "bottom"),
    "side": ("sidebar", "side-bar", "aside", "rail", "widget", "secondary"),
    "comment": ("comment", "discuss", "reply", "respond", "disqus"),
    "share": ("share", "social", "sharing", "follow", "facebook", "twitter", "whatsapp"),
    "related": ("related", "recommend", "more", "read-next", "readnext", "popular",
                "trending", "teaser", "card", "suggest", "also"),
    "ad": ("ad-", "ads", "advert", "promo", "sponsor", "outbrain", "taboola", "dfp",
           "banner-ad", "commercial"),
    "consent": ("cookie", "consent", "gdpr", "privacy", "notice", "modal", "popup",
                "overlay", "dialog"),
    "subscribe": ("subscri", "newsletter", "signup", "sign-up", "register", "login",
                  "paywall", "membership", "donate", "support"),
    "meta": ("byline", "author", "date", "time", "meta", "info", "tag", "categor",
             "label", "kicker", "dateline", "publish"),
    "caption": ("caption", "credit", "figure", "photo", "image", "media", "gallery",
                "video", "figcaption"),
    "title": ("title", "headline", "heading", "hed"),
    "hidden": ("hidden", "hide", "collapse", "sr-only", "offscreen"),
    "list": ("list", "item", "grid", "feed", "stream", "index"),
}
TAG_FLAGS = ("article", "main", "aside", "nav", "footer", "header", "form", "li", "td",
             "blockquote", "figure", "section", "a", "dl")
_GROUP_WORDS = tuple((w, 1 << g) for g, words in enumerate(ATTR_GROUPS.values())
                     for w in words)


#: Masks of recently seen "class id" strings. Common ones ("", "row", "entry-content") recur
#: across pages; the rest are site-specific, so the cache is kept small (a crawl process
#: would otherwise hold ~100 MB of one-off class strings).
_MASK_CACHE: dict[str, int] = {}
_NAME_MASKS: dict[str, int] = {}  # the same for single class and id names
_MASK_CACHE_SIZE = 20_000


def _new_masks(texts: list[str]) -> list[int]:
    """Bit g set when group g's words occur in the "class id" string, for each string.
    All strings are searched at once, one `str.find` pass per word over them joined."""
    joined = "\0".join(texts)  # no word holds a NUL, so no match spans two strings
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    ends = starts[1:] + [len(joined)]
    masks = [0] * len(texts)
    find = joined.find
    for word, bit in _GROUP_WORDS:
        at = find(word)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            masks[i] |= bit
            at = find(word, ends[i])  # one hit per string is enough
    return masks


def _group_masks(texts: set[str]) -> dict[str, int]:
    """The group mask of each distinct "class id" string (cached)."""
    out, missing = {}, []
    for text in texts:
        mask = _MASK_CACHE.get(text)
        if mask is None:
            missing.append(text)
        else:
            out[text] = mask
    if missing:
        if len(_MASK_CACHE) + len(missing) > _MASK_CACHE_SIZE:
            _MASK_CACHE.clear()
        new = dict(zip(missing, _split_masks(missing), strict=True))
        _MASK_CACHE.update(new)
        out.update(new)
    return out


def _split_masks(texts: list[str]) -> list[int]:
    """`_new_masks` by whitespace-separated names ("entry-content", "post-123"): no group
    word holds a space, and names recur across strings and pages far more than strings."""
    names = [t.split() for t in texts]
    unseen = list({n for parts in names for n in parts if n not in _NAME_MASKS})
    if unseen:
        if len(_NAME_MASKS) + len(unseen) > _MASK_CACHE_SIZE:
            _NAME_MASKS.clear()
            unseen = list({n for parts in names for n in parts})
        _NAME_MASKS.update(zip(unseen, _new_masks(unseen), strict=True))
    return [reduce(or_, map(_NAME_MASKS.__getitem__, parts), 0) for parts in names]


def _attr_flags(attrs: list[tuple[str, ...]]) -> list[list[float]]:
    """The near/far group flag columns of each distinct tuple of "class id" strings."""
    masks = _group_masks(set(chain.from_iterable(attrs)))
    far_cache: dict[tuple[str, ...], int] = {}
    rows = []
    for a in attrs:
        near = reduce(or_, map(masks.__getitem__, a[-2:]), 0)
        key = a[:-2]
        far = far_cache.get(key)
        if far is None:
            far = far_cache[key] = reduce(or_, map(masks.__getitem__, key), 0)
        rows.append(_flag_list(near, far))
    return rows


@lru_cache(maxsize=4096)
def _flag_list(near: int, far: int) -> list[float]:
    """The near/far flag columns of two group masks (shared: callers must not change it)."""
    out = []
    for g in range(len(ATTR_GROUPS)):
        out.append(float(near >> g & 1))
        out.append(float(far >> g & 1))
    return out


BASE_NAMES = ["log_chars", "log_words", "punct_per_word", "ends_sentence", "starts_upper",
              "digit_ratio", "upper_ratio", "function_word_ratio", "letters_per_word",
              "has_separators"]


LEVELS = (1, 2, 3, 5, 8)


_KIND_ROWS = np.vstack([np.eye(len(KINDS)), np.zeros((1, len(KINDS)))]).astype(np.float32)
_KIND_ROW = {k: i for i, k in enumerate(KINDS)}


def block_features(blocks: list[Block], title: str | None = None,
                   tree: Ancestry | None = None) -> np.ndarray:
    """A float32 matrix (blocks x features); see `feature_names()` for the columns.

    Text statistics come from one pass over the page's characters (`text_columns`); columns
    that depend only on a block's kind, tag path or class/id strings are made once per
    distinct value and gathered. `tree` is the blocks' `Ancestry`, when already made.
    """
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(feature_names())), dtype=np.float32)
    checkpoint("classifying")  # the page's time limit (limits.py)
    texts = [b.text for b in blocks]
    stats, n_words, solid = text_columns(texts)
    checkpoint("classifying")
    sizes = np.fromiter(map(len, texts), np.float64, n)
    link_chars = np.fromiter((b.link_chars for b in blocks), np.float64, n)
    link_density = link_chars / np.maximum(sizes, 1)
    good = np.where((n_words >= 8) & (link_density < 0.35), sizes * (1 - link_density), 0.0)
    paths: dict[tuple[str, ...], int] = {}
    attrs: dict[tuple[str, ...], int] = {}
    path_of = [paths.setdefault(b.path, len(paths)) for b in blocks]
    attrs_of = [attrs.setdefault(b.attrs, len(attrs)) for b in blocks]
    kind_of = [_KIND_ROW.get(b.kind, len(KINDS)) for b in blocks]
    seen = Counter(texts)
    own = np.empty((n, 5), np.float64)
    own[:, 0] = [b.level for b in blocks]
    own[:, 1] = [b.ordered for b in blocks]
    own[:, 2] = [len(b.path) for b in blocks]
    own[:, 3] = [seen[t] > 1 for t in texts]
    own[:, 4] = _equals_title(texts, title, solid)
    tag_flags = np.asarray([[float(t in tags) for t in TAG_FLAGS]
                            for tags in map(set, paths)], dtype=np.float32)
    distinct_attrs = list(attrs)
    attr_flags = np.asarray(_attr_flags(distinct_attrs), dtype=np.float32)
    base = np.hstack([stats.astype(np.float32), link_density[:, None].astype(np.float32),
                      _KIND_ROWS[kind_of], own.astype(np.float32), tag_flags[path_of],
                      attr_flags[attrs_of]])
    tree = tree if tree is not None else Ancestry(blocks)
    ctx = _context_features(blocks, sizes, link_chars, base, good, tree)
    title_cols = title_relation(blocks, title, tree)
    return np.hstack([base, ctx, _repetition(blocks, path_of, distinct_attrs, attrs_of),
                      title_cols]).astype(np.float32)


def _equals_title(texts: list[str], title: str | None, solid: np.ndarray) -> list[bool]:
    """Whether each text, case and spacing folded, is the title. Only texts with at most as
    many non-space characters as the folded title can be (folding never drops one)."""
    out = [False] * len(texts)
    if not title:
        return out
    key = " ".join(title.lower().split())
    for i in np.flatnonzero(solid <= len(key)).tolist():
        out[i] = " ".join(texts[i].lower().split()) == key
    return out


REPEAT_NAMES = ["repeat_log_group", "repeat_parent_share", "repeat_log_parents"]
_DIGITS = str.maketrans("", "", "0123456789")


def _without_digits(texts: list[str]) -> dict[str, str]:
    """Each text with its ASCII digits removed (in one pass over them all, joined)."""
    joined = "\0".join(texts)
    if joined.isascii():
        bare = joined.encode("ascii").translate(None, b"0123456789").decode("ascii").split("\0")
    else:
        bare = joined.translate(_DIGITS).split("\0")
    if len(bare) != len(texts):  # a NUL inside a text
        bare = [t.translate(_DIGITS) for t in texts]
    return dict(zip(texts, bare, strict=True))


def _repetition(blocks: list[Block], path_of: list[int], attrs: list[tuple[str, ...]],
                attrs_of: list[int]) -> np.ndarray:
    """Templated repetition: blocks with the same tags and classes (digits ignored) form a
    group; a group spread over many parents is a list of items (teasers, cards, comments),
    one under a single parent is running text. `path_of`/`attrs_of` index each block's
    distinct tag path and class/id strings (`attrs`)."""
    bare = _without_digits(list(set(chain.from_iterable(attrs))))
    keys: dict[tuple[str, ...], int] = {}
    key_of = np.asarray([keys.setdefault(tuple(map(bare.__getitem__, a)), len(keys))
                         for a in attrs], np.int64)
    parent = np.asarray([anc[-2] if len(anc) > 1 else anc[-1] if anc else 0
                         for anc in (b.ancestors for b in blocks)], np.int64)
    sig = np.asarray(path_of, np.int64) * len(keys) + key_of[attrs_of]
    _, group, members = np.unique(sig, return_inverse=True, return_counts=True)
    pairs = np.unique(group * (int(parent.max()) + 1) + parent) // (int(parent.max()) + 1)
    parents = np.bincount(pairs, minlength=len(members))
    g, p = members[group], parents[group]
    out = np.empty((len(blocks), len(REPEAT_NAMES)), dtype=np.float64)
    out[:, 0] = list(map(math.log1p, g.tolist()))
    out[:, 1] = p / g
    out[:, 2] = list(map(math.log1p, p.tolist()))
    return out.astype(np.float32)


BEST_SHARE = 0.6


def _best_container(goods: np.ndarray, depth: np.ndarray, total_good: float) -> int:
    """The deepest ancestor holding most (BEST_SHARE) of the page's prose; -1 if none.
    (At most one ancestor per depth can hold more than half of it.)"""
    held = np.flatnonzero((goods > 0) & (goods >= BEST_SHARE * total_good))
    return int(held[np.argmax(depth[held])]) if len(held) else -1


def _context_features(blocks: list[Block], sizes: np.ndarray, links_arr: np.ndarray,
                      base: np.ndarray, good_arr: np.ndarray, tree: Ancestry) -> np.ndarray:
    n = len(blocks)
    chars, links, count, goods = (tree.sums(sizes), tree.sums(links_arr), tree.sums(),
                                  tree.sums(good_arr))
    depth = np.zeros(tree.size, np.intp)
    depth[tree.flat] = tree.depth
    total_chars = float(sizes.sum()) or 1.0
    total_good = float(sum(good_arr.tolist())) or 1.0  # summed in order, as numpy does not
    best = _best_container(goods, depth, total_good)
    cum = np.cumsum(sizes)
    out = np.zeros((n, 6 + 4 * len(LEVELS) + 10), dtype=np.float32)
    out[:, 0] = np.arange(n) / n
    out[:, 1] = (cum - sizes) / total_chars
    at_best = tree.flat == best
    inside = np.zeros(n, bool)
    inside[tree.owner[at_best]] = True
    out[:, 3] = -1.0
    out[tree.owner[at_best], 3] = tree.lengths[tree.owner[at_best]] - tree.depth[at_best]
    out[:, 2] = inside
    out[:, 4] = np.where(inside, goods[best] / total_good if best >= 0 else 0.0, 0.0)
    out[:, 5] = math.log1p(n)
    for j, lv in enumerate(LEVELS):
        a = tree.up(lv)
        k = 6 + 4 * j
        out[:, k] = chars[a] / total_chars
        out[:, k + 1] = links[a] / (chars[a] + 1)
        out[:, k + 2] = goods[a] / total_good
        out[:, k + 3] = np.log1p(count[a])
    # neighbours: log chars, link density and ends-sentence of the previous/next block, and
    # windowed means of the same.
    lc, ld, es = base[:, 0], base[:, len(BASE_NAMES)], base[:, 3]
    k = 6 + 4 * len(LEVELS)
    out[1:, k] = lc[:-1]
    out[:-1, k + 1] = lc[1:]
    out[1:, k + 2] = ld[:-1]
    out[:-1, k + 3] = ld[1:]
    out[1:, k + 4] = es[:-1]
    out[:-1, k + 5] = es[1:]
    for j, (vals, w) in enumerate(((lc, 3), (ld, 3), (lc, 10), (ld, 10))):
        out[:, k + 6 + j] = _window_mean(vals, w)
    return out


def _window_mean(values: np.ndarray, w: int) -> np.ndarray:
    c = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
    idx = np.arange(len(values))
    lo = np.maximum(idx - w, 0)
    hi = np.minimum(idx + w + 1, len(values))
    return ((c[hi] - c[lo]) / (hi - lo)).astype(np.float32)


def feature_names() -> list[str]:
    """Column names of `block_features`, in order."""
    names = BASE_NAMES + ["link_density"] + [f"kind_{k}" for k in KINDS] + [
        "level", "ordered", "depth", "duplicate_text", "equals_title"]
    names += [f"in_{t}" for t in TAG_FLAGS]
    for g in ATTR_GROUPS:
        names += [f"attr_{g}_near", f"attr_{g}_far"]
    names += ["pos_index", "pos_chars", "in_best", "best_distance", "best_share", "log_blocks"]
    for lv in LEVELS:
        names += [f"up{lv}_char_share", f"up{lv}_link_density", f"up{lv}_good_share",
                  f"up{lv}_log_blocks"]
    names += ["prev_log_chars", "next_log_chars", "prev_link_density", "next_link_density",
              "prev_ends_sentence", "next_ends_sentence", "win3_log_chars",
              "win3_link_density", "win10_log_chars", "win10_link_density"]
    return names + REPEAT_NAMES + TITLE_NAMES


STACK_LEVELS = (1, 2, 3, 4, 6)


def stacked_features(blocks: list[Block], x: np.ndarray, probs: np.ndarray,
                     tree: Ancestry | None = None) -> np.ndarray:
    """Second-stage features: first-stage scores of the neighbours and of the containers.

    A block's own score is judged against its surroundings: a short line between two kept
    paragraphs in a kept container is likely body; a good-looking paragraph inside a
    container of rejected blocks likely is not. `tree`: the blocks' `Ancestry`, if made.
    """
    n = len(blocks)
    if n == 0:
        return np.zeros((0, x.shape[1] + 12 + 2 * len(STACK_LEVELS)), dtype=np.float32)
    p = probs.astype(np.float64)
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    tree = tree if tree is not None else Ancestry(blocks)
    mass, weight = tree.sums(p * chars), tree.sums(chars)
    total_mass = float((p * chars).sum()) or 1.0
    extra = np.zeros((n, 12 + 2 * len(STACK_LEVELS)), dtype=np.float32)
    extra[:, 0] = p
    extra[1:, 1] = p[:-1]
    extra[:-1, 2] = p[1:]
    extra[2:, 3] = p[:-2]
    extra[:-2, 4] = p[2:]
    for j, w in enumerate((2, 5, 15)):
        extra[:, 5 + j] = _window_mean(p, w)
    cum = np.concatenate([[0.0], np.cumsum(p * chars)])
    extra[:, 8] = cum[:-1] / total_mass  # body mass before the block
    extra[:, 9] = (cum[-1] - cum[1:]) / total_mass  # body mass after it
    extra[:, 10] = float(p.max())
    extra[:, 11] = float((p >= 0.5).mean())
    for j, lv in enumerate(STACK_LEVELS):
        a = tree.up(lv)
        extra[:, 12 + 2 * j] = mass[a] / (weight[a] + 1.0)
        extra[:, 13 + 2 * j] = mass[a] / total_mass
    return np.hstack([x, extra]).astype(np.float32)
