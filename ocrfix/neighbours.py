"""One-edit neighbours of a word among many strings, found without generating the word's edits.

A lexicon's candidate lookup needs every key one edit (deletion, adjacent transposition, substitution, insertion)
from a word's key. Generating those edits and looking each up costs a few hundred dictionary probes a word, most of
them cache misses in a table of hundreds of thousands of strings. Symmetric deletes turn it around: two strings are
one edit apart only if they are equal, or one is the other with one letter deleted, or both are with one letter
deleted. So every indexed string is stored under a hash of itself and of each of its one-letter deletions, and a
word needs only its own hash and those of its deletions: about ten sorted-array searches. Candidates then have their
distance checked exactly (hash collisions and two-edit pairs such as ``ab``/``ba`` at different places are dropped).

The hashes are 64-bit polynomial hashes, computed for all strings at once with numpy (a few hundred thousand strings
take about a second; in pure Python, ten), deterministic across processes, so the arrays can be cached on disk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

__all__ = [
    "BITMAP_BITS", "BITMAP_BYTES", "Neighbours", "WithinTwo", "edit_letter", "string_hash", "substitution_deletion_hashes",
    "substitution_hashes",
]

_MOD = 1 << 64
_MASK = _MOD - 1
#: Odd, so it has an inverse modulo 2**64 (used to shift the tail of a string left by one place).
_P = 0x9E3779B97F4A7C15
_PINV = pow(_P, -1, _MOD)


def _deletion_hashes(word: str, depth: int = 1) -> list[int]:
    """The hash of ``word``, then those of its one-letter deletions at each place and, for ``depth`` 2, of its
    two-letter deletions (the same values the arrays hold)."""
    n = len(word)
    before = [0]  # before[k]: the terms of the first k letters
    p = 1
    for c in word:
        before.append((before[-1] + ord(c) * p) & _MASK)
        p = (p * _P) & _MASK
    total = before[n]
    out = [total]
    out += [(before[a] + (total - before[a + 1]) * _PINV) & _MASK for a in range(n)]
    if depth == 2:
        pinv2 = (_PINV * _PINV) & _MASK
        out += [
            (before[a] + (before[b] - before[a + 1]) * _PINV + (total - before[b + 1]) * pinv2) & _MASK
            for a in range(n)
            for b in range(a + 1, n)
        ]
    return out


def string_hash(word: str) -> int:
    """The 64-bit polynomial hash of ``word`` (see :func:`substitution_hashes`)."""
    h = 0
    p = 1
    for c in word:
        h += ord(c) * p
        p = (p * _P) & _MASK
    return h & _MASK


@lru_cache(maxsize=None)
def _powers(n: int) -> tuple[int, ...]:
    """The weights of places ``0 .. n-1`` in :func:`string_hash`."""
    return tuple(pow(_P, i, _MOD) for i in range(n))


def substitution_hashes(word: str, changes: Sequence[tuple[int, str]], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Hashes of ``word`` with each change ``(place, letter)`` made, then with the two changes ``changes[first[k]]``
    and ``changes[second[k]]`` made together (at different places), all as numpy sums: changing one letter moves a
    string's hash by ``(new - old) * weight of the place``."""
    powers = _powers(len(word))
    moved = np.array([(ord(b) - ord(word[i])) * powers[i] & _MASK for i, b in changes], dtype=np.uint64)
    with np.errstate(over="ignore"):
        base = np.uint64(string_hash(word))
        return np.concatenate([base + moved, base + moved[first] + moved[second]])


def substitution_deletion_hashes(
    word: str, changes: Sequence[tuple[int, str]], first: np.ndarray, second: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For the same variants as :func:`substitution_hashes` (each change alone, then the pairs): each variant's hash
    and the hashes of its one-letter deletions, one row per variant (column 0 the variant, column ``1 + j`` without
    its letter ``j``), and which entries to use: the deletion of a changed letter is left out, since it is a
    deletion of ``word`` itself, whose neighbours a search for ``word`` finds.

    Deleting letter ``j`` moves every later letter one place down, so a change at place ``i > j`` weighs
    ``P**(i - 1)`` there instead of ``P**i``: all of it numpy sums over ``word``'s own deletion hashes.
    """
    n = len(word)
    at = np.array([i for i, _ in changes], dtype=np.int64)
    powers = np.array(_powers(n), dtype=np.uint64)
    moved = np.array([(ord(b) - ord(word[i])) & _MASK for i, b in changes], dtype=np.uint64)
    places = np.arange(n)
    weight = at[:, None] - (places[None, :] < at[:, None])  # the changed letter's place once letter j is gone
    weight[weight < 0] = 0  # (only where j == i, left out below)
    with np.errstate(over="ignore"):
        terms = np.empty((len(changes), n + 1), dtype=np.uint64)
        terms[:, 0] = moved * powers[at]
        terms[:, 1:] = moved[:, None] * powers[weight]
        base = np.array(_deletion_hashes(word), dtype=np.uint64)[None, :]
        hashes = np.concatenate([base + terms, base + terms[first] + terms[second]])
    use = np.ones((len(changes), n + 1), dtype=bool)
    use[np.arange(len(changes)), 1 + at] = False
    return hashes, np.concatenate([use, use[first] & use[second]])


#: Bits of the membership bitmap's index (2**24 bits, 2 MB: for the 700,000 keys of a big lexicon about one
#: string in 25 not listed passes it, to be checked exactly).
BITMAP_BITS = 24
BITMAP_BYTES = (1 << BITMAP_BITS) // 8


def _bitmap(hashes: np.ndarray) -> np.ndarray:
    """A bit per value of the top ``BITMAP_BITS`` bits of a hash, set for the given hashes."""
    slots = hashes >> np.uint64(64 - BITMAP_BITS)
    bits = np.zeros(1 << BITMAP_BITS, dtype=bool)
    bits[slots.astype(np.int64)] = True
    return np.packbits(bits, bitorder="little")


def _array_hashes(strings: Sequence[str], depth: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Sorted ``hash << 32 | string number`` of every string and of each of its one-letter deletions (and, for
    ``depth`` 2, two-letter deletions), for all strings at once, keeping the top 32 bits of the 64-bit hash (a chance
    collision only costs one exact distance check); and the strings' own hashes."""
    if len(strings) >= 1 << 32:
        raise ValueError("too many strings for 32-bit string numbers")
    if not strings:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64)
    table = np.array(strings, dtype=str)  # fixed width: padded with code point 0
    width = table.dtype.itemsize // 4
    codes_all = table.view(np.uint32).reshape(len(strings), width)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    packed: list[np.ndarray] = []
    whole: list[np.ndarray] = []
    pinv = np.uint64(_PINV)
    pinv2 = np.uint64((_PINV * _PINV) & _MASK)
    shift = np.uint64(32)
    with np.errstate(over="ignore"):
        for n in np.flatnonzero(np.bincount(lengths)).tolist():
            if n == 0:
                continue
            ids = np.flatnonzero(lengths == n)
            codes = codes_all[ids, :n].astype(np.uint64)
            terms = codes * np.array(_powers(n), dtype=np.uint64)  # wraps modulo 2**64, as the Python side masks
            upto = np.cumsum(terms, axis=1, dtype=np.uint64)  # inclusive prefix sums
            before = upto - terms
            total = upto[:, -1]
            hashes = [total[:, None], before + (total[:, None] - upto) * pinv]
            if depth == 2 and n > 1:
                a, b = np.triu_indices(n, 1)
                hashes.append(before[:, a] + (before[:, b] - upto[:, a]) * pinv + (total[:, None] - upto[:, b]) * pinv2)
            numbers = ids.astype(np.uint64)[:, None]
            packed += [((h >> shift) << shift | numbers).ravel() for h in hashes]
            whole.append(total)
    out = np.concatenate(packed)
    out.sort()
    return out, np.concatenate(whole)


def _owners(packed: np.ndarray, hashes: list[int]) -> np.ndarray:
    """The string numbers stored under any of ``hashes`` (with repeats, unordered)."""
    tops = np.array([h >> 32 << 32 for h in hashes], dtype=np.uint64)
    lo = np.searchsorted(packed, tops, "left").tolist()
    hi = np.searchsorted(packed, tops | np.uint64(0xFFFFFFFF), "right").tolist()
    parts = [packed[a:b] for a, b in zip(lo, hi) if b > a]
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    return (np.concatenate(parts) if len(parts) > 1 else parts[0]) & np.uint64(0xFFFFFFFF)


def edit_letter(word: str, other: str) -> str | None:
    """The letter ``other`` adds to ``word`` when it is one substitution or insertion away ('' for a deletion or a
    transposition, None when it is not one edit away or is the word itself)."""
    if other == word:
        return None
    if len(other) == len(word) + 1:
        extra = Counter(other) - Counter(word)
        return next(iter(extra)) if len(extra) == 1 else None
    if len(other) == len(word) - 1:
        return ""
    if len(other) != len(word):
        return None
    diff = [i for i, (a, b) in enumerate(zip(word, other)) if a != b]
    if len(diff) == 1:
        return other[diff[0]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == other[diff[1]] and word[diff[1]] == other[diff[0]]:
        return ""
    return None


class Neighbours:
    """The strings of a fixed list one edit (Damerau: with adjacent transpositions) from a word, or equal to it.

    Args:
        strings: what to search; its order numbers the results.
        arrays: :attr:`packed` and :attr:`bitmap` of the same strings (from a cache), instead of computing them.
    """

    def __init__(self, strings: Sequence[str], arrays: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.strings = strings
        if arrays is None:
            packed, whole = _array_hashes(strings)
            arrays = (packed, _bitmap(whole))
        self.packed, self.bitmap = arrays
        """The search's arrays: cache them with the strings and pass them back."""
        self._objects: np.ndarray | None = None  # the strings as an array, to pick many by number at once

    def near(self, word: str) -> list[str]:
        """The strings at most one edit from ``word`` (``word`` itself included when listed), in list order."""
        if not len(self.packed) or not word:
            return []
        owners = _owners(self.packed, _deletion_hashes(word))
        if not len(owners):
            return []
        if len(owners) < 64:
            strings = self.strings
            listed = [strings[i] for i in sorted(set(owners.tolist()))]
        else:  # (a short word shares a deletion with thousands of strings)
            owners.sort()  # distinct, in list order (np.unique would import numpy.ma: 40 ms on the first call)
            owners = owners[np.concatenate(([True], owners[1:] != owners[:-1]))]
            if self._objects is None:
                self._objects = np.array(self.strings, dtype=object)
            listed = self._objects[owners.astype(np.intp)].tolist()
        # One call into C for all of them (hash collisions and two-edit pairs drop out), back in list order.
        return [listed[i] for i in sorted(i for _, _, i in process.extract(word, listed, scorer=OSA.distance, score_cutoff=1, limit=None))]

    def stored(self, hashes: np.ndarray) -> np.ndarray:
        """For each 64-bit hash, whether a string or one of its one-letter deletions has it (on the top 32 bits:
        True may be a chance collision, False is certain)."""
        if not len(self.packed):
            return np.zeros(hashes.shape, dtype=bool)
        shift = np.uint64(32)
        tops = hashes >> shift
        i = np.searchsorted(self.packed, tops << shift, "left")
        found = i < len(self.packed)
        return found & ((self.packed[np.minimum(i, len(self.packed) - 1)] >> shift) == tops)

    def may_contain(self, hashes: np.ndarray) -> np.ndarray:
        """For each 64-bit string hash, whether one of the strings may have it: False is certain, True is to be
        checked (by the membership bitmap, which stays in the processor's cache, unlike the sorted arrays)."""
        slots = (hashes >> np.uint64(64 - BITMAP_BITS)).astype(np.int64)
        return ((self.bitmap[slots >> 3] >> (slots & 7).astype(np.uint8)) & 1).astype(bool)


class WithinTwo:
    """The strings of a fixed list at most two edits (Levenshtein) from a word: symmetric deletes to depth two.

    Two strings are at most two edits apart only if deleting at most two letters from each makes them equal, so
    every string is stored under the hashes of itself and all its one- and two-letter deletions (some 30 a word):
    fit for tens of thousands of strings, not for a whole lexicon.
    """

    def __init__(self, strings: Sequence[str], packed: np.ndarray | None = None) -> None:
        self.strings = strings
        self.packed = packed if packed is not None else _array_hashes(strings, depth=2)[0]
        self._longest = max(map(len, strings), default=0)

    def near(self, word: str) -> list[tuple[int, int]]:
        """``(distance, string number)`` of the strings at most two edits from ``word``, in list order."""
        packed = self.packed
        # (A word longer than every string by more than two is far from all: and its two-letter deletions, which
        # grow with the square of its length, are not made.)
        if not len(packed) or not word or len(word) > self._longest + 2:
            return []
        numbers = sorted(set(_owners(packed, _deletion_hashes(word, depth=2)).tolist()))
        listed = [self.strings[i] for i in numbers]
        hits = process.extract(word, listed, scorer=Levenshtein.distance, score_cutoff=2, limit=None)
        return sorted((int(d), numbers[i]) for _, d, i in hits)
