"""``ocrfix suggest``."""

from __future__ import annotations

import argparse

from ocrfix.errors import InputError

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="(not yet available)", description="(not yet available)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise InputError("'ocrfix suggest' is not available in this version yet")
