"""The `thresher` command line, through click's CliRunner and one real subprocess."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import thresher
from thresher.cli import LazyGroup, main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "news-article.html"
TITLE = "Harbour town bets on tidal power to cut winter bills"
SENTENCE = "Four turbines, each the size of a delivery van"


def page(title: str, sentence: str) -> str:
    """A small article page written for these tests."""
    para = (f"<p>{sentence} The committee met on a wet Thursday evening and heard from "
            "residents, traders and the harbour master before reaching its decision, which "
            "will be reviewed again in the autumn.</p>")
    return (f"<!doctype html><html><head><title>{title} | Daily Example</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article><h1>{title}</h1>{para * 3}</article>"
            "<footer><a href='/privacy'>Privacy</a></footer></body></html>")


def run(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def test_markdown_is_the_default() -> None:
    result = run("extract", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# {TITLE}\n\n")
    assert SENTENCE in result.stdout
    assert "cookie policy" not in result.stdout
    assert result.stderr == ""


def test_formats() -> None:
    text = run("extract", str(EXAMPLE), "--format", "text").stdout
    assert SENTENCE in text and not text.startswith("#")
    data = json.loads(run("extract", str(EXAMPLE), "-f", "json").stdout)
    assert data["title"] == TITLE and SENTENCE in data["text"] and "id" not in data
    line = run("extract", str(EXAMPLE), "-f", "jsonl").stdout
    assert line.count("\n") == 1
    assert json.loads(line)["id"] == "news-article"


def test_front_matter() -> None:
    out = run("extract", str(EXAMPLE), "--front-matter").stdout
    assert out.startswith("---\ntitle: ")
    assert f"---\n\n# {TITLE}" in out
    assert run("extract", str(EXAMPLE), "--front-matter", "-f", "json").exit_code == 2


def test_output_file_and_gzip_input(tmp_path: Path) -> None:
    gz = tmp_path / "story.html.gz"
    gz.write_bytes(gzip.compress(EXAMPLE.read_bytes()))
    out = tmp_path / "out.md"
    result = run("extract", str(gz), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(f"# {TITLE}")


def test_stdin() -> None:
    result = run("extract", "-", "--url", "https://example.com/news/story",
                 "-f", "json", input=page("Bridge to reopen in May", "The bridge reopens."))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Bridge to reopen in May"
    assert data["url"] == "https://example.com/news/story"


def test_options_reach_the_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    def fake_extract(html: bytes, **kwargs: object) -> thresher.Article:
        seen.update(kwargs)
        return thresher.Article(text="body", markdown="body", title="T")

    monkeypatch.setattr(thresher, "extract", fake_extract)
    result = run("extract", str(EXAMPLE), "--comments", "--threshold", "0.7",
                 "--time-limit", "3", "--url", "https://example.com/a", "--input", "html")
    assert result.stdout == "# T\n\nbody\n"
    options = seen["options"]
    assert (options.comments, options.threshold, options.time_limit) == (True, 0.7, 3.0)
    assert seen["url"] == "https://example.com/a"


def _pages_dir(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "site.com.story.html.gz").write_bytes(
        gzip.compress(page("Ferry timetable cut", "The ferry will sail less.").encode()))
    (pages / "b.htm").write_text(page("School roof repaired", "The roof is fixed."))
    (pages / "a.html").write_text(page("Bus route saved", "The bus keeps running."))
    (pages / "readme.md").write_text("# not a page")
    return pages


def test_directory_to_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("extract", str(_pages_dir(tmp_path)), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when stderr is not a terminal, no failures
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "site.com.story"]
    assert list(rows[0])[0] == "id"
    assert set(rows[0]) == {"id", *thresher.Article().to_dict()}
    assert rows[2]["title"] == "Ferry timetable cut"
    assert "The ferry will sail less." in rows[2]["text"]


def test_directory_defaults_to_jsonl_on_stdout(tmp_path: Path) -> None:
    result = run("extract", str(_pages_dir(tmp_path)))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert run("extract", str(tmp_path / "pages"), "-f", "markdown").exit_code == 2


def test_failures_are_summarised_and_do_not_stop_the_run(tmp_path: Path) -> None:
    pages = _pages_dir(tmp_path)
    (pages / "broken.html.gz").write_bytes(b"\x1f\x8bnot really gzip")
    (pages / "empty.html").write_bytes(b"")
    result = run("extract", str(pages))
    assert result.exit_code == 0
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [
        "a", "b", "site.com.story"]
    lines = result.stderr.splitlines()
    assert lines[0] == "thresher: 3 of 5 pages extracted; 2 failed:"
    assert lines[1].startswith("  broken: ") and "gzip" in lines[1]
    assert lines[2].startswith("  empty: ") and "empty" in lines[2]


def test_nothing_processed_exits_1(tmp_path: Path) -> None:
    pages = tmp_path / "bad"
    pages.mkdir()
    (pages / "x.html").write_bytes(b"")
    (pages / "y.html.gz").write_bytes(b"\x1f\x8b\x08")
    result = run("extract", str(pages), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    assert "0 of 2 pages extracted" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("extract", str(empty))
    assert result.exit_code == 1 and "no pages found" in result.stderr


def test_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "missing.html"))
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no such file or directory" in result.stderr
    assert "Traceback" not in result.stderr
    assert run("extract", "-", input=b"").exit_code == 1


def test_usage_errors_exit_2() -> None:
    assert run("extract", str(EXAMPLE), "--format", "pdf").exit_code == 2
    assert run("extract").exit_code == 2
    assert run("extract", str(EXAMPLE), "--threshold", "2").exit_code == 2
    assert run("nosuchcommand").exit_code == 2


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == f"thresher, version {thresher.__version__}"
    top = run("--help").stdout
    for name in ("extract", "crawl", "serve"):
        assert f"  {name} " in top
    assert "Examples:" in run("extract", "--help").stdout


def test_lazy_command_that_cannot_import_names_the_extra() -> None:
    group = LazyGroup("t", lazy_commands={
        "fly": ("thresher_no_such_module.cli:fly", "wings", "Fly away.")})
    assert "Fly away." in CliRunner().invoke(group, ["--help"]).stdout
    result = CliRunner().invoke(group, ["fly", "--fast", "x"])
    assert result.exit_code == 1
    assert "pip install 'thresher[wings]'" in result.stderr
    assert "thresher_no_such_module" in result.stderr


def test_lazy_command_is_loaded_when_importable() -> None:
    group = LazyGroup("t", lazy_commands={"hi": (f"{__name__}:_hello", "x", "Say hi.")})
    assert CliRunner().invoke(group, ["hi"]).stdout == "hello\n"


@click.command()
def _hello() -> None:
    click.echo("hello")


# --- text mode -------------------------------------------------------------------------------

TEXT_PAGE = """We use cookies to improve your experience. By continuing, you agree.
Subscribe | Log in
City council approves new tram line after decade of delays
COUNCILLORS VOTED 58 to 12 last night to approve the long-delayed tram line, which will link \
the station to the eastern suburbs by 2029 at a cost of 1.2 billion pounds.
"This is a historic day for the city," the council leader said after the vote, adding that \
work on the first section would begin in the autumn.
Residents in the east say the route ignores them and plan to ask for a review of the plans.
Share on Facebook
Leave a comment
"""


@pytest.fixture
def text_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Replace `thresher.extract_text` with a recorder (it works whether or not it exists)."""
    calls: list[dict[str, object]] = []

    def fake_extract_text(text: str, **kwargs: object) -> thresher.Article:
        calls.append({"text": text, **kwargs})
        return thresher.Article(text=text.splitlines()[3], markdown="", title="from text")

    monkeypatch.setattr(thresher, "extract_text", fake_extract_text, raising=False)
    return calls


def test_text_input_is_detected_by_content(tmp_path: Path, text_calls: list[dict]) -> None:
    path = tmp_path / "story.html"  # misnamed: the content is plain text
    path.write_text(TEXT_PAGE, encoding="utf-8")
    result = run("extract", str(path), "-f", "json", "--url", "https://example.com/s",
                 "--comments")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "from text"
    assert text_calls[0]["text"] == TEXT_PAGE
    assert text_calls[0]["url"] == "https://example.com/s"
    assert text_calls[0]["options"].comments is True  # type: ignore[union-attr]
    assert run("extract", str(EXAMPLE)).exit_code == 0 and len(text_calls) == 1  # HTML stays


def test_forced_text_mode_and_decoding(tmp_path: Path, text_calls: list[dict]) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(("<p>" + TEXT_PAGE.replace("cookies", "cookies é")).encode("utf-16"))
    assert run("extract", str(path), "--input", "text").exit_code == 0
    assert text_calls[0]["text"].startswith("<p>We use cookies é")  # type: ignore[union-attr]


def test_text_directory(tmp_path: Path, text_calls: list[dict]) -> None:
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "0001.txt").write_text(TEXT_PAGE)
    (dump / "news.site.0002.txt.gz").write_bytes(gzip.compress(TEXT_PAGE.encode()))
    (dump / "ignored.html").write_text(page("Not read", "Not read in text mode."))
    result = run("extract", str(dump), "--input", "text")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["0001", "news.site.0002"]
    assert len(text_calls) == 2


def test_text_mode_end_to_end(tmp_path: Path) -> None:
    if not hasattr(thresher, "extract_text"):
        pytest.skip("thresher.extract_text is not available yet")
    path = tmp_path / "0001.txt"
    path.write_text(TEXT_PAGE, encoding="utf-8")
    result = run("extract", str(path), "-f", "json")
    assert result.exit_code == 0, result.output
    assert "COUNCILLORS VOTED 58 to 12" in json.loads(result.stdout)["text"]


# --- URLs and the console script -------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        if self.path == "/story":
            body = page("Lifeboat crew honoured", "The crew was honoured.").encode()
            content_type = "text/html; charset=utf-8"
        elif self.path == "/cafe":  # the header's charset is right, the meta tag is wrong
            html = page("Café reopens", "The café reopens today.").replace(
                "<head>", '<head><meta charset="windows-1251">')
            body, content_type = html.encode("cp1252"), "text/html; charset=windows-1252"
        else:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_input(server: str) -> None:
    result = run("extract", server + "/story", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Lifeboat crew honoured"
    assert data["url"] == server + "/story"
    cafe = json.loads(run("extract", server + "/cafe", "-f", "json").stdout)
    assert cafe["title"] == "Café reopens" and "The café reopens today." in cafe["text"]
    missing = run("extract", server + "/gone")
    assert missing.exit_code == 1 and "HTTP 404" in missing.stderr


def test_console_script_in_a_subprocess(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("thresher")
    cmd = [str(script)] if script.exists() else [sys.executable, "-c",
                                                 "from thresher.cli import main; main()"]
    done = subprocess.run([*cmd, "extract", "-", "--format", "text"], input=EXAMPLE.read_bytes(),
                          capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert SENTENCE in done.stdout.decode("utf-8")
    done = subprocess.run([*cmd, "extract", str(tmp_path / "nope.html")], capture_output=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"nope.html" in done.stderr


def test_worker_processes_keep_order_and_failures(tmp_path: Path) -> None:
    pages = _pages_dir(tmp_path)
    (pages / "broken.html.gz").write_bytes(b"\x1f\x8bnot really gzip")
    serial = run("extract", str(pages), "-j", "1")
    parallel = run("extract", str(pages), "-j", "2")
    assert parallel.exit_code == serial.exit_code == 0
    assert parallel.stdout == serial.stdout
    assert len(parallel.stdout.splitlines()) == 3
    assert parallel.stderr == serial.stderr and "broken: " in parallel.stderr
