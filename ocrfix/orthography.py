"""Which spelling of Azerbaijani Cyrillic a document is typed in, and suggestions written in that spelling.

The alphabet of 1939-58 wrote й where the one of 1958-91 writes ј (``бөйүк``, later ``бөјүк``; the seed letters of
1955 are typed in the first). The shipped lexicon is in the later spelling and looks й up as ј
(:func:`ocrfix.lexicon.lookup_key`), so its candidates come out in the later spelling. In a document typed before the
reform they are written back in the document's own letters: a correction repairs what the OCR misread, not the
orthography of its time.

A Russian model, having no ј, reads it as ``]``, ``}``, ``)``, ``j`` or ``|`` and now and then as й (about one ј in
ten on the generated pairs). A document counts as typed in the old spelling when its Azerbaijani words hold й
several times and ј (or one of those misreadings) far more rarely.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["MIN_OLD_WORDS", "in_old_spelling", "old_rule", "writes_old_spelling"]

#: Words with й it takes, at least, to call a document's spelling the one of 1939-58.
MIN_OLD_WORDS = 3
#: ...and how many times more often than words with ј or a misreading of it.
OLD_OVER_NEW = 3
#: What a model without ј writes for it inside a word.
J_MISREADINGS = frozenset("ј]})j|")

_TO_OLD = str.maketrans("јЈ", "йЙ")


def writes_old_spelling(words: Iterable[str]) -> bool:
    """Whether the Azerbaijani Cyrillic ``words`` of a document are typed in the alphabet of 1939-58.

    >>> writes_old_spelling(["бойук", "гайда", "ийун", "вэ"])
    True
    >>> writes_old_spelling(["бо]ук", "га)да", "ийун", "хейир", "вэ"])
    False
    """
    old = new = 0
    for word in words:
        low = word.lower()
        if "й" in low:
            old += 1
        elif any(c in J_MISREADINGS for c in low) and any(c.isalpha() for c in low):
            new += 1
    return old >= MIN_OLD_WORDS and old >= OLD_OVER_NEW * new


def in_old_spelling(text: str) -> str:
    """``text`` with ј written as й (``бөјүк`` → ``бөйүк``)."""
    return text.translate(_TO_OLD)


def old_rule(rule: str) -> str | None:
    """A rule of a suggestion in the old spelling (``]→ј`` → ``]→й``); None when it no longer changes anything
    (``й→ј``)."""
    if "→" not in rule:
        return rule
    before, after = rule.split("→", 1)
    after = in_old_spelling(after)
    return None if before == after else f"{before}→{after}"
