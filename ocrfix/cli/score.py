"""``ocrfix score``: how garbled each file is, per passage, in which language, why, and what to do."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from typing import Any

from ocrfix.batch import Outcome, iter_files, map_documents
from ocrfix.cli.common import add_lexicon_options, lexicon_args, lexicons_from_paths
from ocrfix.documents import DEFAULT_MAX_BYTES, write_atomic
from ocrfix.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, InputError, OcrfixError
from ocrfix.report import document_dict, document_summary, render_csv_rows, render_jsonl, render_table

__all__ = ["add_parser", "run", "score_file"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "score",
        help="score files and folders: how garbled, which language, why, what to do",
        description=(
            "Score each file (folders are walked recursively): a score in [0, 1] where 1 is garbled, a label "
            "(clean, noisy, garbled, too-short), the language, diagnoses such as wrong-ocr-model, and the action "
            "(accept, correct, re-ocr, transcribe), per document and per passage. Worst documents first in the table."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table", help="output format (default: table)")
    p.add_argument("--include", action="append", default=[], metavar="GLOB", help="in folders, only files matching GLOB (repeatable; default: *.txt)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching GLOB (repeatable)")
    p.add_argument("--lang", metavar="CODE", help="force this language for every passage of its script")
    p.add_argument("--encoding", metavar="NAME", help="decode every file with this encoding instead of detecting it")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--fail-above", type=float, metavar="X", help="exit 1 when any document scores above X")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report to FILE")
    p.add_argument("--max-size", type=int, default=DEFAULT_MAX_BYTES // 2**20, metavar="MIB", help="refuse files larger than this (default: %(default)s MiB)")
    p.add_argument("--passages", action="store_true", help="table format: also list each document's passages")
    add_lexicon_options(p)
    p.set_defaults(run=run)


def score_file(path: str, context: Any) -> Any:
    """Score one file in a worker: ``context`` is ``(lexicons, language, encoding, max_bytes)``."""
    from ocrfix.documents import read_document
    from ocrfix.scoring import score_document

    lexicons, language, encoding, max_bytes = context
    # The verb shows documents and passages, never tokens or lines: they are not built, nor sent back from workers.
    return score_document(read_document(path, encoding, max_bytes=max_bytes), lexicons, language=language, tokens=False)


def _setup(lexicon_spec: tuple[tuple[str, ...], str | None, str | None], language: str | None, encoding: str | None, max_bytes: int) -> Any:
    return lexicons_from_paths(*lexicon_spec), language, encoding, max_bytes


class _Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.done = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._last = 0.0

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        self.bytes += outcome.size
        now = time.monotonic()
        if self.enabled and now - self._last >= 0.1:
            self._last = now
            rate = self.bytes / max(now - self.start, 1e-6) / 1e6
            sys.stderr.write(f"\rscoring: {self.done} files, {self.bytes / 1e6:.1f} MB, {rate:.1f} MB/s ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise InputError("--workers must be at least 1")
    if args.fail_above is not None and not 0 <= args.fail_above <= 1:
        raise InputError("--fail-above takes a score between 0 and 1")
    spec = lexicon_args(args)
    lexicons_from_paths(*spec)  # fail early, in this process, on a bad --lexicon
    files = list(iter_files(args.paths, args.include, args.exclude))
    if not files:
        raise InputError("no files to score")
    setup = functools.partial(_setup, spec, args.lang, args.encoding, args.max_size * 2**20)
    progress = _Progress(sys.stderr.isatty())
    workers = min(args.workers, len(files))
    summaries: list[dict[str, Any]] = []
    html_docs: list[Any] = []
    failed_explicit = 0
    worst = 0.0
    started = time.monotonic()
    if args.format == "json":
        sys.stdout.write("[")
    first = True
    for outcome in map_documents(score_file, files, setup=setup, workers=workers, on_done=progress):
        if outcome.error is not None:
            progress.close()
            print(f"ocrfix: skipped {outcome.path}: {outcome.error}", file=sys.stderr)
            failed_explicit += outcome.explicit
            continue
        doc = outcome.result
        worst = max(worst, doc.score)
        if args.format == "jsonl":
            print(render_jsonl(doc))
        elif args.format == "json":
            sys.stdout.write(("\n" if first else ",\n") + json.dumps(document_dict(doc), ensure_ascii=False, indent=1))
        summary = document_summary(doc)
        if args.passages:
            summary["_passages"] = doc.passages
        summaries.append(summary)
        if args.html:
            html_docs.append(_html_entry(doc))
        first = False
    progress.close()
    if args.format == "json":
        sys.stdout.write("\n]\n")
    summaries.sort(key=lambda r: (-r["score"], str(r["path"])))
    if args.format == "table":
        if summaries:
            print(_table_with_passages(summaries) if args.passages else render_table(summaries))
        print(_summary_line(summaries, time.monotonic() - started))
    elif args.format == "csv":
        sys.stdout.write(render_csv_rows(summaries))
    if args.html:
        from ocrfix.html_report import render_html

        html_docs.sort(key=lambda d: (-d["score"], str(d["path"])))
        write_atomic(args.html, render_html(html_docs).encode("utf-8"))
        print(f"ocrfix: wrote {args.html}", file=sys.stderr)
    if failed_explicit:
        return EXIT_USAGE
    if args.fail_above is not None and worst > args.fail_above:
        return EXIT_FINDINGS
    return EXIT_OK


def _summary_line(rows: list[dict[str, Any]], seconds: float) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    parts = ", ".join(f"{counts[k]} {k}" for k in ("garbled", "noisy", "clean", "too-short") if k in counts)
    return f"{len(rows)} documents: {parts or 'none'} ({seconds:.1f} s)"


def _table_with_passages(rows: list[dict[str, Any]]) -> str:
    out = []
    for r in rows:
        out.append(render_table([r]).splitlines()[-1] if out else render_table([r]))
        for p in r["_passages"]:
            reasons = ",".join(x.code for x in p.reasons[:3])
            model = f" ({p.model})" if p.model else ""
            out.append(
                f"    lines {p.passage.first_line}-{p.passage.last_line}: {p.score:.3f} {p.label} {p.language} "
                f"{p.action}{model} {reasons}"
            )
    return "\n".join(out)


def _html_entry(doc: Any) -> dict[str, Any]:
    from ocrfix.documents import read_document

    try:
        text_cache = read_document(doc.path, doc.encoding).text if doc.path else None
    except OcrfixError:
        text_cache = None  # changed since it was scored: the report shows the scores without the text
    passages = []
    for p in doc.passages:
        passages.append(
            {
                "lines": f"{p.passage.first_line}-{p.passage.last_line}",
                "score": p.score,
                "label": p.label,
                "language": p.language,
                "action": p.action + (f" ({p.model})" if p.model else ""),
                "reasons": [r.code for r in p.reasons[:4]],
                "letters": p.letters,
                "text": text_cache[p.start : p.end][:4000] if text_cache is not None else "",
            }
        )
    return {
        "path": doc.path,
        "score": doc.score,
        "label": doc.label,
        "language": doc.language,
        "action": doc.action + (f" ({doc.model})" if doc.model else ""),
        "diagnoses": [d.message for d in doc.diagnoses],
        "passages": passages,
    }
