#!/usr/bin/env python3
"""Check corpus/labels.tsv: every non-blank line of each labelled file is covered by exactly one passage.

A blank line is one that is empty or holds only whitespace. A passage must not contain a blank line, and
its language and quality must come from the documented sets. Exit status 0 if all is well, 1 otherwise.
Run from anywhere: python3 corpus/check_labels.py
"""

import csv
import sys
from pathlib import Path

HEADER = ["file", "first_line", "last_line", "language", "quality", "note"]
LANGUAGES = {"ru", "az-Cyrl", "fa", "en", "none"}
QUALITIES = {"clean", "noisy", "garbled"}


def check(corpus: Path) -> list[str]:
    problems: list[str] = []
    with open(corpus / "labels.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows[0] != HEADER:
        return [f"header is {rows[0]}, want {HEADER}"]
    covered: dict[str, dict[int, int]] = {}
    for n, row in enumerate(rows[1:], 2):
        if len(row) != len(HEADER):
            problems.append(f"row {n}: {len(row)} columns")
            continue
        name, first, last, lang, quality, note = row
        path = corpus / name
        if not path.is_file():
            problems.append(f"row {n}: no file {name}")
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        first_i, last_i = int(first), int(last)
        if not 1 <= first_i <= last_i <= len(lines):
            problems.append(f"row {n}: bad range {first}-{last} (file has {len(lines)} lines)")
            continue
        if lang not in LANGUAGES:
            problems.append(f"row {n}: language {lang!r}")
        if quality not in QUALITIES:
            problems.append(f"row {n}: quality {quality!r}")
        if not note.strip():
            problems.append(f"row {n}: empty note")
        seen = covered.setdefault(name, {})
        for i in range(first_i, last_i + 1):
            if not lines[i - 1].strip():
                problems.append(f"row {n}: {name}:{i} is blank inside a passage")
            if i in seen:
                problems.append(f"row {n}: {name}:{i} already covered by row {seen[i]}")
            seen[i] = n
    for name, seen in covered.items():
        lines = (corpus / name).read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines, 1):
            if line.strip() and i not in seen:
                problems.append(f"{name}:{i} not covered: {line[:60]!r}")
    for path in sorted((corpus / "seeds").glob("*.txt")):
        if str(path.relative_to(corpus)) not in covered:
            problems.append(f"{path.relative_to(corpus)} has no labels")
    return problems


def main() -> int:
    corpus = Path(__file__).resolve().parent
    problems = check(corpus)
    for p in problems:
        print(p, file=sys.stderr)
    with open(corpus / "labels.tsv", encoding="utf-8") as fh:
        count = sum(1 for _ in fh) - 1
    print(f"labels.tsv: {count} passages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
