"""Writing systems: which script a character belongs to, and the alphabet of each shipped language.

Scripts are ISO 15924 codes (``Cyrl``, ``Latn``, ``Arab``); ``Zyyy`` stands for characters of no script
(digits, punctuation, symbols, spaces) and ``Zinh`` for combining marks, which take the script of their base.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = [
    "LANGUAGES",
    "LanguageProfile",
    "char_script",
    "dominant_script",
    "profile",
    "script_counts",
]


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str:
    """Return the ISO 15924 script code of one character (``Cyrl``, ``Latn``, ``Arab``, ``Grek``, ``Zinh``, ``Zyyy``, ``Other``)."""
    cp = ord(ch)
    if cp < 0x80:
        return "Latn" if ch.isalpha() else "Zyyy"
    if 0x0400 <= cp <= 0x052F or 0x1C80 <= cp <= 0x1C8F or 0x2DE0 <= cp <= 0x2DFF or 0xA640 <= cp <= 0xA69F:
        return "Cyrl"
    if (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    ):
        if 0x064B <= cp <= 0x065F or cp == 0x0670:
            return "Zinh"
        if 0x0660 <= cp <= 0x0669 or 0x06F0 <= cp <= 0x06F9 or cp in (0x060C, 0x061B, 0x061F, 0x066A, 0x066B, 0x066C, 0x06D4):
            return "Zyyy"
        return "Arab"
    if cp in (0x200C, 0x200D):
        return "Zinh"
    if 0x0300 <= cp <= 0x036F or 0x1AB0 <= cp <= 0x1AFF or 0x1DC0 <= cp <= 0x1DFF or 0x20D0 <= cp <= 0x20FF:
        return "Zinh"
    if 0x0370 <= cp <= 0x03FF or 0x1F00 <= cp <= 0x1FFF:
        return "Grek"
    if 0x00C0 <= cp <= 0x024F or 0x0250 <= cp <= 0x02AF or 0x1E00 <= cp <= 0x1EFF or 0xFF21 <= cp <= 0xFF5A:
        return "Latn" if ch.isalpha() else "Zyyy"
    if not ch.isalpha():
        return "Zyyy"
    return "Other"


_SCRIPT_LETTERS = {
    code: regex.compile(rf"(?=\p{{L}})\p{{Script={name}}}")
    for code, name in (("Cyrl", "Cyrillic"), ("Latn", "Latin"), ("Arab", "Arabic"), ("Grek", "Greek"))
}
_LETTER = regex.compile(r"\p{L}")


def script_counts(text: str) -> dict[str, int]:
    """Count the letters of each script in ``text`` (characters of no script and marks are left out)."""
    total = len(_LETTER.findall(text))
    if not total:
        return {}
    counts: dict[str, int] = {}
    for code, pattern in _SCRIPT_LETTERS.items():
        n = len(pattern.findall(text))
        if n:
            counts[code] = n
            total -= n
            if not total:
                return counts
    counts["Other"] = total
    return counts


def dominant_script(text: str) -> str | None:
    """Return the script with most letters in ``text``, or None when it has no letters."""
    counts = script_counts(text)
    if not counts:
        return None
    return max(sorted(counts), key=counts.__getitem__)


@dataclass(frozen=True)
class LanguageProfile:
    """What is known of a language's writing: its script, alphabet and the letters that betray it."""

    code: str
    """BCP-47 code as used for lexicon names (``ru``, ``az-Cyrl``, ``az-Latn``, ``fa``, ``en``)."""
    name: str
    script: str
    """ISO 15924 code."""
    alphabet: frozenset[str]
    """Lower-case letters (NFC) that belong to the language's orthography."""
    signature: frozenset[str]
    """Letters that mark this language against others of the same script (may be empty)."""
    tolerated: frozenset[str] = frozenset()
    """Letters outside the alphabet that still occur in ordinary text (loanwords, older spellings)."""


_RU = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_AZ_CYRL = frozenset("абвгғдеәжзиыјкҝлмноөпрстуүфхһчҹш")
_AZ_LATN = frozenset("abcçdeəfgğhxıijkqlmnoöprsştuüvyz")
_FA = frozenset("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءأؤئةۀ\u200c")
_EN = frozenset("abcdefghijklmnopqrstuvwxyz")

LANGUAGES: dict[str, LanguageProfile] = {
    "ru": LanguageProfile("ru", "Russian", "Cyrl", _RU, frozenset("ёщъыэю"), frozenset()),
    "az-Cyrl": LanguageProfile(
        "az-Cyrl",
        "Azerbaijani (Cyrillic)",
        "Cyrl",
        _AZ_CYRL,
        frozenset("әҹҝөүһјғ"),
        # 1939-58 spelling wrote й for ј; Russian loanwords keep ц щ ъ ь э ю я ё.
        frozenset("йцщъьэюяё"),
    ),
    "az-Latn": LanguageProfile("az-Latn", "Azerbaijani (Latin)", "Latn", _AZ_LATN, frozenset("əğışçöü"), frozenset("w")),
    "fa": LanguageProfile("fa", "Persian", "Arab", _FA, frozenset("پچژگکی"), frozenset("يكىإٱ")),
    "en": LanguageProfile("en", "English", "Latn", _EN, frozenset(), frozenset("éèêëïîôöüçñáàâåæœ")),
}


def profile(code: str) -> LanguageProfile | None:
    """Return the profile of a shipped language, or None for a language only a user lexicon knows."""
    return LANGUAGES.get(code)


_AZ_LOWER = dict(
    pair.split(":")
    for pair in (
        "a:а b:б c:ҹ ç:ч d:д e:е ə:ә f:ф g:ҝ ğ:ғ h:һ x:х ı:ы i:и j:ж k:к q:г l:л m:м n:н o:о ö:ө "
        "p:п r:р s:с ş:ш t:т u:у ü:ү v:в y:ј z:з"
    ).split()
)
_AZ_TABLE = str.maketrans({**_AZ_LOWER, **{k.upper(): v.upper() for k, v in _AZ_LOWER.items() if k not in "ıi"}, "I": "Ы", "İ": "И"})


def az_latn_to_cyrl(text: str) -> str:
    """Transliterate Azerbaijani from the Latin alphabet to the 1958-91 Cyrillic one, letter by letter.

    >>> az_latn_to_cyrl("Azərbaycan İlham")
    'Азәрбајҹан Илһам'
    """
    return text.translate(_AZ_TABLE)
