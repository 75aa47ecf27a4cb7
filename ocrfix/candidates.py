"""Correction candidates for one word: an index over a lexicon by confusion-class key, and noisy-channel ranking.

Lookup never scans the lexicon: the word's confusion-class key (see :mod:`ocrfix.confusions`) and the keys one edit
away from it are looked up in a dictionary built once per lexicon and confusion model. This finds any number of
strong confusions (``Азэрба]чан`` → ``Азәрбајҹан``: three) plus one arbitrary edit, and multi-letter rules
(``rn→m``) are tried as variants of the word first.

Ranking is a noisy channel in bits: a candidate costs ``-log2 P(word)`` from the lexicon frequency plus
``COST_BITS`` per unit of weighted edit distance. Confidences (:func:`posterior`) combine the chance that the word is
wrong at all (the scorer's, for unknown words) with each candidate's share of the channel's weight.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from ocrfix.cache import cached_path, read_blobs, read_cached, write_blobs, write_cached
from ocrfix.confusions import STRAY_MARKS, ConfusionModel
from ocrfix.lexicon import Lexicon, class_frequency
from ocrfix.normalize import fold_case, upper_case

if TYPE_CHECKING:
    import numpy as np

    from ocrfix.longforms import LongForms
    from ocrfix.neighbours import Neighbours, WithinTwo

# numpy and ocrfix.neighbours are imported where they are used: a process that only reads findings (the review's
# interface, whose compute process suggests) does not pay for importing numpy (about 0.1 s).

__all__ = ["Candidate", "CandidateIndex", "COST_BITS", "posterior", "restore_case", "score_candidates"]

#: Bits charged per unit of weighted edit distance (one unexplained edit).
COST_BITS = 9.0
#: Most forms kept under one key (the most frequent ones).
PER_KEY = 24
#: Confusions at most this costly are tried as substitutions of their own, one or two per word, beyond the key.
DEEP_COST = 0.8
#: Pairs of those substitutions are made among this many cheapest places of the word (at most 300 pairs).
DEEP_PAIRED = 25
#: Words of at least this many letters that nothing explains for less than DEEP_EDIT_COST also get one arbitrary
#: edit on top of one or two of those substitutions (``баданичин`` → ``бәдәнинин``: а→ә twice and ч→н), made at
#: the DEEP_EDIT_SINGLES cheapest places, pairs among the DEEP_EDIT_PAIRED cheapest (a median token costs about a
#: tenth more, benchmarks/results-suggest-speed.md).
DEEP_EDIT_MIN_LETTERS = 4
DEEP_EDIT_COST = 1.0
DEEP_EDIT_PAIRED = 5
DEEP_EDIT_SINGLES = 12
#: Far lookups (two arbitrary edits) scan the keys of this many most frequent forms, of the word's length give or
#: take FAR_LENGTHS, for words of at least FAR_MIN_LETTERS letters, and keep the FAR_LIMIT nearest of each length.
FAR_FORMS = 30_000
FAR_MIN_LETTERS = 5
FAR_LIMIT = 20
FAR_LENGTHS = 1
#: Words whose key has at least this many letters and that nothing nearer explains for less than LONG_COST (in
#: garbled passages) are compared with every form of about their length through shared letter pairs
#: (:class:`ocrfix.longforms.LongForms`): ``кучеларандзн`` → ``күчәләриндән``, five confusions. Their candidates may
#: cost up to LONG_COST_PER_LETTER a letter of the word (more than MAX_COST, which would cap a long word at two or
#: three edits).
LONG_WORD_LETTERS = 7
LONG_COST = 1.5
LONG_COST_PER_LETTER = 0.4
#: The most frequent forms whose keys' letters make up the edit alphabet.
ALPHABET_FORMS = 50_000
#: Version of the cached index: bump it when what the index holds or how it is built changes.
INDEX_VERSION = "1"
#: Candidates kept for exact weighting after the cheap prefilter.
SHORTLIST = 10
#: Highest weighted distance considered.
MAX_COST = 2.6
#: Bits of a word taken as correct although no lexicon knows it (before its letters are judged).
UNKNOWN_BITS = 26.0
#: Bits of "the right word is one no candidate lists" (a word the lexicon lacks, or more edits than looked at).
OTHER_BITS = 26.0


@dataclass(frozen=True)
class Candidate:
    """A possible correction of one word."""

    text: str
    """The corrected form, with the word's case pattern restored."""
    cost: float
    """Weighted edit distance from the OCR form (units of one ordinary edit)."""
    rules: tuple[str, ...]
    """The edits on the cheapest path (``э→ә``, ``rn→m``, ``+а``, ``-]``)."""
    bits: float
    """Total code length: frequency bits + channel bits (lower = better)."""
    confidence: float = 0.0
    """Posterior in [0, 1] among the candidates and keeping the word."""


def restore_case(form: str, model: str, language: str | None = None) -> str:
    """Give ``form`` the case pattern of ``model`` (all caps, title case or lower)."""
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return upper_case(form, language)
    if letters and letters[0].isupper():
        return upper_case(form[:1], language) + form[1:]
    return form


def frequency_bits(cls: int | None) -> float:
    """Code length in bits of a word with frequency class ``cls`` (per billion tokens)."""
    if cls is None:
        return UNKNOWN_BITS
    return -math.log2(class_frequency(cls) / 1e9)


class CandidateIndex:
    """Forms of one lexicon grouped by confusion-class key.

    Building the index of a large lexicon takes a few tenths of a second, so the part made from the shipped forms is
    kept on disk (:mod:`ocrfix.cache`), named by the lexicon's content id and the model's key function. User forms are
    added on top in the order a build from scratch adds them, so an index is the same with the cache or without it.

    Args:
        lexicon: the forms to index.
        model: the confusion model whose keys group them.
        use_cache: read and write the on-disk cache (when the lexicon has a content id).
    """

    def __init__(self, lexicon: Lexicon, model: ConfusionModel, *, use_cache: bool = True) -> None:
        self.lexicon = lexicon
        self.model = model
        shipped = _shipped_index(lexicon, model, use_cache)
        if shipped is None:
            # Too few shipped forms to choose the alphabet from alone: the user forms count too, built in one go.
            forms = list(lexicon.keys())
            keys = model.keys_of(forms)
            index: dict[str, list[str] | str] = {}
            _add_forms(index, forms, keys)
            alphabet = _alphabet(keys[:ALPHABET_FORMS])
        else:
            index, alphabet = shipped
            # What the one-edit search runs over (cached with the index): shipped forms and shipped-index keys.
            self._searched = lexicon.shipped_keys() + lexicon.not_shipped(index)
            extra = lexicon.extra_keys()
            _add_forms(index, extra, model.keys_of(extra))
        self._index = index
        self.alphabet = alphabet
        """Letters tried in insertions and substitutions."""
        self._alphabet_set = frozenset(alphabet)
        self._shipped = shipped is not None
        self._use_cache = use_cache
        if shipped is None:
            self._searched = list(lexicon.keys()) + list(index)  # (a string twice is found twice: harmless)
        # The index keys of the user forms, beyond the searched strings (the user forms themselves are read live).
        self._late_keys = model.keys_of(extra) if shipped is not None else []
        self._neighbours: Neighbours | None = None  # made or read from the cache on the first edit lookup
        self._late_memo: dict[str, int] = {}
        self._shrink = max([len(r.ocr) - len(r.truth) for r in model.multi_rules] + [0])
        key = model.key
        # Likely substitutions in key space: the key maps letter by letter, so a substituted word's key is the
        # word's key with the substitute's key at that place.
        self._deep = {a: tuple((cost, key(b)) for cost, b in bs) for a, bs in _deep_substitutions(model).items()}
        self._far: tuple[list[str], WithinTwo] | None = None  # built on the first far lookup
        self._long: tuple[list[str], LongForms] | None = None  # built on the first long lookup

    def _confusion_keys(self, low: str) -> set[str]:
        """Keys of the word with one or two likely confusions undone (``систамы`` → ``системы``, ``сдка`` → ``одна``)
        that may be lookup keys (the others, most of them, are left out unmade).

        The key merges only the strongest confusions; these are the next likeliest ones (measured packs), which
        an arbitrary edit of the key reaches one at a time but never two together. Candidates are screened by
        hash: changing one letter moves a string's hash by an amount of its own, so the hashes of all the variants
        are sums made at once, and only those the one-edit search's arrays (or the user forms) have are built.
        """
        import numpy as np

        from ocrfix.neighbours import substitution_hashes

        plan = self._substitutions(low, None, DEEP_PAIRED)
        if plan is None:
            return set()
        hashes = substitution_hashes(plan.key, plan.changes, plan.first, plan.second)
        hit = self._search().may_contain(hashes)
        late = self._late_hashes()
        if late:
            hit |= np.array([h in late for h in hashes.tolist()], dtype=bool)
        return {plan.variant(n) for n in np.flatnonzero(hit).tolist()}

    def _substitutions(self, low: str, singles: int | None, paired: int) -> _Substitutions | None:
        """The likely confusions of the word to undo, cheapest first (at most ``singles``), and the pairs of them
        made among the ``paired`` cheapest (two at one place are no pair); None when it has none."""
        import numpy as np

        places = sorted((cost, i, b) for i, c in enumerate(low) for cost, b in self._deep.get(c, ()))[:singles]
        if not places:
            return None
        paired = min(len(places), paired)
        first, second = _pair_indices(paired)
        at = np.array([i for _, i, _ in places[:paired]], dtype=np.int64)
        keep = at[first] != at[second]
        return _Substitutions(self.model.key(low), [(i, b) for _, i, b in places], first[keep], second[keep])

    def _deep_variants_near(self, low: str) -> list[str]:
        """Lookup keys one edit from the word's key with one or two likely confusions undone.

        The medium and heavy pages of a wrong-model reading mix the model's habits with ordinary noise: a word needs
        a confusion of its own plus an arbitrary edit. A one-edit search per variant would cost tens of them a word;
        instead the hashes of every variant and of its one-letter deletions are made at once
        (:func:`ocrfix.neighbours.substitution_deletion_hashes`), looked up in the one-edit search's sorted array in
        one go, and the strings stored under them are checked to be one edit from their variant (with an inserted or
        substituted letter of :attr:`alphabet`). User forms, read live, are compared with every variant.
        """
        import numpy as np

        from ocrfix.neighbours import edit_letter, substitution_deletion_hashes

        plan = self._substitutions(low, DEEP_EDIT_SINGLES, DEEP_EDIT_PAIRED)
        if plan is None:
            return []
        hashes, use = substitution_deletion_hashes(plan.key, plan.changes, plan.first, plan.second)
        rows, cols = np.nonzero(use)
        search = self._search()
        packed = search.packed
        shift = np.uint64(32)
        tops = hashes[rows, cols] >> shift
        order = np.argsort(tops)  # searched in order: neighbouring probes share cache lines
        tops, rows = tops[order], rows[order]
        lo = np.searchsorted(packed, tops << shift, "left")
        inside = lo < len(packed)
        hit = np.flatnonzero(inside & ((packed[np.minimum(lo, len(packed) - 1)] >> shift) == tops))
        mask = np.uint64(0xFFFFFFFF)
        starts = lo[hit]
        ends = np.searchsorted(packed, (tops[hit] << shift) | mask, "right")
        numbers: dict[int, set[int]] = {}  # variant -> string numbers sharing a hash with it
        for row, a, b in zip(rows[hit].tolist(), starts.tolist(), ends.tolist()):
            numbers.setdefault(row, set()).update((packed[a:b] & mask).tolist())
        strings = search.strings
        letters = self._alphabet_set
        out = []
        for row, owners in numbers.items():
            v = plan.variant(row)
            listed = [strings[n] for n in owners]
            # One call into C drops the pairs two edits apart (two deletions at different places).
            for _, _, i in process.extract(v, listed, scorer=OSA.distance, score_cutoff=1, limit=None):
                other = listed[i]
                letter = edit_letter(v, other)
                if (letter is not None or other == v) and (not letter or letter in letters):
                    out.append(other)
        late = self._late()
        if late:
            for n in range(len(plan.changes) + len(plan.first)):
                v = plan.variant(n)
                out += [late[i] for _, _, i in process.extract(v, late, scorer=OSA.distance, score_cutoff=1, limit=None)]
        return out

    def _far_search(self, frequent: list[str]) -> WithinTwo:
        """The two-edit search over the keys of the most frequent forms, from the disk cache when they are all
        shipped forms of a lexicon with a content id."""
        import numpy as np

        from ocrfix.neighbours import WithinTwo

        keys = self.model.keys_of(frequent)
        path = None
        if self._use_cache and self.lexicon.content_id and len(frequent) <= self.lexicon.shipped_size:
            path = cached_path(
                "far-search", INDEX_VERSION, self.lexicon.content_id, self.model.key_signature, str(FAR_FORMS), suffix=".blobs"
            )
            arrays = _read_arrays(path, len(keys), (np.uint64,))
            if arrays is not None:
                return WithinTwo(keys, arrays[0])
        found = WithinTwo(keys)
        if path is not None:
            write_blobs(path, len(keys), [found.packed.tobytes()])
        return found

    def _reach(self) -> int:
        """The longest word (without stray marks) a lookup can find anything for: the longest lookup key, plus one
        edit, plus the most a multi-letter rule shortens a word."""
        # (The index's keys map a form letter by letter, so none is longer than the longest form.)
        return self.lexicon.longest_key() + 1 + self._shrink

    def _search(self) -> Neighbours:
        if self._neighbours is None:
            self._neighbours = _lookup_neighbours(self.lexicon, self.model, self._searched, cached=self._shipped and self._use_cache)
        return self._neighbours

    def _late(self) -> list[str]:
        """Lookup keys beyond the one-edit search's strings: user forms (read live) and their index keys."""
        return self.lexicon.extra_keys() + self._late_keys

    def _late_hashes(self) -> set[int]:
        from ocrfix.neighbours import string_hash

        memo = self._late_memo
        out = set()
        for s in self._late():
            h = memo.get(s)
            if h is None:
                h = memo[s] = string_hash(s)
            out.add(h)
        return out

    def _one_edit(self, key: str) -> list[str]:
        """Lookup keys (forms and index keys) one edit from ``key``: a deletion, an adjacent transposition, or a
        substitution or insertion of a letter of :attr:`alphabet` (or ``key`` itself)."""
        from ocrfix.neighbours import edit_letter

        near = self._search().near(key)
        # User forms (a project lexicon's, perhaps added since) and their index keys are few: compared one by one.
        late = self._late()
        if late:
            near += [late[i] for _, _, i in process.extract(key, late, scorer=OSA.distance, score_cutoff=1, limit=None)]
        letters = self._alphabet_set
        out = []
        for other in near:
            letter = edit_letter(key, other)
            if letter is None and other != key:
                continue
            if not letter or letter in letters:
                out.append(other)
        return out

    def deep_edit_lookup(self, word: str) -> set[str]:
        """Lexicon forms one arbitrary edit (Damerau) from the (case-folded) word's key with one or two likely
        confusions undone (see :meth:`_deep_variants_near`); only for words of at least ``DEEP_EDIT_MIN_LETTERS``
        letters."""
        if len(word) < DEEP_EDIT_MIN_LETTERS or len(word) - sum(c in STRAY_MARKS for c in word) > self._reach():
            return set()
        return self._forms_under(set(self._deep_variants_near(word)), word)

    def far_lookup(self, word: str) -> set[str]:
        """Frequent forms whose key is two arbitrary edits from the word's (when nothing nearer was found).

        Among the keys of the ``FAR_FORMS`` most frequent forms of about the word's length (give or take
        ``FAR_LENGTHS``), the ``FAR_LIMIT`` nearest of each length (the more frequent first among equals), found by
        symmetric deletes to depth two (:class:`ocrfix.neighbours.WithinTwo`), spent only on the words the index
        finds nothing for.
        """
        far = self._far
        if far is None:
            frequent = list(itertools.islice(self.lexicon.keys(), FAR_FORMS))
            far = self._far = (frequent, self._far_search(frequent))
        forms, search = far
        key = self.model.key(word)
        if len(key) < FAR_MIN_LETTERS:
            return set()
        taken: Counter[int] = Counter()
        found: set[str] = set()
        for _, i in search.near(key):  # nearest first, then in frequency order
            n = len(search.strings[i])
            if abs(n - len(key)) <= FAR_LENGTHS and taken[n] < FAR_LIMIT:
                taken[n] += 1
                found.add(forms[i])
        found.discard(word)
        return found

    def long_lookup(self, word: str) -> set[str]:
        """The forms nearest the (case-folded) word by Levenshtein distance between keys, among those of about its
        length that share the most letter pairs with it (see :mod:`ocrfix.longforms`); for words whose key has at
        least ``LONG_WORD_LETTERS`` letters."""
        key = self.model.key(word)
        if len(key) < LONG_WORD_LETTERS:
            return set()
        if self._long is None:
            forms = self.lexicon.shipped_keys()
            self._long = (forms, _long_forms(self.lexicon, self.model, forms, cached=self._use_cache))
        forms, long = self._long
        found = {forms[i] for _, i in long.near(key)}
        extra = self.lexicon.extra_keys()  # user forms, few: compared one by one
        if extra:
            cutoff = max(2, len(key) * 4 // 10)
            keys = self.model.keys_of(extra)
            found.update(extra[i] for _, _, i in process.extract(key, keys, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=10))
        found.discard(word)
        return found

    def lookup(self, word: str, *, edits: bool = True) -> set[str]:
        """Lexicon forms within the (case-folded) word's key, or one edit of it, or one multi-letter rule away."""
        low = word
        if len(low) - sum(c in STRAY_MARKS for c in low) > self._reach():
            return set()  # longer than any form plus what a lookup can take away: nothing (and not slowly)
        key = self.model.key(low)
        keys = {key}
        variants = [key]
        if any(c in STRAY_MARKS for c in low):
            # Specks first: the word without its stray combining marks gets the edits.
            bare = self.model.key("".join(c for c in low if c not in STRAY_MARKS))
            keys.add(bare)
            variants.insert(0, bare)
        # Only the rules whose OCR side can start in the word, in multi_rules order (the order variants are made in).
        firsts = self.model.multi_firsts
        rules = [r for r in self.model.multi_rules if r.ocr[0] in low] if any(c in firsts for c in low) else ()
        for rule in rules:
            start = low.find(rule.ocr)
            while start != -1:
                variant = self.model.key(low[:start] + rule.truth + low[start + len(rule.ocr) :])
                variants.append(variant)
                keys.add(variant)
                start = low.find(rule.ocr, start + 1)
        if edits:
            keys.update(self._confusion_keys(low))
            for k in variants[:2]:
                keys.update(self._one_edit(k))
        return self._forms_under(keys, low)

    def _forms_under(self, keys: set[str], word: str) -> set[str]:
        """The lexicon forms that are, or are indexed under, any of ``keys`` (``word`` itself left out)."""
        # Set intersections in C instead of a dictionary lookup per generated key.
        found: set[str] = self.lexicon.known_keys(keys)
        for hit in keys & self._index.keys():
            slot = self._index[hit]
            if isinstance(slot, str):
                found.add(slot)
            else:
                found.update(slot)
        found.discard(word)
        return found



@dataclass(frozen=True)
class _Substitutions:
    """Likely confusions of a word to undo in its key: each change ``(place, letter)`` alone, then the pairs
    ``changes[first[k]]`` and ``changes[second[k]]`` together (numbered on after the single ones)."""

    key: str
    changes: list[tuple[int, str]]
    first: np.ndarray
    second: np.ndarray

    def variant(self, n: int) -> str:
        """The key with the ``n``-th change (or pair of changes) made."""
        k, singles = self.key, len(self.changes)
        if n < singles:
            i, b = self.changes[n]
            return k[:i] + b + k[i + 1 :]
        i, b = self.changes[int(self.first[n - singles])]
        j, c = self.changes[int(self.second[n - singles])]
        if j < i:
            i, b, j, c = j, c, i, b
        return k[:i] + b + k[i + 1 : j] + c + k[j + 1 :]


@lru_cache(maxsize=None)
def _pair_indices(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (x, y) with x < y < n, in the order of two nested loops."""
    import numpy as np

    first, second = np.triu_indices(n, 1)
    return first.astype(np.int64), second.astype(np.int64)


def _neighbours_cache_path(lexicon: Lexicon, model: ConfusionModel) -> Path | None:
    """Where the one-edit search arrays of the shipped part of an index are cached (None: no content id)."""
    if not lexicon.content_id:
        return None
    return cached_path(
        "lookup-neighbours", INDEX_VERSION, lexicon.content_id, model.key_signature, str(PER_KEY), str(ALPHABET_FORMS),
        suffix=".blobs",
    )


def _lookup_neighbours(lexicon: Lexicon, model: ConfusionModel, strings: list[str], *, cached: bool) -> Neighbours:
    """The one-edit search over ``strings``, from the disk cache when they are the shipped part of a cached index."""
    import numpy as np

    from ocrfix.neighbours import BITMAP_BYTES, Neighbours

    path = _neighbours_cache_path(lexicon, model) if cached else None
    arrays = _read_arrays(path, len(strings), (np.uint64, np.uint8)) if path is not None else None
    if arrays is not None and len(arrays[1]) == BITMAP_BYTES:
        return Neighbours(strings, (arrays[0], arrays[1]))
    found = Neighbours(strings)
    if path is not None:
        write_blobs(path, len(strings), [found.packed.tobytes(), found.bitmap.tobytes()])
    return found


def _long_forms(lexicon: Lexicon, model: ConfusionModel, forms: list[str], *, cached: bool) -> LongForms:
    """The letter-pair index over the keys of the shipped ``forms``, from the disk cache when it can be."""
    import numpy as np

    from ocrfix.longforms import LongForms

    keys = model.keys_of(forms)
    path = None
    if cached and lexicon.content_id:
        path = cached_path("long-forms", INDEX_VERSION, lexicon.content_id, model.key_signature, suffix=".blobs")
        hit = read_blobs(path, lambda meta: isinstance(meta, tuple) and len(meta) == 2 and meta[0] == len(keys))
        if hit is not None and len(hit[1]) == 2 and isinstance(hit[0][1], str):
            offsets = np.frombuffer(hit[1][0], dtype=np.int64)
            postings = np.frombuffer(hit[1][1], dtype=np.int32)
            if len(offsets) == len(hit[0][1]) // 2 + 1 and offsets[-1] == len(postings):
                return LongForms(keys, (hit[0][1], offsets, postings))
    found = LongForms(keys)
    if path is not None:
        pairs, offsets, postings = found.packed
        write_blobs(path, (len(keys), pairs), [offsets.astype(np.int64).tobytes(), postings.astype(np.int32).tobytes()])
    return found


def _read_arrays(path: Path, count: int, dtypes: tuple[type, ...]) -> list[np.ndarray] | None:
    """The arrays cached at ``path`` by ``write_blobs(path, count, ...)``, one per dtype, or None (a miss)."""
    import numpy as np

    hit = read_blobs(path, lambda meta: meta == count)
    if hit is None or len(hit[1]) != len(dtypes):
        return None
    out = []
    for blob, dtype in zip(hit[1], dtypes):
        if len(blob) % np.dtype(dtype).itemsize:
            return None
        array = np.frombuffer(blob, dtype=dtype)
        out.append(array if array.flags.aligned else array.copy())  # numpy would copy it on every search
    return out


def _deep_substitutions(model: ConfusionModel) -> dict[str, tuple[tuple[float, str], ...]]:
    """OCR letter -> (cost, letter it is likely misread for), beyond those its key already merges, cheapest first."""
    out: dict[str, list[tuple[float, str]]] = {}
    for (a, b), rule in model.single.items():
        if model.key(a) != model.key(b) and rule.cost <= DEEP_COST:
            out.setdefault(a, []).append((rule.cost, b))
    return {a: tuple(sorted(v)) for a, v in out.items()}


def _add_forms(index: dict[str, list[str] | str], forms: list[str], keys: list[str]) -> None:
    """Add forms (with their keys) to an index, in order: the first ``PER_KEY`` of a key are kept."""
    # Most forms are their own key (classes are represented by the language's letters) and are found in the
    # lexicon itself; only the others are indexed. Lexicon order is frequency order, so the first PER_KEY
    # forms of a key are its most frequent.
    for form, k in zip(forms, keys):
        if k == form:
            continue
        slot = index.get(k)
        if slot is None:
            index[k] = form
        elif isinstance(slot, str):
            index[k] = [slot, form]
        elif len(slot) < PER_KEY:
            slot.append(form)


def _alphabet(keys: list[str]) -> str:
    """Letters worth inserting or substituting: those making up 99.9 % of the keys' letters.

    Rare foreign letters would only multiply lookups.
    """
    counts = Counter("".join(keys))  # counted in C, in order of first occurrence as a loop would
    total = sum(counts.values()) or 1
    kept, acc = [], 0
    for c, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if acc >= 0.999 * total:
            break
        if not c.isspace():
            kept.append(c)  # a key's letter may be a digit standing for its class (0 for o/о)
        acc += n
    return "".join(sorted(kept))


def _valid_index(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], dict) and isinstance(value[1], str)


def _index_cache_path(lexicon: Lexicon, model: ConfusionModel) -> Path | None:
    """Where the index of the lexicon's shipped forms under the model is cached (None: it has no content id)."""
    if not lexicon.content_id:
        return None
    return cached_path("candidate-index", INDEX_VERSION, lexicon.content_id, model.key_signature, str(PER_KEY), str(ALPHABET_FORMS))


def _shipped_index(lexicon: Lexicon, model: ConfusionModel, use_cache: bool) -> tuple[dict[str, list[str] | str], str] | None:
    """The index and alphabet of the shipped forms alone (from the disk cache when it has them), or None when
    there are fewer shipped forms than :data:`ALPHABET_FORMS`."""
    path = _index_cache_path(lexicon, model) if use_cache else None
    if path is not None:
        hit = read_cached(path, _valid_index)
        if hit is not None:
            return hit  # type: ignore[return-value]
    forms = lexicon.shipped_keys()
    if len(forms) < ALPHABET_FORMS:
        return None
    keys = model.keys_of(forms)
    index: dict[str, list[str] | str] = {}
    _add_forms(index, forms, keys)
    alphabet = _alphabet(keys[:ALPHABET_FORMS])
    if path is not None:
        write_cached(path, (index, alphabet))
    return index, alphabet


def score_candidates(
    word: str,
    index: CandidateIndex,
    *,
    vocabulary: dict[str, int] | None = None,
    language: str | None = None,
    far: bool = True,
    deep: bool = False,
) -> list[Candidate]:
    """Corrections of ``word`` with their code lengths in bits, best first (no confidences yet).

    Args:
        word: the OCR form.
        index: candidate index of the passage's lexicon and confusion model.
        vocabulary: case-folded word counts of the document: a candidate that occurs as a word elsewhere in the
            document gets a bonus of ``log2(1 + count)`` bits.
        language: the passage's language (for case folding).
        far: when nothing is near, look two arbitrary edits away (:meth:`CandidateIndex.far_lookup`).
        deep: when nothing explains the word for less than ``DEEP_EDIT_COST``, also look one arbitrary edit beyond
            one or two likely confusions (:meth:`CandidateIndex.deep_edit_lookup`); the suggester asks for it in
            garbled passages.
    """
    low = fold_case(word, language)
    key = index.model.key(low)
    classes = index.lexicon.key_class  # the forms found are lookup keys already

    def ranked(forms: set[str], max_cost: float = MAX_COST) -> list[Candidate]:
        # Cheap unweighted prefilter, then the exact weighted distance on the shortlist.
        # Sorted on every component, the form last, so ties never depend on set order (hash seeds).
        shortlist = sorted(
            forms, key=lambda f: (Levenshtein.distance(key, index.model.key(f)), frequency_bits(classes(f)), f)
        )[:SHORTLIST]
        scored: list[Candidate] = []
        for form in shortlist:
            cost, rules = index.model.distance(low, form)
            if cost > max_cost:
                continue
            bits = frequency_bits(classes(form)) + COST_BITS * cost
            if vocabulary and vocabulary.get(form):
                bits -= math.log2(1 + vocabulary[form])
            scored.append(Candidate(restore_case(form, word, language), round(cost, 3), rules, round(bits, 3)))
        scored.sort(key=lambda c: (c.bits, c.text))
        return scored

    forms = index.lookup(low)
    scored = ranked(forms) if forms else []
    if deep and (not scored or min(c.cost for c in scored) >= DEEP_EDIT_COST):
        # Nothing explains the word cheaply: a likely confusion or two plus an arbitrary edit may.
        deeper = index.deep_edit_lookup(low) - forms
        if deeper:
            forms |= deeper
            scored = ranked(forms)
    if deep and len(key) >= LONG_WORD_LETTERS and (not scored or min(c.cost for c in scored) >= LONG_COST):
        # Still nothing cheap for a long word: the forms of about its length that share the most of its letters.
        longer = index.long_lookup(low) - forms
        if longer:
            forms |= longer
            scored = ranked(forms, max(MAX_COST, LONG_COST_PER_LETTER * len(low)))
    if not forms and far:
        forms = index.far_lookup(low)
        scored = ranked(forms) if forms else []
    return scored


def posterior(
    candidates: list[Candidate], *, error_probability: float | None = None, keep_bits: float | None = None, limit: int = 5
) -> tuple[list[Candidate], float]:
    """Confidences for candidates, and for keeping the word as it is.

    Either the chance that the word is an OCR error is known (``error_probability``, from the scorer: unknown
    words); the candidates raise it by how much better they explain the word than a generic error would
    (``OTHER_BITS``), and share it by their weights ``2^-bits``; or the word is a known one (``keep_bits``: its
    own frequency bits) and competes with the candidates on the same footing.

    Returns:
        The best ``limit`` candidates with ``confidence`` set, and the confidence of keeping the word.
    """
    if not candidates:
        return [], 1.0
    best = min(c.bits for c in candidates)
    if keep_bits is not None:
        best = min(best, keep_bits)
    weights = [2.0 ** (best - c.bits) for c in candidates]
    other = 2.0 ** (best - OTHER_BITS)
    if error_probability is not None:
        total = sum(weights) + other
        # A likely correction is itself evidence of an error: the Bayes factor of "an error with a listed
        # correction" against a generic error (OTHER_BITS) raises the scorer's odds.
        p = min(max(error_probability, 1e-6), 1 - 1e-6)
        odds = p / (1 - p) * total / other
        p = odds / (1 + odds)
        share = [p * w / total for w in weights]
        keep = 1.0 - p
    else:
        kw = 2.0 ** (best - (keep_bits if keep_bits is not None else OTHER_BITS))
        total = sum(weights) + other + kw
        share = [w / total for w in weights]
        keep = kw / total
    out = [Candidate(c.text, c.cost, c.rules, c.bits, round(x, 4)) for c, x in zip(candidates[:limit], share[:limit])]
    return out, round(keep, 4)
