#!/usr/bin/env python3
"""Build the character trigram models in lexicons/models/ from the shipped lexicons.

One model per reading in ocrfix.charmodel.READINGS. Each also records the unknown-word rate of the language's
lexicon on correct reference text (../shared/data/clean-text), the prior scoring needs to tell an unknown but
correct word from an OCR error. Each is trained on the lexicon's forms (each form counted
once), after the reading's confusions for wrong-model readings; 20,000 forms drawn with a fixed seed are held out
and their cross-entropies give the quantiles that turn a word's cross-entropy into an implausibility rank.
Deterministic: the same lexicons give the same bytes.

    python tools/build_models.py
"""

from __future__ import annotations

import gzip
import io
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tools"))

from build_lexicons import REFERENCE_TEXT  # noqa: E402

from ocrfix.charmodel import _LAMBDAS, BOUNDARY, READINGS, CharModel  # noqa: E402
from ocrfix.lexicon import load_lexicon  # noqa: E402
from ocrfix.scripts import az_latn_to_cyrl  # noqa: E402
from ocrfix.text import tokenize  # noqa: E402

#: Reference text per language for the unknown-word rate of correct text: the files the lexicon build reads, the
#: az-Cyrl model's transliterated from the az-Latn ones.
CLEAN_TEXT = {**REFERENCE_TEXT, "az-Cyrl": REFERENCE_TEXT["az-Latn"]}

HELD_OUT = 20_000
QUANTILES = 400


def train(forms: list[str]) -> tuple[dict[str, float], dict[str, float], dict[str, float], int]:
    tri: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    uni: Counter[str] = Counter()
    for form in forms:
        s = BOUNDARY + BOUNDARY + form + BOUNDARY
        for i in range(2, len(s)):
            tri[s[i - 2 : i + 1]] += 1
            bi[s[i - 1 : i + 1]] += 1
            uni[s[i]] += 1
    ctx2: Counter[str] = Counter()
    for t, n in tri.items():
        ctx2[t[:2]] += n
    ctx1: Counter[str] = Counter()
    for b, n in bi.items():
        ctx1[b[0]] += n
    total = sum(uni.values())
    p_uni = {c: n / total for c, n in uni.items()}
    p_bi = {b: n / ctx1[b[0]] for b, n in bi.items()}
    floor = _LAMBDAS[3] / len(uni)
    p_tri = {}
    for t, n in tri.items():
        p = _LAMBDAS[0] * n / ctx2[t[:2]] + _LAMBDAS[1] * p_bi[t[1:]] + _LAMBDAS[2] * p_uni[t[2]] + floor
        p_tri[t] = round(math.log2(p), 3)
    return p_tri, {k: round(v, 6) for k, v in p_bi.items()}, {k: round(v, 7) for k, v in p_uni.items()}, len(uni)


def unknown_rate(language: str, lexicon, clean_dir: Path) -> float:
    """Share of the word tokens of correct reference text that the lexicon does not know."""
    words = known = 0
    for name in CLEAN_TEXT[language]:
        text = (clean_dir / name).read_text("utf-8")
        if language == "az-Cyrl":
            text = az_latn_to_cyrl(text)
        for tok in tokenize(text):
            if tok.kind != "word":
                continue
            words += 1
            known += tok.norm in lexicon or ("-" in tok.norm and all(p in lexicon for p in tok.norm.split("-") if p))
    return round(1 - known / max(words, 1), 4)


def build(code: str, clean_dir: Path) -> bytes:
    reading = READINGS[code]
    lexicon = load_lexicon(reading.language)
    forms = sorted({reading.misread(key) for key in lexicon.keys() if key})
    rng = random.Random(f"ocrfix-{code}")
    held = set(rng.sample(forms, min(HELD_OUT, len(forms) // 5)))
    tri, bi, uni, size = train([f for f in forms if f not in held])
    model = CharModel(code, tri, bi, uni, [0.0], size)
    hs = sorted(model.cross_entropy(f) for f in held)
    quantiles = [round(hs[min(len(hs) - 1, int(i * len(hs) / QUANTILES))], 4) for i in range(QUANTILES)]
    data = {
        "reading": code,
        "language": reading.language,
        "ocr_model": reading.ocr_model,
        "built_from": Path(lexicon.path).name,
        "forms": len(forms),
        "held_out": len(held),
        "alphabet_size": size,
        "unknown_rate": unknown_rate(reading.language, lexicon, clean_dir),
        "unknown_rate_from": ", ".join(CLEAN_TEXT[reading.language]),
        "quantiles": quantiles,
        "uni": dict(sorted(uni.items())),
        "bi": dict(sorted(bi.items())),
        "tri": dict(sorted(tri.items())),
    }
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)
    return buf.getvalue()


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build lexicons/models/ from the shipped lexicons.")
    parser.add_argument("--clean-text", type=Path, default=ROOT.parent / "shared" / "data" / "clean-text")
    args = parser.parse_args()
    if not args.clean_text.is_dir():
        print(f"build_models: error: {args.clean_text} not found (the reference text for unknown-word rates)", file=sys.stderr)
        return 2
    out = ROOT / "lexicons" / "models"
    out.mkdir(parents=True, exist_ok=True)
    for code in READINGS:
        data = build(code, args.clean_text)
        (out / f"{code}.json.gz").write_bytes(data)
        print(f"{code}: {len(data):,} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
