#!/usr/bin/env python3
"""Accuracy of ``ocrfix score`` on the generated OCR pairs and on the labelled seed letters.

Measures (issue #3, item 8): Spearman between document score and true CER; ROC AUC of the score for "CER > 10 %";
document language accuracy; how often ``wrong-ocr-model`` is raised on Azerbaijani Cyrillic read by ``rus`` (and
Persian read by ``ara``) against the same texts read by the right model; and, on the seeds, the label and language of
every labelled passage against corpus/labels.tsv.

    python benchmarks/bench_score_accuracy.py
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict

from common import PAIRS, ROOT, manifest, write_results

from ocrfix.evaluation import error_rates, spearman
from ocrfix.lexicon import LexiconSet
from ocrfix.scoring import score_document, score_path
from ocrfix.documents import read_document


def auc(scores: list[float], positive: list[bool]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos = [s for s, p in zip(scores, positive) if p]
    neg = [s for s, p in zip(scores, positive) if not p]
    if not pos or not neg:
        return float("nan")
    wins = sum((a > b) + 0.5 * (a == b) for a in pos for b in neg)
    return wins / (len(pos) * len(neg))


def main() -> int:
    lexicons = LexiconSet()
    rows = []
    started = time.perf_counter()
    for item in manifest():
        ocr = read_document(PAIRS / "ocr" / f"{item['name']}.txt")
        truth = read_document(PAIRS / "gt" / f"{item['name']}.txt")
        doc = score_document(ocr, lexicons)
        cer = error_rates(ocr.text, truth.text).cer
        rows.append((item, doc, cer))
    seconds = time.perf_counter() - started
    scores = [d.score for _, d, _ in rows]
    cers = [c for _, _, c in rows]
    rho = spearman(scores, cers)
    area = auc(scores, [c > 0.10 for c in cers])
    right_lang = sum(d.language == item["language"] for item, d, _ in rows)
    by_condition: dict[tuple[str, str], list] = defaultdict(list)
    for item, doc, cer in rows:
        by_condition[(item["language"], item["model"])].append((item, doc, cer))

    def wrong_model_rate(language: str, model: str) -> tuple[int, int]:
        docs = by_condition.get((language, model), [])
        return sum(any(d.code == "wrong-ocr-model" for d in doc.diagnoses) for _, doc, _ in docs), len(docs)

    lines = [
        f"Pairs: {len(rows)} documents from benchmarks/pairs (see its README); scored in {seconds:.1f} s.",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
        f"| Spearman(score, CER), all documents | {rho:.3f} | >= 0.9 |",
        f"| ROC AUC of score for CER > 10 % | {area:.3f} | >= 0.97 |",
        f"| document language right | {right_lang}/{len(rows)} = {right_lang / len(rows):.1%} | >= 98 % |",
    ]
    for language, model, other, goal in (("az-Cyrl", "rus", "aze_cyrl", "<= 2 %"), ("fa", "ara", "fas", "-")):
        hit, n = wrong_model_rate(language, model)
        false, m = wrong_model_rate(language, other)
        lines.append(f"| wrong-ocr-model on {language} read by `{model}` | {hit}/{n} = {hit / max(n, 1):.1%} | >= 95 % |")
        lines.append(f"| wrong-ocr-model on {language} read by `{other}` | {false}/{m} = {false / max(m, 1):.1%} | {goal} |")
    others = [doc for (lang, model), docs in by_condition.items() if (lang, model) not in (("az-Cyrl", "rus"), ("fa", "ara")) for _, doc, _ in docs]
    false_other = sum(any(d.code == "wrong-ocr-model" for d in doc.diagnoses) for doc in others)
    lines.append(f"| wrong-ocr-model on every other document | {false_other}/{len(others)} | 0 |")
    lines += ["", "Per condition (mean CER, mean score, Spearman within, language right):", "", "| condition | n | mean CER | mean score | Spearman | language |", "|---|---|---|---|---|---|"]
    for (language, model), docs in sorted(by_condition.items()):
        s = [d.score for _, d, _ in docs]
        c = [x for _, _, x in docs]
        r = spearman(s, c)
        ok = sum(d.language == language for _, d, _ in docs)
        lines.append(
            f"| {language} / `{model}` | {len(docs)} | {sum(c) / len(c):.1%} | {sum(s) / len(s):.3f} | "
            f"{'-' if r is None else f'{r:.3f}'} | {ok}/{len(docs)} |"
        )
    wrong = [(item["name"], doc.language) for item, doc, _ in rows if doc.language != item["language"]]
    if wrong:
        lines += ["", "Language errors: " + ", ".join(f"{n} -> {lang}" for n, lang in wrong)]
    lines += ["", *seed_report(lexicons)]
    lines += ["", "Command: `python benchmarks/bench_score_accuracy.py`"]
    write_results("score-accuracy", "Scoring accuracy", "\n".join(lines))
    return 0


def seed_report(lexicons: LexiconSet) -> list[str]:
    """Compare passage labels and languages on the seeds with corpus/labels.tsv."""
    labels_path = ROOT / "corpus" / "labels.tsv"
    if not labels_path.exists():
        return ["(corpus/labels.tsv missing: seed check skipped)"]
    labels = list(csv.DictReader(labels_path.open(encoding="utf-8"), delimiter="\t"))
    out = ["Seeds (corpus/labels.tsv): for each labelled passage of ru, az-Cyrl, fa, en, the passages ocrfix found on its lines.", ""]
    out += ["| file | lines | truth | ocrfix (letter-weighted) | ok |", "|---|---|---|---|---|"]
    checks = {"ok": 0, "n": 0}
    for path in sorted({row["file"] for row in labels}):
        doc = score_path(str(ROOT / "corpus" / path), lexicons)
        for row in labels:
            if row["file"] != path or row["language"] == "none":
                continue
            first, last = int(row["first_line"]), int(row["last_line"])
            inside = [p for p in doc.passages if p.passage.first_line <= last and p.passage.last_line >= first and p.label != "too-short"]
            if not inside:
                continue
            letters = sum(p.letters for p in inside) or 1
            score = sum(p.score * p.letters for p in inside) / letters
            langs = defaultdict(int)
            for p in inside:
                langs[p.language] += p.letters
            language = max(langs, key=langs.__getitem__)
            from ocrfix.scoring import label_for

            label = label_for(score, letters)
            # The goal: damaged passages found (noisy or garbled) in the right language, clean ones not called garbled.
            if row["quality"] == "clean":
                ok = language == row["language"] and label != "garbled"
            else:
                ok = language == row["language"] and label in ("noisy", "garbled")
            checks["n"] += 1
            checks["ok"] += ok
            out.append(
                f"| {path.split('/')[-1][:12]} | {first}-{last} | {row['language']} {row['quality']} | {language} {label} {score:.2f} | {'yes' if ok else 'NO'} |"
            )
    out.insert(1, f"Passages meeting the goal (damaged ones noisy or garbled, clean ones not garbled, language right): {checks['ok']}/{checks['n']}.")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
