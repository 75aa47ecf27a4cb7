"""``ocrfix eval``: CER and WER of OCR output against ground truth, and how well scores track them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ocrfix.cli.common import add_lexicon_options, lexicons_from_args
from ocrfix.documents import read_document
from ocrfix.errors import InputError, OcrfixError
from ocrfix.evaluation import PairRates, error_rates, normalize_for_eval, pool, spearman

__all__ = ["add_parser", "run", "match_pairs"]


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="CER and WER of OCR against ground truth",
        description=(
            "Compare OCR with ground truth: two files, or two folders whose files are matched by relative path. "
            "CER and WER are computed on grapheme clusters after NFC and whitespace normalisation, per document and "
            "pooled; unless --no-score, each OCR document is also scored and Spearman's correlation between score "
            "and CER is reported."
        ),
    )
    p.add_argument("ocr", metavar="OCR", help="OCR file or folder")
    p.add_argument("truth", metavar="GT", help="ground-truth file or folder")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--no-score", action="store_true", help="do not score the OCR documents")
    p.add_argument("--encoding", metavar="NAME", help="decode both sides with this encoding")
    add_lexicon_options(p)
    p.set_defaults(run=run)


def match_pairs(ocr: Path, truth: Path) -> tuple[list[tuple[str, Path, Path]], list[str]]:
    """Pair files: two files, or files with the same relative path under two folders.

    Returns:
        ``(name, ocr_path, truth_path)`` triples and the names found on one side only.
    """
    if ocr.is_file() and truth.is_file():
        return [(ocr.name, ocr, truth)], []
    if not (ocr.is_dir() and truth.is_dir()):
        raise InputError("give two files or two folders")
    left = {str(p.relative_to(ocr)): p for p in sorted(ocr.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    right = {str(p.relative_to(truth)): p for p in sorted(truth.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    pairs = [(name, left[name], right[name]) for name in sorted(left) if name in right]
    unmatched = sorted(set(left) ^ set(right))
    if not pairs:
        raise InputError("no file names in common between the two folders")
    return pairs, unmatched


def run(args: argparse.Namespace) -> int:
    pairs, unmatched = match_pairs(Path(args.ocr), Path(args.truth))
    lexicons = None if args.no_score else lexicons_from_args(args)
    results: list[PairRates] = []
    for name, ocr_path, truth_path in pairs:
        try:
            ocr_doc = read_document(ocr_path, args.encoding)
            truth_doc = read_document(truth_path, args.encoding)
        except OcrfixError as exc:
            print(f"ocrfix: skipped {name}: {exc}", file=sys.stderr)
            continue
        score = None
        if lexicons is not None:
            from ocrfix.scoring import score_document

            score = score_document(ocr_doc, lexicons).score
        results.append(PairRates(name, error_rates(ocr_doc.text, truth_doc.text), score))
    pooled = pool([r.rates for r in results])
    rho = spearman([r.score for r in results], [r.rates.cer for r in results]) if lexicons is not None else None  # type: ignore[misc]
    if args.format == "json":
        print(
            json.dumps(
                {
                    "normalisation": normalize_for_eval.__doc__,
                    "documents": [
                        {"name": r.name, "cer": round(r.rates.cer, 6), "wer": round(r.rates.wer, 6), "chars": r.rates.chars, "words": r.rates.words, "score": r.score}
                        for r in results
                    ],
                    "pooled": {"cer": round(pooled.cer, 6), "wer": round(pooled.wer, 6), "chars": pooled.chars, "words": pooled.words},
                    "mean": {
                        "cer": round(sum(r.rates.cer for r in results) / max(len(results), 1), 6),
                        "wer": round(sum(r.rates.wer for r in results) / max(len(results), 1), 6),
                    },
                    "spearman_score_cer": rho,
                    "unmatched": unmatched,
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        width = max([len(r.name) for r in results] + [8])
        print(f"{'document'.ljust(width)}  {'CER':>7}  {'WER':>7}  {'score':>6}")
        for r in results:
            score = f"{r.score:6.3f}" if r.score is not None else "     -"
            print(f"{r.name.ljust(width)}  {r.rates.cer:7.2%}  {r.rates.wer:7.2%}  {score}")
        print(f"{'pooled'.ljust(width)}  {pooled.cer:7.2%}  {pooled.wer:7.2%}")
        if rho is not None:
            print(f"Spearman(score, CER) = {rho:.3f} over {len(results)} documents")
        for name in unmatched:
            print(f"unmatched: {name}")
    return 0
