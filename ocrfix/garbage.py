"""Garbage-token rules: a Unicode-aware generalisation of rmgarbage (Taghva et al. 2001).

Each rule looks at one token alone and returns a severity in [0, 1] (1 = certainly OCR garbage) with a stable
code. They need no lexicon, so they also work on languages ocrfix has no lexicon for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ocrfix.scripts import LANGUAGES, LanguageProfile, char_script

__all__ = ["GarbageHit", "RULES", "garbage_hits", "is_number_with_suffix"]


@dataclass(frozen=True)
class GarbageHit:
    """One rule that fired on a token."""

    code: str
    """Stable reason code (``debris-in-word``, ``digits-in-word``, ...)."""
    severity: float
    """In [0, 1]; 1 = certainly garbage."""


#: Stable codes with the sentence each stands for.
RULES: dict[str, str] = {
    "debris-in-word": "OCR debris such as ] | [ { } ) + inside a word",
    "digits-in-word": "digits between the letters of a word",
    "mixed-script-word": "letters of two scripts inside one word (e.g. Latin o in a Cyrillic word)",
    "case-change": "improbable changes of case inside a word",
    "long-repeat": "the same letter or pair of letters repeated many times",
    "foreign-letters": "letters outside the language's alphabet",
    "symbol-run": "a run of symbols that is not punctuation",
    "no-vowel": "a long word without a vowel",
}

# ) and + count only where the tokenizer took them into a word (between letters, or ) before one).
_DEBRIS = regex.compile(r"[\]\[|{}¦)+]")
_DIGIT_INSIDE = regex.compile(r"\p{L}\p{Nd}+\p{L}")
_NUMBER_SUFFIX = regex.compile(r"^\p{Nd}+(?:[.,]\p{Nd}+)*[-‐]?\p{L}{1,5}$|^\p{L}{1,4}[-‐]?\p{Nd}+$")
_CASE_CHANGE = regex.compile(r"\p{Ll}\p{Lu}")
# The same letter, or pair of letters, three times in a row.
_REPEAT = regex.compile(r"(\p{L})\1\1|(\p{L}\p{L})\2\2")
_VOWELS = set("aeiouyаеёиоуыэюяәөүıəöüاآویی")
# A Roman numeral in capitals (VIII, XXIII, MCMLV: months in Soviet dates, centuries, chapters) repeats letters by
# rule; Cyrillic Х and І stand in for X and I in typescript.
_ROMAN = regex.compile(r"(?=[MDCLXVIХІ])M{0,4}(?:CM|CD|D?C{0,3})(?:[XХ]C|[XХ]L|L?[XХ]{0,3})(?:[IІ][XХ]|[IІ]V|V?[IІ]{0,3})")


def is_number_with_suffix(text: str) -> bool:
    """True for ``1954-гу``, ``29-да``, ``1st``, ``№5``-like tokens that are numbers, not garbage."""
    return bool(_NUMBER_SUFFIX.match(text))


def garbage_hits(token: str, kind: str, profile: LanguageProfile | None) -> tuple[GarbageHit, ...]:
    """Apply every garbage rule to one token.

    Args:
        token: the token text (NFC).
        kind: the token kind from :func:`ocrfix.text.tokenize`.
        profile: the language of the passage, when known (for ``foreign-letters``).

    Returns:
        The rules that fired, possibly none.
    """
    return _cached_hits(token, kind, profile.code if profile is not None else None)


@lru_cache(maxsize=65536)
def _cached_hits(token: str, kind: str, language: str | None) -> tuple[GarbageHit, ...]:
    # Keyed by the language code: hashing a profile (frozensets) on every call would cost more than the rules.
    return tuple(_garbage_hits(token, kind, LANGUAGES.get(language or "")))


def _garbage_hits(token: str, kind: str, profile: LanguageProfile | None) -> list[GarbageHit]:
    hits: list[GarbageHit] = []
    if kind == "symbol":
        if len(token) >= 2 and not set(token) <= set("*#=_~-—–•·°§№%+<>/\\"):
            hits.append(GarbageHit("symbol-run", 0.8))
        return hits
    if kind not in ("word", "alnum"):
        return hits
    if kind == "alnum" and is_number_with_suffix(token):
        return hits
    # A token of letters only (the usual case) can hold no debris and no digits: those rules are skipped.
    plain = token.isalpha()
    if plain and profile is not None and _own_letters(profile).issuperset(token):
        # Letters of the language's alphabet (either case) only: one script, nothing foreign; the rest as below.
        lower = token.lower()
        _case_and_repeat_hits(token, lower, hits)
        _no_vowel_hit(profile, len(token), lower, hits)
        return hits
    letters = token if plain else [ch for ch in token if ch.isalpha()]
    if not plain:
        if _DEBRIS.search(token) and letters:
            hits.append(GarbageHit("debris-in-word", 0.9))
        if _DIGIT_INSIDE.search(token):
            hits.append(GarbageHit("digits-in-word", 0.9))
        elif kind == "alnum" and len(letters) <= 2 and any(ch.isdigit() for ch in token):
            hits.append(GarbageHit("digits-in-word", 0.6))
    scripts = set(map(char_script, set(letters)))
    scripts.discard("Zinh")
    if len(scripts) > 1:
        hits.append(GarbageHit("mixed-script-word", 0.9))
    lower = token.lower()
    _case_and_repeat_hits(token, lower, hits)
    if profile is not None and letters:
        alphabet = _alphabet(profile)
        if any(ch.isalpha() and char_script(ch) == profile.script for ch in set(lower) - alphabet):
            hits.append(GarbageHit("foreign-letters", 0.8))
        _no_vowel_hit(profile, len(letters), lower, hits)
    return hits


def _case_and_repeat_hits(token: str, lower: str, hits: list[GarbageHit]) -> None:
    """``case-change`` and ``long-repeat``, in that order."""
    # No capital letter after the first (islower) means no change of case: the usual word needs no regex.
    if not token[1:].islower() and (_CASE_CHANGE.search(token) and not token[:1].isupper() or len(_CASE_CHANGE.findall(token)) >= 2):
        hits.append(GarbageHit("case-change", 0.7))
    if _REPEAT.search(lower) and not _ROMAN.fullmatch(token):
        hits.append(GarbageHit("long-repeat", 0.9))


def _no_vowel_hit(profile: LanguageProfile, letters: int, lower: str, hits: list[GarbageHit]) -> None:
    if profile.script in ("Cyrl", "Latn") and letters >= 6 and _VOWELS.isdisjoint(lower):
        hits.append(GarbageHit("no-vowel", 0.8))


#: The letters a shipped language's words may hold without ``foreign-letters``: its alphabet and the tolerated ones.
_ALPHABETS = {code: p.alphabet | p.tolerated for code, p in LANGUAGES.items()}


def _own_letters(profile: LanguageProfile) -> frozenset[str]:
    """Letters of the language's script that are in its alphabet (or tolerated) in lower case, upper-case forms
    included: a word of these alone has one script and no foreign letter (see :func:`_garbage_hits`)."""
    shipped = LANGUAGES.get(profile.code) is profile
    hit = _OWN_LETTERS.get(profile.code) if shipped else None
    if hit is None:
        alphabet = _alphabet(profile)
        candidates = set(alphabet) | {u for a in alphabet for u in a.upper()}
        # Every one a letter of the script whose lower case is one letter of the alphabet (so the word's lower case
        # holds only alphabet letters, whatever else lower-casing a string does).
        hit = frozenset(
            c for c in candidates if c.isalpha() and char_script(c) == profile.script and len(c.lower()) == 1 and c.lower() in alphabet
        )
        if shipped:
            _OWN_LETTERS[profile.code] = hit
    return hit


_OWN_LETTERS: dict[str, frozenset[str]] = {}


def _alphabet(profile: LanguageProfile) -> frozenset[str]:
    if LANGUAGES.get(profile.code) is profile:
        return _ALPHABETS[profile.code]
    return profile.alphabet | profile.tolerated
