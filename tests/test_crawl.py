"""thresher crawl: readers, outputs, skips, resume, dedup, URL lists and the pool's guards."""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason="the crawl extra is not installed: pip install -e '.[crawl]'")

import thresher  # noqa: E402
from thresher.corpus.config import CrawlConfig  # noqa: E402
from thresher.corpus.finish import read_rows  # noqa: E402
from thresher.corpus.pool import PoolLimits, WorkerPool  # noqa: E402
from thresher.corpus.records import Page  # noqa: E402
from thresher.corpus.runner import run_crawl  # noqa: E402
from thresher.corpus.urls import FetchPolicy  # noqa: E402
from thresher.corpus.warcgen import Capture, write_warc, write_wet  # noqa: E402
from thresher.corpus.work import Task  # noqa: E402
from thresher.options import Options  # noqa: E402

WORDS = ["harbour", "council", "river", "market", "winter", "bridge", "school", "festival",
         "orchard", "library", "railway", "museum", "farmers", "station", "weather", "village",
         "mayor", "budget", "repair", "ferry", "students", "teachers", "harvest", "storm",
         "road", "plans", "evening", "morning", "residents", "visitors", "season", "project",
         "report", "local", "water", "power", "garden", "lighthouse"]


def story(seed: int, sentences: int = 14) -> list[str]:
    """Paragraphs of made-up local news, different for each seed."""
    rng = random.Random(seed)
    paras = []
    for _ in range(sentences // 2):
        sents = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 20))).capitalize()
                 + "." for _ in range(2)]
        paras.append(" ".join(sents))
    return paras


def article_html(seed: int, title: str = "", paras: list[str] | None = None,
                 charset_meta: str | None = None) -> str:
    paras = paras if paras is not None else story(seed)
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title or f'Story {seed}'}</title></head>"
            "<body><nav><a href='/'>Home</a> | <a href='/news'>News</a> | "
            "<a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title or f'Story {seed}'}</h1>{body}</article>"
            "<footer>Contact us | Privacy | Terms</footer></body></html>")


def html_capture(url: str, html: str | bytes, ctype: str = "text/html; charset=utf-8",
                 status: str = "200 OK") -> Capture:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return Capture(url, body, status=status, http_headers=[("Content-Type", ctype)])


def crawl_cfg(inputs: list[Path], out: Path, **kw) -> CrawlConfig:
    limits = kw.pop("limits", PoolLimits(workers=2, hard_timeout=30))
    return CrawlConfig(inputs=tuple(str(p) for p in inputs), outdir=str(out), progress=False,
                       limits=limits, **kw)


def rows_of(out: Path, fmt: str = "jsonl.gz") -> list[dict]:
    ext = {"jsonl.gz": ".jsonl.gz", "jsonl": ".jsonl", "jsonl.zst": ".jsonl.zst",
           "parquet": ".parquet"}[fmt]
    shards = sorted(p for p in out.glob(f"*{ext}") if not p.name.startswith("_"))
    return [r for p in shards for r in read_rows(p, fmt)]


def skipped_of(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "_skipped.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def mixed_warc(tmp_path_factory) -> tuple[Path, list[int]]:
    """A WARC with articles, non-page records, a 404, an image, a wrong charset header and
    a truncated gzip member in the middle."""
    cafe = article_html(2, "Café owners cheer", [p + " The café reopened." for p in story(2)])
    captures = [
        Capture("", b"software: tests\r\n", record_type="warcinfo", http_headers=None,
                content_type="application/warc-fields"),
        Capture("https://news.example/1", b"GET /1 HTTP/1.1\r\nHost: news.example\r\n\r\n",
                record_type="request", http_headers=None,
                content_type="application/http; msgtype=request"),
        html_capture("https://news.example/1", article_html(1)),
        html_capture("https://news.example/2", cafe.encode("cp1252"),
                     "text/html; charset=windows-1252"),
        html_capture("https://news.example/truncated", article_html(3)),
        html_capture("https://news.example/img.png", b"\x89PNG\r\n\x1a\n" + bytes(200),
                     "image/png"),
        html_capture("https://news.example/gone", "<html><body>Not found</body></html>",
                     status="404 Not Found"),
        # the header says UTF-8, the bytes are windows-1252: the page must not be lost
        html_capture("https://news.example/wrong-charset", cafe.encode("cp1252")),
        html_capture("https://news.example/5", article_html(5)),
    ]
    path = tmp_path_factory.mktemp("warc") / "mixed.warc.gz"
    offsets = write_warc(path, captures)
    data = path.read_bytes()
    cut_at = offsets[4] + (offsets[5] - offsets[4]) // 2  # cut the third article in half
    path.write_bytes(data[:cut_at] + data[offsets[5]:])
    shift = offsets[5] - cut_at
    return path, [o if i <= 4 else o - shift for i, o in enumerate(offsets)]


def test_warc_records_outputs_and_skips(mixed_warc, tmp_path):
    path, offsets = mixed_warc
    out = tmp_path / "out"
    manifest = run_crawl(crawl_cfg([path], out))
    rows = rows_of(out)
    by_url = {r["target_uri"]: r for r in rows}
    assert set(by_url) == {"https://news.example/1", "https://news.example/2",
                           "https://news.example/wrong-charset", "https://news.example/5"}
    first = by_url["https://news.example/1"]
    assert first["title"] == "Story 1" and story(1)[0] in first["text"]
    assert "Privacy" not in first["text"]
    assert first["record_offset"] == offsets[2] and first["http_status"] == 200
    assert first["record_id"].startswith("<urn:uuid:") and first["id"] == first["record_id"]
    assert first["fetch_date"] and first["thresher_version"] == thresher.__version__
    assert first["source_file"] == str(path) and first["url"] == "https://news.example/1"
    assert "The café reopened." in by_url["https://news.example/2"]["text"]  # header charset
    assert "reopened" in by_url["https://news.example/wrong-charset"]["text"]
    reasons = {s.get("target_uri") or s["reason"]: s["reason"] for s in skipped_of(out)}
    assert reasons == {"https://news.example/img.png": "not-html",
                       "https://news.example/gone": "http-status", "truncated": "truncated"}
    truncated = next(s for s in skipped_of(out) if s["reason"] == "truncated")
    assert truncated["record_offset"] == offsets[4]
    assert (out / "_SUCCESS").exists()
    shard = manifest["shards"][0]
    assert shard["written"] == 4 and shard["skipped"] == 3 and shard["records"] == 7
    assert shard["ignored"] == {"warcinfo": 1, "request": 1}
    assert manifest["totals"]["skip_reasons"] == {"not-html": 1, "http-status": 1,
                                                  "truncated": 1}


def test_a_member_cut_inside_its_headers_loses_no_other_record(tmp_path):
    # Built as mixed_warc is, with a cut that ends the third article's gzip member inside
    # its WARC headers: warcio read on with the next members' raw bytes as header text, so a
    # garbage record swallowed the image and the 404 (1 in ~10 builds of mixed_warc).
    fixture = Path(__file__).parent / "fixtures" / "crawl" / "member-cut-inside-headers.warc.gz"
    out = tmp_path / "out"
    run_crawl(crawl_cfg([fixture], out))
    assert sorted(r["target_uri"] for r in rows_of(out)) == [
        "https://news.example/1", "https://news.example/2",
        "https://news.example/5", "https://news.example/wrong-charset"]
    reasons = {s.get("target_uri") or s["reason"]: s["reason"] for s in skipped_of(out)}
    assert reasons == {"https://news.example/img.png": "not-html",
                       "https://news.example/gone": "http-status", "truncated": "truncated"}


def test_truncated_end_and_uncompressed_warc(tmp_path):
    path = tmp_path / "plain.warc"
    offsets = write_warc(path, [html_capture(f"https://a.example/{i}", article_html(i))
                                for i in range(3)], gzip=False)
    path.write_bytes(path.read_bytes()[: offsets[2] + 100])  # the last record is cut short
    run_crawl(crawl_cfg([path], tmp_path / "out"))
    assert [r["target_uri"] for r in rows_of(tmp_path / "out")] == [
        "https://a.example/0", "https://a.example/1"]
    assert [s["reason"] for s in skipped_of(tmp_path / "out")] == ["truncated"]


def test_arc_file(tmp_path):
    def arc_record(url: str, ctype: str, body: bytes) -> bytes:
        return f"{url} 10.0.0.1 20240101000000 {ctype} {len(body)}\n".encode() + body + b"\n"

    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    path = tmp_path / "old.arc"
    path.write_bytes(
        arc_record("filedesc://old.arc", "text/plain", b"1 0 Test\nURL IP-address "
                   b"Archive-date Content-type Archive-length\n")
        + arc_record("http://arc.example/1", "text/html", head + article_html(30).encode()))
    run_crawl(crawl_cfg([path], tmp_path / "out"))
    rows = rows_of(tmp_path / "out")
    assert [r["target_uri"] for r in rows] == ["http://arc.example/1"]
    assert rows[0]["id"] == f"{path}@{rows[0]['record_offset']}"  # the same on every run
    assert rows[0]["fetch_date"] == "2024-01-01T00:00:00Z" and story(30)[0] in rows[0]["text"]


def test_wet_text_mode(tmp_path):
    texts = ["Story one\n\n" + "\n".join(story(1)), "Story two\n\n" + "\n".join(story(2))]
    path = tmp_path / "sample.warc.wet.gz"
    write_wet(path, [(f"https://w.example/{i}", t) for i, t in enumerate(texts)])
    run_crawl(crawl_cfg([path], tmp_path / "out"))
    rows, skips = rows_of(tmp_path / "out"), skipped_of(tmp_path / "out")
    if not hasattr(thresher, "extract_text"):
        assert [s["reason"] for s in skips] == ["unsupported", "unsupported"]
        return
    try:  # what the API itself says about these pages, to compare with the crawl
        expected = [thresher.extract_text(t, url=f"https://w.example/{i}").text
                    for i, t in enumerate(texts)]
    except thresher.ThresherError as exc:
        assert [s["reason"] for s in skips] == ["error", "error"]
        assert str(exc)[:50] in skips[0]["detail"]
        return
    assert [r["target_uri"] for r in rows] == ["https://w.example/0", "https://w.example/1"]
    assert [r["text"] for r in rows] == expected and not skips
    assert story(2)[1] in rows[1]["text"]


def test_jsonl_dir_and_formats_agree(tmp_path):
    pytest.importorskip("pyarrow", reason="the crawl extra is not installed (pyarrow)")
    pytest.importorskip("zstandard", reason="the crawl extra is not installed (zstandard)")
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "url": "https://j.example/a", "html": article_html(7)},
        {"id": "b", "html": 5}, "not json"]) + "\n")
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.html").write_text(article_html(8))
    (folder / "sub" / "two.html.gz").write_bytes(gzip.compress(article_html(9).encode()))
    texts = {}
    for fmt in ("jsonl", "jsonl.zst", "parquet"):
        out = tmp_path / fmt
        run_crawl(crawl_cfg([jsonl, folder], out, format=fmt))
        rows = rows_of(out, fmt)
        texts[fmt] = [(r["id"], r["text"], r["authors"]) for r in rows]
        assert [s["reason"] for s in skipped_of(out)] == ["not-html", "decode-error"]
    assert texts["jsonl"] == texts["jsonl.zst"] == texts["parquet"]
    assert [t[0] for t in texts["jsonl"]] == [
        "a", f"{folder}/one.html", f"{folder}/sub/two.html.gz"]


def test_resume_redoes_only_unfinished_shards(tmp_path):
    inputs = []
    for n in range(3):
        inputs.append(tmp_path / f"part{n}.warc.gz")
        write_warc(inputs[-1], [html_capture(f"https://r.example/{n}/{i}", article_html(n * 10 + i))
                                for i in range(4)])
    out = tmp_path / "out"
    run_crawl(crawl_cfg(inputs, out))
    before = (out / "part0.jsonl.gz").stat().st_mtime_ns
    # as if killed while writing part1: its marker is gone and a partial file lies about
    (out / "_state" / "part1.json").unlink()
    (out / "part1.jsonl.gz").rename(out / "part1.jsonl.gz.tmp")
    (out / "_SUCCESS").unlink()
    manifest = run_crawl(crawl_cfg(inputs, out))
    assert (out / "part0.jsonl.gz").stat().st_mtime_ns == before  # not redone
    ids = [r["target_uri"] for r in rows_of(out)]
    assert len(ids) == len(set(ids)) == 12 and manifest["totals"]["written"] == 12
    assert not list(out.glob("*.tmp")) and (out / "_SUCCESS").exists()
    with pytest.raises(thresher.ThresherError, match="other settings"):
        run_crawl(crawl_cfg(inputs, out, format="parquet"))


def test_dedup_marks_and_drops_syndicated_copies(tmp_path):
    pytest.importorskip("datasketch", reason="the crawl extra is not installed (datasketch)")
    wire = story(40, 20)
    edited = list(wire)
    edited[3] = edited[3].replace(edited[3].split()[2], "quayside", 1)  # a local edit
    path = tmp_path / "wire.warc.gz"
    write_warc(path, [
        html_capture("https://a.example/wire", article_html(0, "Wire story", wire)),
        html_capture("https://b.example/other", article_html(41)),
        html_capture("https://c.example/copy", article_html(0, "Wire story copy", wire)),
        html_capture("https://d.example/edit", article_html(0, "Wire story, edited", edited)),
    ])
    out = tmp_path / "marked"
    manifest = run_crawl(crawl_cfg([path], out, dedup=True))
    rows = {r["target_uri"]: r for r in rows_of(out)}
    original = rows["https://a.example/wire"]["id"]
    assert rows["https://a.example/wire"]["dup_of"] is None
    assert rows["https://a.example/wire"]["cluster"] == original
    assert rows["https://c.example/copy"]["dup_of"] == original
    assert rows["https://c.example/copy"]["dup_kind"] == "exact"
    assert rows["https://d.example/edit"]["dup_of"] == original
    assert rows["https://d.example/edit"]["dup_kind"] == "near"
    assert rows["https://b.example/other"]["cluster"] is None
    assert manifest["dedup"]["exact"] == 1 and manifest["dedup"]["near"] == 1
    out = tmp_path / "dropped"
    for _ in range(2):  # finishing again (as after a stop) gives the same result
        run_crawl(crawl_cfg([path], out, dedup=True, drop_dups=True))
        assert sorted(r["target_uri"] for r in rows_of(out)) == [
            "https://a.example/wire", "https://b.example/other"]
        assert sorted(s["reason"] for s in skipped_of(out)) == ["duplicate", "duplicate"]


class _Site(BaseHTTPRequestHandler):
    pages = {"/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private\n"),
             "/a": ("text/html; charset=utf-8", article_html(20)),
             "/private/b": ("text/html", article_html(21)),
             "/img": ("image/png", "PNG")}

    def do_GET(self):  # noqa: N802 - the http.server interface
        ctype, body = self.pages.get(self.path, (None, "missing"))
        self.send_response(200 if ctype else 404)
        self.send_header("Content-Type", ctype or "text/plain")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def test_url_list_is_fetched_politely(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text("# a list\n" + "\n".join(f"{base}{p}" for p in
                                                 ("/a", "/private/b", "/img", "/nope")) + "\n")
        run_crawl(crawl_cfg([urls], tmp_path / "out", fetch=FetchPolicy(delay=0.0)))
    finally:
        server.shutdown()
    assert [r["target_uri"] for r in rows_of(tmp_path / "out")] == [f"{base}/a"]
    assert [s["reason"] for s in skipped_of(tmp_path / "out")] == [
        "robots", "not-html", "fetch-error"]


def _pages(n: int) -> list[Page]:
    return [Page("html", article_html(i).encode(), {"n": i}) for i in range(n)]


def test_pool_kills_a_hung_worker_and_keeps_order():
    pages = _pages(6)
    limits = PoolLimits(workers=1, prefetch=1, hard_timeout=4.0)
    stopped = []
    try:
        with WorkerPool(Task(Options()), limits) as pool:
            results = []
            for item, result in pool.run(pages):
                results.append((item.meta["n"], result[0],
                                result[1] if result[0] == "skip" else ""))
                if len(results) == 1:  # freeze the worker: to the pool, a page that hangs
                    busy = next(w for w in pool.workers if w.ready and w.outstanding)
                    stopped.append(busy.proc)
                    os.kill(busy.proc.pid, signal.SIGSTOP)
            assert pool.stats.killed == 1
    finally:
        for proc in stopped:
            if proc.poll() is None:
                proc.kill()
    assert [r[0] for r in results] == list(range(6))
    assert [r[1:] for r in results if r[1] == "skip"] == [("skip", "timeout")]


def test_pool_retries_the_page_of_a_crashed_worker():
    with WorkerPool(Task(Options()), PoolLimits(workers=2, hard_timeout=30)) as pool:
        results, killed = [], False
        # Enough long pages (~40 ms each) that some worker is busy when a result comes in,
        # even on a machine fast enough to drain the first few at once.
        pages = [Page("html", article_html(i).encode() * 60, {"n": i}) for i in range(24)]
        for _, result in pool.run(pages):
            results.append(result[0])
            if not killed and len(results) >= 2:  # a worker dies in the middle of a page
                busy = next((w for w in pool.workers if w.outstanding), None)
                if busy is not None:  # on a fast machine both may be idle for a moment
                    os.kill(busy.proc.pid, signal.SIGKILL)
                    killed = True
        assert killed and pool.stats.restarts >= 1
    assert results == ["ok"] * 24


def test_pool_guards_memory_and_time():
    big = b"<html><body>" + b"<div><p>word word</p></div>" * 300_000 + b"</body></html>"
    pages = [Page("html", big), _pages(1)[0]]
    limits = PoolLimits(workers=1, memory_mb=100, recycle_rss_mb=10_000, prefetch=1)
    with WorkerPool(Task(Options(max_nodes=10_000_000)), limits) as pool:
        results = [r for _, r in pool.run(pages)]
        assert pool.stats.restarts == 1  # the worker that hit the cap was replaced
    assert results[0][:2] == ("skip", "out-of-memory") and results[1][0] == "ok"
    slow = replace(Options(), time_limit=0.001)
    with WorkerPool(Task(slow, guard_factor=1.0), PoolLimits(workers=1)) as pool:
        assert [r[:2] for _, r in pool.run([Page("html", big[:2_000_000] + b"</body>")])] == [
            ("skip", "timeout")]


def test_pool_recycles_workers_by_rss():
    with WorkerPool(Task(Options()), PoolLimits(workers=1, recycle_rss_mb=1)) as pool:
        assert [r[0] for _, r in pool.run(_pages(3))] == ["ok"] * 3
        assert pool.stats.restarts >= 2
