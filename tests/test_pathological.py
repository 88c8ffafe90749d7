"""Pathological pages: each ends within 2x its time limit, under 1 GB RSS, with a clear result.

The large cases run in a child process (this file run as a script), which generates the page,
extracts it and reports the outcome, the time `extract` took and the process's peak RSS.
Run one by hand: `python tests/test_pathological.py deep_nesting`.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import resource
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

RSS_LIMIT_MB = 1024
TIME_LIMIT = 5.0  # seconds per page in these tests (the default is 10)
ARTICLE = "".join(
    f"<p>Paragraph {i} of the article tells its story in a sentence that is long enough, "
    "with commas, verbs and the ordinary words of running prose in it.</p>\n"
    for i in range(6))
AFTER = "<p>The closing paragraph comes after the strange part and still belongs to the story.</p>"


def _page(body: str) -> str:
    return f"<html><head><title>A headline</title></head><body>{body}</body></html>"


def _head_page(head: str) -> str:
    return f"<html><head>{head}</head><body><article>{ARTICLE}</article></body></html>"


def _big_page() -> str:  # 50 MB of ordinary paragraphs
    unit = "<div class='c'><p>Some sentence of page text that goes on for a while here.</p></div>"
    return _page(ARTICLE + unit * (49_990_000 // len(unit)))


CASES: dict[str, Callable[[], str | bytes]] = {
    "page_50mb": _big_page,
    "page_over_max_bytes": lambda: "<p>" + "x" * 60_000_000,
    "deep_nesting": lambda: _page(ARTICLE + "<div>" * 100_000 + "deep" + "</div>" * 100_000
                                  + AFTER),
    "deep_inline_unclosed": lambda: _page(ARTICLE + "<b><i>" * 50_000 + AFTER),
    "deep_tables": lambda: _page(ARTICLE + "<table><tr><td>" * 5_000 + "cell"
                                 + "</td></tr></table>" * 5_000 + AFTER),
    "million_empty_elements": lambda: _page(ARTICLE + "<i></i>" * 1_000_000 + AFTER),
    "text_node_20mb": lambda: _page("<p>" + "word " * 4_000_000 + "</p>"),
    "ten_thousand_tables": lambda: _page(ARTICLE + "<table><tr><th>a</th><th>b</th></tr>"
                                         "<tr><td>1</td><td>2</td></tr></table>" * 10_000),
    "only_scripts": lambda: _page("<script>var x = '<p>not text</p>';</script>\n" * 200_000),
    "huge_attribute": lambda: _page(f"<div class='{'x' * 20_000_000}'>{ARTICLE}</div>"),
    "many_attributes": lambda: _page("<div " + " ".join(f"a{i}='v'" for i in range(300_000))
                                     + f">{ARTICLE}</div>"),
    "million_entities": lambda: _page(ARTICLE + "<p>" + "&amp;&#x41;&lt;" * 1_000_000 + "</p>"),
    "million_brs": lambda: _page(ARTICLE + "<br>" * 1_000_000 + AFTER),
    "million_links": lambda: _page(ARTICLE + "<a href='/x'>link</a> " * 1_000_000),
    "unclosed_comment": lambda: _page(ARTICLE + "<!--" + "-" * 10_000_000),
    "huge_json_ld": lambda: _head_page(
        "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":["
        + ",".join(['{"name":"Jane Smith"}'] * 300_000) + "]}</script>"),
    "huge_title": lambda: _head_page("<title>" + "word " * 2_000_000 + "</title>"),
    "huge_meta": lambda: _head_page("<meta property='article:published_time' content='"
                                    + "2024-01-01 " * 1_000_000 + "'>"),
    "textmode_400k_lines": lambda: "\n".join(f"Line {i} of the dump, in a few words."
                                             for i in range(400_000)),
    "textmode_one_line_19mb": lambda: "word " * 3_800_000,
    "textmode_over_max_text_chars": lambda: "x" * 20_000_001,
    "textmode_controls_and_surrogates": lambda: "".join(
        chr(i) if not 0xD800 <= i < 0xE000 else "\ud800" for i in range(0, 0x110000, 3)),
    "nul_bytes_everywhere": lambda: _page(ARTICLE).replace("e", "e\x00").encode() * 1_000,
}


def run_case(name: str) -> dict[str, object]:
    """Generate the page, extract it under TIME_LIMIT, and report what happened."""
    import thresher

    data = CASES[name]()
    options = thresher.Options(time_limit=TIME_LIMIT)
    start = time.monotonic()
    run = thresher.extract_text if name.startswith("textmode_") else thresher.extract
    try:
        article = run(data, options=options)  # type: ignore[arg-type]
        outcome = {"result": "article", "text": article.text[:100_000],
                   "text_chars": len(article.text), "warnings": article.warnings}
    except thresher.ThresherError as exc:
        outcome = {"result": type(exc).__name__, "message": str(exc),
                   "limit": getattr(exc, "limit", None)}
    outcome["seconds"] = time.monotonic() - start
    outcome["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return outcome


def _child(name: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run([sys.executable, __file__, name], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["seconds"] < 2 * TIME_LIMIT, out
    assert out["rss_mb"] < RSS_LIMIT_MB, out
    return out


def _article(out: dict[str, object]) -> str:
    assert out["result"] == "article", out
    text = out["text"]
    assert isinstance(text, str)
    return text


def test_page_over_max_bytes_is_refused() -> None:
    out = _child("page_over_max_bytes")
    assert out["result"] == "InputTooLarge" and out["limit"] == "max_bytes"
    assert out["seconds"] < 1


@pytest.mark.slow
def test_50mb_page() -> None:
    out = _child("page_50mb")
    # Either an article from the part processed in time, or a clear time-limit error.
    if out["result"] == "article":
        assert "Paragraph 3 of the article" in out["text"]
        assert any("time_limit" in w or "max_nodes" in w for w in out["warnings"])
    else:
        assert out["result"] == "TimeLimitExceeded" and out["limit"] == "time_limit", out


@pytest.mark.parametrize("name", ["deep_nesting", "deep_inline_unclosed", "deep_tables"])
def test_deep_nesting_keeps_the_text_after_it(name: str) -> None:
    out = _child(name)
    text = _article(out)
    assert "Paragraph 3 of the article" in text
    assert "The closing paragraph comes after" in text
    assert out["warnings"], "flattening must be reported"


@pytest.mark.slow
def test_million_empty_elements() -> None:
    out = _child("million_empty_elements")
    assert "Paragraph 3 of the article" in _article(out)
    assert any("max_nodes=" in w for w in out["warnings"]), out["warnings"]


@pytest.mark.slow
def test_single_20mb_text_node() -> None:
    out = _child("text_node_20mb")
    if out["result"] == "article":
        assert out["text_chars"] > 1_000_000 or out["warnings"]
    else:
        assert out["result"] == "TimeLimitExceeded", out


@pytest.mark.parametrize("name", ["huge_json_ld", "huge_title", "huge_meta"])
def test_huge_metadata_does_not_sink_the_body(name: str) -> None:
    out = _child(name)
    assert "Paragraph 3 of the article" in _article(out)


def test_deeply_nested_json_ld_is_ignored_not_fatal() -> None:
    import thresher

    for data in ("[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        html = _head_page(f"<script type='application/ld+json'>{data}</script>")
        assert "Paragraph 3 of the article" in thresher.extract(html).text


@pytest.mark.parametrize("name", ["ten_thousand_tables", "huge_attribute", "many_attributes",
                                  "million_entities", "million_brs", "million_links",
                                  "unclosed_comment"])
def test_other_pathological_pages(name: str) -> None:
    out = _child(name)
    # An article (what the classifier keeps of such a page is its business) or a limit.
    assert out["result"] in ("article", "TimeLimitExceeded"), out


def test_page_of_only_scripts_has_no_body() -> None:
    out = _child("only_scripts")
    assert _article(out) == ""


def test_nul_bytes_are_dropped() -> None:
    out = _child("nul_bytes_everywhere")
    text = _article(out)
    assert "Paragraph 3 of the article" in text and "\x00" not in text


def _text_model_missing() -> str | None:
    import thresher

    try:
        thresher.extract_text("A line of text.")
    except thresher.InternalError:
        return None  # a bug, not a reason to skip: the tests below will show it
    except thresher.ThresherError as exc:
        return str(exc)
    return None


@pytest.mark.skipif(bool(_text_model_missing()), reason="text mode cannot run here")
@pytest.mark.parametrize("name", ["textmode_400k_lines", "textmode_one_line_19mb",
                                  "textmode_over_max_text_chars",
                                  "textmode_controls_and_surrogates"])
def test_text_mode_pathological(name: str) -> None:
    out = _child(name)
    if name == "textmode_over_max_text_chars":
        assert out["result"] == "LimitExceeded" and out["limit"] == "max_text_chars", out
    else:
        assert out["result"] in ("article", "TimeLimitExceeded"), out


# -- small cases, in process ---------------------------------------------------------------

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4


@pytest.mark.parametrize(("data", "kind"), [(PDF, "PDF"), (PNG, "PNG"),
                                             (b"GIF89a" + bytes(300), "GIF"),
                                             (gzip.compress(b"<p>hi</p>"), "gzip"),
                                             (bytes(range(256)) * 40, "binary")])
def test_binary_input_is_not_html(data: bytes, kind: str) -> None:
    import thresher

    with pytest.raises(thresher.NotHTML, match=kind):
        thresher.extract(data)
    with pytest.raises(thresher.InputError):  # NotHTML is an InputError
        thresher.extract(data)


def test_pdf_given_as_str_is_not_html() -> None:
    import thresher

    with pytest.raises(thresher.NotHTML, match="PDF"):
        thresher.extract(PDF.decode("latin-1"))


def test_lone_surrogates_in_str_input() -> None:
    import thresher

    html = _page(ARTICLE.replace("story", "st\ud800ory\udfff"))
    article = thresher.extract(html)
    article.text.encode("utf-8")  # would raise on a surrogate
    article.to_json().encode("utf-8")
    assert "Paragraph 3 of the article" in article.text


def test_parse_keeps_the_text_after_a_lone_surrogate() -> None:
    from thresher.html.parse import parse

    root = parse("<html><body><p>before\ud800after</p></body></html>")
    assert root.find(".//p").text == "before?after"


def test_wrong_input_types_are_input_errors() -> None:
    import thresher

    for bad in (None, 12, ["<p>x</p>"], {"html": "x"}):
        with pytest.raises(thresher.InputError):
            thresher.extract(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("html", ["", "   \n\t ", "\x00\x00", "\ufeff"])
def test_empty_pages(html: str) -> None:
    import thresher

    with contextlib.suppress(thresher.InputError):
        assert thresher.extract(html).text == ""


def test_errors_survive_pickling() -> None:
    """Process pools send errors between processes: each must unpickle to an equal error."""
    import pickle

    import thresher
    from thresher.errors import InputTooLarge

    errors = [thresher.NotHTML("a PDF document"), InputTooLarge("max_bytes", 10, "too big"),
              thresher.TimeLimitExceeded("time_limit", 2.0, "time_limit=2s exceeded"),
              thresher.LimitExceeded("max_nodes", 5), thresher.InternalError("bug"),
              thresher.DecodeError("bad bytes")]
    for exc in errors:
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == str(exc)
        assert getattr(back, "limit", None) == getattr(exc, "limit", None)


def test_deadline_scope_and_checkpoints() -> None:
    from thresher.errors import TimeLimitExceeded
    from thresher.limits import checkpoint, current_deadline, deadline_scope, time_is_up

    checkpoint("outside")  # no scope: nothing to check
    with deadline_scope(0.05) as outer:
        checkpoint("early")
        with deadline_scope(10) as inner:  # a nested scope keeps the earlier end
            assert inner is outer and current_deadline() is outer
        time.sleep(0.03)
        assert time_is_up(0.5) and not time_is_up()
        time.sleep(0.03)
        with pytest.raises(TimeLimitExceeded, match="time_limit=0.05s exceeded while late"):
            checkpoint("late")
    assert current_deadline() is None


def test_tiny_time_limit_ends_cleanly_without_threads() -> None:
    import threading

    import thresher

    html = _page(ARTICLE * 50 + "<div><p>more words in here</p></div>" * 20_000)
    threads = threading.active_count()
    start = time.monotonic()
    try:
        article = thresher.extract(html, options=thresher.Options(time_limit=0.2))
        assert any("time_limit" in w for w in article.warnings)
    except thresher.TimeLimitExceeded as exc:
        assert exc.limit == "time_limit"
    assert time.monotonic() - start < 0.4 + 1.0  # parsing cannot be interrupted
    assert threading.active_count() == threads


# -- gzip bombs ----------------------------------------------------------------------------

def _gzip_bomb(path: Path, size: int = 1 << 30) -> None:
    """A gzip file that inflates to `size` bytes (a page of spaces): about 1 MB on disk."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"<html><body><p>" + b" " * ((1 << 20) - 15)
    with open(path, "wb") as f:
        f.write(comp.compress(chunk))
        zeros = b" " * (1 << 20)
        for _ in range(size // (1 << 20) - 1):
            f.write(comp.compress(zeros))
        f.write(comp.flush())


@pytest.fixture(scope="module")
def gzip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.html.gz"
    _gzip_bomb(path)
    return path


def test_read_gzip_refuses_a_bomb(gzip_bomb: Path) -> None:
    from thresher.errors import InputTooLarge
    from thresher.limits import read_gzip

    assert gzip_bomb.stat().st_size < 5_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.monotonic()
    with pytest.raises(InputTooLarge, match="max_bytes"):
        read_gzip(gzip_bomb, max_bytes=50_000_000)
    assert time.monotonic() - start < 5
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert grown < 300, f"peak RSS grew by {grown:.0f} MB"


def test_read_gzip_roundtrip_and_errors(tmp_path: Path) -> None:
    from thresher.errors import InputError, InputTooLarge
    from thresher.limits import read_gzip

    page = b"<p>" + "ünïcode ".encode() * 1000 + b"</p>"
    two_members = gzip.compress(page) + gzip.compress(page)
    assert read_gzip(two_members, 10**6) == page + page
    (tmp_path / "p.gz").write_bytes(gzip.compress(page))
    assert read_gzip(tmp_path / "p.gz", 10**6) == page
    assert read_gzip(page, 10**6) == page  # not gzip: as it is
    with pytest.raises(InputTooLarge):
        read_gzip(page, 100)
    with pytest.raises(InputError, match="gzip"):
        read_gzip(gzip.compress(page)[:-20], 10**6)  # truncated
    with pytest.raises(InputError):
        read_gzip(tmp_path / "missing.gz", 10)


@pytest.mark.slow
def test_cli_refuses_a_gzip_bomb(gzip_bomb: Path) -> None:
    cli = Path(sys.executable).with_name("thresher")
    if not cli.exists():
        pytest.skip("the thresher console script is not installed in this environment")
    start = time.monotonic()
    proc = subprocess.run([str(cli), "extract", str(gzip_bomb)], capture_output=True,
                          text=True, timeout=120)
    assert time.monotonic() - start < 20
    assert proc.returncode != 0
    assert "max_bytes" in proc.stderr


def _warc_record(payload_size: int, comp: zlib._Compress, out, filler: bytes = b" ") -> None:
    """Write one WARC response record of an HTML page of `payload_size` bytes, compressed."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n"
            b"WARC-Target-URI: http://example.com/%d\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n") % (payload_size, payload_size,
                                                len(http) + payload_size)
    out.write(comp.compress(head + http))
    body = ARTICLE.encode() if payload_size == len(ARTICLE) else None
    if body is not None:
        out.write(comp.compress(body))
    else:
        block = filler * (1 << 20)
        for _ in range(payload_size // len(block)):
            out.write(comp.compress(block))
        out.write(comp.compress(filler * (payload_size % len(block))))
    out.write(comp.compress(b"\r\n\r\n") + comp.flush())


@pytest.mark.slow
def test_warc_with_a_gzip_bomb_record(tmp_path: Path) -> None:
    """A 1 GB record in a .warc.gz is skipped as too large; the next record still extracts."""
    pytest.importorskip("warcio", reason="the crawl extra (warcio) is not installed")
    from thresher.corpus.readers import read_warc
    from thresher.corpus.records import Page, Skipped
    from thresher.options import Options

    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as out:
        _warc_record(1 << 30, zlib.compressobj(1, zlib.DEFLATED, 31), out)
        _warc_record(len(ARTICLE), zlib.compressobj(6, zlib.DEFLATED, 31), out)
    assert path.stat().st_size < 10_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.monotonic()
    items = list(read_warc(path, "bomb.warc.gz", Options()))
    elapsed = time.monotonic() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert isinstance(items[0], Skipped) and items[0].reason == "too-large", items[0]
    assert isinstance(items[1], Page)
    assert elapsed < 30 and grown < 300, (elapsed, grown)


if __name__ == "__main__":
    print(json.dumps(run_case(sys.argv[1]), ensure_ascii=True))
