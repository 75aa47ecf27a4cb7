"""The one-edit search (symmetric deletes over hashes) against plain scans and the edit generation it replaced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from ocrfix.candidates import CandidateIndex
from ocrfix.confusions import model_for
from ocrfix.lexicon import load_lexicon
from ocrfix.neighbours import Neighbours, WithinTwo, edit_letter

# A small alphabet makes neighbours common; 𝔞 is outside the Basic Multilingual Plane.
_LETTERS = st.sampled_from(list("абвгә]a𝔞"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(_LETTERS, min_size=1, max_size=6), min_size=1, max_size=60), st.text(_LETTERS, max_size=7))
def test_near_is_exactly_the_strings_one_edit_away(strings: list[str], word: str) -> None:
    found = Neighbours(strings).near(word)
    expected = [s for s in strings if OSA.distance(word, s) <= 1] if word else []
    assert found == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(_LETTERS, min_size=1, max_size=7), min_size=1, max_size=60), st.text(_LETTERS, max_size=8))
def test_within_two_is_exactly_the_strings_two_edits_away(strings: list[str], word: str) -> None:
    found = WithinTwo(strings).near(word)
    expected = sorted((Levenshtein.distance(word, s), i) for i, s in enumerate(strings) if Levenshtein.distance(word, s) <= 2)
    assert found == (expected if word else [])


def test_far_lookup_is_the_scan_it_replaced() -> None:
    """The nearest 20 of each length among the 30,000 most frequent keys, as rapidfuzz's scan of each length found."""
    import itertools

    from ocrfix.candidates import FAR_FORMS, FAR_LENGTHS, FAR_LIMIT

    index = CandidateIndex(load_lexicon("ru"), model_for("ru"))
    frequent = list(itertools.islice(index.lexicon.keys(), FAR_FORMS))
    buckets: dict[int, tuple[list[str], list[str]]] = {}
    for form, k in zip(frequent, index.model.keys_of(frequent)):
        buckets.setdefault(len(k), ([], []))[0].append(k)
        buckets[len(k)][1].append(form)
    for word in ("зосчитанных", "пвдей", "вабуюдаюаий", "облагоуслить", "матерячия", "кыручакют", "систамы"):
        key = index.model.key(word)
        scanned = set()
        for n in range(len(key) - FAR_LENGTHS, len(key) + FAR_LENGTHS + 1):
            keys, forms = buckets.get(n, ([], []))
            scanned.update(forms[i] for _, _, i in process.extract(key, keys, scorer=Levenshtein.distance, score_cutoff=2, limit=FAR_LIMIT))
        scanned.discard(word)
        assert index.far_lookup(word) == scanned, word


def test_cached_hashes_give_the_same_search() -> None:
    strings = ["дом", "дым", "сад", "сада", "ад"]
    fresh = Neighbours(strings)
    again = Neighbours(strings, (fresh.packed.copy(), fresh.bitmap.copy()))
    for word in ("дом", "дм", "сдд", "сада", "адс", "x"):
        assert again.near(word) == fresh.near(word)


@pytest.mark.parametrize(
    ("word", "other", "letter"),
    [("дом", "дым", "ы"), ("дом", "доом", "о"), ("дом", "дм", ""), ("дом", "одм", ""), ("дом", "дом", None), ("дом", "сад", None)],
)
def test_edit_letter(word: str, other: str, letter: str | None) -> None:
    assert edit_letter(word, other) == letter


def _generated(key: str, alphabet: str) -> set[str]:
    """The keys one edit from ``key`` as lookups made them before the search: every edit, generated."""
    n = len(key)
    out = {key}
    out.update(key[:i] + key[i + 1 :] for i in range(n))
    out.update(key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(n - 1))
    out.update(key[:i] + c + key[i + 1 :] for i in range(n) for c in alphabet)
    out.update(key[:i] + c + key[i:] for i in range(n + 1) for c in alphabet)
    return out


def test_shipped_index_one_edit_equals_generated_edits() -> None:
    """On the shipped Russian lexicon (cached index and search), with a user form added after the index was made."""
    lexicon = load_lexicon("ru")
    index = CandidateIndex(lexicon, model_for("ru"))
    lexicon.add([("ёжикщ", 5.0)])  # a form no shipped word is near, added after the index
    searched = set(lexicon.keys()) | set(index._index)
    for word in ("коината", "систамы", "дом", "ежикщ", "ежикш", "зсй", "a", "вошзл", "туберкулаза"):
        key = index.model.key(word)
        assert set(index._one_edit(key)) == _generated(key, index.alphabet) & searched, word
    assert "ежикщ" in index.lookup("ежикш")  # (the lexicon keeps ё as е)


def _generated_pairs(index: CandidateIndex, low: str) -> set[str]:
    """The word's key with one or two of its likely confusions undone, every variant made (as lookups did)."""
    from ocrfix.candidates import DEEP_PAIRED

    places = sorted((cost, i, b) for i, c in enumerate(low) for cost, b in index._deep.get(c, ()))
    k = index.model.key(low)
    out = {k[:i] + b + k[i + 1 :] for _, i, b in places}
    paired = places[:DEEP_PAIRED]
    for x, (_, i, b) in enumerate(paired):
        for _, j, c in paired[x + 1 :]:
            if i != j:
                (i1, b1), (j1, c1) = sorted(((i, b), (j, c)))
                out.add(k[:i1] + b1 + k[i1 + 1 : j1] + c1 + k[j1 + 1 :])
    return out


def test_hash_screened_confusion_keys_keep_every_lookup_key() -> None:
    lexicon = load_lexicon("ru")
    index = CandidateIndex(lexicon, model_for("ru"))
    lexicon.add([("систамщ", 5.0)])  # two measured confusions from a word below, added after the index
    listed = set(lexicon.keys()) | set(index._index)
    for word in ("систамы", "сдка", "коината", "зосчитанных", "пвдей", "систамш", "ааааааааааааа"):
        made = index._confusion_keys(word)
        generated = _generated_pairs(index, word)
        assert made <= generated
        assert made & listed == generated & listed, word
    # The user form is only among the hashes of the late forms: found all the same.
    assert "систамщ" in _generated_pairs(index, "систамш")
    assert "систамщ" in index._confusion_keys("систамш")


def _plain_distance(model, ocr: str, truth: str) -> tuple[float, tuple[str, ...]]:
    """The weighted edit distance written plainly (every cell names its step), as it was before it was sped up."""
    from ocrfix.confusions import BASE_COST, DEBRIS_DELETE_COST, _DEBRIS

    n, m = len(ocr), len(truth)
    inf = float("inf")
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[(0, 0, None)] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, step = inf, (0, 0, None)
            if i > 0:
                c = ocr[i - 1]
                cost = d[i - 1][j] + (DEBRIS_DELETE_COST if c in _DEBRIS else BASE_COST)
                if cost < best:
                    best, step = cost, (i - 1, j, f"-{c}")
            if j > 0:
                cost = d[i][j - 1] + BASE_COST
                if cost < best:
                    best, step = cost, (i, j - 1, f"+{truth[j - 1]}")
            if i > 0 and j > 0:
                a, b = ocr[i - 1], truth[j - 1]
                rule = model.single.get((a, b))
                cost = d[i - 1][j - 1] + (0.0 if a == b else rule.cost if rule else BASE_COST)
                if cost < best:
                    best, step = cost, (i - 1, j - 1, None if a == b else f"{a}→{b}")
                for rule in model.multi.get(a, ()):
                    lo, lt = len(rule.ocr), len(rule.truth)
                    if i >= lo and j >= lt and ocr[i - lo : i] == rule.ocr and truth[j - lt : j] == rule.truth:
                        cost = d[i - lo][j - lt] + rule.cost
                        if cost < best:
                            best, step = cost, (i - lo, j - lt, rule.name)
            d[i][j], back[i][j] = best, step
    rules: list[str] = []
    i, j = n, m
    while i or j:
        pi, pj, name = back[i][j]
        if name:
            rules.append(name)
        i, j = pi, pj
    return d[n][m], tuple(reversed(rules))


_DP_LETTERS = st.sampled_from(list("эәаеј]чҹпһrnmlіi.о0"))


@settings(max_examples=300, deadline=None)
@given(st.text(_DP_LETTERS, max_size=8), st.text(_DP_LETTERS, max_size=8))
def test_weighted_distance_is_the_plain_one(ocr: str, truth: str) -> None:
    for model in (model_for("az-Cyrl", "rus"), model_for("ru"), model_for("en")):
        assert model.distance(ocr, truth) == _plain_distance(model, ocr, truth)


def test_words_too_long_for_any_form_are_not_searched_but_the_longest_form_plus_one_letter_is_found() -> None:
    from ocrfix.lexicon import Lexicon

    forms = ["дом", "дома", "переподготовка", "сад"]
    index = CandidateIndex(Lexicon("ru", entries={w: 10 for w in forms}), model_for("ru"))
    assert "переподготовка" in index.lookup("переподготовкаа")  # one letter longer than the longest form
    assert index.lookup("переподготовка" * 3) == set()
    assert index.lookup("д" * 20_000) == set()


def test_deletion_hashes_of_substituted_variants_match_the_variants_own() -> None:
    import numpy as np

    from ocrfix.neighbours import _deletion_hashes, substitution_deletion_hashes

    word = "баданичин"
    changes = [(1, "ә"), (3, "ә"), (6, "н"), (0, "в"), (8, "м")]
    first, second = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 4])
    hashes, use = substitution_deletion_hashes(word, changes, first, second)

    def variant(made: list[tuple[int, str]]) -> str:
        letters = list(word)
        for i, b in made:
            letters[i] = b
        return "".join(letters)

    variants = [variant([c]) for c in changes] + [variant([changes[a], changes[b]]) for a, b in zip(first, second)]
    assert hashes.shape == use.shape == (len(variants), len(word) + 1)
    for row, v in enumerate(variants):
        own = _deletion_hashes(v)
        changed = {i for i, (a, b) in enumerate(zip(word, v)) if a != b}
        assert [bool(x) for x in use[row]] == [True] + [j not in changed for j in range(len(word))]
        assert all(int(hashes[row, c]) == own[c] for c in range(len(word) + 1) if use[row, c])
