"""Text for display only: right-to-left rows in reading order, and invisible or look-alike letters made visible.

Textual draws every row left to right and has no bidi support, so a Persian row is reordered here before it is
drawn: a small subset of the Unicode bidirectional algorithm (UAX #9) at row level, enough for running text with
numbers and Latin words inside. Everything stored (patches, lexicons) keeps the logical order; these functions
only ever produce what is painted. Reordering works on grapheme clusters so a combining mark stays on its letter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import regex

from ocrfix.scripts import char_script

__all__ = [
    "LOOKALIKE_LETTERS",
    "ZWNJ",
    "ZWNJ_MARK",
    "base_direction",
    "clusters",
    "codepoints",
    "is_rtl",
    "layout",
    "lookalikes",
    "mirror",
    "visual_order",
    "visual_text",
]

ZWNJ = "\u200c"
#: What a ZWNJ is drawn as when marks are shown (one cell, and not a letter of any script).
ZWNJ_MARK = "¦"
#: Arabic letters that look like (or are confused with) the Persian ones: ي/ی, ى/ی, ك/ک; and the reverse.
LOOKALIKE_LETTERS = frozenset("\u064a\u0649\u0643\u06cc\u06a9")
_PERSIAN_PREFERRED = frozenset("\u06cc\u06a9")
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))
_CLUSTER = regex.compile(r"\X")
_JOINERS = regex.compile("([\u200c\u200d])")
_STRONG_R = {"R", "AL"}
_WORD = regex.compile(r"[\p{L}\p{M}\u200c\u200d]+")


def clusters(text: str) -> list[str]:
    """The grapheme clusters of ``text`` (a letter with its combining marks is one), ZWNJ and ZWJ on their own.

    Unicode counts a joiner as part of the letter before it; drawn as a mark it must stay between the two letters
    it separates, whichever way the row runs.
    """
    out: list[str] = []
    for piece in _CLUSTER.findall(text):
        if "\u200c" in piece or "\u200d" in piece:
            out.extend(p for p in _JOINERS.split(piece) if p)
        else:
            out.append(piece)
    return out


def _kind(cluster: str) -> str:
    """Bidi class of a cluster: that of its first character, marks and format characters aside."""
    for ch in cluster:
        k = unicodedata.bidirectional(ch)
        if k not in ("NSM", "BN"):
            return k
    return "BN" if cluster else "ON"


def base_direction(text: str) -> str:
    """``rtl`` or ``ltr``: the direction of the first strong letter of ``text`` (``ltr`` when there is none)."""
    for ch in text:
        k = unicodedata.bidirectional(ch)
        if k in _STRONG_R:
            return "rtl"
        if k == "L":
            return "ltr"
    return "ltr"


def is_rtl(text: str) -> bool:
    """Whether ``text`` has any right-to-left letter (only such rows need reordering)."""
    return any(unicodedata.bidirectional(ch) in _STRONG_R for ch in text)


def _resolve(kinds: list[str], rtl: bool) -> list[int]:
    """Embedding levels of each cluster (rules W1-W7, N1-N2, I1-I2 and L1 of UAX #9, without explicit embeddings)."""
    n = len(kinds)
    k = list(kinds)
    sos = "R" if rtl else "L"
    # W1: a lone mark takes the class of what precedes it.
    for i in range(n):
        if k[i] in ("NSM", "BN"):
            k[i] = k[i - 1] if i and k[i - 1] not in ("B", "S") else ("ON" if k[i] == "BN" else sos)
    # W2, W3: European digits after Arabic letters are Arabic numbers; AL is R.
    last = sos
    for i in range(n):
        if k[i] in ("L", "R", "AL"):
            last = k[i]
        elif k[i] == "EN" and last == "AL":
            k[i] = "AN"
    k = ["R" if x == "AL" else x for x in k]
    # W4: one separator between two numbers of a kind joins them.
    for i in range(1, n - 1):
        if k[i] == "ES" and k[i - 1] == "EN" == k[i + 1]:
            k[i] = "EN"
        elif k[i] == "CS" and k[i - 1] == k[i + 1] and k[i - 1] in ("EN", "AN"):
            k[i] = k[i - 1]
    # W5: terminators next to European numbers join them; W6: other separators are neutral.
    for i in range(n):
        if k[i] == "ET":
            j = i
            while j < n and k[j] == "ET":
                j += 1
            if (i and k[i - 1] == "EN") or (j < n and k[j] == "EN"):
                for t in range(i, j):
                    k[t] = "EN"
    k = ["ON" if x in ("ES", "ET", "CS") else x for x in k]
    # W7: European numbers after a Latin letter are left-to-right.
    last = sos
    for i in range(n):
        if k[i] in ("L", "R"):
            last = k[i]
        elif k[i] == "EN" and last == "L":
            k[i] = "L"
    # N1, N2: a run of neutrals between two of the same direction takes it (numbers count as R), else the base.
    def strong(x: str) -> str | None:
        return "L" if x == "L" else "R" if x in ("R", "EN", "AN") else None

    i = 0
    while i < n:
        if strong(k[i]) is not None:
            i += 1
            continue
        j = i
        while j < n and strong(k[j]) is None:
            j += 1
        before = strong(k[i - 1]) if i else sos
        after = strong(k[j]) if j < n else sos
        fill = before if before == after else sos
        for t in range(i, j):
            k[t] = fill
        i = j
    base = 1 if rtl else 0
    levels = []
    for x in k:
        if base == 0:
            levels.append(0 if x == "L" else 1 if x == "R" else 2)
        else:
            levels.append(1 if x == "R" else 2)
    # L1: trailing whitespace goes back to the paragraph level.
    t = n - 1
    while t >= 0 and kinds[t] in ("WS", "BN", "S"):
        levels[t] = base
        t -= 1
    return levels


def layout(pieces: Sequence[str], direction: str | None = None) -> tuple[list[int], list[int]]:
    """The drawing order of ``pieces`` and the embedding level of each (odd = drawn right to left).

    Args:
        pieces: one row's grapheme clusters in logical (stored) order.
        direction: ``rtl`` or ``ltr`` for the row; default: that of its first strong letter.

    Returns:
        ``(order, levels)``: the logical index of each cluster from left to right, and per logical index its level.
    """
    text = "".join(pieces)
    rtl = (direction or base_direction(text)) == "rtl"
    order = list(range(len(pieces)))
    if not rtl and not is_rtl(text):
        return order, [0] * len(pieces)
    levels = _resolve([_kind(p) for p in pieces], rtl)
    # L2: from the highest level down to the lowest odd one, reverse every run at that level or above.
    for level in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and levels[order[j]] >= level:
                j += 1
            order[i:j] = reversed(order[i:j])
            i = j
    return order, levels


def visual_order(pieces: Sequence[str], direction: str | None = None) -> list[int]:
    """The logical index of each of ``pieces`` (one row's clusters) from left to right (see :func:`layout`).

    >>> row = clusters("سلام 12 abc")
    >>> "".join(row[i] for i in visual_order(row))
    'abc 12 مالس'
    """
    return layout(pieces, direction)[0]


def mirror(cluster: str) -> str:
    """The mirrored glyph of a bracket drawn in a right-to-left run (rule L4): ``(`` for ``)``."""
    return _MIRRORED.get(cluster, cluster)


def visual_text(text: str, direction: str | None = None) -> str:
    """``text`` (one row) as it should be painted left to right, brackets in right-to-left runs mirrored.

    >>> visual_text("کتاب (جلد 2)")
    '(2 دلج) باتک'
    """
    pieces = clusters(text)
    order, levels = layout(pieces, direction)
    return "".join(mirror(pieces[i]) if levels[i] % 2 else pieces[i] for i in order)


def lookalikes(text: str, language: str | None = None) -> set[int]:
    """Offsets (code points of ``text``) of letters that are easily mistaken for another.

    These are letters of another script inside a word (a Latin ``o`` in a Cyrillic word, a Cyrillic ``а`` in a
    Latin one) and the Arabic forms of Persian letters (``ي`` ``ى`` ``ك``; in a text that is not Persian, the
    Persian ``ی`` ``ک`` as well).

    >>> sorted(lookalikes("кoмната"))  # a Latin o
    [1]
    """
    out: set[int] = set()
    for m in _WORD.finditer(text):
        word = m.group()
        counts: dict[str, int] = {}
        for ch in word:
            if ch.isalpha():
                s = char_script(ch)
                counts[s] = counts.get(s, 0) + 1
        major = max(sorted(counts), key=counts.__getitem__) if counts else None
        for i, ch in enumerate(word):
            if ch in LOOKALIKE_LETTERS and (ch not in _PERSIAN_PREFERRED or language not in (None, "fa")):
                out.add(m.start() + i)
            elif ch.isalpha() and major is not None and char_script(ch) != major:
                out.add(m.start() + i)
    return out


def codepoints(text: str, limit: int = 6) -> str:
    """The non-ASCII code points of ``text`` spelled out, left to right: ``ی U+06CC · ‌ U+200C``.

    >>> codepoints("کي")
    'ک U+06A9 · ي U+064A'
    """
    seen: list[str] = []
    for ch in text:
        if ord(ch) > 0x7F and ch not in seen:
            seen.append(ch)
    shown = [f"{'ZWNJ' if ch == ZWNJ else ch} U+{ord(ch):04X}" for ch in seen[:limit]]
    if len(seen) > limit:
        shown.append("…")
    return " · ".join(shown)
