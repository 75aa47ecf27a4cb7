"""The ``ocrfix`` command: parses arguments, calls the core, renders, returns an exit code.

Each verb lives in a module of this package with ``add_parser(subparsers)`` and ``run(args) -> int``; errors of
the core (:class:`ocrfix.errors.OcrfixError`) are caught here once and printed as one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from ocrfix import __version__
from ocrfix.errors import EXIT_USAGE, OcrfixError

__all__ = ["VERBS", "build_parser", "main"]

#: Verb name -> module in this package, in the order ``--help`` lists them.
VERBS: dict[str, str] = {
    "score": "score",
    "suggest": "suggest",
    "fix": "fix",
    "review": "review",
    "apply": "apply",
    "eval": "evaluate",
    "lexicons": "lexicons",
}

EPILOG = """exit status: 0 ok; 1 findings over --fail-above, or patch conflicts; 2 usage or input error.
Run 'ocrfix VERB --help' for the options of a verb."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, every verb included."""
    parser = _Parser(
        prog="ocrfix",
        description="Find garbled OCR, propose OCR-aware corrections from lexicons, review them, apply them as patches.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ocrfix {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)
    for module_name in VERBS.values():
        module = importlib.import_module(f"ocrfix.cli.{module_name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ocrfix`` command and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verb is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except OcrfixError as exc:
        print(f"ocrfix: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("ocrfix: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``ocrfix score . | head``): stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
