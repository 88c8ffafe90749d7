"""Property-based tests (hypothesis): whatever the input, thresher returns or raises cleanly.

Invariants, for generated HTML trees, mutated pages, random bytes and random text:
- nothing but a `ThresherError` escapes, and never an `InternalError` (that is a bug);
- every string of the output is valid UTF-8 with no control character but newline and tab;
- every paragraph of the body occurs in the text of the input (white space normalised);
- the same input gives the same output; each page ends within twice its time limit.

Example counts scale with the hypothesis profile (tests/conftest.py): `ci` by default,
`--hypothesis-profile=long` for ten times more. `EXAMPLES` counts what ran.
"""

from __future__ import annotations

import gzip
import re
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import thresher
from thresher.errors import InternalError, ThresherError, TimeLimitExceeded
from thresher.html.decode import decode_page
from thresher.html.parse import parse
from thresher.html.visible import SKIP_TAGS
from thresher.html.visible import is_hidden as _is_hidden
from thresher.html.whatwg import (
    LABELS,
    encoding_from_meta_content,
    find_meta_charset,
    get_encoding,
    prescan,
)
from thresher.limits import read_gzip

EXAMPLES: Counter[str] = Counter()
TIME_LIMIT = 5.0
OPTIONS = thresher.Options(time_limit=TIME_LIMIT)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def cases(weight: int) -> settings:
    """Settings running `weight` x (profile's max_examples / 100) examples."""
    n = max(1, weight * settings.default.max_examples // 100)
    return settings(max_examples=n, suppress_health_check=list(HealthCheck))


def norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


# -- strategies ----------------------------------------------------------------------------

_WORDS = (
    "the a story council voted new line said city river people year report ünïcödé "
    "東京 Москва القاهرة 😀 &amp; &lt; &gt; &nbsp; &#0; &#x110000; &#xD800; &#128512; &bogus; "
    "&#65; &AMP &copy; < > \" ' = / ; : , . ! ? \u00a0 \u200b \ufeff \x00 \x01 \x0b \x0c \x7f "
    "\x85 \u2028 \ufffe")
WORDS = st.sampled_from(_WORDS.split(" "))
TEXT = st.one_of(
    st.lists(WORDS, max_size=30).map(" ".join),
    st.text(max_size=40),
)
_TAGS = (
    "p div span a b i em strong h1 h2 h3 ul ol li table tr td th thead tbody caption "
    "blockquote pre code figure figcaption article main section aside nav header footer "
    "br hr img script style noscript template svg math iframe form input button select "
    "option textarea title meta link body html head time address dl dt dd details summary "
    "font center frameset frame plaintext xmp listing noframes my-element x:y")
TAGS = st.sampled_from(_TAGS.split())
ATTRS = st.sampled_from([
    'class="content"', 'class="nav menu"', 'class="hidden"', 'id="main"', 'hidden',
    'style="display:none"', 'aria-hidden="true"', 'href="https://example.com/x"',
    'href="javascript:alert(1)"', 'src="/img.png"', 'lang="de"', 'colspan="1000000"',
    'colspan="-1"', 'rowspan="x"', 'role="presentation"', 'itemprop="author"',
    'content="text/html; charset=koi8-r"', 'charset="utf-16"', 'data-x=\'"\'',
    'onload="alert(1)"', "class", "=", 'a="unterminated', "x=&amp;y", 'datetime="2024-02-30"',
    'href="http://[::1"', 'src="//[bad/x.png"', 'href="http://x.test:99999/"', 'rel="canonical"',
    'href="mailto:a@b"', 'srcset="a.png 1x, [b 2x"',
])
JUNK = st.sampled_from([
    "<", "</", "<div", "<p <p>", "</>", "<!", "<?pi?>", "<!-- open", "-->", "--!>", "<!---->",
    "<![CDATA[ x ]]>", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<!doctype x SYSTEM 'y'>",
    "<?xml version='1.0' encoding='utf-16'?>", "</body>", "</html>", "<html>", "<body>",
    "<script>", "</script", "<style>", "</table>", "<td>", "<tr>", "&", "&#", "&#x;", "\r\n",
    "<br/>", "<img/>", "<a href=x>", "</a>", '<meta charset="utf-8">', "<title>",
    '<link rel="canonical" href="http://[::1">', '<meta property="og:url" content="http://[x">',
    '<meta property="og:image" content="//[">', "<h1><a href='http://[::1'>Home</a></h1>",
])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(tag: str, attrs: list[str], kids: list[str], close: bool) -> str:
        head = " ".join([tag, *attrs])
        return f"<{head}>{''.join(kids)}" + (f"</{tag}>" if close else "")
    return st.builds(build, TAGS, st.lists(ATTRS, max_size=3),
                     st.lists(children, max_size=5), st.booleans())


NODES = st.recursive(st.one_of(TEXT, JUNK, TEXT), _element, max_leaves=40)
PAGES = st.builds(lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
                  st.lists(NODES, max_size=3).map("".join),
                  st.lists(NODES, max_size=8).map("".join))
ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Tram line approved"
    "</title><meta property='og:title' content='Tram line approved'>"
    "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":"
    "{\"name\":\"Jane Smith\"},\"datePublished\":\"2025-03-04\"}</script></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    "<article><h1>Tram line approved</h1><p class='byline'>By Jane Smith</p>"
    "<p>Councillors voted 58 to 12 last night to approve the long-delayed tram line, "
    "ending a decade of argument about the route.</p><figure><img src='/a.jpg' alt='vote'>"
    "<figcaption>The vote. Photo: John Doe</figcaption></figure>"
    "<p>&ldquo;This is a historic day for the city,&rdquo; the council leader said after "
    "the vote, to applause from the public gallery.</p><h2>Opponents</h2>"
    "<p>Residents in the east say the route ignores them &amp; their buses.</p>"
    "<table><tr><th>Stop</th><th>Year</th></tr><tr><td>Station</td><td>2029</td></tr></table>"
    "<pre><code>route = [\"station\", \"east\"]</code></pre></article>"
    "<footer><p>&copy; 2025 The Paper</p></footer></body></html>"
)


@st.composite
def mutated(draw: st.DrawFn, page: str = ARTICLE) -> str:
    """The article page with a few random cuts, copies and insertions."""
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(page)))
        j = draw(st.integers(i, min(len(page), i + 200)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "swap"]))
        if op == "delete":
            page = page[:i] + page[j:]
        elif op == "duplicate":
            page = page[:j] + page[i:j] + page[j:]
        elif op == "insert":
            page = page[:i] + draw(st.one_of(JUNK, NODES, TEXT)) + page[i:]
        elif op == "truncate":
            page = page[:i]
        else:
            page = page[:i] + page[j:] + page[i:j]
    return page


# -- checks ---------------------------------------------------------------------------------

def _strings(article: thresher.Article) -> list[str]:
    d = article.to_dict()
    out = []
    for value in d.values():
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            for v in value:
                out.extend(x for x in (v.values() if isinstance(v, dict) else [v])
                           if isinstance(x, str))
    return out


_REF_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad]")


def _input_text(html: str | bytes, noscript: bool = True) -> str:
    """The visible text of the input: skipped (script, head, ...) and hidden elements out;
    <noscript> kept when `noscript` (a page with little other text is read with it)."""
    root = parse(decode_page(html, OPTIONS).text)
    # libxml2 starts a second top-level element for content after an early </html>;
    # browsers show that content, and so does the extractor.
    tops = [root, *(t for t in root.itersiblings() if isinstance(t.tag, str))]
    for el in [e for top in tops for e in top.iter()]:
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "br" and not _is_hidden(el):  # a line break separates words
            el.tail = "\n" + (el.tail or "")
        kept = ("html", "body", "noscript") if noscript else ("html", "body")
        if tag not in kept and (tag in SKIP_TAGS or _is_hidden(el)):
            el.drop_tree()
    # Character references ("&#1;") can put control characters back, and soft hyphens only
    # show where a line breaks: shown as nothing.
    return norm(_REF_CONTROLS.sub("", " ".join(top.text_content() for top in tops)))


def _check_output(article: thresher.Article) -> None:
    for s in _strings(article):
        s.encode("utf-8")  # no lone surrogates
        assert not _CONTROL.search(s.replace("\n", "").replace("\t", "")), repr(s)
    article.to_json().encode("utf-8")


def _check_paragraphs(article: thresher.Article, html: str | bytes) -> None:
    """Every line (table cell) of the body is text of the page, read with its <noscript>
    or without it (the extractor reads it only when the page has little other text)."""
    sources = (_input_text(html), _input_text(html, noscript=False))
    for paragraph in article.text.split("\n\n"):
        for line in paragraph.split("\n"):
            for cell in line.split(" | "):  # table rows are cells joined by " | "
                cell = norm(cell)
                assert any(cell in source for source in sources), (cell, sources[0][:2000])


def run_extract(html: str | bytes, **kw: object) -> thresher.Article | None:
    """Extract twice; None if a ThresherError (not an InternalError) was raised."""
    start = time.monotonic()
    try:
        article = thresher.extract(html, options=OPTIONS, **kw)  # type: ignore[arg-type]
    except InternalError:
        raise
    except ThresherError:
        return None
    assert time.monotonic() - start < 2 * TIME_LIMIT
    try:
        again = thresher.extract(html, options=OPTIONS, **kw)  # type: ignore[arg-type]
    except TimeLimitExceeded:  # time is the one thing a loaded machine may not repeat
        again = article
    assert again == article, "extraction is not deterministic"
    _check_output(article)
    return article


# -- HTML mode -----------------------------------------------------------------------------

@cases(300)
@given(PAGES)
def test_generated_trees(html: str) -> None:
    EXAMPLES["generated trees"] += 1
    article = run_extract(html)
    if article is not None and article.text:
        _check_paragraphs(article, html)


@cases(200)
@given(mutated())
def test_mutated_fixture_page(html: str) -> None:
    EXAMPLES["mutated pages"] += 1
    article = run_extract(html)
    if article is not None and article.text:
        _check_paragraphs(article, html)


OPTION_VARIANTS = st.builds(
    lambda **kw: OPTIONS.with_(**kw), comments=st.booleans(), tables=st.booleans(),
    links=st.booleans(), images_in_markdown=st.booleans(), detect_language=st.booleans(),
    threshold=st.floats(0.0, 1.0), max_depth=st.integers(1, 300),
    max_nodes=st.integers(1, 2000))


@cases(100)
@given(st.one_of(PAGES, mutated()), OPTION_VARIANTS, st.sampled_from([None, "https://x.test/a/b",
                                                                       "not a url", "http://[::1"]))
def test_options_and_urls(html: str, options: thresher.Options, url: str | None) -> None:
    EXAMPLES["options and urls"] += 1
    try:
        article = thresher.extract(html, options=options, url=url)
    except InternalError:
        raise
    except ThresherError:
        return
    _check_output(article)
    assert thresher.extract(html, options=options, url=url) == article


@cases(100)
@given(PAGES, st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis", "koi8_r", "gb18030"]),
       st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                        "text/html; charset=windows-1251", "text/html; charset=bogus"]))
def test_generated_trees_as_bytes(html: str, codec: str, content_type: str | None) -> None:
    EXAMPLES["generated trees as bytes"] += 1
    run_extract(html.encode(codec, "replace"), content_type=content_type)


# Cheap inputs come in batches: one hypothesis example runs several cases, so the suite
# reaches a large number of cases (EXAMPLES counts cases, not hypothesis examples).

@cases(300)
@given(st.lists(st.binary(max_size=3000), min_size=5, max_size=10))
def test_random_bytes(batch: list[bytes]) -> None:
    for data in batch:
        EXAMPLES["random bytes"] += 1
        run_extract(data)


@cases(150)
@given(st.lists(st.text(max_size=2000), min_size=3, max_size=5))
def test_random_str(batch: list[str]) -> None:
    for text in batch:
        EXAMPLES["random str"] += 1
        run_extract(text)


# -- text mode -----------------------------------------------------------------------------

def run_extract_text(text: str) -> thresher.Article | None:
    start = time.monotonic()
    try:
        article = thresher.extract_text(text, options=OPTIONS)
    except InternalError:
        raise
    except ThresherError:
        return None
    assert time.monotonic() - start < 2 * TIME_LIMIT
    try:
        again = thresher.extract_text(text, options=OPTIONS)
    except TimeLimitExceeded:
        again = article
    assert again == article, "not deterministic"
    _check_output(article)
    return article


LINES = st.lists(st.one_of(TEXT, WORDS, st.sampled_from([
    "By Jane Smith", "Share on Facebook", "• Email this article", "Read next:",
    "Includes reporting by Reuters", "Image: John Doe via Example Images", "Published 4 March 2025",
    "1. First point", "- a bullet", "", "   ", "\t", "COUNCILLORS VOTED 58 to 12 last night.",
])), max_size=40).map("\n".join)


def _text_model_missing() -> str | None:
    try:
        thresher.extract_text("A line of text.")
    except InternalError:
        return None  # a bug, not a reason to skip: the tests below will show it
    except ThresherError as exc:
        return str(exc)
    return None


@pytest.mark.skipif(bool(_text_model_missing()), reason="text mode cannot run here: "
                    f"{_text_model_missing()}")
@cases(150)
@given(st.lists(st.one_of(LINES, st.text(max_size=2000)), min_size=3, max_size=5))
def test_text_mode(batch: list[str]) -> None:
    for text in batch:
        EXAMPLES["text mode"] += 1
        article = run_extract_text(text)
        if article is not None and article.text:
            source = norm(text)
            for paragraph in article.text.split("\n\n"):
                for line in paragraph.split("\n"):
                    assert norm(line) in source, (line, text)


# -- the decode stage and helpers ----------------------------------------------------------

LABEL = st.one_of(st.none(), st.sampled_from(sorted(LABELS)), st.text(max_size=20))


@cases(1000)
@given(st.lists(st.tuples(st.binary(max_size=600), LABEL), min_size=20, max_size=40))
def test_decode_never_fails_badly(batch: list[tuple[bytes, str | None]]) -> None:
    for data, label in batch:
        EXAMPLES["decode bytes"] += 1
        try:
            decoded = decode_page(data, OPTIONS,
                                  content_type=label and f"text/html; charset={label}")
        except InternalError:
            raise
        except ThresherError:
            continue
        decoded.text.encode("utf-8")
        assert not _CONTROL.search(decoded.text.replace("\n", "").replace("\t", ""))


META_BYTES = st.lists(st.sampled_from([
    b"<meta", b" charset=", b"koi8-r", b"'", b'"', b"<!--", b"-->", b">", b"/", b" ",
    b"http-equiv=", b"content-type", b"content=", b"text/html;", b"<a", b"</", b"<!", b"<?",
    b"=", b"utf-16", b"x-user-defined", b"\t", b"CHARSET", b"<META"]), max_size=30).map(b"".join)
KNOWN = set(LABELS.values())


@cases(1400)
@given(st.lists(st.one_of(st.binary(max_size=300), META_BYTES), min_size=30, max_size=60))
def test_prescan_returns_a_known_encoding_or_none(batch: list[bytes]) -> None:
    for data in batch:
        EXAMPLES["prescan"] += 1
        result = prescan(data)
        assert result is None or result in KNOWN - {"utf-16le", "utf-16be", "x-user-defined"}
        found = find_meta_charset(data)
        assert found is None or found in KNOWN - {"utf-16le", "utf-16be", "x-user-defined"}
        content = data.decode("latin-1")
        assert encoding_from_meta_content(content) in KNOWN | {None}
        assert get_encoding(content) in KNOWN | {None}


@cases(400)
@given(st.lists(st.tuples(st.binary(max_size=400), st.integers(0, 500),
                          st.one_of(st.none(), st.tuples(st.integers(0, 500),
                                                         st.binary(max_size=8)))),
                min_size=10, max_size=20))
def test_read_gzip_is_bounded(batch: list[tuple[bytes, int, tuple[int, bytes] | None]]) -> None:
    for data, max_bytes, damage in batch:
        EXAMPLES["read_gzip"] += 1
        packed = gzip.compress(data)
        if damage is not None:
            i = damage[0] % (len(packed) + 1)
            packed = packed[:i] + damage[1] + packed[i + 1:]
        try:
            out = read_gzip(packed, max_bytes)
        except InternalError:
            raise
        except ThresherError:
            continue
        assert len(out) <= max_bytes
        if damage is None:
            assert out == data
