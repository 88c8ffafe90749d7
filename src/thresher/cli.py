"""The `thresher` command line: `extract`, plus `crawl` and `serve` loaded on demand.

Exit codes: 0 success, 1 an error or nothing could be processed, 2 a usage error.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import sys
from dataclasses import dataclass
from typing import IO, Any

import click

from . import __version__
from .errors import ThresherError
from .options import DEFAULT_OPTIONS, Options
from .sources import MODES, Source, is_url, load, sources_for

FORMATS = ("markdown", "text", "json", "jsonl")

#: Subcommands written elsewhere: name → (module:attribute, optional extra, short help).
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "crawl": ("thresher.corpus.cli:crawl", "crawl",
              "Extract articles at scale from WARC/WET files, URL lists and directories."),
    "serve": ("thresher.service.cli:serve", "serve",
              "Run the extraction web service (HTTP API and a page to try it)."),
}


class LazyGroup(click.Group):
    """A click group whose listed subcommands are imported only when they are run."""

    def __init__(self, *args: Any, lazy_commands: dict[str, tuple[str, str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            return _load_command(cmd_name, *self.lazy_commands[cmd_name])
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every subcommand without importing the lazy ones."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                cmd = self.commands[name]
                if not cmd.hidden:
                    rows.append((name, cmd.get_short_help_str(formatter.width - 20)))
            else:
                rows.append((name, self.lazy_commands[name][2]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _load_command(name: str, target: str, extra: str, short_help: str) -> click.Command:
    module_name, _, attr = target.partition(":")
    try:
        command = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        return _unavailable(name, extra, short_help, exc)
    if not isinstance(command, click.Command):
        return _unavailable(name, extra, short_help, TypeError(f"{target} is not a command"))
    return command


def _unavailable(name: str, extra: str, short_help: str, exc: Exception) -> click.Command:
    """A stand-in command that explains why `name` cannot run."""

    def fail(args: tuple[str, ...]) -> None:
        raise click.ClickException(
            f"'thresher {name}' is unavailable ({exc}); it needs the optional extra "
            f"'{extra}': pip install 'thresher[{extra}]'")

    return click.Command(
        name, callback=fail, short_help=short_help, add_help_option=False,
        params=[click.Argument(["args"], nargs=-1, type=click.UNPROCESSED)],
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True})


@click.group(cls=LazyGroup, lazy_commands=LAZY_COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="thresher")
def main() -> None:
    """thresher: separate the article from the chaff of a web page.

    HTML or flattened plain text in; the article out as Markdown, text or JSON.
    Run `thresher COMMAND --help` for the options of a command.
    """


@dataclass(frozen=True, slots=True)
class Job:
    """What to do with each page: how to read it, the options and the output format."""

    mode: str
    fmt: str
    options: Options
    url: str | None
    timeout: float
    front_matter: bool


EXTRACT_HELP = """Extract the article of each INPUT.

INPUT is an HTML or text file (optionally gzipped: .gz), a directory, an http(s) URL, or
- for standard input. One page is printed as Markdown by default. Several inputs or a
directory give JSON Lines: one object per page with an "id" (the file name without .gz and
then .html/.htm/.txt; the URL for a URL) followed by every field of the article. A directory
yields its *.html, *.htm, *.txt files and their .gz forms, sorted by name; subdirectories
only with --recursive (the id then keeps the relative path, e.g. "news/story").

Whether a page is HTML or plain text is judged from its content unless --input says.
A page that fails is reported on stderr at the end, with its reason; the exit code is 1
only when no page at all could be processed.

\b
Examples:
  thresher extract examples/news-article.html
  thresher extract page.html.gz --format json --url https://example.com/story
  thresher extract https://example.com/story --format text
  curl -s https://example.com/story | thresher extract - --front-matter
  thresher extract pages/ --format jsonl -o articles.jsonl
  thresher extract dump/ --input text -o articles.jsonl
"""


@main.command(help=EXTRACT_HELP, short_help="Extract the article of pages, files or URLs.")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format [default: markdown for one page, jsonl for several].")
@click.option("-o", "--output", default="-", metavar="FILE",
              help="Write to FILE instead of standard output.")
@click.option("--input", "mode", type=click.Choice(MODES), default="auto", show_default=True,
              help="Read inputs as HTML or as plain text; auto decides from the content.")
@click.option("--url", default=None, metavar="URL",
              help="The page's own URL, for a file or stdin input (resolves relative links).")
@click.option("--comments", is_flag=True, help="Also extract reader comments (JSON output).")
@click.option("--front-matter", is_flag=True,
              help="Start the Markdown with a YAML front matter block of the metadata.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_OPTIONS.threshold,
              show_default=True, help="Classifier threshold: higher keeps less (precision).")
@click.option("--time-limit", type=click.FloatRange(0, min_open=True), metavar="SECONDS",
              default=DEFAULT_OPTIONS.time_limit, show_default=True,
              help="Give up on a page after this many seconds.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=15.0,
              metavar="SECONDS", show_default=True, help="Network timeout when fetching a URL.")
@click.option("-r", "--recursive", is_flag=True, help="Also read a directory's subdirectories.")
@click.option("-j", "--jobs", type=click.IntRange(0, 256), default=0, show_default=True,
              help="Worker processes for several pages; 0 uses every core for 16+ pages.")
def extract(inputs: tuple[str, ...], fmt: str | None, output: str, mode: str, url: str | None,
            comments: bool, front_matter: bool, threshold: float, time_limit: float,
            timeout: float, recursive: bool, jobs: int) -> None:
    batch = len(inputs) > 1 or any(os.path.isdir(a) and not is_url(a) for a in inputs)
    fmt = fmt or ("jsonl" if batch else "markdown")
    if batch and fmt != "jsonl":
        raise click.UsageError(f"several pages are written as --format jsonl, not {fmt}")
    if front_matter and fmt != "markdown":
        raise click.UsageError("--front-matter goes with --format markdown")
    if url and batch:
        raise click.UsageError("--url names a single page; it cannot go with several inputs")
    options = DEFAULT_OPTIONS.with_(comments=comments, threshold=threshold,
                                    time_limit=time_limit)
    job = Job(mode, fmt, options, url, timeout, front_matter)
    try:
        sources = [s for arg in inputs for s in sources_for(arg, mode, recursive=recursive)]
    except ThresherError as exc:
        raise click.ClickException(str(exc)) from None
    if not sources:
        raise click.ClickException(f"no pages found in {', '.join(inputs)}")
    if not batch:
        try:
            rendered = process(sources[0], job)
        except ThresherError as exc:
            raise click.ClickException(str(exc)) from None
        with _open_output(output) as out:
            out.write(rendered)
        return
    with _open_output(output) as out:
        code = run_batch(sources, job, out, jobs or default_jobs(len(sources)))
    sys.exit(code)


def _open_output(output: str) -> IO[str]:
    try:
        return click.open_file(output, "w", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None


def process(source: Source, job: Job) -> str:
    """Read, extract and render one source; raises `ThresherError` when it cannot."""
    page = load(source, job.mode, max_bytes=job.options.max_bytes, url=job.url,
                timeout=job.timeout)
    if page.mode == "text":
        article = _extract_text(page.data, page.url, page.content_type, job.options)
    else:
        from . import extract as extract_html

        article = extract_html(page.data, url=page.url, options=job.options,
                               content_type=page.content_type)
    if job.fmt == "jsonl":
        return json.dumps({"id": source.id, **article.to_dict()}, ensure_ascii=False) + "\n"
    if job.fmt == "json":
        return article.to_json() + "\n"
    if job.fmt == "text":
        return article.to_text()
    return article.to_markdown(front_matter=job.front_matter)


def _extract_text(data: bytes, url: str | None, content_type: str | None,
                  options: Options) -> Any:
    import thresher

    from .html.decode import decode

    extract_text = getattr(thresher, "extract_text", None)
    if extract_text is None:
        raise ThresherError("plain-text extraction is not available in this build of thresher")
    return extract_text(decode(data, options, content_type), url=url, options=options)


def attempt(source: Source, job: Job) -> tuple[str, str | None, str | None]:
    """(id, rendered output or None, failure reason or None) for one source; never raises."""
    try:
        return source.id, process(source, job), None
    except ThresherError as exc:
        return source.id, None, str(exc)
    except Exception as exc:  # a bug on one page must not stop the others
        return source.id, None, f"internal error: {type(exc).__name__}: {exc}"


def _pool(jobs: int, sources: list[Source]) -> Any:
    """A pool of `jobs` worker processes, or a null context when one process will do."""
    if jobs <= 1 or len(sources) < 2 or any(s.kind == "stdin" for s in sources):
        return contextlib.nullcontext(None)
    import multiprocessing

    return multiprocessing.get_context().Pool(min(jobs, len(sources)))


def default_jobs(count: int) -> int:
    """Worker processes for `count` pages: the usable cores, or 1 for a small batch."""
    if count < 16:
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_batch(sources: list[Source], job: Job, out: IO[str], jobs: int = 1) -> int:
    """Process every source into JSON Lines; report failures on stderr; the exit code."""
    failures: list[tuple[str, str]] = []
    work = functools.partial(attempt, job=job)
    # The pool forks before the progress bar starts its thread.
    with _pool(jobs, sources) as pool, _progress(len(sources)) as bar:
        results = pool.imap(work, sources, chunksize=2) if pool else map(work, sources)
        for ident, rendered, reason in results:
            if rendered is None:
                failures.append((ident, reason or "unknown failure"))
            else:
                out.write(rendered)
            bar.update(1)
    done = len(sources) - len(failures)
    if failures:
        lines = [f"thresher: {done} of {len(sources)} pages extracted; "
                 f"{len(failures)} failed:"]
        lines += [f"  {ident}: {reason}" for ident, reason in failures]
        click.echo("\n".join(lines), err=True)
    return 0 if done else 1


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _progress(total: int) -> Any:
    """A tqdm bar on stderr when it is a terminal, else nothing."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from tqdm import tqdm

    return tqdm(total=total, unit="page", file=sys.stderr, dynamic_ncols=True, leave=False)
