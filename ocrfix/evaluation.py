"""Error rates of OCR against ground truth: CER and WER on grapheme clusters, per document and pooled.

Normalisation before comparing (the same for both sides): NFC; every run of whitespace (spaces, tabs, line breaks,
U+2028) becomes one space; leading and trailing whitespace is dropped. Case, punctuation and letter variants are
kept, since they are what OCR gets wrong. CER is the Levenshtein distance between the grapheme-cluster sequences
divided by the number of clusters in the ground truth; WER the same over whitespace-separated words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

from ocrfix.normalize import nfc

__all__ = ["ErrorRates", "PairRates", "error_rates", "normalize_for_eval", "pool", "spearman"]

_SPACE = regex.compile(r"\s+")
_GRAPHEME = regex.compile(r"\X")


def normalize_for_eval(text: str) -> str:
    """Apply the documented normalisation: NFC, whitespace runs to one space, stripped."""
    return _SPACE.sub(" ", nfc(text)).strip()


@dataclass(frozen=True)
class ErrorRates:
    """Edit counts of one comparison (or a pool of them)."""

    char_errors: int
    chars: int
    """Grapheme clusters in the ground truth."""
    word_errors: int
    words: int

    @property
    def cer(self) -> float:
        """Character error rate; 0 = identical; may exceed 1 when the OCR is much longer."""
        return self.char_errors / self.chars if self.chars else float(self.char_errors > 0)

    @property
    def wer(self) -> float:
        """Word error rate; 0 = identical."""
        return self.word_errors / self.words if self.words else float(self.word_errors > 0)


@dataclass(frozen=True)
class PairRates:
    """The error rates of one OCR file against its ground truth, with its score when computed."""

    name: str
    rates: ErrorRates
    score: float | None = None


def error_rates(ocr: str, truth: str) -> ErrorRates:
    """Compare OCR output with its ground truth after :func:`normalize_for_eval`.

    >>> r = error_rates("коината", "комната")
    >>> round(r.cer, 3), r.wer
    (0.143, 1.0)
    """
    a, b = normalize_for_eval(ocr), normalize_for_eval(truth)
    ga, gb = _GRAPHEME.findall(a), _GRAPHEME.findall(b)
    wa, wb = a.split(" ") if a else [], b.split(" ") if b else []
    return ErrorRates(Levenshtein.distance(ga, gb), len(gb), Levenshtein.distance(wa, wb), len(wb))


def pool(rates: list[ErrorRates]) -> ErrorRates:
    """Sum edit counts and lengths: the pooled (length-weighted) rates of a collection."""
    return ErrorRates(
        sum(r.char_errors for r in rates), sum(r.chars for r in rates), sum(r.word_errors for r in rates), sum(r.words for r in rates)
    )


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: list[float], y: list[float]) -> float | None:
    """Spearman's rank correlation (ties get average ranks); None for fewer than 3 pairs or a constant side.

    >>> spearman([1, 2, 3, 4], [10, 20, 30, 25])
    0.8
    """
    if len(x) != len(y) or len(x) < 3:
        return None
    rx, ry = _ranks(list(x)), _ranks(list(y))
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    if vx == 0 or vy == 0:
        return None
    return round(cov / (vx * vy), 6)
