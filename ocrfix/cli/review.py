"""``ocrfix review``."""

from __future__ import annotations

import argparse

from ocrfix.errors import InputError

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="(not yet available)", description="(not yet available)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise InputError("'ocrfix review' is not available in this version yet")
