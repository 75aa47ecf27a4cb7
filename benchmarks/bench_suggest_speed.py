#!/usr/bin/env python3
"""Speed of candidate generation, against symspellpy and pyspellchecker on the same tokens in the same run.

Tokens: every word of the Russian OCR pairs (benchmarks/pairs, ru / rus) that the Russian lexicon does not know,
with the ground-truth word it stands for where the word alignment gives one. For each tool: time per token (median
and 99th percentile), share of tokens whose top candidate is the truth, and set-up time. ocrfix and symspellpy use
the same shipped Russian lexicon (symspellpy at max edit distance 2 with the forms and frequencies); pyspellchecker
uses the same lexicon loaded as its word frequency list. Also the time and memory to build ocrfix's indexes for all
five languages. Goals (issue #4): median <= 0.5 ms and p99 <= 5 ms per token, index ready <= 2 s, <= 1 GB resident.

    python benchmarks/bench_suggest_speed.py [--tokens N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from bench_fix import aligned_truth
from common import PAIRS, manifest, write_results

from ocrfix.candidates import CandidateIndex, posterior, score_candidates
from ocrfix.confusions import model_for
from ocrfix.documents import read_document
from ocrfix.lexicon import LexiconSet, class_frequency
from ocrfix.normalize import fold_case
from ocrfix.text import tokenize


def collect(lexicons: LexiconSet, limit: int) -> list[tuple[str, str | None]]:
    ru = lexicons.get("ru")
    out: list[tuple[str, str | None]] = []
    for item in manifest():
        if (item["language"], item["model"]) != ("ru", "rus"):
            continue
        ocr = read_document(PAIRS / "ocr" / f"{item['name']}.txt").text
        truth = read_document(PAIRS / "gt" / f"{item['name']}.txt").text
        truth_of = aligned_truth(ocr, truth)
        for tok in tokenize(ocr):
            if tok.kind == "word" and tok.script == "Cyrl" and tok.norm not in ru and len(tok.norm) > 1:
                out.append((tok.norm, truth_of.get((tok.span.start, tok.span.end))))
    return out[:limit]


def timed(fn, tokens):
    times, right, judged = [], 0, 0
    for word, truth in tokens:
        start = time.perf_counter()
        best = fn(word)
        times.append((time.perf_counter() - start) * 1000)
        if truth is not None and truth != word:
            judged += 1
            right += best is not None and fold_case(best) == fold_case(truth)
    times.sort()
    return statistics.median(times), times[int(0.99 * (len(times) - 1))], right, judged


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=2000)
    args = parser.parse_args()
    lexicons = LexiconSet()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    indexes = {}
    for code in ("ru", "az-Cyrl", "az-Latn", "fa", "en"):
        lex = lexicons.get(code)
        indexes[code] = CandidateIndex(lex, model_for(code, None))
        indexes[code].lookup("x")  # the one-edit search's arrays are read (or made) on the first lookup
    t_all = time.perf_counter() - start
    rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    ru_index = CandidateIndex(lexicons.get("ru"), model_for("ru", None))
    ru_index.lookup("x")
    t_ru = time.perf_counter() - start
    start = time.perf_counter()
    CandidateIndex(lexicons.get("ru"), model_for("ru", None), use_cache=False).lookup("x")
    t_ru_fresh = time.perf_counter() - start
    tokens = collect(lexicons, args.tokens)

    def ocrfix_best(word: str) -> str | None:
        cands, _ = posterior(score_candidates(word, ru_index, language="ru"), error_probability=0.5)
        return cands[0].text if cands else None

    def ocrfix_deep(word: str) -> str | None:
        cands, _ = posterior(score_candidates(word, ru_index, language="ru", deep=True), error_probability=0.5)
        return cands[0].text if cands else None

    rows = [("ocrfix (confusion-class key + 1 edit by symmetric deletes + 1-2 measured confusions; 2 edits over the 30,000 most frequent forms by depth-2 symmetric deletes when nothing nearer; weighted distance)", t_ru, *timed(ocrfix_best, tokens))]

    from symspellpy import SymSpell, Verbosity

    start = time.perf_counter()
    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    for key, cls in lexicons.get("ru").items():
        sym.create_dictionary_entry(key, max(1, int(class_frequency(cls))))
    t_sym = time.perf_counter() - start

    def sym_best(word: str) -> str | None:
        found = sym.lookup(word.lower(), Verbosity.TOP, max_edit_distance=2)
        return found[0].term if found else None

    rows.append(("symspellpy 6.10 (max edit distance 2, same lexicon)", t_sym, *timed(sym_best, tokens)))

    # Last, so that the rows above run on the same warm caches as before this row existed.
    deep_row = ("ocrfix as in garbled passages (also 1 arbitrary edit beyond 1-2 measured confusions when nothing costs less than 1 edit)", t_ru, *timed(ocrfix_deep, tokens))

    from spellchecker import SpellChecker

    start = time.perf_counter()
    spell = SpellChecker(language=None, distance=2)
    spell.word_frequency.load_json({key: max(1, int(class_frequency(cls))) for key, cls in lexicons.get("ru").items()})
    t_spell = time.perf_counter() - start
    sample = tokens[: max(50, len(tokens) // 20)]  # it is slow: a twentieth of the tokens
    rows.append(("pyspellchecker 0.9 (distance 2, same lexicon; 1/20 of the tokens)", t_spell, *timed(lambda w: spell.correction(w.lower()), sample)))

    lines = [
        f"Tokens: {len(tokens)} out-of-lexicon words of the ru / rus pairs ({sum(1 for _, t in tokens if t)} with an aligned truth).",
        "",
        "| tool | set-up | median per token | p99 per token | top candidate = truth |",
        "|---|---|---|---|---|",
    ]
    rows.insert(1, deep_row)
    for name, setup, med, p99, right, judged in rows:
        lines.append(f"| {name} | {setup:.2f} s | {med:.3f} ms | {p99:.2f} ms | {right}/{judged} = {right / max(judged, 1):.1%} |")
    lines += [
        "",
        f"ocrfix set-up above: the Russian index from the disk cache; built without it: {t_ru_fresh:.2f} s. "
        f"ocrfix indexes for all five languages: ready in {t_all:.2f} s (after the lexicons were loaded, cache as it was); "
        f"peak RSS {rss_all:.0f} MB with lexicons and indexes (was {rss0:.0f} MB before the indexes).",
        f"Ratios in this run: symspellpy median / ocrfix median = {rows[2][2] / rows[0][2]:.2f}; "
        f"pyspellchecker median / ocrfix median = {rows[3][2] / rows[0][2]:.0f}; "
        f"ocrfix as in garbled passages / ocrfix = {rows[1][2] / rows[0][2]:.2f} (median), {rows[1][3] / rows[0][3]:.2f} (p99).",
        "",
        "Goals: median <= 0.5 ms, p99 <= 5 ms, index ready <= 2 s (Russian), <= 1 GB resident (all languages). "
        "The suggester makes the deeper search only for the words of passages the scorer labels garbled, where "
        "`fix` also takes suggestions from 0.5; clean and noisy passages run as the first row.",
        "",
        f"Command: `python benchmarks/bench_suggest_speed.py --tokens {args.tokens}`",
    ]
    write_results("suggest-speed", "Candidate generation speed", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
