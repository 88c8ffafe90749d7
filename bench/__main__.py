"""`python -m bench SUBCOMMAND`: accuracy, speed, text, metadata, all, readme."""

from __future__ import annotations

import argparse
import importlib
import sys

#: subcommand -> (module in this package with `add_args(parser)` and `main(args)`, help)
COMMANDS = {
    "accuracy": ("accuracy", "thresher and the peers on each development set"),
    "speed": ("speed", "pages/s and peak RSS, one tool per pinned subprocess"),
    "text": ("textmode", "text mode vs line filters on the text/ dumps"),
    "metadata": ("metadata", "title/author/date match rates on wcxb-dev"),
    "crawl": ("crawl", "the crawl runner on a WARC of all dev pages: thresher vs peers"),
    "all": ("everything", "every benchmark, then the README table"),
    "readme": ("readme", "rewrite the README Benchmarks section from saved results"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, (module, help_) in COMMANDS.items():
        modules[name] = importlib.import_module(f"bench.{module}")
        modules[name].add_args(sub.add_parser(name, help=help_, description=help_))
    args = parser.parse_args(argv)
    return modules[args.command].main(args)


if __name__ == "__main__":
    sys.exit(main())
