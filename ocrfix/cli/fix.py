"""``ocrfix fix``: accept every top suggestion at or above a confidence and write patches (sources untouched)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ocrfix.batch import iter_files
from ocrfix.cli.common import add_lexicon_options, lexicons_from_args
from ocrfix.documents import read_document
from ocrfix.errors import EXIT_OK, EXIT_USAGE, InputError, OcrfixError
from ocrfix.fixing import DEFAULT_GARBLED_MIN_CONFIDENCE, DEFAULT_MIN_CONFIDENCE, DEFAULT_NOISY_MIN_CONFIDENCE, fix_document

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fix",
        help="accept confident suggestions without asking and write patches",
        description=(
            "Accept every top suggestion at or above --min-confidence (in passages the scorer labels noisy or "
            "garbled, --noisy-min-confidence or --garbled-min-confidence) and write the decisions as a patch per source "
            "(<source file name>.ocrfix.jsonl beside it, or in --patch-dir). Sources are never modified: apply the "
            "patches with 'ocrfix apply'."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE, metavar="C", help="default: %(default)s")
    p.add_argument(
        "--garbled-min-confidence", type=float, default=DEFAULT_GARBLED_MIN_CONFIDENCE, metavar="G",
        help="in passages labelled garbled, where the OCR's words are mostly wrong already: accept from G "
        "(default: %(default)s; never more than C; give the same value as C to treat every passage alike)",
    )
    p.add_argument(
        "--noisy-min-confidence", type=float, default=DEFAULT_NOISY_MIN_CONFIDENCE, metavar="N",
        help="in passages labelled noisy: accept from N (default: %(default)s; never more than C)",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--patch", metavar="FILE", help="patch file (one source only)")
    out.add_argument("--patch-dir", metavar="DIR", help="write patches under DIR, mirroring the folders given")
    p.add_argument("--lang", metavar="CODE", help="force this language")
    p.add_argument("--encoding", metavar="NAME", help="decode with this encoding instead of detecting it")
    p.add_argument("--include", action="append", default=[], metavar="GLOB")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB")
    add_lexicon_options(p)
    p.set_defaults(run=run)


def _patch_path(source: str, root: str | None, args: argparse.Namespace) -> Path:
    name = os.path.basename(source) + ".ocrfix.jsonl"
    if args.patch:
        return Path(args.patch)
    if args.patch_dir:
        rel = os.path.relpath(os.path.dirname(source), root) if root else "."
        return Path(args.patch_dir) / rel / name
    return Path(source).with_name(name)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.min_confidence <= 1:
        raise InputError("--min-confidence takes a value between 0 and 1")
    if not 0 <= args.garbled_min_confidence <= 1:
        raise InputError("--garbled-min-confidence takes a value between 0 and 1")
    if not 0 <= args.noisy_min_confidence <= 1:
        raise InputError("--noisy-min-confidence takes a value between 0 and 1")
    lexicons = lexicons_from_args(args)
    jobs: list[tuple[str, str | None]] = []
    for raw in args.paths:
        root = raw if os.path.isdir(raw) else None
        jobs.extend((path, root) for path, _ in iter_files([raw], args.include, args.exclude))
    if args.patch and len(jobs) != 1:
        raise InputError("--patch names one patch file: give exactly one source (or use --patch-dir)")
    failed = 0
    total = garbled = noisy = 0
    for source, root in jobs:
        patch = _patch_path(source, root, args)
        try:
            document = read_document(source, args.encoding)
            patch.parent.mkdir(parents=True, exist_ok=True)
            result = fix_document(
                document, source, patch, lexicons, min_confidence=args.min_confidence,
                garbled_min_confidence=args.garbled_min_confidence, noisy_min_confidence=args.noisy_min_confidence,
                language=args.lang,
            )
        except OcrfixError as exc:
            print(f"ocrfix: skipped {source}: {exc}", file=sys.stderr)
            failed += root is None
            continue
        total += result.accepted
        garbled += result.garbled
        noisy += result.noisy
        print(f"{source}: {result.accepted} of {result.findings} findings accepted -> {patch}")
    below = [
        f"{n} of them in {label} passages at {low} to {args.min_confidence}"
        for n, label, low in ((noisy, "noisy", args.noisy_min_confidence), (garbled, "garbled", args.garbled_min_confidence))
        if low < args.min_confidence
    ]
    print(f"{total} fixes in {len(jobs)} files (min confidence {args.min_confidence}" + "".join("; " + b for b in below) + ")")
    return EXIT_USAGE if failed else EXIT_OK
