"""The letter-pair search for long words against the plain scan it stands in for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from ocrfix.candidates import LONG_COST, CandidateIndex, score_candidates
from ocrfix.confusions import ConfusionModel, Pack, Rule
from ocrfix.lexicon import Lexicon
from ocrfix.longforms import LONG_MIN_LETTERS, LongForms

_LETTERS = st.sampled_from(list("абвгдежзийклмнә]a𝔞"))


@st.composite
def _edited(draw: st.DrawFn, word: str, most: int) -> str:
    """``word`` after up to ``most`` random deletions, insertions and substitutions."""
    chars = list(word)
    for _ in range(draw(st.integers(0, most))):
        at = draw(st.integers(0, len(chars)))
        kind = draw(st.sampled_from(("delete", "insert", "substitute")))
        if kind == "insert" or at == len(chars):
            chars.insert(at, draw(_LETTERS))
        elif kind == "delete":
            del chars[at]
        else:
            chars[at] = draw(_LETTERS)
    return "".join(chars)


def _scan(strings: list[str], key: str, slack: int, max_distance: int) -> list[tuple[int, int]]:
    return sorted(
        (Levenshtein.distance(key, s), i)
        for i, s in enumerate(strings)
        if len(s) >= LONG_MIN_LETTERS and abs(len(s) - len(key)) <= slack and Levenshtein.distance(key, s) <= max_distance
    )


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_near_is_the_scan_when_few_strings_share_pairs(data: st.DataObject) -> None:
    """With fewer strings than the prefilter keeps, the pair count only drops strings the distance would drop:
    strings near the key are made from it by a few edits, so that the bound is tested where it is tight."""
    key = data.draw(st.text(_LETTERS, min_size=2, max_size=11))
    near = data.draw(st.lists(_edited(key, 3), max_size=30))
    strings = data.draw(st.permutations(near + data.draw(st.lists(st.text(_LETTERS, min_size=3, max_size=10), max_size=30))))
    if not strings:
        return
    for max_distance in (1, 2, 3):
        found = LongForms(strings).near(key, slack=2, max_distance=max_distance, limit=1000)
        assert found == _scan(strings, key, 2, max_distance)


def test_packed_index_gives_the_same_answers() -> None:
    strings = ["кучаларындан", "күчәләриндән", "чыхарылан", "дом", "арашдырмасынын", "мүғәннинин"]
    fresh = LongForms(strings)
    pairs, offsets, postings = fresh.packed
    again = LongForms(strings, (pairs, offsets.copy(), postings.copy()))
    for key in ("күчәларандзн", "чахзрылан", "мугәнниниию", "дом", "x"):
        assert again.near(key) == fresh.near(key)


def test_long_lookup_reaches_a_word_with_five_wrong_letters() -> None:
    pack = Pack("t", "t", ("az-Cyrl",), "always", "test", "CC0-1.0", (Rule("у", "ү", 0.3, "t"), Rule("е", "ә", 0.4, "t")), "0")
    lexicon = Lexicon("az-Cyrl", entries={"күчәләриндән": 100, "күчәләр": 500, "ҝәләнләр": 50, "дом": 10})
    index = CandidateIndex(lexicon, ConfusionModel([pack]), use_cache=False)
    word = "кучеларандзн"
    assert "күчәләриндән" not in index.lookup(word) | index.deep_edit_lookup(word) | index.far_lookup(word)
    assert "күчәләриндән" in index.long_lookup(word)
    assert index.long_lookup("кучела") == set()  # short words are not guessed that far
    assert score_candidates(word, index, language="az-Cyrl") == []  # only in garbled passages (deep)
    top = score_candidates(word, index, language="az-Cyrl", deep=True)
    assert top and top[0].text == "күчәләриндән" and top[0].cost >= LONG_COST
