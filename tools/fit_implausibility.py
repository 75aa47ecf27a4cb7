#!/usr/bin/env python3
"""Fit lexicons/implausibility.json: how implausible the letters of wrong and of correct unknown words are.

The scorer weighs an unknown word by the implausibility of its letters u in [0, 1] (its character model's rank among
held-out lexicon forms). It takes u to have density (k+1)·u^k: k_error for the words OCR got wrong, k_correct for
correct words no lexicon knows (names, rare words), so a word's likelihood ratio is
(k_error+1)/(k_correct+1) · u^(k_error-k_correct). Both shapes are fitted here by maximum likelihood
(k = -n / Σ ln u - 1, u floored at 0.001 as the scorer floors it, k at least 0), per reading:

- k_correct per language, on correct reference text: ../shared/data/clean-text (the files tools/build_models.py
  reads, az-Cyrl transliterated) without every line a generated pair was made from;
- k_error per reading, on the even-numbered (training) pairs of benchmarks/pairs: the unknown words whose OCR text is
  not what was printed (aligned as benchmarks/bench_fix.py aligns them), judged as the scorer judges them (the
  language's own character model, also for a wrong-model reading). The odd-numbered pairs stay held out.

Capitalised words are left out of both: the scorer weighs a capitalised unknown word as a likely name (NAME_ODDS),
and names, whose letters are the least plausible of correct text, would otherwise make plausible-looking unknown
words look like errors (with them, k_correct came out above k_error for Azerbaijani).

Deterministic: the same lexicons, models and pairs give the same file.

    python tools/fit_implausibility.py
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))

from bench_fix import aligned_truth  # noqa: E402
from build_lexicons import PAIR_MANIFESTS, held_out_text, used_lines  # noqa: E402
from build_models import CLEAN_TEXT  # noqa: E402
from common import PAIRS, manifest  # noqa: E402

from ocrfix.documents import read_document  # noqa: E402
from ocrfix.language import guess_language_of_words  # noqa: E402
from ocrfix.lexicon import LexiconSet  # noqa: E402
from ocrfix.scoring import IMPLAUSIBILITY_FLOOR, _judge_for  # noqa: E402
from ocrfix.scripts import az_latn_to_cyrl  # noqa: E402
from ocrfix.text import tokenize  # noqa: E402

#: (language, Tesseract model) of a pair -> the reading it is an example of.
READING_OF = {
    ("ru", "rus"): "ru",
    ("en", "eng"): "en",
    ("fa", "fas"): "fa",
    ("fa", "ara"): "fa@ara",
    ("az-Latn", "aze"): "az-Latn",
    ("az-Cyrl", "aze_cyrl"): "az-Cyrl",
    ("az-Cyrl", "rus"): "az-Cyrl@rus",
}


def shape(values: list[float]) -> float:
    """Maximum-likelihood k of the density (k+1)·u^k on [0, 1], at least 0."""
    if not values:
        return 0.0
    logs = sum(math.log(max(u, IMPLAUSIBILITY_FLOOR)) for u in values)
    return max(0.0, -len(values) / logs - 1) if logs < 0 else 0.0


def _judge(language: str, words: list, lexicons: LexiconSet):
    sample = [t.norm.lower() for t in words[:40]]
    guess = guess_language_of_words(sample, words[0].script if words else None, lexicons, forced=language)
    return _judge_for(guess, lexicons)


def unknown_implausibilities(text: str, language: str, lexicons: LexiconSet) -> list[tuple[object, float]]:
    """(token, implausibility) of the unknown words of ``text`` as the scorer of ``language`` judges them."""
    words = [t for t in tokenize(text) if t.kind == "word"]
    if not words:
        return []
    judge = _judge(language, words, lexicons)
    out = []
    for tok in words:
        if tok.text[:1].isupper():
            continue  # names: the scorer weighs capitalised unknown words apart (NAME_ODDS), so they are left out
        implausible = judge.features_of(tok.norm, "word", tok.script)[3]
        if implausible is not None:
            out.append((tok, implausible))
    return out


def correct_shapes(clean_dir: Path, lexicons: LexiconSet) -> dict[str, tuple[float, int]]:
    used = used_lines(PAIR_MANIFESTS)
    out = {}
    for language, names in CLEAN_TEXT.items():
        values: list[float] = []
        for name in names:
            text, _ = held_out_text(clean_dir / name, used)
            if language == "az-Cyrl":
                text = az_latn_to_cyrl(text)
            values += [u for _, u in unknown_implausibilities(text, language, lexicons)]
        out[language] = (shape(values), len(values))
    return out


def error_shapes(lexicons: LexiconSet) -> dict[str, tuple[float, int]]:
    values: dict[str, list[float]] = defaultdict(list)
    for item in manifest()[0::2]:
        reading = READING_OF.get((item["language"], item["model"]))
        if reading is None:
            continue
        ocr = read_document(PAIRS / "ocr" / f"{item['name']}.txt").text
        truth = read_document(PAIRS / "gt" / f"{item['name']}.txt").text
        truth_of = aligned_truth(ocr, truth)
        for tok, u in unknown_implausibilities(ocr, item["language"], lexicons):
            printed = truth_of.get((tok.span.start, tok.span.end))
            if printed is not None and printed != tok.text:
                values[reading].append(u)
    return {reading: (shape(v), len(v)) for reading, v in sorted(values.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean-text", type=Path, default=ROOT.parent / "shared" / "data" / "clean-text")
    parser.add_argument("--out", type=Path, default=ROOT / "lexicons" / "implausibility.json")
    args = parser.parse_args()
    if not args.clean_text.is_dir():
        print(f"fit_implausibility: error: {args.clean_text} not found (the reference text)", file=sys.stderr)
        return 2
    lexicons = LexiconSet()
    correct = correct_shapes(args.clean_text, lexicons)
    errors = error_shapes(lexicons)
    readings = {}
    for reading, (k_error, n_error) in errors.items():
        language = reading.split("@")[0]
        k_correct, n_correct = correct[language]
        readings[reading] = {
            "k_error": round(k_error, 3),
            "errors": n_error,
            "k_correct": round(k_correct, 3),
            "correct_unknown_words": n_correct,
        }
    data = {
        "format": 1,
        "what": "shapes k of the density (k+1)*u^k of the implausibility u of unknown words, wrong (k_error) and "
        "correct (k_correct), per reading; see tools/fit_implausibility.py",
        "source": "k_error: unknown words misread in the even-numbered pairs of benchmarks/pairs (generated with "
        "tools/make_pairs.py: ImageMagick and Debian's Tesseract 5.3.0); k_correct: unknown words of "
        + ", ".join(sorted({n for names in CLEAN_TEXT.values() for n in names}))
        + " (../shared/data/clean-text, UD treebanks and Wikipedia, CC BY-SA 4.0) without the lines the pairs use",
        "licence": "CC0-1.0",
        "built_by": "tools/fit_implausibility.py",
        "readings": readings,
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for reading, row in readings.items():
        print(f"{reading:12s} k_error {row['k_error']:.2f} ({row['errors']} words)  k_correct {row['k_correct']:.2f} "
              f"({row['correct_unknown_words']} words)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
