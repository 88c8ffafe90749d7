"""`python -m bench all`: every benchmark, then the README `## Benchmarks` section."""

from __future__ import annotations

import argparse

from . import accuracy, metadata, readme, speed, textmode


def add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, help="only the first N pages (results not saved)")
    p.add_argument("--no-speed", action="store_true", help="skip the speed benchmark")


def main(args: argparse.Namespace) -> int:
    accuracy.main(argparse.Namespace(sets=None, tools=None, limit=args.limit,
                                     cv=accuracy.DEFAULT_CV))
    if not args.no_speed:
        speed.main(argparse.Namespace(sets=None, tools=None, limit=args.limit, core=None,
                                      worker=None))
    textmode.main(argparse.Namespace(sets=None, tools=None, limit=args.limit))
    metadata.main(argparse.Namespace(sets=None, tools=None, limit=args.limit))
    if args.limit:
        print("--limit: results were not saved, README left as it is")
        return 0
    return readme.main(args)
