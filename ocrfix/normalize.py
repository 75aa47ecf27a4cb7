"""The one normalisation shared by the text model and the lexicons: how a word becomes a lookup form.

Text is compared in NFC. Persian letter variants that OCR models and keyboards mix up are unified
(Arabic yeh U+064A and alef maksura U+0649 -> Farsi yeh U+06CC; Arabic kaf U+0643 -> keheh U+06A9),
tatweel is dropped, and case is folded with ``str.lower``. Nothing else is changed: combining marks stay,
ZWNJ stays (it is part of a Persian word).
"""

from __future__ import annotations

import unicodedata

__all__ = ["PERSIAN_VARIANTS", "fold_case", "lexicon_form", "nfc", "upper_case"]

#: Persian letter variants folded for lookup (Arabic form -> Persian form).
PERSIAN_VARIANTS: dict[str, str] = {
    "\u064a": "\u06cc",  # ي ARABIC LETTER YEH -> ی FARSI YEH
    "\u0649": "\u06cc",  # ى ALEF MAKSURA -> ی FARSI YEH
    "\u0643": "\u06a9",  # ك ARABIC LETTER KAF -> ک KEHEH
    "\u0640": "",  # ـ TATWEEL (elongation, never part of spelling)
}
_PERSIAN_TABLE = str.maketrans(PERSIAN_VARIANTS)


def nfc(text: str) -> str:
    """Return ``text`` in NFC, skipping the work when it already is."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


_DOTTED_CAPITAL_I = str.maketrans({"İ": "i"})
# The Persian variants and İ -> i in one table (neither produces a letter the other maps).
_LOOKUP_TABLE = str.maketrans({**PERSIAN_VARIANTS, "İ": "i"})
_TURKIC_LOWER = str.maketrans({"İ": "i", "I": "ı"})
_TURKIC_UPPER = str.maketrans({"i": "İ", "ı": "I"})


def _turkic(language: str | None) -> bool:
    return language is not None and language.startswith("az")


def fold_case(text: str, language: str | None = None) -> str:
    """Lower-case ``text``; Azerbaijani maps I to ı, and İ becomes i everywhere (never i plus a combining dot).

    >>> fold_case("İSTİQLAL", "az-Latn"), fold_case("İstanbul")
    ('istiqlal', 'istanbul')
    """
    # The translations change only I and İ; most text has neither, and a test for them costs less than a translation.
    if _turkic(language):
        if "I" in text or "İ" in text:
            text = text.translate(_TURKIC_LOWER)
    elif "İ" in text:
        text = text.translate(_DOTTED_CAPITAL_I)
    return text.lower()


def upper_case(text: str, language: str | None = None) -> str:
    """Upper-case ``text``; Azerbaijani maps i to İ and ı to I."""
    return (text.translate(_TURKIC_UPPER) if _turkic(language) else text).upper()


def lexicon_form(word: str) -> str:
    """Return the form under which ``word`` is stored in and looked up from a lexicon.

    >>> lexicon_form("Азәрбајҹан")
    'азәрбајҹан'
    >>> lexicon_form("كتاب") == "کتاب"
    True
    """
    return nfc(word).translate(_LOOKUP_TABLE).lower()  # fold_case(nfc(word).translate(_PERSIAN_TABLE)), one table
