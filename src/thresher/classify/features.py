"""Block features for the classifier: the block itself, its neighbours and its containers.

Everything is language-neutral except a small multilingual function-word set, which is one
signal among many. Features come out as one float32 matrix, a row per block.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np

from ..blocks import KINDS, Block
from ..limits import checkpoint
from .ancestry import Ancestry
from .titlepos import TITLE_NAMES, title_relation
from .words import FUNCTION_WORDS

_TOKEN = re.compile(r"\w+")
_SENT_END = tuple(".!?\"'”’»)。！？…:")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PUNCT = re.compile(r"[.,;:!?。、，！？]")

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
_GROUP_RES = tuple(re.compile("|".join(map(re.escape, words))) for words in ATTR_GROUPS.values())


#: Masks of recently seen "class id" strings. Common ones ("", "row", "entry-content") recur
#: across pages; the rest are site-specific, so the cache is kept small (a crawl process
#: would otherwise hold ~100 MB of one-off class strings).
_MASK_CACHE: dict[str, int] = {}
_MASK_CACHE_SIZE = 20_000


def _group_mask(text: str) -> int:
    """Bit g set when group g's words occur in one element's "class id" string (cached)."""
    mask = _MASK_CACHE.get(text)
    if mask is None:
        mask = sum(1 << g for g, r in enumerate(_GROUP_RES) if text and r.search(text))
        if len(_MASK_CACHE) >= _MASK_CACHE_SIZE:
            _MASK_CACHE.clear()
        _MASK_CACHE[text] = mask
    return mask


def _attr_flags(attrs: tuple[str, ...], far_cache: dict[tuple[str, ...], int]) -> list[float]:
    near = 0
    for text in attrs[-2:]:
        near |= _group_mask(text)
    key = attrs[:-2]
    far = far_cache.get(key)
    if far is None:
        far = 0
        for text in key:
            far |= _group_mask(text)
        far_cache[key] = far
    return _flag_list(near, far)


@lru_cache(maxsize=4096)
def _flag_list(near: int, far: int) -> list[float]:
    """The near/far flag columns of two group masks (shared: callers must not change it)."""
    out = []
    for g in range(len(_GROUP_RES)):
        out.append(float(near >> g & 1))
        out.append(float(far >> g & 1))
    return out


_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()
_ASCII_DIGITS = string.digits.encode()


def _char_counts(text: str) -> tuple[int, int, int]:
    """(letters, upper-case letters, digits) by str.isalpha/isupper/isdigit; ASCII text is
    counted by deleting byte classes (the same sets on ASCII, at C speed)."""
    if text.isascii():
        raw = text.encode("ascii")
        size = len(raw)
        return (size - len(raw.translate(None, _ASCII_LETTERS)),
                size - len(raw.translate(None, _ASCII_UPPER)),
                size - len(raw.translate(None, _ASCII_DIGITS)))
    # map: C-speed on a 20 MB text node
    return sum(map(str.isalpha, text)), sum(map(str.isupper, text)), sum(map(str.isdigit, text))


def _text_stats(text: str) -> tuple[list[float], int]:
    size = len(text)
    if size > 100_000:  # ratios from the head and tail: a 20 MB text node took 6 s
        text = text[:50_000] + " " + text[-50_000:]
    words = _TOKEN.findall(text)
    # Unspaced scripts (Chinese, Japanese, Thai) make one \w+ run of a whole clause: count
    # about one word per two of their characters instead.
    n = len(words) + (0 if text.isascii() else len(_UNSPACED.findall(text)) // 2)
    chars = len(text)
    letters, upper, digits = _char_counts(text)
    func = sum(1 for w in words if w.lower() in FUNCTION_WORDS)
    stats = [
        math.log1p(size),
        math.log1p(n * size / chars if chars else 0),
        len(_PUNCT.findall(text)) / (n + 1),
        float(text.rstrip().endswith(_SENT_END)),
        float(text[:1].isupper()),
        digits / (chars + 1),
        upper / (letters + 1),
        func / (n + 1),
        (letters / n) if n else 0.0,
        float("|" in text or "·" in text or " • " in text),
    ]
    return stats, n


BASE_NAMES = ["log_chars", "log_words", "punct_per_word", "ends_sentence", "starts_upper",
              "digit_ratio", "upper_ratio", "function_word_ratio", "letters_per_word",
              "has_separators"]


LEVELS = (1, 2, 3, 5, 8)


_KIND_ROWS = np.vstack([np.eye(len(KINDS)), np.zeros((1, len(KINDS)))]).astype(np.float32)
_KIND_ROW = {k: i for i, k in enumerate(KINDS)}
_N_HEAD = len(BASE_NAMES) + 1  # the text statistics and the link density


def block_features(blocks: list[Block], title: str | None = None) -> np.ndarray:
    """A float32 matrix (blocks x features); see `feature_names()` for the columns.

    Columns that depend only on a block's kind, tag path or class/id strings are made once
    per distinct value and gathered, the rest row by row.
    """
    n = len(blocks)
    if n == 0:
        return np.zeros((0, len(feature_names())), dtype=np.float32)
    rows: list[list[float]] = []
    good: list[float] = []
    texts = Counter(b.text for b in blocks)
    title_key = " ".join(title.lower().split()) if title else None
    paths: dict[tuple[str, ...], int] = {}
    attrs: dict[tuple[str, ...], int] = {}
    path_of, attrs_of, kind_of = [], [], []
    for i, b in enumerate(blocks):
        if i % 256 == 0:
            checkpoint("classifying")  # the page's time limit (limits.py)
        text = b.text
        row, n_words = _text_stats(text)
        link_density = b.link_chars / max(len(text), 1)
        row += [link_density, b.level, float(b.ordered), len(b.path), float(texts[text] > 1),
                float(title_key is not None and " ".join(text.lower().split()) == title_key)]
        rows.append(row)
        path_of.append(paths.setdefault(b.path, len(paths)))
        attrs_of.append(attrs.setdefault(b.attrs, len(attrs)))
        kind_of.append(_KIND_ROW.get(b.kind, len(KINDS)))
        good.append(len(text) * (1 - link_density) if n_words >= 8 and
                    link_density < 0.35 else 0.0)
    own = np.asarray(rows, dtype=np.float32)
    tag_flags = np.asarray([[float(t in tags) for t in TAG_FLAGS]
                            for tags in map(set, paths)], dtype=np.float32)
    far_cache: dict[tuple[str, ...], int] = {}
    attr_flags = np.asarray([_attr_flags(a, far_cache) for a in attrs], dtype=np.float32)
    base = np.hstack([own[:, :_N_HEAD], _KIND_ROWS[kind_of], own[:, _N_HEAD:],
                      tag_flags[path_of], attr_flags[attrs_of]])
    tree = Ancestry(blocks)
    ctx = _context_features(blocks, base, good, tree)
    title_cols = title_relation(blocks, title, tree)
    return np.hstack([base, ctx, _repetition(blocks), title_cols]).astype(np.float32)


REPEAT_NAMES = ["repeat_log_group", "repeat_parent_share", "repeat_log_parents"]
_DIGITS = str.maketrans("", "", "0123456789")


def _repetition(blocks: list[Block]) -> np.ndarray:
    """Templated repetition: blocks with the same tags and classes (digits ignored) form a
    group; a group spread over many parents is a list of items (teasers, cards, comments),
    one under a single parent is running text."""
    keys: dict[tuple[str, ...], object] = {}
    group_of: list[object] = []
    members: dict[object, int] = Counter()
    parents: dict[object, set[int]] = defaultdict(set)
    for b in blocks:
        key = keys.get(b.attrs)
        if key is None:
            key = keys[b.attrs] = tuple(a.translate(_DIGITS) for a in b.attrs)
        sig = (b.path, key)
        group_of.append(sig)
        members[sig] += 1
        anc = b.ancestors
        parents[sig].add(anc[-2] if len(anc) > 1 else anc[-1] if anc else 0)
    out = np.zeros((len(blocks), len(REPEAT_NAMES)), dtype=np.float32)
    for i, sig in enumerate(group_of):
        g, p = members[sig], len(parents[sig])
        out[i] = (math.log1p(g), p / g, math.log1p(p))
    return out


BEST_SHARE = 0.6


def _best_container(goods: np.ndarray, depth: np.ndarray, total_good: float) -> int:
    """The deepest ancestor holding most (BEST_SHARE) of the page's prose; -1 if none.
    (At most one ancestor per depth can hold more than half of it.)"""
    held = np.flatnonzero((goods > 0) & (goods >= BEST_SHARE * total_good))
    return int(held[np.argmax(depth[held])]) if len(held) else -1


def _context_features(blocks: list[Block], base: np.ndarray, good: list[float],
                      tree: Ancestry) -> np.ndarray:
    n = len(blocks)
    sizes = np.fromiter((len(b.text) for b in blocks), np.float64, n)
    good_arr = np.asarray(good, dtype=np.float64)
    links_arr = np.fromiter((b.link_chars for b in blocks), np.float64, n)
    chars, links, count, goods = (tree.sums(sizes), tree.sums(links_arr), tree.sums(),
                                  tree.sums(good_arr))
    depth = np.zeros(tree.size, np.intp)
    depth[tree.flat] = tree.depth
    total_chars = float(sizes.sum()) or 1.0
    total_good = float(sum(good)) or 1.0
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


def stacked_features(blocks: list[Block], x: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Second-stage features: first-stage scores of the neighbours and of the containers.

    A block's own score is judged against its surroundings: a short line between two kept
    paragraphs in a kept container is likely body; a good-looking paragraph inside a
    container of rejected blocks likely is not.
    """
    n = len(blocks)
    if n == 0:
        return np.zeros((0, x.shape[1] + 12 + 2 * len(STACK_LEVELS)), dtype=np.float32)
    p = probs.astype(np.float64)
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    tree = Ancestry(blocks)
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
