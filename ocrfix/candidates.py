"""Correction candidates for one word: an index over a lexicon by confusion-class key, and noisy-channel ranking.

Lookup never scans the lexicon: the word's confusion-class key (see :mod:`ocrfix.confusions`) and the keys one edit
away from it are looked up in a dictionary built once per lexicon and confusion model. This finds any number of
strong confusions (``Азэрба]чан`` → ``Азәрбајҹан``: three) plus one arbitrary edit, and multi-letter rules
(``rn→m``) are tried as variants of the word first.

Ranking is a noisy channel in bits: a candidate costs ``-log2 P(word)`` from the lexicon frequency plus
``COST_BITS`` per unit of weighted edit distance; keeping the word as it is costs its own frequency bits when it is
known, or ``unknown_bits`` when it is not. Confidences are the normalised posteriors over the candidates and "keep".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ocrfix.confusions import ConfusionModel
from ocrfix.lexicon import Lexicon, class_frequency

__all__ = ["Candidate", "CandidateIndex", "COST_BITS", "rank_candidates"]

#: Bits charged per unit of weighted edit distance (one unexplained edit).
COST_BITS = 9.0
#: Most forms kept under one key (the most frequent ones).
PER_KEY = 24
#: Candidates kept for exact weighting after the cheap prefilter.
SHORTLIST = 16
#: Highest weighted distance considered.
MAX_COST = 2.6
#: Bits of a word taken as correct although no lexicon knows it (before its letters are judged).
UNKNOWN_BITS = 26.0


@dataclass(frozen=True)
class Candidate:
    """A possible correction of one word."""

    text: str
    """The corrected form, with the word's case pattern restored."""
    cost: float
    """Weighted edit distance from the OCR form (units of one ordinary edit)."""
    rules: tuple[str, ...]
    """The edits on the cheapest path (``э→ә``, ``rn→m``, ``+а``, ``-]``)."""
    bits: float
    """Total code length: frequency bits + channel bits (lower = better)."""
    confidence: float = 0.0
    """Posterior in [0, 1] among the candidates and keeping the word."""


def restore_case(form: str, model: str) -> str:
    """Give ``form`` the case pattern of ``model`` (all caps, title case or lower)."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return form.upper()
    if letters and letters[0].isupper():
        return form[:1].upper() + form[1:]
    return form


def frequency_bits(cls: int | None) -> float:
    """Code length in bits of a word with frequency class ``cls`` (per billion tokens)."""
    if cls is None:
        return UNKNOWN_BITS
    return -math.log2(class_frequency(cls) / 1e9)


class CandidateIndex:
    """Forms of one lexicon grouped by confusion-class key."""

    def __init__(self, lexicon: Lexicon, model: ConfusionModel) -> None:
        self.lexicon = lexicon
        self.model = model
        index: dict[str, list[str] | str] = {}
        key = model.key
        # Lexicon order is frequency order, so the first PER_KEY forms of a key are its most frequent.
        for form in lexicon.keys():
            k = key(form)
            slot = index.get(k)
            if slot is None:
                index[k] = form
            elif isinstance(slot, str):
                index[k] = [slot, form]
            elif len(slot) < PER_KEY:
                slot.append(form)
        self._index = index
        letters = {c for k in list(index)[:50_000] for c in k}
        self.alphabet = "".join(sorted(c for c in letters if c.isalpha()))

    def _get(self, k: str) -> list[str]:
        slot = self._index.get(k)
        if slot is None:
            return []
        return [slot] if isinstance(slot, str) else slot

    def lookup(self, word: str, *, edits: bool = True) -> set[str]:
        """Lexicon forms within the word's key, or one edit of it, or one multi-letter rule away."""
        low = word.lower()
        key = self.model.key(low)
        found = set(self._get(key))
        variants = [key]
        for rule in self.model.multi_rules:
            start = low.find(rule.ocr)
            while start != -1:
                variant = self.model.key(low[:start] + rule.truth + low[start + len(rule.ocr) :])
                variants.append(variant)
                found.update(self._get(variant))
                start = low.find(rule.ocr, start + 1)
        if edits:
            get = self._get
            alphabet = self.alphabet
            for k in variants[:4]:
                n = len(k)
                for i in range(n):
                    found.update(get(k[:i] + k[i + 1 :]))
                    for c in alphabet:
                        found.update(get(k[:i] + c + k[i + 1 :]))
                    if i + 1 < n:
                        found.update(get(k[:i] + k[i + 1] + k[i] + k[i + 2 :]))
                for i in range(n + 1):
                    for c in alphabet:
                        found.update(get(k[:i] + c + k[i:]))
        found.discard(low)
        return found


def rank_candidates(word: str, index: CandidateIndex, *, keep_bits: float, vocabulary: dict[str, int] | None = None, limit: int = 5) -> tuple[list[Candidate], float]:
    """Rank corrections of ``word`` against keeping it.

    Args:
        word: the OCR form.
        index: candidate index of the passage's lexicon and confusion model.
        keep_bits: code length of keeping the word (its frequency bits, or the unknown-word cost).
        vocabulary: lower-cased word counts of the document: a candidate that occurs as a word elsewhere in the
            document gets a bonus of ``log2(1 + count)`` bits.
        limit: candidates returned.

    Returns:
        The best candidates with confidences, and the confidence of keeping the word.
    """
    low = word.lower()
    forms = index.lookup(word)
    if not forms:
        return [], 1.0
    # Cheap unweighted prefilter, then the exact weighted distance on the shortlist.
    shortlist = sorted(forms, key=lambda f: (Levenshtein.distance(index.model.key(low), index.model.key(f)), frequency_bits(index.lexicon.frequency_class(f))))[:SHORTLIST]
    scored: list[Candidate] = []
    for form in shortlist:
        cost, rules = index.model.distance(low, form)
        if cost > MAX_COST:
            continue
        bits = frequency_bits(index.lexicon.frequency_class(form)) + COST_BITS * cost
        if vocabulary and vocabulary.get(form):
            bits -= math.log2(1 + vocabulary[form])
        scored.append(Candidate(restore_case(form, word), round(cost, 3), rules, round(bits, 3)))
    if not scored:
        return [], 1.0
    scored.sort(key=lambda c: (c.bits, c.text))
    best = min([keep_bits] + [c.bits for c in scored])
    weights = [2.0 ** (best - c.bits) for c in scored]
    keep_weight = 2.0 ** (best - keep_bits)
    total = sum(weights) + keep_weight
    out = [
        Candidate(c.text, c.cost, c.rules, c.bits, round(w / total, 4)) for c, w in zip(scored[:limit], weights[:limit])
    ]
    return out, round(keep_weight / total, 4)
