#!/usr/bin/env python3
"""Convert Tesseract's unicharambigs files into ocrfix confusion packs (lexicons/confusions/tesseract-*.tsv).

Source: tesseract-ocr/langdata (Apache-2.0), as copied to ../shared/data/ocr-confusions. Each ambiguity
``from -> to`` becomes a correction rule ``ocr=from, truth=to``; Tesseract's type 1 (mandatory replacement) costs
0.4, the others 0.8. Rules mapping a string to itself, whitespace-only or purely punctuation rules are dropped.

    python tools/build_confusions.py [--source DIR]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"rus": ("ru az-Cyrl", "Russian"), "ukr": ("ru az-Cyrl", "Ukrainian"), "eng": ("en az-Latn", "English")}


def convert(path: Path, code: str) -> str:
    applies, name = LANGS[code]
    rules: dict[tuple[str, str], float] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines()[1:], 2):
        parts = line.split("\t")
        if len(parts) < 5:
            continue
        src = "".join(parts[1].split(" "))
        dst = "".join(parts[3].split(" "))
        if not src or not dst or src == dst:
            continue
        if not any(unicodedata.category(c).startswith(("L", "N")) for c in src + dst):
            continue
        cost = 0.4 if parts[4].strip() == "1" else 0.8
        key = (unicodedata.normalize("NFC", src), unicodedata.normalize("NFC", dst))
        rules[key] = min(cost, rules.get(key, cost))
    head = [
        f"# pack: tesseract-{code}",
        f"# name: Tesseract's {name} ambiguities (unicharambigs)",
        f"# applies-to: {applies}",
        "# when: always",
        f"# source: tesseract-ocr/langdata {code}/{code}.unicharambigs, via ../shared/data/ocr-confusions; converted by tools/build_confusions.py",
        "# licence: Apache-2.0",
        "# format: ocr<TAB>truth<TAB>cost",
    ]
    body = [f"{s}\t{d}\t{c}" for (s, d), c in sorted(rules.items())]
    return "\n".join(head + body) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "ocr-confusions")
    args = parser.parse_args()
    out = ROOT / "lexicons" / "confusions"
    for code in LANGS:
        src = args.source / f"{code}.unicharambigs"
        if not src.is_file():
            print(f"build_confusions: error: {src} not found", file=sys.stderr)
            return 2
        (out / f"tesseract-{code}.tsv").write_text(convert(src, code), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
