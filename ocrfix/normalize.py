"""The one normalisation shared by the text model and the lexicons: how a word becomes a lookup form.

Text is compared in NFC. Persian letter variants that OCR models and keyboards mix up are unified
(Arabic yeh U+064A and alef maksura U+0649 -> Farsi yeh U+06CC; Arabic kaf U+0643 -> keheh U+06A9),
tatweel is dropped, and case is folded with ``str.lower``. Nothing else is changed: combining marks stay,
ZWNJ stays (it is part of a Persian word).
"""

from __future__ import annotations

import unicodedata

__all__ = ["PERSIAN_VARIANTS", "lexicon_form", "nfc"]

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


def lexicon_form(word: str) -> str:
    """Return the form under which ``word`` is stored in and looked up from a lexicon.

    >>> lexicon_form("Азәрбајҹан")
    'азәрбајҹан'
    >>> lexicon_form("كتاب") == "کتاب"
    True
    """
    return nfc(word).translate(_PERSIAN_TABLE).lower()
