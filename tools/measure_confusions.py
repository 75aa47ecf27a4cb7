#!/usr/bin/env python3
"""Write lexicons/confusions/measured-*.tsv: letter substitutions Tesseract makes, counted on generated OCR pairs.

For every condition (language read by a Tesseract model) of benchmarks/pairs, the even-numbered pairs of the
manifest (the half tools/calibrate.py trains on; the odd half stays held out) are aligned word by word with their
ground truth, and each aligned word pair letter by letter (Levenshtein edit operations). A substitution of truth
letter ``b`` by OCR letter ``a`` seen ``k`` times among ``n`` occurrences of ``b`` has probability ``k / n``; its
cost is ``-log2(k / n) / COST_BITS`` (the noisy channel's bits in units of one ordinary edit), kept only below
``CEILING`` and when seen at least ``MIN_COUNT`` times. It is floored at ``FLOOR``, above the packs' ``KEY_COST``, so
that an occasional substitution does not join the letters' confusion class (which makes one lookup find the words
that differ in it, at any number of places), except for a *systematic* one: seen at least ``KEY_MIN_COUNT`` times
and in at least ``KEY_SHARE`` of the letter's occurrences (the aze_cyrl model writing у for ү in 104 of 250), which
keeps its measured cost and so joins the class as the hand-made wrong-model rules do.

    python tools/measure_confusions.py
"""

from __future__ import annotations

import difflib
import math
import sys
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import PAIRS, manifest  # noqa: E402

from ocrfix.candidates import COST_BITS  # noqa: E402
from ocrfix.normalize import fold_case  # noqa: E402
from ocrfix.text import tokenize  # noqa: E402

MIN_COUNT = 3
FLOOR = 0.35
KEY_MIN_COUNT = 20
KEY_SHARE = 0.25
CEILING = 0.95
#: (language, Tesseract model, when): right-model conditions apply always, wrong-model ones with the diagnosis.
CONDITIONS = (
    ("ru", "rus", "always"),
    ("en", "eng", "always"),
    ("az-Latn", "aze", "always"),
    ("az-Cyrl", "aze_cyrl", "always"),
    ("fa", "fas", "always"),
    ("az-Cyrl", "rus", "wrong-ocr-model rus"),
    ("fa", "ara", "wrong-ocr-model ara"),
)


def word_pairs(items: list[dict], language: str) -> list[tuple[str, str]]:
    """(OCR word, true word) as written, for the 1:1 word alignments (made case-folded) of the pairs."""
    out = []
    for item in items:
        ocr = (PAIRS / "ocr" / f"{item['name']}.txt").read_text("utf-8")
        truth = (PAIRS / "gt" / f"{item['name']}.txt").read_text("utf-8")
        a = [t.norm for t in tokenize(ocr) if t.is_word]
        b = [t.norm for t in tokenize(truth) if t.is_word]
        sm = difflib.SequenceMatcher(a=[fold_case(w, language) for w in a], b=[fold_case(w, language) for w in b], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op in ("equal", "replace") and i2 - i1 == j2 - j1:
                out.extend(zip(a[i1:i2], b[j1:j2]))
    return out


def capital_misreads(pairs: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(upper-case OCR letter, lower-case true letter, count, words of the true letter) for the systematic ones.

    A word whose OCR starts with a capital and goes on in lower case while the printed word starts in lower case
    (the aze_cyrl model writes ``Һугуг`` for ``һүгуг``), against all printed words starting with that letter;
    systematic as for substitutions: at least ``KEY_MIN_COUNT`` times and ``KEY_SHARE`` of the words.
    """
    caps: Counter[tuple[str, str]] = Counter()
    words: Counter[str] = Counter()
    for o, t in pairs:
        if not t[:1].islower():
            continue
        words[t[0]] += 1
        if len(o) > 1 and o[0].isupper() and o[1:].islower():
            caps[(o[0], t[0])] += 1
    return sorted(
        (a, b, k, words[b]) for (a, b), k in caps.items() if k >= KEY_MIN_COUNT and k / words[b] >= KEY_SHARE
    )


def measure(pairs: list[tuple[str, str]], language: str) -> list[tuple[str, str, float, int, int]]:
    """(ocr letter, truth letter, cost, count, occurrences of the truth letter), cheapest first, over the
    case-folded word pairs."""
    subs: Counter[tuple[str, str]] = Counter()
    seen: Counter[str] = Counter()
    for ocr, truth in ((fold_case(o, language), fold_case(t, language)) for o, t in pairs):
        seen.update(truth)
        if ocr == truth or Levenshtein.distance(ocr, truth) > max(1, len(truth) // 2):
            continue  # a misalignment, not a misreading
        for op in Levenshtein.editops(ocr, truth):
            if op.tag == "replace":
                a, b = ocr[op.src_pos], truth[op.dest_pos]
                if a.isalpha() and b.isalpha():
                    subs[(a, b)] += 1
    rules = []
    for (a, b), k in subs.items():
        if k < MIN_COUNT:
            continue
        cost = -math.log2(k / seen[b]) / COST_BITS
        if cost < CEILING:
            systematic = k >= KEY_MIN_COUNT and k / seen[b] >= KEY_SHARE
            rules.append((a, b, round(cost if systematic else max(cost, FLOOR), 2), k, seen[b]))
    rules.sort(key=lambda r: (r[2], r[0], r[1]))
    return rules


def main() -> int:
    items = manifest()[0::2]
    folder = ROOT / "lexicons" / "confusions"
    for language, model, when in CONDITIONS:
        chosen = [i for i in items if i["language"] == language and i["model"] == model]
        pairs = word_pairs(chosen, language)
        rules = measure(pairs, language)
        capitals = capital_misreads(pairs)
        pack = f"measured-{model.replace('_', '-')}-{language.lower()}"
        lines = [
            f"# pack: {pack}",
            f"# name: letter substitutions of Tesseract's {model} model on {language} text, measured",
            f"# applies-to: {language}",
            f"# when: {when}",
            f"# source: counted by tools/measure_confusions.py on the {len(chosen)} even-numbered {language}/{model} pairs of "
            "benchmarks/pairs (rendered and degraded with ImageMagick, read with Debian's Tesseract 5.3.0; see "
            "benchmarks/pairs/README.md); cost = -log2(P(OCR letter | printed letter)) / 9 bits, floored at 0.35 "
            f"unless seen at least {KEY_MIN_COUNT} times in at least {KEY_SHARE:.0%} of the printed letter's occurrences"
            + (
                "; capital-misreads: a capital the model writes for a lower-case letter at a word's start, measured the same way ("
                + ", ".join(f"{a} for {b} in {k} of {n} words" for a, b, k, n in capitals)
                + ")"
                if capitals
                else ""
            ),
            *([f"# capital-misreads: {' '.join(f'{a}→{b}' for a, b, _k, _n in capitals)}"] if capitals else []),
            "# licence: CC0-1.0",
            "# format: ocr<TAB>truth<TAB>cost (1.0 = an ordinary OCR substitution)",
        ]
        lines += [f"{a}\t{b}\t{cost}" for a, b, cost, _k, _n in rules]
        (folder / f"{pack}.tsv").write_text("\n".join(lines) + "\n", "utf-8")
        print(f"{pack}: {len(rules)} rules from {len(chosen)} pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
