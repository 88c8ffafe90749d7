"""thresher.sources: ids, directory listing, gzip, stdin and HTML-vs-text detection."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest

from thresher.errors import InputError, LimitExceeded
from thresher.sources import (
    Source,
    choose_mode,
    gunzip,
    is_url,
    load,
    looks_like_html,
    mode_hint,
    page_id,
    sources_for,
)


@pytest.mark.parametrize(("name", "expected"), [
    ("site.com.story.html.gz", "site.com.story"),
    ("site.com.story.html", "site.com.story"),
    ("page.HTM", "page"),
    ("0001.txt.gz", "0001"),
    ("notes.v2.txt", "notes.v2"),
    ("archive.gz", "archive"),
    ("plain", "plain"),
    (".html", ".html"),
])
def test_page_id(name: str, expected: str) -> None:
    assert page_id(name) == expected


def _tree(root: Path) -> None:
    (root / "b.story.html").write_text("<p>b</p>")
    (root / "a.html.gz").write_bytes(gzip.compress(b"<p>a</p>"))
    (root / "c.htm").write_text("<p>c</p>")
    (root / "d.txt").write_text("d")
    (root / "e.txt.gz").write_bytes(gzip.compress(b"e"))
    (root / "notes.md").write_text("not a page")
    (root / ".hidden.html").write_text("<p>h</p>")
    (root / "sub").mkdir()
    (root / "sub" / "f.html").write_text("<p>f</p>")


def test_directory_sources_by_mode(tmp_path: Path) -> None:
    _tree(tmp_path)
    ids = lambda mode, **kw: [s.id for s in sources_for(str(tmp_path), mode, **kw)]  # noqa: E731
    assert ids("html") == ["a", "b.story", "c"]
    assert ids("text") == ["d", "e"]
    assert ids("auto") == ["a", "b.story", "c", "d", "e"]
    assert ids("html", recursive=True) == ["a", "b.story", "c", "sub/f"]
    assert all(s.kind == "file" for s in sources_for(str(tmp_path), "auto"))


def test_single_sources(tmp_path: Path) -> None:
    page = tmp_path / "x.y.html"
    page.write_text("<p>x</p>")
    assert sources_for(str(page)) == [Source("x.y", str(page), "file")]
    assert sources_for("-") == [Source("stdin", "-", "stdin")]
    assert sources_for("https://example.com/a") == [
        Source("https://example.com/a", "https://example.com/a", "url")]
    with pytest.raises(InputError, match="no such file or directory"):
        sources_for(str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match="only http:// and https://"):
        sources_for("ftp://example.com/page.html")


def test_is_url() -> None:
    assert is_url("HTTPS://example.com")
    assert not is_url("example.com/page.html")


HTML_SAMPLES = [
    b"<!DOCTYPE html><html><body><p>x</p></body></html>",
    b"\xef\xbb\xbf  \n<html lang='en'><p>x</p>",
    b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'></html>",
    b"<!-- saved page -->\n<div>",
    b"<div class='a'><p>Paragraph one.</p></div>",  # a fragment without <html>
    b"\n<p>One paragraph of the story, which goes on.</p><p>Two.</p>",
    b"<style>\n" + b"body { margin: 0 }\n" * 300,  # a page that starts with its CSS
    "<!doctype html><p>x</p>".encode("utf-16"),
]
TEXT_SAMPLES = [
    b"City council approves new tram line\nThe route will link the station.\n",
    b"Use the <p> element for paragraphs; it is the most common tag.\n",
    b"if (a < b && c > d) { return x<y; }\n",
    b"<Reuters> Markets fell on Monday.\n",
    b"",
]


@pytest.mark.parametrize("data", HTML_SAMPLES)
def test_html_is_detected(data: bytes) -> None:
    assert looks_like_html(data)
    assert choose_mode(data, "auto") == "html"


@pytest.mark.parametrize("data", TEXT_SAMPLES)
def test_text_is_detected(data: bytes) -> None:
    assert not looks_like_html(data)
    assert choose_mode(data, "auto") == "text"


LEAKED = (b'<img height="1" width="1" style="display:none" src="https://t.example/p?id=1">\n'
          b"  * Politics\n  * Business\n" + b"A long paragraph of the article text. " * 60)


def test_hint_decides_between_leaked_tags_and_html() -> None:
    assert not looks_like_html(LEAKED, "text")
    assert looks_like_html(LEAKED, "html")
    assert not looks_like_html(LEAKED)  # one void tag, no closing tag: a text dump
    assert looks_like_html(LEAKED.replace(b"* Politics", b"<b>Politics</b>"))
    assert not looks_like_html(b"Just prose.", "html")  # no tag at all: text whatever the name


def test_mode_hint() -> None:
    assert mode_hint("a/b.story.HTML.gz") == "html"
    assert mode_hint("dump/0001.txt") == "text"
    assert mode_hint("page.php") is None
    assert mode_hint("page.php", "text/html; charset=utf-8") == "html"
    assert mode_hint("x.html", "text/plain") == "text"


def test_forced_mode_wins() -> None:
    assert choose_mode(b"<html></html>", "text") == "text"
    assert choose_mode(b"just words", "html") == "html"
    with pytest.raises(InputError, match="unknown input mode"):
        choose_mode(b"x", "xml")


def test_gunzip_and_its_limits() -> None:
    assert gunzip(b"<p>plain</p>", 100, "x") == b"<p>plain</p>"
    assert gunzip(gzip.compress(b"hello"), 100, "x") == b"hello"
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), 100, "x") == b"abcd"
    with pytest.raises(LimitExceeded, match="inflates to over max_bytes=1000"):
        gunzip(gzip.compress(b"0" * 1_000_000), 1000, "bomb.gz")
    with pytest.raises(InputError, match="truncated gzip"):
        gunzip(gzip.compress(b"hello world" * 100)[:20], 10_000, "cut.gz")
    with pytest.raises(InputError, match="broken gzip"):
        gunzip(b"\x1f\x8b" + b"garbage" * 10, 10_000, "bad.gz")


def test_load_file_detects_mode_and_keeps_url(tmp_path: Path) -> None:
    html = tmp_path / "page.txt"  # the extension says text, the content says HTML
    html.write_bytes(b"<!doctype html><p>x</p>")
    page = load(Source("page", str(html), "file"), url="https://example.com/p")
    assert (page.mode, page.url, page.data) == ("html", "https://example.com/p",
                                                b"<!doctype html><p>x</p>")
    text = tmp_path / "t.html.gz"
    text.write_bytes(gzip.compress(b"Just a line of text.\n"))
    assert load(Source("t", str(text), "file")).mode == "text"


def test_load_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="the input is empty"):
        load(Source("empty", str(empty), "file"))
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"x" * 500)
    with pytest.raises(LimitExceeded, match="over max_bytes=100"):
        load(Source("big", str(big), "file"), max_bytes=100)
    with pytest.raises(InputError, match="missing.html"):
        load(Source("missing", str(tmp_path / "missing.html"), "file"))


def test_load_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(gzip.compress(b"<html><p>from stdin</p></html>")))
    monkeypatch.setattr(sys, "stdin", stdin)
    page = load(Source("stdin", "-", "stdin"))
    assert (page.mode, page.data) == ("html", b"<html><p>from stdin</p></html>")
