"""Images: the lead image (og:image, JSON-LD) and the images of the article's own content.

Each image carries an absolute `src`, its `alt`, and the caption and credit from its
`<figure>` (split with `thresher.credits.split_credit`); none of them enters the body text.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from ..article import Image
from ..credits import split_credit
from .sources import Sources, absolute, clean
from .walk import outside_content

_LAZY = ("data-src", "data-lazy-src", "data-original", "data-srcset", "data-lazy",
         "data-hi-res-src", "src")


def _ld_image(value: object) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value if isinstance(value, str) else None


def lead_image(src: Sources) -> Image | None:
    """The page's declared lead image."""
    url = (src.first("og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                     "twitter:image:src") or _ld_image(src.main.get("image"))
           or _ld_image(src.main.get("thumbnailUrl")))
    url = absolute(url, src.url)
    if not url:
        return None
    alt = clean(src.first("og:image:alt", "twitter:image:alt"))
    return Image(src=url, alt=alt)


def _raw_src(img: HtmlElement) -> str | None:
    """The real source of an `<img>` (lazy-loading attributes first), as written."""
    attrs = dict(img.items())  # one call instead of a get() for each name
    for attr in _LAZY:
        value = attrs.get(attr)
        if value and not value.startswith("data:"):
            return value.strip().split(",")[0].split(" ")[0]
    return None


def figure_caption(fig: HtmlElement) -> tuple[str | None, str | None]:
    """(caption, credit) of a `<figure>`: its figcaption split, or a credit element."""
    cap = fig.find(".//figcaption")
    text = clean(cap.text_content()) if cap is not None else None
    credit_el = None
    for el in fig.iter():
        tokens = f"{el.get('class', '')}".lower() if isinstance(el.tag, str) else ""
        if any(t in tokens for t in ("credit", "copyright", "source", "byline")):
            credit_el = el
            break
    credit = clean(credit_el.text_content()) if credit_el is not None else None
    if text and credit and credit in text:
        text = clean(text.replace(credit, "")) or None
    if text and not credit:
        text, credit = split_credit(text)
        text = text or None
    return text, credit


def images_in(elements: list[HtmlElement], base: str | None, limit: int = 50) -> list[Image]:
    """The images inside the given content elements, each once, with captions and credits."""
    out: list[Image] = []
    seen: set[str] = set()
    memo: dict[str, bool] = {}  # outside_content's verdicts: images share their ancestors
    for root in elements:
        for img in root.iter("img"):
            # the cheap tests first: resolving the URL costs more
            if (raw := _raw_src(img)) is None or _tiny(img) or outside_content(
                    img, root, memo=memo):
                continue
            src = absolute(raw, base)
            if not src or src in seen:
                continue
            seen.add(src)
            fig = next((a for a in img.iterancestors("figure")), None)
            caption, credit = figure_caption(fig) if fig is not None else (None, None)
            out.append(Image(src=src, alt=clean(img.get("alt")), caption=caption,
                             credit=credit))
            if len(out) >= limit:
                return out
    return out


def _tiny(img: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 50:
            return True
    return False


def article_images(src: Sources, lead: Image | None, limit: int = 30) -> list[Image]:
    """The lead image first, then the images in the content (`<article>`/`<main>`) that are
    not page furniture, each once."""
    out = [lead] if lead else []
    scope = src.content_scope()
    if scope is None or scope.tag == "body":
        scope = src.headline().getparent() if src.headline() is not None else None
    if scope is None:
        return out
    seen = {lead.src} if lead else set()
    for img in images_in([scope], src.url, limit=limit):
        if img.src in seen:
            if out and lead and img.src == lead.src and (img.caption or img.credit):
                out[0] = Image(lead.src, lead.alt or img.alt, img.caption, img.credit)
            continue
        seen.add(img.src)
        out.append(img)
    return out
