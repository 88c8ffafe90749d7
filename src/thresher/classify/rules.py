"""Structural rules for what a block classifier cannot see: headline, dek, byline, dateline,
captions and credits. They are fields of the article (or of its images), never body text.
Also a few wordings the classifier takes for prose: calls to follow, share or subscribe.
"""

from __future__ import annotations

import re
import unicodedata

from ..blocks import Block, Decision
from ..credits import CAPTION_TIDY, CREDIT_STEMS, find_credits, split_credit
from ..html.textdates import text_dates

_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af|autor|author|written by|text)\b[:\s]",
                     re.IGNORECASE)
_PUNCT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "\u2013": "-", "\u2014": "-"})
_DATELINE_WORDS = re.compile(
    r"\b(?:published|updated|posted|last updated|modified|veröffentlicht|aktualisiert|"
    r"publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|"
    r"min read|minutes? read|read time|lesezeit|am|um|on|at|uhr|est|edt|gmt|utc|cet|cest|"
    r"pm|am)\b", re.IGNORECASE)
_MONTHS = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
                     r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|"
                     r"dec(?:ember)?)\b\.?", re.IGNORECASE)
#: weekdays, months and connectives of dates in some other languages (German, French,
#: Spanish, Portuguese, Italian, Dutch), so "segunda-feira, 22 de janeiro de 2018 às 0:13"
#: reads as a dateline
_DATE_WORDS_INTL = re.compile(
    r"\b(?:(?:segunda|terça|terca|quarta|quinta|sexta)(?:-feira)?|sábado|domingo|lunes|martes|"
    r"miércoles|jueves|viernes|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunedì|martedì|mercoledì|giovedì|"
    r"venerdì|sabato|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
    r"janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|"
    r"dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|"
    r"juillet|août|septembre|octobre|novembre|décembre|gennaio|febbraio|aprile|maggio|"
    r"giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus|"
    r"de|del|às|as|a las|le|den|der|il|op|om|h|hs)\b\.?", re.IGNORECASE)
_CREDIT_HINT = re.compile(r"[\u00a9:/(]|\bvia\b|copyright", re.IGNORECASE)
_CAPTION_ATTRS = re.compile(r"caption|figcaption|wp-caption|image-credit|photo-credit|"
                            r"media-credit|credit|copyright|bildunterschrift|legende")
#: class/id tokens of a reader-comment section or of one comment in it
_COMMENT_AREA = re.compile(r"(?:^|\s)(?:comments?|comment-list|commentlist|comments-area|"
                           r"comment-body|comment-content|disqus_thread|comments-section)"
                           r"(?:\s|$)")
#: a share button's whole text: the network's name, maybe after "Share on"
_SHARE_BUTTON = re.compile(
    r"(?:share(?: on| to| via)? )?(?:facebook|twitter|x|e-?mail|mail|pinterest|linkedin|"
    r"whatsapp|telegram|reddit|tumblr|vkontakte|odnoklassniki|pocket|flipboard|messenger|"
    r"xing|threads|bluesky|mastodon|print|share|copy link)", re.IGNORECASE)
#: an image credit that closes a caption: "(Image: Getty)", "| Photo by X", "(Foto: dpa)"
_TRAILING_CREDIT = re.compile(
    r"(?:\(|\|\s)\s*(?:images?|photos?|pictures?|pic|fotos?|bild|credit|crédit photo)"
    r"\s*(?::|by\b)\s*[^()|:]{1,60}\)?\s*$", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"\bfollow (?:us|him|her|me) (?:on|at)\b|\bfollow (?:(?:us|him|her|me) )?@\w|"
    r"\bfollow [\w@.]+ on (?:twitter|facebook|instagram)|"
    r"sharing is caring|\bshare (?:it|this story) with a friend|requires javascript|"
    r"\bhave a tip\?|\bmay be reached at\b|^also on [\w-]+\.\w+|^\[related\b|"
    r"^like this (?:story|article)\?|\bsign up for [\w' ]+ today\b|"
    r"\bclick here to get the\b|^subscribe to [\w' ]+ (?:on youtube|and stay)",
    re.IGNORECASE)
_PHOTO_OPENER = re.compile(
    r"in this (?:[\w.,' -]{0,30}, )?(?:file |undated |handout )?(?:photo|image|picture)"
    r"(?:graph)?(?:,| (?:taken|made|released|provided|shot|from)\b)", re.IGNORECASE)
_SUBTITLE_ATTRS = re.compile(r"\b(?:dek|standfirst|sub-?title|sub-?headline|subhead|"
                             r"deck|kicker-text|lede|teaser-text|article-summary|"
                             r"intro(?:duction)?|excerpt|strapline|summary)\b")


def fold(text: str) -> str:
    """Case-, width- and punctuation-folded text for comparisons."""
    if text.isascii():  # NFKC and _PUNCT leave ASCII alone; its casefold() is its lower()
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_PUNCT).casefold()
    return " ".join(text.split()).rstrip(" .:;,!?")


def repeats_title(block: Block, folded_title: str) -> bool:
    """The block repeats the page's headline, given `fold`ed (fold it once a page)."""
    if block.kind not in ("heading", "paragraph") or len(block.text) > 400:
        return False
    a, b = fold(block.text), folded_title
    return bool(a) and (a == b or (len(a) > 15 and (a in b or b in a)
                                   and block.kind == "heading"))


def is_byline(block: Block, authors: list[str]) -> bool:
    """A short "By Jane Doe" line, or a short line made of the known author names."""
    if len(block.text) > 120 or block.kind in ("table", "code"):
        return False
    if _BYLINE.match(block.text):
        return True
    if authors:
        t = fold(block.text)
        return all(fold(a) in t for a in authors) and len(t) < 40 * len(authors) + 20
    return False


def is_dateline(block: Block) -> bool:
    """A short line that is a date, maybe with "Published"/"Updated" and a time."""
    text = block.text
    if len(text) > 90 or block.kind in ("table", "code") or not text_dates(text):
        return False
    rest = _MONTHS.sub(" ", re.sub(r"\d+", " ", text))
    rest = _DATELINE_WORDS.sub(" ", rest)
    rest = _DATE_WORDS_INTL.sub(" ", rest)
    return len(re.findall(r"\w+", rest)) <= 3


def is_caption(block: Block) -> bool:
    """A figure caption, or a block whose markup calls it a caption or credit."""
    if block.kind == "caption":
        return True
    if len(block.text) > 400 or block.kind in ("heading", "table", "code"):
        return False
    last = " ".join(block.attrs[-3:])  # a sieve for the three (no word below holds a space)
    if ("capt" not in last and "credit" not in last and "copyright" not in last
            and "legende" not in last and "bildunterschrift" not in last):
        return False
    # No word of _CAPTION_ATTRS holds a space either: a match in the joined names is a
    # match in one of them.
    return _CAPTION_ATTRS.search(last) is not None


def is_credit_line(block: Block) -> bool:
    """A line that only credits an image or a wire agency ("Photo: AP", "(Reuters)")."""
    text = block.text
    if len(text) > 120 or block.kind in ("heading", "table", "code"):
        return False
    if len(text.split()) <= 6 and find_credits(text):
        return True
    if not _may_be_bare_credit(text) or not _CREDIT_HINT.search(text):
        return False
    caption, credit = split_credit(text)
    return bool(credit and not caption)


#: how a bare credit opens, lower-cased: a credit word, or "©", "(c)" (its "(" tidied off)
#: or "copyright"
_CREDIT_OPENERS = (*CREDIT_STEMS, "c)", "copyright")


def _may_be_bare_credit(text: str) -> bool:
    """False only where split_credit cannot find a credit with nothing before it: the line
    opens (past what CAPTION_TIDY holds) with no credit word, has no "/", no "via" and no
    ")" at its end. (A head that opens with white space or holds a non-ASCII letter, which
    re.IGNORECASE may fold unlike lower(), is left to split_credit.)"""
    head = text.lstrip(CAPTION_TIDY)
    if head[:1].isspace() or not head[:16].isascii():
        return True
    return (head.lower().startswith(_CREDIT_OPENERS) or "/" in text or "via" in text
            or text.rstrip().endswith(")"))


def is_credited_caption(block: Block) -> bool:
    """A short line that ends in an image credit ("... (Image: Getty)") or opens as a wire
    caption does ("In this Dec. 12, 2006, file photo, ...")."""
    text = block.text
    if len(text) > 400 or block.kind in ("heading", "table", "code", "list_item"):
        return False
    if _PHOTO_OPENER.match(text):
        return True
    m = _TRAILING_CREDIT.search(text) if "(" in text or "|" in text else None
    return bool(m and m.start() > 10 and len(text) <= 250)


def is_call_to_action(block: Block) -> bool:
    """A short line that asks the reader to follow, subscribe, share or read on."""
    text = block.text
    if len(text) > 250 or block.kind in ("heading", "table", "code"):
        return False
    return _may_call_to_action(text) and bool(_CALL_TO_ACTION.search(text))


#: openings of _CALL_TO_ACTION's wordings anchored at the start
_CTA_OPENERS = ("also on ", "[related", "like this ", "subscribe to ")


def _may_call_to_action(text: str) -> bool:
    """False only where _CALL_TO_ACTION cannot match: none of its words is in the text.
    Its case-blind letters match just their ASCII cases once lowered, but for the dotted
    and dotless i and the long s (lower() leaves those apart)."""
    low = text.lower()
    return ("follow " in low or "sign up for " in low or "with a friend" in low
            or "sharing is caring" in low or "requires javascript" in low
            or "have a tip?" in low or "may be reached at" in low
            or "click here to get the" in low or low.startswith(_CTA_OPENERS)
            or (not low.isascii()
                and ("\u0130" in text or "\u0131" in text or "\u017f" in text)))


def is_subtitle(block: Block) -> bool:
    """The standfirst (dek) under the headline, as its markup names it."""
    if block.kind not in ("paragraph", "heading") or not 20 <= len(block.text) <= 600:
        return False
    return any(_SUBTITLE_ATTRS.search(a) for a in block.attrs[-2:] if a)


def subtitle_of(blocks: list[Block], decisions: list[Decision]) -> str | None:
    """The standfirst just under the headline, if its markup names it."""
    title_at = next((i for i, d in enumerate(decisions) if d.label == "title"), None)
    if title_at is None:
        return None
    for b, d in zip(blocks[title_at + 1: title_at + 5], decisions[title_at + 1: title_at + 5],
                    strict=False):
        if d.label == "body" and is_subtitle(b):
            return b.text
    return None


def is_share_button(block: Block) -> bool:
    """A block that is only a share button ("Facebook", "Share on X", "Email")."""
    return len(block.text) <= 24 and bool(_SHARE_BUTTON.fullmatch(block.text.strip()))


def in_comments(block: Block) -> bool:
    """The block sits in a reader-comment section (by its ancestors' class and id)."""
    # Every name the pattern knows holds "comment" but one: test the substrings first.
    joined = " ".join(block.attrs)
    if "comment" not in joined and "disqus_thread" not in joined:
        return False
    return any(_COMMENT_AREA.search(a) for a in block.attrs if a)


def apply_rules(blocks: list[Block], decisions: list[Decision], title: str | None,
                authors: list[str], discussion: bool = False) -> list[Decision]:
    """Relabel blocks that are fields rather than body: the headline, bylines and datelines
    around the start of the body, captions and credits anywhere. (The dek stays in the
    body; `subtitle_of` finds it.) Reader comments leave the body unless the page is a
    `discussion` (a forum thread, whose posts are its body), and so do bare share buttons,
    captions known by their wording and calls to action (follow, share, subscribe). A body of
    nothing but link text is dropped whole."""
    out = list(decisions)
    first_body = next((i for i, d in enumerate(out) if d.label == "body"), None)
    if first_body is None:
        return out
    if all(b.link_chars >= 0.9 * len(b.text) for b, d in zip(blocks, out, strict=True)
           if d.label == "body"):
        # Nothing kept but link text (a "Home" link beside "Page not found"): no article.
        return [Decision("boilerplate", d.score, "only link text kept") if d.label == "body"
                else d for d in out]
    head = range(max(0, first_body - 3), min(len(blocks), first_body + 6))
    title_at = None
    folded = fold(title) if title else None
    for i in head:
        b, d = blocks[i], out[i]
        if title_at is None and folded is not None and repeats_title(b, folded):
            out[i] = Decision("title", d.score, "repeats the page title")
            title_at = i
        elif d.label == "body" and is_byline(b, authors):
            out[i] = Decision("byline", d.score, "byline")
        elif d.label == "body" and is_dateline(b):
            out[i] = Decision("date", d.score, "dateline")
    for i, (b, d) in enumerate(zip(blocks, out, strict=True)):
        if d.label != "body":
            continue
        if not discussion and in_comments(b):
            out[i] = Decision("comment", d.score, "in the reader comments")
        elif len(b.text) > 400 and b.kind != "caption":
            continue  # longer than any of the lines below can be
        elif is_share_button(b):
            out[i] = Decision("boilerplate", d.score, "share button")
        elif is_caption(b):
            _, credit = split_credit(b.text)
            label = "credit" if credit and len(credit) >= len(b.text) - 2 else "caption"
            out[i] = Decision(label, d.score, "figure caption")
        elif is_credit_line(b):
            out[i] = Decision("credit", d.score, "image or wire credit line")
        elif is_credited_caption(b):
            out[i] = Decision("caption", d.score, "caption with an image credit")
        elif is_call_to_action(b):
            out[i] = Decision("boilerplate", d.score, "call to action")
    return _drop_newsletter_boxes(blocks, out)


_NEWSLETTER = re.compile(r"news-?letter", re.IGNORECASE)


def _drop_newsletter_boxes(blocks: list[Block], out: list[Decision]) -> list[Decision]:
    """A small box headed "Sign up for our newsletter" that the article runs around: the
    heading and the few short blocks of its box (what the letter brings, "unsubscribe at
    any time")."""
    for i, b in enumerate(blocks):
        if (b.kind != "heading" or out[i].label != "body" or len(b.ancestors) < 2
                or not _NEWSLETTER.search(b.text) or len(b.text.split()) > 12):
            continue
        box = b.ancestors[-2]
        if i + 8 < len(blocks) and box in blocks[i + 8].ancestors:
            continue  # not a small box: the heading's parent holds the article
        inside = [k for k in range(i, min(len(blocks), i + 8)) if box in blocks[k].ancestors]
        if sum(len(blocks[k].text) for k in inside) > 800 or inside[-1] - i >= len(inside) + 1:
            continue
        before = [out[k].label for k in range(max(0, i - 3), i)]
        after = [out[k].label for k in range(inside[-1] + 1, min(len(out), inside[-1] + 4))]
        if "body" not in before or "body" not in after:
            continue  # a box the article runs around, not the page's footer
        for k in inside:
            out[k] = Decision("boilerplate", out[k].score, "newsletter sign-up box")
    return out
