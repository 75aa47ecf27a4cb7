"""Azerbaijani ordinal suffixes written after digits (``1990-ҹы``, ``3-ҹү``): the form the number's name calls for.

The suffix is ``ҹ`` plus the vowel that harmonises with the last word of the number's name (``бир`` → ``-ҹи``,
``үч`` → ``-ҹү``, ``алты`` → ``-ҹы``, ``доггуз`` → ``-ҹу``; ``1990`` ends in ``доксан`` → ``-ҹы``). A Russian OCR
model, which has no ``ҹ`` or ``ү``, writes ``-чи``/``-чу``; this module says what was printed.
"""

from __future__ import annotations

import regex

__all__ = ["ordinal_suffix", "ORDINAL_SUFFIX_OCR"]

# Vowel of the suffix after the last non-zero digit: units, then tens; hundreds (јүз) and thousands (мин) below.
_UNITS = {"1": "и", "2": "и", "3": "ү", "4": "ү", "5": "и", "6": "ы", "7": "и", "8": "и", "9": "у"}
_TENS = {"1": "у", "2": "и", "3": "у", "4": "ы", "5": "и", "6": "ы", "7": "и", "8": "и", "9": "ы"}
#: What an OCR reading of the suffix looks like: ч or ҹ, then one of the four vowels or their Russian look-alikes.
ORDINAL_SUFFIX_OCR = regex.compile(r"[чҹЧҸ][ыиуүЫИУҮ]")
_NUMBER_BEFORE = regex.compile(r"(?<![\d.,])(\d{1,9})-$")


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


def ordinal_suffix(word: str, before: str) -> str | None:
    """The correct ordinal suffix for ``word`` when it follows ``<digits>-`` at the end of ``before``.

    Args:
        word: the OCR form of the suffix (two letters).
        before: the text just before the word.

    Returns:
        The suffix as printed (case kept), or None when ``word`` is not an ordinal suffix after a number, or is
        already right.

    >>> ordinal_suffix("чы", "1990-"), ordinal_suffix("чу", "3-"), ordinal_suffix("ҹи", "2007-")
    ('ҹы', 'ҹү', None)
    """
    if not ORDINAL_SUFFIX_OCR.fullmatch(word):
        return None
    m = _NUMBER_BEFORE.search(before)
    if m is None:
        return None
    right = "ҹ" + _vowel(m.group(1))
    if word.isupper():
        right = right.upper()
    return right if right != word else None
