"""Nearest long forms of a badly misread long word, found through the letter pairs they share.

A long word that a poor page or a wrong OCR model garbled often has three to five wrong letters
(``кучеларандзн`` for ``күчәләриндән``): far beyond what the candidate index generates (the key, one edit, one or
two likely confusions plus one edit), yet still recognisable, because most of its letters, and so most of its
adjacent letter pairs, survive. Comparing such a word with every form of about its length costs tens of
milliseconds in a big lexicon (rapidfuzz's bit-parallel Levenshtein over ~100,000 strings). Counting shared letter
pairs first, in numpy over posting lists (which forms hold each pair), and measuring the exact distance only for
the forms that share the most, takes a few milliseconds and finds the same forms.

Strings here are lookup keys (confusion-class keys of lower-case forms), so a likely confusion (э for ә) keeps its
pair intact and only an unlikely one breaks it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

__all__ = ["LONG_MIN_LETTERS", "LongForms"]

#: Keys shorter than this are not indexed (queries are longer still, see :meth:`LongForms.near`).
LONG_MIN_LETTERS = 5
#: Forms that share the most letter pairs with the word, measured exactly afterwards.
PREFILTER = 1500


class LongForms:
    """Posting lists of the letter pairs (bigrams) of many strings, for :meth:`near` queries."""

    def __init__(self, strings: Sequence[str], packed: tuple[str, np.ndarray, np.ndarray] | None = None) -> None:
        """Args:
            strings: the keys, in the order their indices are reported (most frequent first, so that of equally
                near forms the more frequent wins); those shorter than ``LONG_MIN_LETTERS`` are left out.
            packed: what :attr:`packed` gave for the same strings (read from a cache): nothing is computed again.
        """
        self.strings = list(strings)
        lengths = np.fromiter((len(s) for s in self.strings), dtype=np.int32, count=len(self.strings))
        self.lengths = lengths
        if packed is not None:
            pairs, self._offsets, self._postings = packed
            self._pair_ids = {pairs[2 * k : 2 * k + 2]: k for k in range(len(pairs) // 2)}
            return
        keep = np.flatnonzero(lengths >= LONG_MIN_LETTERS)
        self._pair_ids = {}
        if not len(keep):
            self._offsets = np.zeros(1, dtype=np.int64)
            self._postings = np.zeros(0, dtype=np.int32)
            return
        # All kept strings joined by newlines; a pair is two adjacent code points neither of which is the newline.
        joined = "\n".join(self.strings[i] for i in keep) + "\n"
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        letters = np.unique(points)
        codes = np.searchsorted(letters, points).astype(np.int64)
        newline = int(np.searchsorted(letters, ord("\n")))
        first, second = codes[:-1], codes[1:]
        valid = (first != newline) & (second != newline)
        owner_of_point = np.repeat(keep.astype(np.int64), lengths[keep] + 1)[:-1]
        pair = first * len(letters) + second
        pair, owner = pair[valid], owner_of_point[valid]
        # One posting per (pair, string), however often the pair occurs in the string.
        both = pair * len(self.strings) + owner
        both.sort()
        both = both[np.concatenate(([True], both[1:] != both[:-1]))]
        pair, owner = both // len(self.strings), both % len(self.strings)
        starts = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))
        distinct = pair[starts]
        self._offsets = np.append(starts, len(pair)).astype(np.int64)
        self._postings = owner.astype(np.int32)
        chars = [chr(c) for c in letters]
        n = len(letters)
        self._pair_ids = {chars[p // n] + chars[p % n]: k for k, p in enumerate(distinct.tolist())}

    @property
    def packed(self) -> tuple[str, np.ndarray, np.ndarray]:
        """The letter pairs (joined, two characters each, in id order), the offsets and the postings: all a cache
        needs to rebuild the index for the same strings."""
        return "".join(self._pair_ids), self._offsets, self._postings

    def near(self, key: str, *, slack: int = 2, max_distance: int | None = None, limit: int = 40) -> list[tuple[int, int]]:
        """``(distance, index)`` of the at most ``limit`` strings nearest ``key`` by Levenshtein distance (nearest
        first, then in index order), among those whose length is within ``slack`` of the key's and that share the
        most letter pairs with it; at most ``max_distance`` away (default: four tenths of the key's length)."""
        if max_distance is None:
            max_distance = max(2, len(key) * 4 // 10)
        pairs = {key[i : i + 2] for i in range(len(key) - 1)}
        # A string within max_distance edits keeps at least this many of the key's pairs (an edit breaks two).
        need = len(pairs) - 2 * max_distance
        ids = [self._pair_ids[p] for p in pairs if p in self._pair_ids]
        if need > len(ids):
            return []
        if ids:
            offsets, postings = self._offsets, self._postings
            hits = np.concatenate([postings[offsets[k] : offsets[k + 1]] for k in ids])
            counts = np.bincount(hits, minlength=len(self.strings))
        else:
            counts = np.zeros(len(self.strings), dtype=np.int64)
        eligible = (np.abs(self.lengths - len(key)) <= slack) & (self.lengths >= LONG_MIN_LETTERS)
        top = np.flatnonzero(eligible & (counts >= need))
        if len(top) > PREFILTER:
            top = top[np.argpartition(-counts[top], PREFILTER - 1)[:PREFILTER]]
        top.sort()
        choices = [self.strings[i] for i in top.tolist()]
        found = process.extract(key, choices, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=None)
        ranked = sorted((int(d), int(top[j])) for _, d, j in found)
        return ranked[:limit]
