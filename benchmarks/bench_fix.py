#!/usr/bin/env python3
"""Accuracy of ``ocrfix fix`` + ``ocrfix apply`` on the generated OCR pairs, and calibration of confidences.

For every pair: suggest, ``fix`` at the default threshold into a patch, ``apply`` it, and compare CER with the ground
truth before and after. Reports the CER reduction per condition (pooled), documents made worse (all, and those of
undegraded "clean" renders), and the calibration of suggestion confidence (how often a top suggestion is the ground
truth word, by confidence band) on word-aligned tokens.

    python benchmarks/bench_fix.py [--limit N] [--baselines]

``--baselines`` adds, on the same pairs, the two yardsticks of the issue: a perfect word-level corrector limited
to the lexicon (every wrong OCR word that aligns with a truth word the lexicon holds is replaced by it; what a
lexicon corrector could at best remove) and symspellpy (max edit distance 2) with the same shipped lexicons,
replacing every out-of-lexicon word by its top suggestion. It needs symspellpy installed and about two minutes more.
"""

from __future__ import annotations

import argparse
import bisect
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import PAIRS, manifest, write_results
from rapidfuzz.distance import Levenshtein

from ocrfix.candidates import restore_case
from ocrfix.documents import read_document
from ocrfix.evaluation import error_rates
from ocrfix.fixing import DEFAULT_GARBLED_MIN_CONFIDENCE, DEFAULT_MIN_CONFIDENCE, DEFAULT_NOISY_MIN_CONFIDENCE, fix_document, select_fixes
from ocrfix.lexicon import Lexicon, LexiconSet, class_frequency
from ocrfix.patches import load_patch
from ocrfix.patching import apply_patch
from ocrfix.scoring import score_document
from ocrfix.suggestions import suggest_document
from ocrfix.text import tokenize

BANDS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]


def replaced(text: str, changes: dict[tuple[int, int], str]) -> str:
    """``text`` with each (non-overlapping) span replaced."""
    out, at = [], 0
    for (start, end), new in sorted(changes.items()):
        out.append(text[at:start])
        out.append(new)
        at = end
    return "".join(out) + text[at:]


def oracle_fixed(ocr: str, truth_of: dict[tuple[int, int], str], lexicon: Lexicon) -> str:
    """The perfect word-level corrector limited to lexicon words: each wrong OCR word (or pair) whose truth word(s)
    the lexicon holds becomes the truth."""
    changes = {
        span: t
        for span, t in truth_of.items()
        if ocr[span[0] : span[1]] != t and all(lexicon.frequency_class(w) is not None for w in t.split(" "))
    }
    return replaced(ocr, changes)


def symspell_of(lexicon: Lexicon):
    """A symspellpy corrector over ``lexicon`` (its forms and frequencies, max edit distance 2)."""
    from symspellpy import SymSpell, Verbosity

    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for key, cls in lexicon.items():
        sym.create_dictionary_entry(key, max(1, int(class_frequency(cls))))

    def fixed(ocr: str) -> str:
        changes = {}
        for t in tokenize(ocr):
            if not t.is_word or not t.text.isalpha() or lexicon.frequency_class(t.text) is not None:
                continue
            found = sym.lookup(t.text.lower(), Verbosity.TOP, max_edit_distance=2)
            if found:
                changes[(t.span.start, t.span.end)] = restore_case(found[0].term, t.text)
        return replaced(ocr, changes)

    return fixed


def aligned_truth(ocr: str, truth: str) -> dict[tuple[int, int], str]:
    """Map OCR word spans to the ground-truth text they stand for: 1:1, a word the OCR split in two (the pair's
    span) and two words the OCR ran together (the truth words joined by a space).

    The texts are aligned character by character (Levenshtein); an OCR word and a truth word belong together when
    the characters aligned to the OCR word overlap the truth word. A group of OCR and truth words linked that way
    is mapped when it is one OCR word and one or two truth words, or two adjacent OCR words and one truth word;
    anything else (a line of debris against a sentence) is left out. Word by word alignment (difflib on whole
    words) lost every word of a line where the OCR had also split or joined one, which is most lines of a heavily
    misread page.
    """
    a = [t for t in tokenize(ocr) if t.is_word]
    b = [t for t in tokenize(truth) if t.is_word]
    # to[k]: the truth position aligned with OCR position k (an insertion before k belongs to the word it starts).
    to = [0] * (len(ocr) + 1)
    for op, i1, i2, j1, j2 in reversed(Levenshtein.opcodes(ocr, truth)):
        for k in range(i2, i1 - 1, -1) if op != "insert" else ():
            to[k] = j1 + (min(k - i1, j2 - j1) if op != "delete" else 0)
    to[len(ocr)] = len(truth)
    starts = [t.span.start for t in b]
    partners: list[list[int]] = []
    for t in a:
        lo, hi = to[t.span.start], to[t.span.end]
        j = max(bisect.bisect_right(starts, lo) - 1, 0)
        found = []
        while j < len(b) and b[j].span.start < hi:
            if b[j].span.end > lo and b[j].span.start < hi:
                found.append(j)
            j += 1
        partners.append(found)
    owners: dict[int, list[int]] = defaultdict(list)
    for i, found in enumerate(partners):
        for j in found:
            owners[j].append(i)
    out: dict[tuple[int, int], str] = {}
    for i, found in enumerate(partners):
        if not found or any(owners[j] != [i] for j in found[1:]):
            continue
        group = owners[found[0]]
        if group == [i] and len(found) <= 2 and all(owners[j] == [i] for j in found):
            out[(a[i].span.start, a[i].span.end)] = " ".join(b[j].norm for j in found)
        elif len(found) == 1 and group == [i, i + 1] and partners[i + 1] == found:
            out[(a[i].span.start, a[i + 1].span.end)] = b[found[0]].norm
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs (0: all)")
    parser.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    parser.add_argument("--garbled-min-confidence", type=float, default=DEFAULT_GARBLED_MIN_CONFIDENCE)
    parser.add_argument("--noisy-min-confidence", type=float, default=DEFAULT_NOISY_MIN_CONFIDENCE)
    parser.add_argument("--baselines", action="store_true", help="also the lexicon oracle and symspellpy on the same pairs")
    parser.add_argument(
        "--split", choices=("all", "test"), default="test",
        help="test: only the odd-numbered pairs, held out from tools/calibrate.py (default); all: every pair",
    )
    args = parser.parse_args()
    lexicons = LexiconSet()
    items = manifest()
    if args.split == "test":
        items = items[1::2]
    items = items[: args.limit or None]
    per_condition: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    per_level: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    worse: list[str] = []
    clean_worse: list[str] = []
    clean_docs = 0
    bands: dict[tuple[float, float], list[int]] = {b: [0, 0] for b in BANDS}
    # Accepted fixes on aligned tokens: (which threshold let it through, outcome) -> count.
    outcomes: dict[tuple[str, str], int] = defaultdict(int)
    # Baselines: condition -> [oracle errors after, symspellpy errors after, documents symspellpy made worse,
    # clean renders it made worse].
    baseline: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    symspells: dict[str, object] = {}
    baseline_seconds = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for item in items:
            src = PAIRS / "ocr" / f"{item['name']}.txt"
            ocr = read_document(src)
            truth = read_document(PAIRS / "gt" / f"{item['name']}.txt").text
            scored = score_document(ocr, lexicons)
            findings = suggest_document(ocr.text, scored, lexicons)
            truth_of = aligned_truth(ocr.text, truth)
            for f in findings:
                t = truth_of.get((f.span.start, f.span.end))
                if t is None or f.best is None:
                    continue
                for band in BANDS:
                    if band[0] <= f.best.confidence < band[1]:
                        bands[band][0] += 1
                        bands[band][1] += f.best.replacement == t
            labels = [p.label for p in scored.passages]
            for f in select_fixes(findings, args.min_confidence, args.garbled_min_confidence, labels, args.noisy_min_confidence):
                t = truth_of.get((f.span.start, f.span.end))
                which = "high" if f.best.confidence >= args.min_confidence else labels[f.passage]  # type: ignore[union-attr]
                what = "unaligned" if t is None else "right" if f.best.replacement == t else "correct word changed" if f.text == t else "wrong word left wrong"  # type: ignore[union-attr]
                outcomes[(which, what)] += 1
            patch = Path(tmp) / f"{item['name']}.txt.ocrfix.jsonl"
            fix_document(
                ocr, src, patch, lexicons, min_confidence=args.min_confidence,
                garbled_min_confidence=args.garbled_min_confidence, noisy_min_confidence=args.noisy_min_confidence,
            )
            fixed = apply_patch(load_patch(patch), ocr).text
            before = error_rates(ocr.text, truth)
            after = error_rates(fixed, truth)
            condition = f"{item['language']} / {item['model']}"
            per_condition[condition].append((before.char_errors, after.char_errors, before.chars))
            per_level[(condition, item["degradation"])].append((before.char_errors, after.char_errors, before.chars))
            if after.char_errors > before.char_errors:
                worse.append(item["name"])
                if item["degradation"] == "clean":
                    clean_worse.append(item["name"])
            clean_docs += item["degradation"] == "clean"
            if args.baselines:
                t0 = time.perf_counter()
                lexicon = lexicons.get(item["language"])
                sym = symspells.get(item["language"]) or symspells.setdefault(item["language"], symspell_of(lexicon))
                row = baseline[condition]
                row[0] += error_rates(oracle_fixed(ocr.text, truth_of, lexicon), truth).char_errors
                s_errors = error_rates(sym(ocr.text), truth).char_errors  # type: ignore[operator]
                row[1] += s_errors
                row[2] += s_errors > before.char_errors
                row[3] += s_errors > before.char_errors and item["degradation"] == "clean"
                baseline_seconds += time.perf_counter() - t0
    seconds = time.perf_counter() - started - baseline_seconds
    lines = [
        f"{len(items)} pairs from benchmarks/pairs ({'held-out odd-numbered pairs, not used by tools/calibrate.py' if args.split == 'test' else 'all pairs'}); "
        f"`fix` at min confidence {args.min_confidence} ({args.noisy_min_confidence} in passages the scorer labels noisy, {args.garbled_min_confidence} in garbled ones), "
        f"then `apply`; {seconds:.0f} s.",
        "",
        "| condition | docs | CER before | CER after | error removed | goal |",
        "|---|---|---|---|---|---|",
    ]
    goals = {"az-Cyrl / rus": ">= 50 %", "az-Cyrl / aze_cyrl": ">= 25 %", "ru / rus": ">= 20 %", "fa / fas": ">= 15 %", "en / eng": ">= 15 %"}
    for condition, rows in sorted(per_condition.items()):
        b = sum(r[0] for r in rows)
        a = sum(r[1] for r in rows)
        n = sum(r[2] for r in rows)
        lines.append(
            f"| {condition} | {len(rows)} | {b / n:.2%} | {a / n:.2%} | {(b - a) / max(b, 1):.1%} | {goals.get(condition, '-')} |"
        )
    if args.baselines:
        lines += [
            "",
            f"Yardsticks on the same pairs ({baseline_seconds:.0f} s more, mostly building symspellpy's dictionaries): error removed by "
            "ocrfix (above), by a perfect word-level corrector limited to the lexicon (every wrong word whose truth "
            "the lexicon holds replaced by it), and by symspellpy 6 (max edit distance 2, the same lexicons, every "
            "out-of-lexicon word replaced by its top suggestion); ocrfix's share of what the perfect corrector removes.",
            "",
            "| condition | ocrfix | perfect lexicon corrector | ocrfix / perfect | symspellpy | symspellpy: docs worse | symspellpy: clean renders worse |",
            "|---|---|---|---|---|---|---|",
        ]
        for condition, rows in sorted(per_condition.items()):
            b = sum(r[0] for r in rows)
            a = sum(r[1] for r in rows)
            o, sy, sw, scw = baseline[condition]
            n_clean = sum(1 for i in items if f"{i['language']} / {i['model']}" == condition and i["degradation"] == "clean")
            lines.append(
                f"| {condition} | {(b - a) / max(b, 1):.1%} | {(b - o) / max(b, 1):.1%} | {(b - a) / max(b - o, 1):.0%} | "
                f"{(b - sy) / max(b, 1):.1%} | {sw}/{len(rows)} | {scw}/{n_clean} |"
            )
    levels = ("clean", "light", "medium", "heavy")
    lines += [
        "",
        "By degradation of the rendered page: error removed, CER before -> after, and that level's share of the "
        "condition's error before fixing (the pooled figure above is dominated by the heavy pages, whose words are "
        "mostly too far gone for a lexicon to restore; the scorer sends them to re-OCR).",
        "",
        "| condition | " + " | ".join(levels) + " |",
        "|---|" + "---|" * len(levels),
    ]
    for condition in sorted(per_condition):
        total = sum(r[0] for r in per_condition[condition])
        cells = []
        for level in levels:
            rows = per_level.get((condition, level), [])
            b, a, n = (sum(r[i] for r in rows) for i in range(3))
            cells.append(
                f"{(b - a) / b:.0%} ({b / n:.1%} -> {a / n:.1%}; {b / max(total, 1):.0%} of error)" if b and n else "-"
            )
        lines.append(f"| {condition} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Documents made worse: {len(worse)}/{len(items)} = {len(worse) / max(len(items), 1):.1%} (goal <= 5 %)"
        + (f": {', '.join(worse[:20])}" if worse else ""),
        f"Undegraded ('clean' render) documents made worse: {len(clean_worse)}/{clean_docs} (goal 0)"
        + (f": {', '.join(clean_worse)}" if clean_worse else ""),
        "",
        "Calibration: top suggestions on word-aligned tokens, by confidence band (right = equals the ground-truth word).",
        "",
        "| confidence | findings | right | share right |",
        "|---|---|---|---|",
    ]
    for (lo, hi), (n, right) in bands.items():
        lines.append(f"| [{lo:.2f}, {min(hi, 1):.2f}{']' if hi > 1 else ')'} | {n} | {right} | {right / n:.1%} |" if n else f"| [{lo:.2f}, {min(hi, 1):.2f}) | 0 | 0 | - |")
    kinds = ("right", "wrong word left wrong", "correct word changed")
    lines += [
        "",
        "What `fix` accepted, on word-aligned tokens (a fix of an unaligned stretch is left out): exactly right, a wrong "
        "OCR word replaced by another wrong one, or a correct OCR word changed.",
        "",
        "| accepted at | fixes | " + " | ".join(kinds) + " |",
        "|---|---|---|---|---|",
    ]
    for which, what in (
        ("high", f">= {args.min_confidence}"),
        ("noisy", f"{args.noisy_min_confidence} to {args.min_confidence}, noisy passages"),
        ("garbled", f"{args.garbled_min_confidence} to {args.min_confidence}, garbled passages"),
    ):
        n = sum(outcomes[(which, k)] for k in kinds)
        if n:
            lines.append(f"| {what} | {n} | " + " | ".join(f"{outcomes[(which, k)]} ({outcomes[(which, k)] / n:.1%})" for k in kinds) + " |")
    hi_n = sum(n for (lo, _), (n, _) in bands.items() if lo >= 0.9)
    hi_r = sum(r for (lo, _), (_, r) in bands.items() if lo >= 0.9)
    lines += ["", f"Suggestions at confidence >= 0.9 right: {hi_r}/{hi_n} = {hi_r / max(hi_n, 1):.1%} (goal >= 95 %)."]
    lines += ["", f"Command: `python benchmarks/bench_fix.py --split {args.split} --min-confidence {args.min_confidence} --noisy-min-confidence {args.noisy_min_confidence} --garbled-min-confidence {args.garbled_min_confidence}{' --baselines' if args.baselines else ''}`"]
    write_results("fix-accuracy", "Correction accuracy (fix + apply)", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
