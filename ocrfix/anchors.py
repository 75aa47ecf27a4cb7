"""Finding quoted text again: NFC-insensitive search, word-boundary checks and context similarity.

A decision remembers where it was made as an :class:`Anchor` (a span plus the text just before and after it).
Searching happens in the NFC view of a text while every span returned points into the original code points, so
an NFD file is matched like an NFC one and only the matched code points are ever replaced.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from rapidfuzz.distance import Indel

from ocrfix.normalize import nfc
from ocrfix.text import Span, nfc_view

__all__ = [
    "CONTEXT",
    "MARGIN",
    "MIN_SIMILARITY",
    "Anchor",
    "Located",
    "SearchText",
    "capture",
    "find_alike",
    "locate",
]

#: Code points of context kept on each side of a decision (extended so a combining mark is never cut off).
CONTEXT = 20
#: Least context similarity in [0, 1] (1 = identical) for a fuzzy re-anchoring to be accepted.
MIN_SIMILARITY = 0.6
#: How far (in similarity) the best place must lead the second best to count as the unique best.
MARGIN = 0.1

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}\u200c\u200d]")


@dataclass(frozen=True)
class Anchor:
    """Where a piece of text stood: its span and the code points around it."""

    span: Span
    """Code points into the decoded text the anchor was taken from."""
    prefix: str
    """Up to :data:`CONTEXT` code points just before the span (original code points)."""
    suffix: str
    """Up to :data:`CONTEXT` code points just after the span (original code points)."""


@dataclass(frozen=True)
class Located:
    """Result of :func:`locate`: where a quote stands now and which of the searched variants is there."""

    span: Span | None
    """The place in the searched text, or None when there is no unique best place."""
    variant: int = -1
    """Index into the variants given to :func:`locate` of the text found at ``span``."""
    reason: str = ""
    """Why nothing was found (empty when ``span`` is set)."""


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _is_word(ch: str | None) -> bool:
    return ch is not None and _WORD.match(ch) is not None


def capture(text: str, span: Span, context: int = CONTEXT) -> Anchor:
    """Return the anchor of ``span`` in ``text``: the span with ``context`` code points on each side.

    The context is widened to whole characters so a combining mark is never separated from its base.

    >>> capture("вә пэр ил", Span(3, 6), context=3)
    Anchor(span=Span(start=3, end=6), prefix='вә ', suffix=' ил')
    """
    start = max(0, span.start - context)
    while 0 < start and _is_mark(text[start]):
        start -= 1
    end = min(len(text), span.end + context)
    while end < len(text) and _is_mark(text[end]):
        end += 1
    return Anchor(span, text[start : span.start], text[span.end : end])


class SearchText:
    """A text with its NFC view, built once and searched many times."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nfc, self._offsets = nfc_view(text)

    def _aligned(self, i: int) -> bool:
        # An NFC offset is usable only where an original character cluster starts (or at the end).
        return i in (0, len(self.nfc)) or self._offsets[i] != self._offsets[i - 1]

    def _to_span(self, ns: int, ne: int) -> Span | None:
        if not (self._aligned(ns) and self._aligned(ne)):
            return None
        return Span(self._offsets[ns], self._offsets[ne])

    def _to_nfc(self, offset: int) -> int:
        return bisect.bisect_left(self._offsets, offset)

    def _hits(self, needle: str) -> list[int]:
        out, i = [], self.nfc.find(needle)
        while i >= 0:
            out.append(i)
            i = self.nfc.find(needle, i + 1)
        return out

    def occurrences(self, piece: str, prefix: str = "", suffix: str = "") -> list[Span]:
        """Spans of ``piece`` (compared in NFC) standing between ``prefix`` and ``suffix``, overlapping ones included."""
        npre, npiece, nsuf = nfc(prefix), nfc(piece), nfc(suffix)
        spans = []
        for hit in self._hits(npre + npiece + nsuf):
            span = self._to_span(hit + len(npre), hit + len(npre) + len(npiece))
            if span is not None:
                spans.append(span)
        return spans

    def around(self, span: Span, before: int, after: int) -> tuple[str, str]:
        """NFC text of up to ``before``/``after`` code points (of the NFC view) on each side of ``span``."""
        ns, ne = self._to_nfc(span.start), self._to_nfc(span.end)
        return self.nfc[max(0, ns - before) : ns], self.nfc[ne : ne + after]


def _boundary_ok(text: str, span: Span, prefix: str, suffix: str) -> bool:
    """Whether ``span`` has a word character next to it exactly where the recorded context had one."""
    if prefix and _is_word(prefix[-1]) != _is_word(text[span.start - 1] if span.start else None):
        return False
    if suffix and _is_word(suffix[0]) != _is_word(text[span.end] if span.end < len(text) else None):
        return False
    return True


def _variant_at(text: str, span: Span, candidates: list[int], variants: Sequence[str]) -> int:
    """The variant standing at ``span``: the one equal code point for code point, else the first that matched."""
    raw = span.slice(text)
    return next((i for i in candidates if variants[i] == raw), candidates[0])


def locate(index: SearchText, variants: Sequence[str], prefix: str, suffix: str) -> Located:
    """Find the unique place where one of ``variants`` stands with the given context.

    First the exact quote ``prefix + variant + suffix`` is searched (in NFC); if it is nowhere, each occurrence of a
    variant whose word boundaries agree with the context is scored by how similar its surroundings are to
    ``prefix`` and ``suffix``. Only a unique best place is returned: two exact hits, two fuzzy places within
    :data:`MARGIN` of each other, or a best similarity under :data:`MIN_SIMILARITY` give a reason instead.

    Args:
        index: the text to search.
        variants: texts that may stand at the place, e.g. ``(original, replacement)``.
        prefix: recorded text just before the place.
        suffix: recorded text just after the place.

    Returns:
        The place and which variant stands there, or a reason why there is no unique place.
    """
    exact: dict[Span, list[int]] = {}
    for i, variant in enumerate(variants):
        for span in index.occurrences(variant, prefix, suffix):
            exact.setdefault(span, []).append(i)
    if len(exact) == 1:
        span, found = next(iter(exact.items()))
        return Located(span, _variant_at(index.text, span, found, variants))
    if len(exact) > 1:
        return Located(None, reason=f"the quote and its context occur {len(exact)} times")
    npre, nsuf = nfc(prefix), nfc(suffix)
    scored: dict[Span, tuple[float, list[int]]] = {}
    for i, variant in enumerate(variants):
        if not variant:
            continue  # an empty text stands everywhere; only its exact context can place it
        for span in index.occurrences(variant):
            if not _boundary_ok(index.text, span, prefix, suffix):
                continue
            before, after = index.around(span, len(npre), len(nsuf))
            parts = [Indel.normalized_similarity(a, b) for a, b in ((npre, before), (nsuf, after)) if a]
            score = sum(parts) / len(parts) if parts else 1.0
            scored.setdefault(span, (score, []))[1].append(i)
    if not scored:
        return Located(None, reason="the quoted text is not in the file")
    ranked = sorted(scored.items(), key=lambda item: -item[1][0])
    best_span, (best, found) = ranked[0]
    if best < MIN_SIMILARITY:
        return Located(None, reason=f"the context no longer matches (similarity {best:.2f})")
    if len(ranked) > 1 and best - ranked[1][1][0] < MARGIN:
        ties = sum(1 for _, (score, _) in ranked if best - score < MARGIN)
        return Located(None, reason=f"{ties} places match the quote about equally well")
    return Located(best_span, _variant_at(index.text, best_span, found, variants))


def find_alike(text: str, span: Span, context: int = CONTEXT, index: SearchText | None = None) -> tuple[Anchor, ...]:
    """Anchors of the other occurrences of ``span``'s text, compared in NFC, with the same word boundaries.

    When ``span`` covers a whole word, only whole words are found (``пэр`` does not match inside ``пэрдә``).
    Occurrences are taken left to right without overlapping; ``span`` itself is left out.

    >>> [a.span for a in find_alike("пэр вә пэрдә, пэр.", Span(0, 3))]
    [Span(start=14, end=17)]
    """
    index = index or SearchText(text)
    exact = span.slice(text)
    if not exact:
        return ()
    own = capture(text, span, 1)
    out: list[Anchor] = []
    last_end = -1
    for found in index.occurrences(exact):
        if found.start < last_end or (found.start < span.end and span.start < found.end):
            continue
        if _boundary_ok(text, found, own.prefix, own.suffix):
            out.append(capture(text, found, context))
            last_end = found.end
    return tuple(out)
