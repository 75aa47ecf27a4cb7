"""Persian spelling the OCR loses: letter variants, the zero-width non-joiner, and the ezafe an Arabic model reads as ة."""

from __future__ import annotations

from dataclasses import replace

from ocrfix.candidates import Candidate
from ocrfix.lexicon import Lexicon

__all__ = [
    "HAMZA_ABOVE",
    "ARABIC_FOR_PERSIAN",
    "TA_MARBUTA",
    "ZWNJ",
    "ezafe_of",
    "with_ezafe",
    "with_zwnj",
    "zwnj_affixed",
]

#: Arabic letters an Arabic model writes for the Persian ones (the lexicons fold them the same way, see normalize).
ARABIC_FOR_PERSIAN = {"ي": "ی", "ى": "ی", "ك": "ک"}
ZWNJ = "\u200c"
TA_MARBUTA = "ة"
HAMZA_ABOVE = "\u0654"
# Persian writes these with a zero-width non-joiner against their word (the Academy's spelling rules).
ZWNJ_PREFIXES = frozenset({"می", "نمی"})
ZWNJ_SUFFIXES = frozenset({"ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "تر", "ترین"})
# Letters after which Persian never joins, so a ZWNJ there would change nothing on the page.
NON_JOINING = set("اآأدذرزژوؤ")


def with_zwnj(word: str, lexicon: Lexicon) -> str | None:
    """The lexicon's spelling of a Persian word with a zero-width non-joiner it lacks, if clearly preferred.

    Tries a ZWNJ at every inner position after a joining letter (``میگیرد`` → ``می‌گیرد``, ``فعالیتهای`` →
    ``فعالیت‌های``) and takes the most frequent form the lexicon knows, when it is at least as frequent as the
    word written without it.
    """
    if ZWNJ in word or len(word) < 4:
        return None
    fused = lexicon.frequency_class(word)
    best: tuple[int, str] | None = None
    for i in range(2, len(word) - 1):
        if word[i - 1] in NON_JOINING:
            continue
        variant = word[:i] + ZWNJ + word[i:]
        cls = lexicon.frequency_class(variant)
        if cls is not None and (fused is None or cls >= fused) and (best is None or cls > best[0]):
            best = (cls, variant)
    return best[1] if best else None


def zwnj_affixed(first: str, second: str) -> bool:
    """Whether Persian spelling joins these two with a non-joiner: the verbal prefix می/نمی, or a suffix such as ها."""
    return first in ZWNJ_PREFIXES or second in ZWNJ_SUFFIXES


def ezafe_of(word: str) -> str | None:
    """``word`` (ending in ``ه``) with the ezafe's hamza above, or None when it takes none.

    Persian writes no ``ة``: an OCR ``ة`` at the end of a word is the ezafe ``هٔ`` (``ه`` with hamza above). The
    lexicons spell words without the ezafe, so the candidate for ``مجموعة`` is ``مجموعه``; the hamza the OCR read as
    the two dots of ``ة`` is given back.
    """
    # Two-letter words ending in ه are function words (که, چه, نه, به), which take no ezafe.
    if not word.endswith("ه") or len(word) < 3:
        return None
    return word + HAMZA_ABOVE


def with_ezafe(candidate: Candidate) -> Candidate:
    """A candidate for a word the OCR ended in ``ة``, with its ezafe given back (see :func:`ezafe_of`)."""
    text = ezafe_of(candidate.text)
    if text is None:
        return candidate
    rules = tuple("ة→هٔ" if r == "ة→ه" else r for r in candidate.rules)
    return replace(candidate, text=text, rules=rules if "ة→هٔ" in rules else rules + ("ة→هٔ",))
