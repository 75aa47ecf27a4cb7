"""``ocrfix suggest``: the suspicious tokens of a file with ranked, explained candidates."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ocrfix.cli.common import add_lexicon_options, lexicons_from_args
from ocrfix.documents import read_document
from ocrfix.suggestions import Finding

__all__ = ["add_parser", "finding_dict", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "suggest",
        help="list suspicious tokens with ranked, explained corrections",
        description=(
            "List the findings of a file: each suspicious token (or pair of tokens) with its offsets in code points, "
            "language, and candidates ranked by confidence, each with the rules that explain it and its source."
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=("table", "json", "jsonl"), default="table")
    p.add_argument("--lang", metavar="CODE", help="force this language")
    p.add_argument("--encoding", metavar="NAME", help="decode with this encoding instead of detecting it")
    p.add_argument("--min-confidence", type=float, default=0.0, metavar="C", help="only findings whose best candidate reaches C")
    add_lexicon_options(p)
    p.set_defaults(run=run)


def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as the JSON output carries it."""
    return {
        "start": f.span.start,
        "end": f.span.end,
        "line": f.line,
        "text": f.text,
        "language": f.language,
        "score": f.score,
        "reasons": list(f.reasons),
        "diagnosis": f.diagnosis,
        "keep_confidence": f.keep_confidence,
        "candidates": [
            {"text": s.replacement, "confidence": s.confidence, "rules": list(s.rules), "source": s.source} for s in f.suggestions
        ],
    }


def run(args: argparse.Namespace) -> int:
    from ocrfix.suggestions import suggest

    lexicons = lexicons_from_args(args)
    document = read_document(args.file, args.encoding)
    findings = [
        f for f in suggest(document.text, lexicons, language=args.lang) if (f.best.confidence if f.best else 0.0) >= args.min_confidence
    ]
    if args.format == "jsonl":
        for f in findings:
            print(json.dumps(finding_dict(f), ensure_ascii=False))
    elif args.format == "json":
        print(json.dumps([finding_dict(f) for f in findings], ensure_ascii=False, indent=1))
    else:
        for f in findings:
            shown = f.text.replace("\n", "⏎")
            cands = "; ".join(f"{s.replacement} {s.confidence:.2f} [{' '.join(s.rules)}]" for s in f.suggestions[:3]) or "(no candidate)"
            print(f"{f.line:>5}  {f.language:<8} {shown:<22} → {cands}")
        print(f"{len(findings)} findings")
    return 0
